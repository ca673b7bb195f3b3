package partiql

import (
	"slices"
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
// messages: "root" for the value written, and below it ".a" for the key a
// of a map and ".1" for the element 1 of a list ("root.a.1").
func (b *binder) value(n *node, where string) (types.AttributeValue, error) {
	if n.err != nil {
		return nil, n.err
	}
	switch n.kind {
	case nLiteral:
		if n.value != nil {
			return n.value, nil
		}
		if negativeZero(n.op) {
			return nil, semanticAt("Negative zero decimal is not supported under key "+where, n.pos)
		}
		number, err := attr.NormalizeNumber(n.op)
		if err != nil {
			return nil, apiError(Semantic, err)
		}
		return &types.AttributeValueMemberN{Value: number}, nil
	case nParam:
		if n.param >= len(b.params) {
			return nil, errParameterCount
		}
		return b.params[n.param], nil
	case nList:
		l := make([]types.AttributeValue, len(n.args))
		for i, e := range n.args {
			v, err := b.element(e, where+"."+strconv.Itoa(i))
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

// plainNumber returns a valid number literal as Java's
// BigDecimal.toPlainString writes it, which DynamoDB's messages quote: its
// digits and scale as written, without an exponent (1.0 stays 1.0, 1E+2
// is 100, 1.5E-3 is 0.0015).
func plainNumber(text string) string {
	sign := ""
	if text[0] == '-' || text[0] == '+' {
		sign, text = strings.TrimPrefix(text[:1], "+"), text[1:]
	}
	mantissa, exponent, _ := strings.Cut(strings.ToLower(text), "e")
	whole, fraction, _ := strings.Cut(mantissa, ".")
	digits := strings.TrimLeft(whole+fraction, "0")
	exp, _ := strconv.Atoi(exponent)
	scale := len(fraction) - exp
	switch {
	case scale <= 0:
		if digits == "" {
			return "0"
		}
		return sign + digits + strings.Repeat("0", -scale)
	case len(digits) > scale:
		return sign + digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	return sign + "0." + strings.Repeat("0", scale-len(digits)) + digits
}

// element evaluates a value written inside a list, a map or a bag, where
// DynamoDB refuses a parameter, and names what is not a value by the kind
// of its node.
func (b *binder) element(n *node, where string) (types.AttributeValue, error) {
	var kind string
	switch n.kind {
	case nParam:
		kind = "Parameter"
	case nMissing:
		kind = "LiteralMissing"
	case nPath:
		if len(n.path) > 1 {
			return nil, semantic("Unsupported data type: Path under key " + where) // without a place, as DynamoDB Local shows
		}
		kind = "VariableReference"
	case nLiteral, nList, nStruct, nBag:
		return b.value(n, where)
	default:
		kind = "NAry"
	}
	return nil, semanticAt("Unsupported data type: "+kind+" under key "+where, n.pos)
}

// collections evaluates the lists, maps and bags a statement writes and
// records the mistake of each in its node, which value reports when the
// binder reaches it. Their members cannot be parameters (see element), so
// the mistakes depend on neither the parameters nor the keys: they are
// found once, when the statement is parsed. A bag of set_add or set_delete
// with a parameter in it is not a set.
func (s *Statement) collections() {
	var found []*node
	var walk func(n *node)
	walk = func(n *node) {
		switch {
		case n == nil:
		case n.kind == nIn && n.args[1].kind == nList:
			// The list of IN is not a value, but its members are.
			walk(n.args[0])
			for _, a := range n.args[1].args {
				walk(a)
			}
		case n.kind == nList || n.kind == nBag || (n.kind == nStruct && n != s.value):
			found = append(found, n)
		default:
			for _, a := range n.args {
				walk(a)
			}
		}
	}
	walk(s.where)
	walk(s.value)
	for _, a := range s.actions {
		walk(a.value)
	}
	b := &binder{s: s}
	for _, n := range found {
		if n.kind == nBag && slices.ContainsFunc(n.args, func(e *node) bool { return e.kind == nParam }) && setFunctionArgument(s, n) {
			n.err = semanticAt(bagMixed, n.args[slices.IndexFunc(n.args, func(e *node) bool { return e.kind == nParam })].pos)
			continue
		}
		_, n.err = b.value(n, "root")
	}
}

// setFunctionArgument reports whether n is the set of a set_add or
// set_delete of the statement's SET actions.
func setFunctionArgument(s *Statement, n *node) bool {
	return slices.ContainsFunc(s.actions, func(a action) bool {
		v := a.value
		return v != nil && v.kind == nCall && (v.op == "set_add" || v.op == "set_delete") && len(v.args) == 2 && v.args[1] == n
	})
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
		return strings.ToLower(n.op) // and, or: DynamoDB's words for them
	case nNeg:
		return "-"
	case nNot:
		return "not"
	}
	return "VariableReference"
}

// structure evaluates {...} written as a value: a map whose keys are
// string literals, each written once. DynamoDB places a key written twice
// at the map's brace.
func (b *binder) structure(n *node, where string) (types.AttributeValue, error) {
	return b.tuple(n, where, func(*node) pos { return n.pos }, func(e *node, key string) (types.AttributeValue, error) {
		return b.element(e, where+"."+key)
	})
}

// item evaluates the {...} of an INSERT: the item's attributes, each
// written as a value of its own (a parameter, say). DynamoDB places a key
// written twice at the key.
func (b *binder) item(n *node) (types.AttributeValue, error) {
	return b.tuple(n, "root", func(k *node) pos { return k.pos }, func(e *node, _ string) (types.AttributeValue, error) {
		return b.value(e, "root")
	})
}

// tuple evaluates a {...} whose values attribute evaluates, after checking
// each key; dupAt places a key written twice.
func (b *binder) tuple(n *node, where string, dupAt func(key *node) pos, attribute func(e *node, key string) (types.AttributeValue, error)) (types.AttributeValue, error) {
	m := make(map[string]types.AttributeValue, len(n.keys))
	for i, k := range n.keys {
		s, ok := k.value.(*types.AttributeValueMemberS)
		if k.kind != nLiteral || !ok {
			return nil, semanticAt("Tuple keys must be of type String. Actual type: "+keyType(k)+" under "+where, k.pos)
		}
		if _, dup := m[s.Value]; dup {
			return nil, semanticAt("Duplicate keys in tuple. Key: "+s.Value+" under "+where, dupAt(k))
		}
		v, err := attribute(n.args[i], s.Value)
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
	for _, e := range n.args {
		if e.kind == nList || e.kind == nStruct || e.kind == nBag {
			return nil, semanticAt(bagMixed, e.pos)
		}
		v, err := b.element(e, where)
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
