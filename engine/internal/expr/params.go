package expr

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// Params holds one request's ExpressionAttributeNames and
// ExpressionAttributeValues. Compiling expressions through it resolves their
// placeholders and records which ones were used, for CheckUnused. A Params is
// not safe for concurrent use; the expressions it compiles are.
type Params struct {
	names  map[string]string
	values map[string]types.AttributeValue
	// sent holds the values as the request wrote them (values holds them
	// normalized), for messages that quote them.
	sent       map[string]types.AttributeValue
	validated  bool
	err        error
	usedNames  map[string]bool
	usedValues map[string]bool
	subs       substitutions
}

// maxPlaceholder is the longest #name or :value placeholder DynamoDB
// accepts, in bytes.
const maxPlaceholder = 255

// NewParams returns the placeholders of one request. Either map may be nil.
// They are validated, and the values normalized, when the first expression is
// compiled.
func NewParams(names map[string]string, values map[string]types.AttributeValue) *Params {
	return &Params{names: names, values: values}
}

// validate checks the supplied names and values once, with DynamoDB's
// messages, replacing every value by its normalized form. DynamoDB reports
// the first bad key in its own (Java) order, so keys are put in that order
// only when one is bad.
func (p *Params) validate() error {
	if p.validated {
		return p.err
	}
	p.validated = true
	badName := func(k string) bool {
		return !isPlaceholder(k, '#') || len(k) > maxPlaceholder || p.names[k] == "" || attr.NameTooLong(p.names[k])
	}
	if anyKey(p.names, badName) {
		for _, k := range JavaOrder(p.names) {
			if !isPlaceholder(k, '#') {
				p.err = apierr.Validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "` + k + `"`)
				return p.err
			}
			if len(k) > maxPlaceholder {
				p.err = apierr.Validation("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: " + strconv.Itoa(len(k)))
				return p.err
			}
			if p.names[k] == "" {
				p.err = apierr.Validation("ExpressionAttributeNames contains invalid value: Empty attribute name for key " + k)
				return p.err
			}
			if attr.NameTooLong(p.names[k]) {
				p.err = attr.NamesError(k, attr.NameTooLongError())
				return p.err
			}
		}
	}
	badValue := func(k string) bool { return !isPlaceholder(k, ':') || len(k) > maxPlaceholder }
	if anyKey(p.values, badValue) {
		for _, k := range JavaOrder(p.values) {
			if !isPlaceholder(k, ':') {
				p.err = apierr.Validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "` + k + `"`)
				return p.err
			}
			if len(k) > maxPlaceholder {
				// DynamoDB Local states the size of a name placeholder only.
				p.err = apierr.Validation("ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;")
				return p.err
			}
		}
	}
	p.sent = p.values
	p.values, p.err = attr.NormalizeValues(p.values)
	return p.err
}

// anyKey reports whether bad holds for a key of m.
func anyKey[V any](m map[string]V, bad func(string) bool) bool {
	for k := range m {
		if bad(k) {
			return true
		}
	}
	return false
}

// isPlaceholder reports whether s is prefix followed by one or more letters,
// digits or underscores.
func isPlaceholder(s string, prefix byte) bool {
	if len(s) < 2 || s[0] != prefix {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return false
		}
	}
	return true
}

// name resolves a #placeholder.
func (p *Params) name(ph string) (string, string) {
	n, ok := p.names[ph]
	if !ok {
		return "", "An expression attribute name used in the document path is not defined; attribute name: " + ph
	}
	if p.usedNames == nil {
		p.usedNames = make(map[string]bool, len(p.names))
	}
	p.usedNames[ph] = true
	p.subs.name(n)
	return n, ""
}

// value resolves a :placeholder.
func (p *Params) value(ph string) (types.AttributeValue, string) {
	v, ok := p.values[ph]
	if !ok {
		return nil, "An expression attribute value used in expression is not defined; attribute value: " + ph
	}
	if p.usedValues == nil {
		p.usedValues = make(map[string]bool, len(p.values))
	}
	p.usedValues[ph] = true
	p.subs.value(v)
	return v, ""
}

// path resolves the document path of an nPath node.
func (p *Params) path(n *node) (Path, string) {
	if n.resolved != nil {
		return n.resolved, ""
	}
	path := make(Path, len(n.path))
	for i, s := range n.path {
		if s.index || s.text[0] != '#' {
			path[i] = literalStep(s)
			continue
		}
		name, msg := p.name(s.text)
		if msg != "" {
			return nil, msg
		}
		path[i] = Step{Name: name, Index: -1}
	}
	return path, ""
}

// CheckUnused returns DynamoDB's ValidationException when a supplied name or
// value was used by none of the expressions compiled through p. Call it after
// compiling all of the request's expressions.
func (p *Params) CheckUnused() error {
	if err := p.validate(); err != nil {
		return err
	}
	if msg := unusedKeys(p.names, p.usedNames); msg != "" {
		return apierr.Validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + msg + "}")
	}
	if msg := unusedKeys(p.values, p.usedValues); msg != "" {
		return apierr.Validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + msg + "}")
	}
	return nil
}

func unusedKeys[V any](supplied map[string]V, used map[string]bool) string {
	if len(used) == len(supplied) {
		return "" // used only holds supplied keys
	}
	var msg strings.Builder // not +=: copying the message for each key was quadratic
	for _, k := range JavaOrder(supplied) {
		if !used[k] {
			if msg.Len() > 0 {
				msg.WriteString(", ")
			}
			msg.WriteString(k)
		}
	}
	return msg.String()
}
