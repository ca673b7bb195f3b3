package engine

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// exprInput is what a request says about its expressions: the
// ExpressionAttributeNames/Values and which expressions it carries, by
// parameter name (nil when absent).
type exprInput struct {
	names  map[string]string
	values map[string]types.AttributeValue
	// exprs lists the request's expressions, in DynamoDB's order for the
	// "X is null" message; those that can use values come first.
	exprs []namedExpr
	from  origin
}

// origin is where the expressions of an input come from.
type origin uint8

const (
	// fromRequest: the caller's own expressions, held to DynamoDB's limits
	// on what their placeholders stand for (expr.Params.LimitSubstitutions).
	fromRequest origin = iota
	// fromStatement: the expressions a PartiQL statement renders to, which
	// are not: a statement's parameters are not substitutions.
	fromStatement
	// fromLegacy: the expressions the engine renders from legacy parameters
	// (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter,
	// AttributesToGet), which are not either: DynamoDB Local applies none of
	// these limits to their values (a ScanFilter comparing with two values
	// of 600 KB passes). A Query that joins KeyConditions to its own
	// FilterExpression counts as legacy as a whole.
	fromLegacy
)

// translate runs legacy, the legacy translation of a request's input. When
// it rendered expressions from legacy parameters, *from becomes fromLegacy.
func translate[T any](in *T, from *origin, legacy func(*T) (*T, error)) (*T, error) {
	out, err := legacy(in)
	if err == nil && out != in {
		*from = fromLegacy
	}
	return out, err
}

type namedExpr struct {
	param     string
	text      *string
	useValues bool
}

// params validates the placeholders of a request and returns them for
// compiling its expressions. Names or values given without an expression
// that could use them are refused before empty ones, as DynamoDB does (an
// empty ExpressionAttributeNames on a GetItem without expressions gets
// "can only be specified when using expressions").
func (in exprInput) params() (*expr.Params, error) {
	anyExpr, valueExpr := false, false
	var null []string
	for _, e := range in.exprs {
		if e.text != nil {
			anyExpr = true
			valueExpr = valueExpr || e.useValues
		} else if e.useValues {
			null = append(null, e.param)
		}
	}
	if in.names != nil && !anyExpr {
		return nil, apierr.Validation("ExpressionAttributeNames can only be specified when using expressions")
	}
	if in.values != nil && !valueExpr {
		msg := "ExpressionAttributeValues can only be specified when using expressions"
		if len(null) > 0 {
			verb := " is null"
			if len(null) > 1 {
				verb = " are null"
			}
			msg += ": " + strings.Join(null, " and ") + verb
		}
		return nil, apierr.Validation(msg)
	}
	if in.names != nil && len(in.names) == 0 {
		return nil, apierr.Validation("ExpressionAttributeNames must not be empty")
	}
	if in.values != nil && len(in.values) == 0 {
		return nil, apierr.Validation("ExpressionAttributeValues must not be empty")
	}
	// expr validates the names and values (and normalizes the values) when
	// it compiles the first expression.
	p := expr.NewParams(in.names, in.values)
	if in.from == fromRequest {
		p.LimitSubstitutions()
	}
	return p, nil
}

// maxSubstitutions is the most a request's ExpressionAttributeNames, or its
// ExpressionAttributeValues, may hold: DynamoDB's "maximum length of all
// substitution variables in an expression is 2 MB" (Developer Guide,
// Constraints), counted as DynamoDB Local counts it, each placeholder's
// length plus the size of its name or value.
const maxSubstitutions = 2 << 20

// checkSubstitutions rejects names or values over maxSubstitutions, with
// DynamoDB Local's messages (AWS documents none). The statements of
// PartiQL are not subject to it: their parameters are not substitutions.
func checkSubstitutions(names map[string]string, values map[string]types.AttributeValue) error {
	size := 0
	for k, n := range names {
		size += len(k) + len(n)
	}
	if size > maxSubstitutions {
		return apierr.Validation("ExpressionAttributeNames exceeds max size")
	}
	size = 0
	for k, v := range values {
		size += len(k) + attr.Size(v)
	}
	if size > maxSubstitutions {
		return apierr.Validation("ExpressionAttributeValues exceeds max size")
	}
	return nil
}

// compile validates a request's placeholders, compiles its expressions with
// build, checks that every placeholder was used and looks up its table, in
// DynamoDB's order of checks.
func (db *DB) compile(in exprInput, tableName *string, build func(*expr.Params) error) (*table, error) {
	p, err := in.params()
	if err != nil {
		return nil, err
	}
	return db.compileWith(p, tableName, build)
}

// compileWith is compile for placeholders already validated by
// exprInput.params, for a request that checks more in between.
func (db *DB) compileWith(p *expr.Params, tableName *string, build func(*expr.Params) error) (*table, error) {
	if err := build(p); err != nil {
		return nil, err
	}
	if err := p.CheckUnused(); err != nil {
		return nil, err
	}
	return db.lookup(tableName)
}

// condition compiles an optional condition expression.
func condition(p *expr.Params, text *string) (*expr.Condition, error) {
	if text == nil {
		return nil, nil
	}
	return p.Condition(*text)
}

// projection compiles an optional projection expression.
func projection(p *expr.Params, text *string) (*expr.Projection, error) {
	if text == nil {
		return nil, nil
	}
	return p.Projection(*text)
}

// holds evaluates an optional condition on item (nil when it does not
// exist, which a condition sees as an item without attributes).
func holds(c *expr.Condition, item map[string]types.AttributeValue) (bool, error) {
	if c == nil {
		return true, nil
	}
	if item == nil {
		item = map[string]types.AttributeValue{}
	}
	return c.Eval(item)
}
