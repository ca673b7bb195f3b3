package partiql

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// isValue reports whether a node is a value: a literal, a parameter or a
// collection of values.
func isValue(n *node) bool {
	switch n.kind {
	case nLiteral, nParam, nList, nStruct, nBag:
		return true
	}
	return false
}

// value evaluates a value node; where names its place for DynamoDB's
// messages ("root", "root.a", "root[1]").
func (b *binder) value(n *node, where string) (types.AttributeValue, error) {
	switch n.kind {
	case nLiteral:
		if n.value != nil {
			return n.value, nil
		}
		if negativeZero(n.op) {
			return nil, semanticAt("Negative zero decimal is not supported under key root", n.pos)
		}
		number, err := attr.NormalizeNumber(n.op)
		if err != nil {
			e := apiError(Semantic, err)
			e.Message += " under " + where
			return nil, e
		}
		return &types.AttributeValueMemberN{Value: number}, nil
	case nParam:
		return b.params[n.param], nil
	case nList:
		l := make([]types.AttributeValue, len(n.args))
		for i, e := range n.args {
			v, err := b.value(e, where+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return &types.AttributeValueMemberL{Value: l}, nil
	case nStruct:
		return b.structure(n, where)
	case nBag:
		return b.bag(n, where)
	case nMissing:
		return nil, semanticAt("Unsupported data type: MISSING under key root", n.pos)
	}
	return nil, semanticAt("Unsupported data type: "+nodeText(n)+" under key root", n.pos)
}

// nestedTooDeep reports whether the lists and structs written in a value
// nest more than limit levels. DynamoDB says so without the words about an
// item it uses for a parameter ("Nesting Levels have exceeded supported
// limits"), as DynamoDB Local shows.
func nestedTooDeep(n *node, limit int) bool {
	if n.kind != nList && n.kind != nStruct {
		return false
	}
	if limit == 0 {
		return true
	}
	for _, a := range n.args {
		if nestedTooDeep(a, limit-1) {
			return true
		}
	}
	return false
}

// nodeText names a node that is not a value, for messages.
func nodeText(n *node) string {
	switch n.kind {
	case nCall:
		return n.op
	case nBinary:
		return n.op
	case nNeg:
		return "-"
	case nNot:
		return "not"
	}
	return "VariableReference"
}

// structure evaluates {...}: a map whose keys are string literals, each
// written once.
func (b *binder) structure(n *node, where string) (types.AttributeValue, error) {
	m := make(map[string]types.AttributeValue, len(n.keys))
	for i, k := range n.keys {
		s, ok := k.value.(*types.AttributeValueMemberS)
		if k.kind != nLiteral || !ok {
			return nil, semanticAt("Tuple keys must be of type String. Actual type: "+keyType(k)+" under "+where, k.pos)
		}
		if _, dup := m[s.Value]; dup {
			return nil, semanticAt("Duplicate keys in tuple. Key: "+s.Value+" under "+where, k.pos)
		}
		v, err := b.value(n.args[i], where+"."+s.Value)
		if err != nil {
			return nil, err
		}
		m[s.Value] = v
	}
	return &types.AttributeValueMemberM{Value: m}, nil
}

// keyType names the type of a map key that is not a string, as DynamoDB's
// message does.
func keyType(k *node) string {
	switch k.kind {
	case nLiteral:
		if k.value == nil {
			return "DECIMAL"
		}
		return dynamo.TypeOf(k.value)
	case nParam:
		return "Parameter"
	}
	return "VariableReference"
}

// bagMixed is DynamoDB's message for a bag that is not a set of strings,
// numbers or binaries.
const bagMixed = "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"

// bag evaluates <<...>>: a string, number or binary set.
func (b *binder) bag(n *node, where string) (types.AttributeValue, error) {
	if len(n.args) == 0 {
		return nil, semanticAt("Empty bags are not supported", n.pos)
	}
	var ss, ns []string
	var bs [][]byte
	for i, e := range n.args {
		if e.kind == nList || e.kind == nStruct || e.kind == nBag {
			return nil, semanticAt(bagMixed, e.pos)
		}
		v, err := b.value(e, where+"["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			ss = append(ss, v.Value)
		case *types.AttributeValueMemberN:
			ns = append(ns, v.Value)
		case *types.AttributeValueMemberB:
			bs = append(bs, v.Value)
		default:
			return nil, semantic(bagMixed)
		}
	}
	switch len(n.args) {
	case len(ss):
		return &types.AttributeValueMemberSS{Value: ss}, nil
	case len(ns):
		return &types.AttributeValueMemberNS{Value: ns}, nil
	case len(bs):
		return &types.AttributeValueMemberBS{Value: bs}, nil
	}
	return nil, semantic(bagMixed)
}

// negativeZero reports whether a number literal is a negative decimal zero
// (-0.0, -0e1), which DynamoDB refuses; a negative integer zero is 0.
func negativeZero(number string) bool {
	digits, ok := strings.CutPrefix(number, "-")
	if !ok || !strings.ContainsAny(digits, ".eE") {
		return false
	}
	mantissa, _, _ := strings.Cut(strings.ToLower(digits), "e")
	return strings.Trim(mantissa, "0.") == ""
}
