package expr

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// maxInOperands is how many values the right side of IN may list.
const maxInOperands = 100

// condKind classifies a node of a resolved condition.
type condKind uint8

const (
	condAnd condKind = iota
	condOr
	condNot
	condEqual
	condNotEqual
	condLess
	condLessEqual
	condGreater
	condGreaterEqual
	condBetween
	condIn
	condExists
	condNotExists
	condType
	condBeginsWith
	condContains
)

var comparators = map[string]condKind{
	"=": condEqual, "<>": condNotEqual, "<": condLess, "<=": condLessEqual, ">": condGreater, ">=": condGreaterEqual,
}

var functionConds = map[string]condKind{
	fnAttributeExists: condExists, fnAttributeNotExists: condNotExists, fnAttributeType: condType,
	fnBeginsWith: condBeginsWith, fnContains: condContains,
}

// Condition is a compiled ConditionExpression or FilterExpression with its
// placeholders resolved. It is immutable and safe for concurrent use.
type Condition struct {
	kind     condKind
	kids     []*Condition
	operands []*operand
	typeName string // the type attribute_type tests for
}

// Condition compiles a ConditionExpression.
func (p *Params) Condition(text string) (*Condition, error) {
	return p.condition(kindCondition, text)
}

// Filter compiles a FilterExpression: the same language as Condition, with
// error messages naming FilterExpression.
func (p *Params) Filter(text string) (*Condition, error) {
	return p.condition(kindFilter, text)
}

func (p *Params) condition(k kind, text string) (*Condition, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	parsed := parse(k, text, parseCondition)
	if parsed.err != "" {
		return nil, k.invalid(parsed.err)
	}
	mark := p.subs.mark()
	c, msg := p.bindCondition(parsed.cond)
	if msg == "" {
		msg = p.subs.checkSize(text, mark)
	}
	if msg != "" {
		return nil, k.invalid(msg)
	}
	return c, nil
}

// parseCondition parses and checks the text of a condition of kind k.
func parseCondition(k kind, text string) *parsed {
	n, msg := parseConditionText(text)
	if msg == "" {
		msg = checkText(k, []*node{n})
	}
	return &parsed{cond: n, err: msg}
}

// bindCondition resolves a condition syntax tree, checking its operands in
// written order.
func (p *Params) bindCondition(n *node) (*Condition, string) {
	c := &Condition{}
	switch n.kind {
	case nAnd, nOr, nNot:
		c.kind = [...]condKind{nAnd: condAnd, nOr: condOr, nNot: condNot}[n.kind]
		for _, a := range n.args {
			kid, msg := p.bindCondition(a)
			if msg != "" {
				return nil, msg
			}
			c.kids = append(c.kids, kid)
		}
		return c, ""
	}
	c.operands = make([]*operand, len(n.args))
	for i, a := range n.args {
		o, msg := p.bindOperand(a)
		if msg != "" {
			return nil, msg
		}
		c.operands[i] = o
	}
	var msg string
	switch n.kind {
	case nCompare:
		c.kind = comparators[n.op]
		msg = c.checkComparison(n.op)
	case nBetween:
		c.kind = condBetween
		msg = c.checkBetween()
	case nIn:
		c.kind = condIn
		if len(c.operands)-1 > maxInOperands {
			return nil, "The IN operator is provided with too many operands; number of operands: " + strconv.Itoa(len(c.operands)-1)
		}
		msg = c.checkDistinct("IN")
	case nFunc:
		c.kind = functionConds[n.op]
		msg = c.checkFunction(n.op)
	}
	if msg != "" {
		return nil, msg
	}
	return c, ""
}

func (c *Condition) checkComparison(op string) string {
	if c.kind != condEqual && c.kind != condNotEqual {
		if msg := orderable(op, c.operands); msg != "" {
			return msg
		}
	}
	return c.checkDistinct(op)
}

// orderable checks that operands of known type can be ordered.
func orderable(op string, operands []*operand) string {
	for _, o := range operands {
		switch t := o.staticType(); t {
		case "", "S", "N", "B":
		default:
			return operandTypeMessage(op, t)
		}
	}
	return ""
}

func (c *Condition) checkBetween() string {
	if msg := orderable("BETWEEN", c.operands); msg != "" {
		return msg
	}
	if msg := c.checkDistinct("BETWEEN"); msg != "" {
		return msg
	}
	lo, hi := c.operands[1], c.operands[2]
	if lo.kind != opValue || hi.kind != opValue {
		return ""
	}
	bounds := "lower bound operand: AttributeValue: " + describe(lo.sent) + ", upper bound operand: AttributeValue: " + describe(hi.sent)
	cmp, ok := attr.Compare(lo.value, hi.value)
	if !ok {
		return "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds
	}
	if cmp > 0 {
		return "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds
	}
	return ""
}

// describe formats a scalar value as DynamoDB's messages do: {N:5}, a
// number as the request wrote it.
func describe(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return "{S:" + v.Value + "}"
	case *types.AttributeValueMemberN:
		return "{N:" + v.Value + "}"
	case *types.AttributeValueMemberB:
		// DynamoDB's Java service prints the buffer holding the bytes.
		size := strconv.Itoa(len(v.Value))
		return "{B:java.nio.HeapByteBuffer[pos=0 lim=" + size + " cap=" + size + "]}"
	}
	return "{" + dynamo.TypeOf(v) + "}"
}

// checkDistinct rejects a first operand path repeated among the others.
func (c *Condition) checkDistinct(op string) string {
	first := c.operands[0]
	if first.kind != opPath {
		return ""
	}
	for _, o := range c.operands[1:] {
		if o.kind == opPath && o.path.equal(first.path) {
			return notDistinct(op, first.path)
		}
	}
	return ""
}

// notDistinct is DynamoDB's message for a function or operator whose first
// operand, path, is repeated among the others.
func notDistinct(op string, path Path) string {
	return "The first operand must be distinct from the remaining operands for this operator or function; operator: " + op + ", first operand: " + path.String()
}

// attributeTypes are the type names attribute_type accepts.
var attributeTypes = map[string]bool{"S": true, "N": true, "B": true, "BOOL": true, "NULL": true, "L": true, "M": true, "SS": true, "NS": true, "BS": true}

func (c *Condition) checkFunction(fn string) string {
	want := 2
	if c.kind == condExists || c.kind == condNotExists {
		want = 1
	}
	if msg := arity(fn, c.operands, want); msg != "" {
		return msg
	}
	switch c.kind {
	case condExists, condNotExists, condType:
		if c.operands[0].kind != opPath {
			return requiresPath(fn)
		}
	}
	switch c.kind {
	case condType:
		t := c.operands[1]
		if t.kind != opValue {
			return operandTypeMessage(fn, "{S,NS,M,N,B,INTSET,HD,HDS,DOUBLESET,DICT,SS,INT,FLOAT,FS,L,DECIMAL,BS,BOOL,DOUBLE,NULL,DECIMALSET}")
		}
		s, ok := t.value.(*types.AttributeValueMemberS)
		if !ok {
			return operandTypeMessage(fn, dynamo.TypeOf(t.value))
		}
		if !attributeTypes[s.Value] {
			return "Invalid attribute type name found; type: " + s.Value + ", valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}"
		}
		c.typeName = s.Value
	case condBeginsWith:
		for _, o := range c.operands {
			if t := o.staticType(); t != "" && t != "S" && t != "B" {
				return operandTypeMessage(fn, t)
			}
		}
		return c.checkDistinct(fn)
	case condContains:
		return c.checkDistinct(fn)
	}
	return ""
}

// Eval reports whether item satisfies the condition. A nil item is an item
// that does not exist. Conditions have no runtime errors: comparing values of
// different types is simply false.
func (c *Condition) Eval(item map[string]types.AttributeValue) (bool, error) {
	return c.eval(item), nil
}

func (c *Condition) eval(item map[string]types.AttributeValue) bool {
	switch c.kind {
	case condAnd:
		return c.kids[0].eval(item) && c.kids[1].eval(item)
	case condOr:
		return c.kids[0].eval(item) || c.kids[1].eval(item)
	case condNot:
		return !c.kids[0].eval(item)
	case condExists:
		return c.operands[0].eval(item) != nil
	case condNotExists:
		return c.operands[0].eval(item) == nil
	case condType:
		v := c.operands[0].eval(item)
		return v != nil && dynamo.TypeOf(v) == c.typeName
	case condNotEqual:
		return !equal(c.operands[0].eval(item), c.operands[1].eval(item))
	case condEqual:
		return equal(c.operands[0].eval(item), c.operands[1].eval(item))
	case condIn:
		v := c.operands[0].eval(item)
		for _, o := range c.operands[1:] {
			if equal(v, o.eval(item)) {
				return true
			}
		}
		return false
	case condBetween:
		v := c.operands[0].eval(item)
		lo, ok1 := compare(v, c.operands[1].eval(item))
		hi, ok2 := compare(v, c.operands[2].eval(item))
		return ok1 && ok2 && lo >= 0 && hi <= 0
	case condBeginsWith:
		return beginsWith(c.operands[0].eval(item), c.operands[1].eval(item))
	case condContains:
		return contains(c.operands[0].eval(item), c.operands[1].eval(item))
	}
	cmp, ok := compare(c.operands[0].eval(item), c.operands[1].eval(item))
	if !ok {
		return false
	}
	switch c.kind {
	case condLess:
		return cmp < 0
	case condLessEqual:
		return cmp <= 0
	case condGreater:
		return cmp > 0
	}
	return cmp >= 0
}

func equal(a, b types.AttributeValue) bool {
	return a != nil && b != nil && attr.Equal(a, b)
}

func compare(a, b types.AttributeValue) (int, bool) {
	if a == nil || b == nil {
		return 0, false
	}
	return attr.Compare(a, b)
}

func beginsWith(a, b types.AttributeValue) bool {
	switch a := a.(type) {
	case *types.AttributeValueMemberS:
		b, ok := b.(*types.AttributeValueMemberS)
		return ok && strings.HasPrefix(a.Value, b.Value)
	case *types.AttributeValueMemberB:
		b, ok := b.(*types.AttributeValueMemberB)
		return ok && bytes.HasPrefix(a.Value, b.Value)
	}
	return false
}

// contains is DynamoDB's contains: a substring of a string, a byte
// substring of a binary, a member of a set, or an element of a list.
func contains(a, b types.AttributeValue) bool {
	switch a := a.(type) {
	case *types.AttributeValueMemberS:
		b, ok := b.(*types.AttributeValueMemberS)
		return ok && strings.Contains(a.Value, b.Value)
	case *types.AttributeValueMemberB:
		b, ok := b.(*types.AttributeValueMemberB)
		return ok && bytes.Contains(a.Value, b.Value)
	case *types.AttributeValueMemberSS:
		if b, ok := b.(*types.AttributeValueMemberS); ok {
			for _, s := range a.Value {
				if s == b.Value {
					return true
				}
			}
		}
	case *types.AttributeValueMemberNS:
		if b, ok := b.(*types.AttributeValueMemberN); ok {
			for _, s := range a.Value {
				if attr.CompareNumbers(s, b.Value) == 0 {
					return true
				}
			}
		}
	case *types.AttributeValueMemberBS:
		if b, ok := b.(*types.AttributeValueMemberB); ok {
			for _, s := range a.Value {
				if bytes.Equal(s, b.Value) {
					return true
				}
			}
		}
	case *types.AttributeValueMemberL:
		for _, e := range a.Value {
			if equal(e, b) {
				return true
			}
		}
	}
	return false
}
