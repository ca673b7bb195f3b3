package engine

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// comparison describes a legacy ComparisonOperator: how many values it
// takes (-1: one or more), which value types it accepts, and the condition
// expression it becomes (a format of the attribute placeholder, then the
// value placeholders).
type comparison struct {
	args    int
	accepts func(typ string) bool
	format  func(name string, values []string) string
}

func anyType(string) bool       { return true }
func scalarValue(t string) bool { return t == "S" || t == "N" || t == "B" }
func prefixValue(t string) bool { return t == "S" || t == "B" }

// containedValue reports whether contains/NOT_CONTAINS accept a value of
// type t: anything but a set or a document.
func containedValue(t string) bool {
	switch t {
	case "SS", "NS", "BS", "L", "M":
		return false
	}
	return true
}

// infix returns the format of a two-operand comparison.
func infix(op string) func(string, []string) string {
	return func(name string, v []string) string { return name + " " + op + " " + v[0] }
}

var comparisons = map[types.ComparisonOperator]comparison{
	types.ComparisonOperatorEq: {1, anyType, infix("=")},
	types.ComparisonOperatorNe: {1, anyType, infix("<>")},
	types.ComparisonOperatorLe: {1, scalarValue, infix("<=")},
	types.ComparisonOperatorLt: {1, scalarValue, infix("<")},
	types.ComparisonOperatorGe: {1, scalarValue, infix(">=")},
	types.ComparisonOperatorGt: {1, scalarValue, infix(">")},
	types.ComparisonOperatorNotNull: {0, anyType, func(name string, _ []string) string {
		return "attribute_exists(" + name + ")"
	}},
	types.ComparisonOperatorNull: {0, anyType, func(name string, _ []string) string {
		return "attribute_not_exists(" + name + ")"
	}},
	types.ComparisonOperatorContains: {1, containedValue, func(name string, v []string) string {
		return "contains(" + name + ", " + v[0] + ")"
	}},
	// NOT_CONTAINS is false for a missing attribute.
	types.ComparisonOperatorNotContains: {1, containedValue, func(name string, v []string) string {
		return "(attribute_exists(" + name + ") AND NOT contains(" + name + ", " + v[0] + "))"
	}},
	types.ComparisonOperatorBeginsWith: {1, prefixValue, func(name string, v []string) string {
		return "begins_with(" + name + ", " + v[0] + ")"
	}},
	types.ComparisonOperatorIn: {-1, scalarValue, func(name string, v []string) string {
		return name + " IN (" + strings.Join(v, ", ") + ")"
	}},
	types.ComparisonOperatorBetween: {2, scalarValue, func(name string, v []string) string {
		return name + " BETWEEN " + v[0] + " AND " + v[1]
	}},
}

// errUnknownComparison is the error of a missing or unknown
// ComparisonOperator.
var errUnknownComparison = apierr.Validation("Comparison type does not exist in DynamoDB")

// compare validates one legacy condition, the attribute name compared by op
// with args, and returns it as condition expression text.
func (l *legacyExprs) compare(name string, op types.ComparisonOperator, args []types.AttributeValue) (string, error) {
	c, ok := comparisons[op]
	if !ok {
		return "", errUnknownComparison
	}
	if name == "" {
		return "", errEmptyName
	}
	if c.args >= 0 && len(args) != c.args || c.args < 0 && len(args) == 0 {
		return "", invalidParam("Invalid number of argument(s) for the %s ComparisonOperator", op)
	}
	args, err := normalizeValues(args)
	if err != nil {
		return "", err
	}
	for _, v := range args {
		if t := dynamo.TypeOf(v); !c.accepts(t) {
			return "", invalidParam("ComparisonOperator %s is not valid for %s AttributeValue type", op, t)
		}
	}
	for _, v := range args[min(1, len(args)):] {
		if dynamo.TypeOf(v) != dynamo.TypeOf(args[0]) {
			return "", invalidParam("AttributeValues inside AttributeValueList must be of same type")
		}
	}
	if op == types.ComparisonOperatorBetween {
		if c, _ := attr.Compare(args[0], args[1]); c > 0 {
			return "", apierr.Validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
		}
	}
	phs := make([]string, len(args))
	for i, v := range args {
		phs[i] = l.value(v)
	}
	return c.format(l.name(name), phs), nil
}

// expected translates one entry of Expected, on attribute name.
func (l *legacyExprs) expected(name string, e types.ExpectedAttributeValue) (string, error) {
	if e.ComparisonOperator != "" {
		if _, ok := comparisons[e.ComparisonOperator]; !ok {
			return "", errUnknownComparison
		}
		switch {
		case e.Exists != nil:
			return "", invalidParam("Exists and ComparisonOperator cannot be used together for Attribute: %s", name)
		case e.Value != nil && e.AttributeValueList != nil:
			return "", invalidParam("Value and AttributeValueList cannot be used together for Attribute: %s", name)
		}
		args := e.AttributeValueList
		if e.Value != nil {
			args = []types.AttributeValue{e.Value}
		}
		if len(args) == 0 && comparisons[e.ComparisonOperator].args != 0 {
			return "", invalidParam("Value or AttributeValueList must be used with ComparisonOperator: %s for Attribute: %s", e.ComparisonOperator, name)
		}
		return l.compare(name, e.ComparisonOperator, args)
	}
	if e.AttributeValueList != nil {
		return "", invalidParam("AttributeValueList can only be used with a ComparisonOperator for Attribute: %s", name)
	}
	switch {
	case e.Exists == nil && e.Value == nil:
		return "", invalidParam("Value must be provided when Exists is null for Attribute: %s", name)
	case e.Exists == nil || *e.Exists:
		if e.Value == nil {
			return "", invalidParam("Value must be provided when Exists is true for Attribute: %s", name)
		}
		return l.compare(name, types.ComparisonOperatorEq, []types.AttributeValue{e.Value})
	case e.Value != nil:
		return "", invalidParam("Value cannot be used when Exists is false for Attribute: %s", name)
	}
	return l.compare(name, types.ComparisonOperatorNull, nil)
}

// checkConditionalOperator validates ConditionalOperator against the
// number of conditions it joins (n < 0: the request has none).
func checkConditionalOperator(op types.ConditionalOperator, n int) error {
	switch {
	case op == "":
		return nil
	case n < 0:
		return apierr.Validation("ConditionalOperator cannot be used without Filter or Expected")
	case op != types.ConditionalOperatorAnd && op != types.ConditionalOperatorOr:
		return checkEnum("conditionalOperator", op, enumConditionalOp)
	case n < 2:
		return apierr.Validation("ConditionalOperator can only be used when Filter or Expected has two or more elements")
	}
	return nil
}

// join combines translated conditions with ConditionalOperator (AND by
// default); nil when there are none.
func join(conds []string, op types.ConditionalOperator) *string {
	switch len(conds) {
	case 0:
		return nil
	case 1:
		return &conds[0]
	}
	sep := " AND "
	if op == types.ConditionalOperatorOr {
		sep = " OR "
	}
	for i, c := range conds {
		conds[i] = "(" + c + ")"
	}
	return ptr(strings.Join(conds, sep))
}

// count returns the size of an optional map parameter, -1 when absent.
func count[V any](m map[string]V) int {
	if m == nil {
		return -1
	}
	return len(m)
}

// expectedCondition translates Expected and ConditionalOperator into a
// condition expression; nil when the request has none.
func (l *legacyExprs) expectedCondition(exp map[string]types.ExpectedAttributeValue, op types.ConditionalOperator) (*string, error) {
	if err := checkConditionalOperator(op, count(exp)); err != nil {
		return nil, err
	}
	var conds []string
	size := 0
	for _, name := range sortedKeys(exp) {
		c, err := l.expected(name, exp[name])
		if err != nil {
			return nil, err
		}
		if size += expectedSize(name, exp[name]); size > attr.MaxItemSize {
			return nil, errItemSize
		}
		conds = append(conds, c)
	}
	return join(conds, op), nil
}

// expectedSize is the size DynamoDB Local gives the Expected of attribute
// name: its name and every value it is compared with. The sizes of all
// are limited as an item's; DynamoDB Local adds each once its values are
// checked, in the order the request lists them (the engine takes them in
// the order of their names).
func expectedSize(name string, e types.ExpectedAttributeValue) int {
	size := len(name)
	if e.Value != nil {
		size += attr.Size(e.Value)
	}
	for _, v := range e.AttributeValueList {
		size += attr.Size(v)
	}
	return size
}

// filter translates a QueryFilter or ScanFilter and ConditionalOperator
// into a filter expression; nil when the request has none.
func (l *legacyExprs) filter(conds map[string]types.Condition, op types.ConditionalOperator) (*string, error) {
	if err := checkConditionalOperator(op, count(conds)); err != nil {
		return nil, err
	}
	var out []string
	for _, name := range sortedKeys(conds) {
		c := conds[name]
		text, err := l.compare(name, c.ComparisonOperator, c.AttributeValueList)
		if err != nil {
			return nil, err
		}
		out = append(out, text)
	}
	return join(out, op), nil
}

// keyOperators are the comparisons a key condition may use.
var keyOperators = map[types.ComparisonOperator]bool{
	types.ComparisonOperatorEq: true, types.ComparisonOperatorLe: true, types.ComparisonOperatorLt: true,
	types.ComparisonOperatorGe: true, types.ComparisonOperatorGt: true,
	types.ComparisonOperatorBeginsWith: true, types.ComparisonOperatorBetween: true,
}

// keyConditions translates KeyConditions into a key condition expression;
// nil when the request has none. There may be at most limit conditions (see
// legacyKeyLimit). Matching it against the key schema is left to the key
// condition, as for an expression.
func (l *legacyExprs) keyConditions(conds map[string]types.Condition, limit int) (*string, error) {
	if conds == nil {
		return nil, nil
	}
	if len(conds) == 0 || len(conds) > limit {
		return nil, apierr.Validation("Conditions can be of length 1 or 2 only")
	}
	var out []string
	for _, name := range sortedKeys(conds) {
		c := conds[name]
		if _, ok := comparisons[c.ComparisonOperator]; ok && !keyOperators[c.ComparisonOperator] {
			return nil, apierr.Validation("Attempted conditional constraint is not an indexable operation")
		}
		text, err := l.compare(name, c.ComparisonOperator, c.AttributeValueList)
		if err != nil {
			return nil, err
		}
		out = append(out, text)
	}
	return ptr(strings.Join(out, " AND ")), nil
}
