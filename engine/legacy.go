package engine

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// The legacy (pre-expression) parameters — Expected, AttributeUpdates,
// AttributesToGet, KeyConditions, QueryFilter, ScanFilter and
// ConditionalOperator — are translated into the equivalent expressions with
// generated placeholders, after their own validation rules are checked, so
// that both forms share one compiler and one evaluator. A request may use one
// form or the other, never both.

// param is one optional request parameter and whether the request set it.
type param struct {
	name string
	set  bool
}

// checkMixing rejects a request that sets both legacy and expression
// parameters; each list is in the order DynamoDB names them.
func checkMixing(legacy, expression []param) error {
	names := func(ps []param) []string {
		var out []string
		for _, p := range ps {
			if p.set {
				out = append(out, p.name)
			}
		}
		return out
	}
	l, e := names(legacy), names(expression)
	if len(l) == 0 || len(e) == 0 {
		return nil
	}
	return apierr.Validationf("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {%s} Expression parameters: {%s}",
		strings.Join(l, ", "), strings.Join(e, ", "))
}

// legacyExprs accumulates the placeholders of expressions translated from
// legacy parameters: every attribute name becomes a #name placeholder (so
// reserved words and dots need no care) and every value a :value one.
type legacyExprs struct {
	names  map[string]string
	values map[string]types.AttributeValue
	byName map[string]string
	// tag follows '#' or ':' in every generated placeholder; "" means "l".
	tag string
}

// placeholder returns the generated placeholder number i after sigil.
func (l *legacyExprs) placeholder(sigil string, i int) string {
	if l.tag == "" {
		l.tag = "l"
	}
	return sigil + l.tag + itoa(i)
}

// avoid makes every placeholder generated afterwards differ from the keys of
// the request's own ExpressionAttributeNames and Values, which the
// translation is then merged with.
func (l *legacyExprs) avoid(names map[string]string, values map[string]types.AttributeValue) {
	clashes := func(tag string) bool {
		for k := range names {
			if strings.HasPrefix(k, "#"+tag) {
				return true
			}
		}
		for k := range values {
			if strings.HasPrefix(k, ":"+tag) {
				return true
			}
		}
		return false
	}
	for l.tag = "l"; clashes(l.tag); {
		l.tag += "l"
	}
}

// merged returns the request's own placeholders with the generated ones
// added, as new maps.
func merged[V any](own, generated map[string]V) map[string]V {
	if len(generated) == 0 {
		return own
	}
	out := make(map[string]V, len(own)+len(generated))
	maps.Copy(out, own)
	maps.Copy(out, generated)
	return out
}

// name returns the placeholder of an attribute name.
func (l *legacyExprs) name(n string) string {
	if ph, ok := l.byName[n]; ok {
		return ph
	}
	if l.names == nil {
		l.names, l.byName = map[string]string{}, map[string]string{}
	}
	ph := l.placeholder("#", len(l.names))
	l.names[ph], l.byName[n] = n, ph
	return ph
}

// value returns a new placeholder for v, which must be normalized.
func (l *legacyExprs) value(v types.AttributeValue) string {
	if l.values == nil {
		l.values = map[string]types.AttributeValue{}
	}
	ph := l.placeholder(":", len(l.values))
	l.values[ph] = v
	return ph
}

// projection translates AttributesToGet into a projection expression; nil
// when the request has none.
func (l *legacyExprs) projection(attrs []string) (*string, error) {
	if attrs == nil {
		return nil, nil
	}
	if len(attrs) == 0 {
		return nil, apierr.Validation("AttributesToGet cannot be empty")
	}
	phs := make([]string, len(attrs))
	seen := make(map[string]bool, len(attrs))
	for i, a := range attrs {
		if seen[a] {
			return nil, invalidParam("Duplicate value in attribute name: %s", a)
		}
		seen[a] = true
		if a == "" {
			return nil, errEmptyName
		}
		phs[i] = l.name(a)
	}
	return ptr(strings.Join(phs, ", ")), nil
}

// errEmptyName is the error of an empty attribute name in a legacy
// parameter.
var errEmptyName = apierr.Validation("Empty attribute name")

// normalizeValues validates and normalizes the values of a legacy
// parameter.
func normalizeValues(vs []types.AttributeValue) ([]types.AttributeValue, error) {
	out := make([]types.AttributeValue, len(vs))
	for i, v := range vs {
		n, err := attr.Normalize(v)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// sortedKeys returns the keys of m in order, so translations are
// deterministic (and hit the expression cache).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// nilIfEmpty returns nil for an empty map: a translation that needed no
// names or values must not supply empty ExpressionAttributeNames/Values.
func nilIfEmpty[V any](m map[string]V) map[string]V {
	if len(m) == 0 {
		return nil
	}
	return m
}
