package ddb

import "strings"

// operand is one side of a comparison or a function argument.
type operand interface {
	render(b *exprBuilder) (string, error)
}

// pathOperand is a document path, parsed when rendered.
type pathOperand string

func (p pathOperand) render(b *exprBuilder) (string, error) { return b.parsedPath(string(p)) }

// sizeOperand is size(path).
type sizeOperand string

func (p sizeOperand) render(b *exprBuilder) (string, error) {
	text, err := b.parsedPath(string(p))
	return "size(" + text + ")", err
}

// valueOperand is a literal value for the place at.
type valueOperand struct {
	v  any
	at valueSite
}

func (o valueOperand) render(b *exprBuilder) (string, error) { return b.value(o.v, o.at) }

// toOperand makes v an operand: an AttrRef or SizeRef refers to the item,
// anything else is a literal value for the place at.
func toOperand(v any, at valueSite) operand {
	switch v := v.(type) {
	case AttrRef:
		return v.subject
	case SizeRef:
		return v.subject
	}
	return valueOperand{v, at}
}

// comparisons are the operators shared by attributes and sizes.
type comparisons struct{ subject operand }

// operand makes v an operand compared with the subject: a value compared
// with an attribute is encoded as the attribute's declared field.
func (c comparisons) operand(v any) operand {
	var at valueSite
	if p, ok := c.subject.(pathOperand); ok {
		at.path = string(p)
	}
	return toOperand(v, at)
}

func (c comparisons) compare(op string, v any) Condition {
	return Condition{templateNode{"%s " + op + " %s", []operand{c.subject, c.operand(v)}}}
}

// Equal is true when the operand equals v (a value, or an AttrRef or SizeRef
// to compare with another part of the item; so for the other comparisons).
func (c comparisons) Equal(v any) Condition { return c.compare("=", v) }

// NotEqual is true when the operand differs from v.
func (c comparisons) NotEqual(v any) Condition { return c.compare("<>", v) }

// LessThan is true when the operand is less than v.
func (c comparisons) LessThan(v any) Condition { return c.compare("<", v) }

// LessOrEqual is true when the operand is less than or equal to v.
func (c comparisons) LessOrEqual(v any) Condition { return c.compare("<=", v) }

// GreaterThan is true when the operand is greater than v.
func (c comparisons) GreaterThan(v any) Condition { return c.compare(">", v) }

// GreaterOrEqual is true when the operand is greater than or equal to v.
func (c comparisons) GreaterOrEqual(v any) Condition { return c.compare(">=", v) }

// Between is true when lo <= operand <= hi.
func (c comparisons) Between(lo, hi any) Condition {
	return Condition{templateNode{"%s BETWEEN %s AND %s", []operand{c.subject, c.operand(lo), c.operand(hi)}}}
}

// In is true when the operand equals one of values.
func (c comparisons) In(values ...any) Condition {
	list := make([]operand, len(values))
	for i, v := range values {
		list[i] = c.operand(v)
	}
	return Condition{inNode{c.subject, list}}
}

// AttrRef refers to an attribute, or to an element nested in one, by its
// document path (see Attr).
type AttrRef struct{ comparisons }

// Attr refers to the attribute at a document path such as "balance",
// "address.city" or "lines[0].sku", for building conditions.
func Attr(path string) AttrRef { return AttrRef{comparisons{pathOperand(path)}} }

// Size refers to the size of the attribute (string length, byte count, or
// number of elements).
func (a AttrRef) Size() SizeRef { return SizeRef{comparisons{sizeOperand(a.subject.(pathOperand))}} }

// Exists is true when the item has the attribute.
func (a AttrRef) Exists() Condition { return a.function("attribute_exists") }

// NotExists is true when the item lacks the attribute.
func (a AttrRef) NotExists() Condition { return a.function("attribute_not_exists") }

// HasType is true when the attribute has type t.
func (a AttrRef) HasType(t AttrType) Condition {
	return a.function("attribute_type", toOperand(string(t), valueSite{}))
}

// BeginsWith is true when the attribute, a string or binary, starts with
// prefix.
func (a AttrRef) BeginsWith(prefix any) Condition {
	return a.function("begins_with", a.operand(prefix))
}

// Contains is true when the attribute is a string containing the substring v,
// or a set or list containing the element v (encoded as an element of the
// attribute's declared field).
func (a AttrRef) Contains(v any) Condition {
	return a.function("contains", toOperand(v, valueSite{string(a.subject.(pathOperand)), true}))
}

// function calls a condition function with the attribute and args.
func (a AttrRef) function(name string, args ...operand) Condition {
	template := name + "(%s" + strings.Repeat(", %s", len(args)) + ")"
	return Condition{templateNode{template, append([]operand{a.subject}, args...)}}
}

// SizeRef refers to the size of an attribute, for comparisons.
type SizeRef struct{ comparisons }

// nameOperand is a top-level attribute name taken literally (key names from
// a schema, which may contain '.' or '[').
type nameOperand string

func (n nameOperand) render(b *exprBuilder) (string, error) { return b.name(string(n)), nil }
