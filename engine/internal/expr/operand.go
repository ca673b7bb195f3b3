package expr

import (
	"strconv"
	"unicode/utf16"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// operandKind classifies a resolved operand.
type operandKind uint8

const (
	opPath        operandKind = iota // the value at path
	opValue                          // a constant
	opSize                           // size(args[0])
	opAdd                            // args[0] + args[1]
	opSubtract                       // args[0] - args[1]
	opIfNotExists                    // if_not_exists(args[0], args[1])
	opListAppend                     // list_append(args[0], args[1])
)

// operand is a resolved operand: placeholders replaced by names and values.
type operand struct {
	kind  operandKind
	path  Path
	value types.AttributeValue
	// sent is a constant as the request wrote it: messages quote a number
	// as written ("1e2"), where value holds it normalized ("100").
	sent types.AttributeValue
	args []*operand
}

// staticType is the type of the operand when it is known before evaluation
// ("" otherwise), for DynamoDB's compile-time operand type checks.
func (o *operand) staticType() string {
	switch o.kind {
	case opValue:
		return dynamo.TypeOf(o.value)
	case opSize:
		return "N"
	}
	return ""
}

// bindOperand resolves the placeholders of an operand syntax tree and checks
// the function it calls, if any.
func (p *Params) bindOperand(n *node) (*operand, string) {
	switch n.kind {
	case nPath:
		path, msg := p.path(n)
		return &operand{kind: opPath, path: path}, msg
	case nValue:
		v, msg := p.value(n.op)
		return &operand{kind: opValue, value: v, sent: p.sent[n.op]}, msg
	}
	args := make([]*operand, len(n.args))
	for i, a := range n.args {
		o, msg := p.bindOperand(a)
		if msg != "" {
			return nil, msg
		}
		args[i] = o
	}
	o := &operand{args: args}
	switch n.op {
	case "+", "-":
		o.kind = opAdd
		if n.op == "-" {
			o.kind = opSubtract
		}
		for _, a := range args {
			if t := a.staticType(); t != "" && t != "N" {
				return nil, operandTypeMessage(n.op, t)
			}
		}
	case fnSize:
		o.kind = opSize
		if msg := arity(n.op, args, 1); msg != "" {
			return nil, msg
		}
		switch t := args[0].staticType(); t {
		case "", "S", "B", "SS", "NS", "BS", "L", "M":
		default:
			return nil, operandTypeMessage(n.op, t)
		}
	case fnIfNotExists:
		o.kind = opIfNotExists
		if msg := arity(n.op, args, 2); msg != "" {
			return nil, msg
		}
		if args[0].kind != opPath {
			return nil, requiresPath(n.op)
		}
		// Its default must not be the path it stands in for; DynamoDB
		// says so before it looks at the types of the operators around.
		if args[1].kind == opPath && args[1].path.equal(args[0].path) {
			return nil, notDistinct(n.op, args[0].path)
		}
	case fnListAppend:
		o.kind = opListAppend
		if msg := arity(n.op, args, 2); msg != "" {
			return nil, msg
		}
		for _, a := range args {
			if t := a.staticType(); t != "" && t != "L" {
				return nil, operandTypeMessage(n.op, t)
			}
		}
	}
	return o, ""
}

func arity[T any](fn string, args []T, want int) string {
	if len(args) == want {
		return ""
	}
	return "Incorrect number of operands for operator or function; operator or function: " + fn + ", number of operands: " + strconv.Itoa(len(args))
}

func operandTypeMessage(fn, typ string) string {
	return "Incorrect operand type for operator or function; operator or function: " + fn + ", operand type: " + typ
}

func requiresPath(fn string) string {
	return "Operator or function requires a document path; operator or function: " + fn
}

// eval returns the operand's value in item, or nil when it has none (a
// missing attribute, or size of a value that has no size). Arithmetic and
// list_append are update-only and evaluated by the update code.
func (o *operand) eval(item map[string]types.AttributeValue) types.AttributeValue {
	switch o.kind {
	case opPath:
		return o.path.lookup(item)
	case opValue:
		return o.value
	case opSize:
		n, ok := size(o.args[0].eval(item))
		if !ok {
			return nil
		}
		return &types.AttributeValueMemberN{Value: strconv.Itoa(n)}
	}
	return nil
}

// size is DynamoDB's size function: UTF-16 code units of a string (as Java
// counts them, so a character outside the Basic Multilingual Plane counts
// two), bytes of a binary, elements of a set, list or map.
func size(v types.AttributeValue) (int, bool) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return utf16Len(v.Value), true
	case *types.AttributeValueMemberB:
		return len(v.Value), true
	case *types.AttributeValueMemberSS:
		return len(v.Value), true
	case *types.AttributeValueMemberNS:
		return len(v.Value), true
	case *types.AttributeValueMemberBS:
		return len(v.Value), true
	case *types.AttributeValueMemberL:
		return len(v.Value), true
	case *types.AttributeValueMemberM:
		return len(v.Value), true
	}
	return 0, false
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
