package ddb

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// An expression part is one expression of a request (condition, update,
// projection, and later key condition and filter). Building a request is two
// passes over its parts: reserve registers the placeholders the caller wrote
// in raw expressions, then render writes the text, generating placeholders
// that cannot collide with the reserved ones.
type exprPart interface {
	reserve(b *exprBuilder) error
	render(b *exprBuilder) (string, error)
}

// exprBuilder collects the expression attribute names and values of one
// request.
type exprBuilder struct {
	names     map[string]string // placeholder -> attribute name
	values    map[string]types.AttributeValue
	nameOf    map[string]string // attribute name -> generated placeholder
	nextName  int
	nextValue int
}

func newExprBuilder() *exprBuilder {
	return &exprBuilder{
		names:  map[string]string{},
		values: map[string]types.AttributeValue{},
		nameOf: map[string]string{},
	}
}

// build runs both passes over parts and returns their texts in order; a nil
// part yields "", as does an empty condition.
func (b *exprBuilder) build(parts ...exprPart) ([]string, error) {
	for _, p := range parts {
		if p == nil {
			continue
		}
		if err := p.reserve(b); err != nil {
			return nil, err
		}
	}
	texts := make([]string, len(parts))
	for i, p := range parts {
		if p == nil {
			continue
		}
		text, err := p.render(b)
		if err != nil {
			return nil, err
		}
		texts[i] = text
	}
	return texts, nil
}

// reserveName registers a caller-written name placeholder.
func (b *exprBuilder) reserveName(placeholder, name string) error {
	if !strings.HasPrefix(placeholder, "#") {
		return fmt.Errorf("expression attribute name placeholder %q must start with '#'", placeholder)
	}
	if old, ok := b.names[placeholder]; ok && old != name {
		return fmt.Errorf("placeholder %s stands for both %q and %q", placeholder, old, name)
	}
	b.names[placeholder] = name
	return nil
}

// reserveValue registers a caller-written value placeholder.
func (b *exprBuilder) reserveValue(placeholder string, v any) error {
	if !strings.HasPrefix(placeholder, ":") {
		return fmt.Errorf("expression attribute value placeholder %q must start with ':'", placeholder)
	}
	if _, ok := b.values[placeholder]; ok {
		return fmt.Errorf("value placeholder %s is given twice", placeholder)
	}
	av, err := marshalOperand(v)
	if err != nil {
		return annotate("value "+placeholder, err)
	}
	b.values[placeholder] = av
	return nil
}

// name returns the placeholder for an attribute name, the same one each time
// the name appears in the request.
func (b *exprBuilder) name(name string) string {
	if ph, ok := b.nameOf[name]; ok {
		return ph
	}
	for {
		ph := "#n" + strconv.Itoa(b.nextName)
		b.nextName++
		if _, taken := b.names[ph]; !taken {
			b.names[ph] = name
			b.nameOf[name] = ph
			return ph
		}
	}
}

// value returns a new placeholder for v, marshaled with MarshalValue unless it
// already is an AttributeValue.
func (b *exprBuilder) value(v any) (string, error) {
	av, err := marshalOperand(v)
	if err != nil {
		return "", err
	}
	for {
		ph := ":v" + strconv.Itoa(b.nextValue)
		b.nextValue++
		if _, taken := b.values[ph]; !taken {
			b.values[ph] = av
			return ph, nil
		}
	}
}

// path renders a document path with a placeholder for every name.
func (b *exprBuilder) path(p docPath) string {
	var sb strings.Builder
	for i, e := range p {
		switch {
		case e.list:
			sb.WriteString("[" + strconv.Itoa(e.index) + "]")
		case i > 0:
			sb.WriteString("." + b.name(e.name))
		default:
			sb.WriteString(b.name(e.name))
		}
	}
	return sb.String()
}

// parsedPath parses s and renders it.
func (b *exprBuilder) parsedPath(s string) (string, error) {
	p, err := parsePath(s)
	if err != nil {
		return "", err
	}
	return b.path(p), nil
}

// attributeNames returns the collected names, or nil when there are none
// (DynamoDB rejects an empty map).
func (b *exprBuilder) attributeNames() map[string]string {
	if len(b.names) == 0 {
		return nil
	}
	return b.names
}

// attributeValues returns the collected values, or nil when there are none.
func (b *exprBuilder) attributeValues() map[string]types.AttributeValue {
	if len(b.values) == 0 {
		return nil
	}
	return b.values
}

// composite is an operand the builders assemble from several values.
type composite interface {
	attributeValue() (types.AttributeValue, error)
}

// marshalOperand encodes a value for an expression: an AttributeValue is used
// as is, anything else goes through MarshalValue.
func marshalOperand(v any) (types.AttributeValue, error) {
	switch v := v.(type) {
	case types.AttributeValue:
		return v, nil
	case composite:
		return v.attributeValue()
	}
	return MarshalValue(v)
}

// optional returns a pointer to s, or nil when s is empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
