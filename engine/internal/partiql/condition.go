package partiql

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
)

// Messages of what a WHERE clause cannot hold.
var (
	errNotCondition = semantic("The arguments to AND/OR must be Expressions")
	errMissingValue = semantic("MISSING must be compared using IS operator")
	errEmptyIn      = semantic("IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member")
)

// conditionFunctions are the functions a condition may call, as DynamoDB's
// expressions name them.
var conditionFunctions = map[string]bool{
	"begins_with": true, "contains": true, "attribute_type": true, "attribute_exists": true, "attribute_not_exists": true, "size": true,
}

// unsupportedOperator is the error of an operator a condition cannot use.
func unsupportedOperator(op string) error {
	return semantic("Unsupported operator in Condition Expression. Operator: " + strings.ToLower(op))
}

// wrap parenthesizes a rendered condition that is an OR or AND inside a
// different operator, so that it keeps its meaning.
func wrap(text string, n *node, parent string) string {
	if n.kind == nBinary && (n.op == "OR" || n.op == "AND") && n.op != parent {
		return "(" + text + ")"
	}
	return text
}

// condition renders a WHERE clause condition as a DynamoDB condition
// expression.
func (b *binder) condition(n *node) (string, error) {
	switch n.kind {
	case nBinary:
		switch n.op {
		case "AND", "OR":
			var parts [2]string
			for i, a := range n.args {
				if !a.isCondition() {
					return "", errNotCondition
				}
				c, err := b.condition(a)
				if err != nil {
					return "", err
				}
				parts[i] = wrap(c, a, n.op)
			}
			return parts[0] + " " + n.op + " " + parts[1], nil
		case "=", "<>", "!=", "<", "<=", ">", ">=":
			return b.comparison(n)
		}
		return "", unsupportedOperator(n.op)
	case nNot:
		inner, err := b.condition(n.args[0])
		if err != nil {
			return "", err
		}
		return "NOT " + wrap(inner, n.args[0], "NOT"), nil
	case nBetween:
		ops, err := b.operands(n.args)
		if err != nil {
			return "", err
		}
		return negated(ops[0]+" BETWEEN "+ops[1]+" AND "+ops[2], n.not), nil
	case nIn:
		list := n.args[1]
		if list.kind != nList || len(list.args) == 0 {
			return "", errEmptyIn
		}
		ops, err := b.operands(append([]*node{n.args[0]}, list.args...))
		if err != nil {
			return "", err
		}
		return negated(ops[0]+" IN ("+strings.Join(ops[1:], ", ")+")", n.not), nil
	case nIs:
		x, err := b.operand(n.args[0])
		if err != nil {
			return "", err
		}
		if n.op == "MISSING" {
			if n.not {
				return "attribute_exists(" + x + ")", nil
			}
			return "attribute_not_exists(" + x + ")", nil
		}
		typ, err := b.placeholder(&types.AttributeValueMemberS{Value: isTypes[n.op]})
		return negated("attribute_type("+x+", "+typ+")", n.not), err
	case nLike:
		return "", unsupportedOperator("like")
	case nCall:
		return b.call(n)
	}
	return "", errNotCondition
}

// negated prefixes NOT to a rendered predicate when not is set.
func negated(text string, not bool) string {
	if not {
		return "NOT (" + text + ")"
	}
	return text
}

// comparison renders a comparison. A condition function compared with
// true or false stands for itself or its negation.
func (b *binder) comparison(n *node) (string, error) {
	op := n.op
	if op == "!=" {
		op = "<>"
	}
	l, r := n.args[0], n.args[1]
	if (op == "=" || op == "<>") && l.kind == nCall && l.op != "size" {
		if v, ok := r.value.(*types.AttributeValueMemberBOOL); r.kind == nLiteral && ok {
			c, err := b.call(l)
			return negated(c, v.Value != (op == "=")), err
		}
	}
	ops, err := b.operands(n.args)
	if err != nil {
		return "", err
	}
	return ops[0] + " " + op + " " + ops[1], nil
}

// aggregateFunctions are PartiQL's aggregates, which DynamoDB does not run.
var aggregateFunctions = map[string]bool{"count": true, "sum": true, "avg": true, "min": true, "max": true}

// unknownFunction is DynamoDB's error for call n of a function it does not
// run: an aggregate is an unsupported token (as DynamoDB Local words it,
// with the place DynamoDB gives an unrecognized function), any other name
// an unrecognized function.
func unknownFunction(n *node) *Error {
	if aggregateFunctions[n.op] {
		return semanticAt("Unsupported token in expression: "+n.op, n.pos)
	}
	return semanticAt("Unrecognized function: "+n.op, n.pos)
}

// call renders a call of a condition function. An update function is
// refused once its operands have rendered, as DynamoDB Local refuses it.
func (b *binder) call(n *node) (string, error) {
	if !conditionFunctions[n.op] && !setFunctions[n.op] {
		return "", unknownFunction(n)
	}
	ops, err := b.operands(n.args)
	if err != nil {
		return "", err
	}
	if setFunctions[n.op] {
		return "", semantic("The function is not allowed in a condition expression; function: " + n.op)
	}
	return n.op + "(" + strings.Join(ops, ", ") + ")", nil
}

// operands renders the operands of a predicate.
func (b *binder) operands(nodes []*node) ([]string, error) {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		o, err := b.operand(n)
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

// operand renders an operand of a condition: a path, a value or size().
func (b *binder) operand(n *node) (string, error) {
	switch {
	case n.kind == nPath:
		return b.pathText(n)
	case n.kind == nMissing:
		return "", errMissingValue
	case isValue(n):
		v, err := b.value(n, "root")
		if err != nil {
			return "", err
		}
		if nestedTooDeep(n, attr.MaxNesting) {
			return "", semantic(nestingMessage)
		}
		switch {
		case n.kind == nParam:
			// As sent: DynamoDB's messages quote a parameter so (a
			// number of BETWEEN's bounds as 1E+2, not 100).
			return b.store(b.sent[n.param]), nil
		case n.kind == nLiteral && n.value == nil:
			// A number literal as written, without its exponent.
			return b.store(&types.AttributeValueMemberN{Value: plainNumber(n.op)}), nil
		}
		return b.placeholder(v)
	case n.kind == nCall && n.op == "size":
		return b.call(n)
	case n.kind == nBinary && !n.isCondition(), n.kind == nNeg:
		return "", unsupportedOperator(nodeText(n))
	}
	return b.condition(n)
}

// update functions a SET value may call, besides set_add and set_delete.
var setFunctions = map[string]bool{"list_append": true, "if_not_exists": true}

// assignment renders the value of a SET: a SET action, or for set_add and
// set_delete an ADD or DELETE action of the set given. It returns the
// clause (0 SET, 2 ADD, 3 DELETE) and the text that follows the path.
func (b *binder) assignment(a action) (int, string, error) {
	v := a.value
	if v.kind == nCall && (v.op == "set_add" || v.op == "set_delete") {
		fn := strings.ToUpper(v.op)
		if len(v.args) != 2 {
			return 0, "", semanticAt(fn+" must have exactly two arguments", v.pos)
		}
		if first := v.args[0]; first.kind != nPath || !samePath(first, a.path) {
			return 0, "", semanticAt("The first argument to "+fn+" must equal the assignment value", v.pos)
		}
		var set types.AttributeValue
		if isValue(v.args[1]) {
			var err error
			if set, err = b.value(v.args[1], "root"); err != nil {
				return 0, "", err
			}
		}
		switch set.(type) {
		case *types.AttributeValueMemberSS, *types.AttributeValueMemberNS, *types.AttributeValueMemberBS:
		default:
			// DynamoDB points at the first argument only when it is a
			// name, quoted or not; not at a longer path.
			msg := "The second argument to " + fn + " must be a value with type SET"
			if first := v.args[0]; len(first.path) == 1 {
				return 0, "", semanticAt(msg, first.pos)
			}
			return 0, "", semantic(msg)
		}
		clause := 2
		if v.op == "set_delete" {
			clause = 3
		}
		ph, err := b.placeholder(set)
		return clause, " " + ph, err
	}
	text, err := b.setValue(v)
	return 0, " = " + text, err
}

// samePath reports whether two path nodes name the same path.
func samePath(a, b *node) bool {
	return slices.EqualFunc(a.path, b.path, func(x, y step) bool {
		return x.bad == nil && y.bad == nil && x.name == y.name && x.index == y.index && x.isIndex == y.isIndex
	})
}

// setValue renders a SET value: a path, a value, + or - of two of those,
// list_append or if_not_exists.
func (b *binder) setValue(n *node) (string, error) {
	switch {
	case n.kind == nMissing:
		return "", errMissingValue
	case n.kind == nBinary && (n.op == "+" || n.op == "-"):
		l, err := b.setValue(n.args[0])
		if err != nil {
			return "", err
		}
		r, err := b.setValue(n.args[1])
		return l + " " + n.op + " " + r, err
	case n.kind == nCall && setFunctions[n.op]:
		args := make([]string, len(n.args))
		for i, a := range n.args {
			text, err := b.setValue(a)
			if err != nil {
				return "", err
			}
			args[i] = text
		}
		return n.op + "(" + strings.Join(args, ", ") + ")", nil
	case n.kind == nCall:
		return "", unknownFunction(n)
	case n.kind == nPath || isValue(n):
		return b.operand(n)
	}
	return "", semantic("Unsupported operator in Update Expression. Operator: " + nodeText(n))
}
