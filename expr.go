package ddb

import (
	"reflect"
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
// request. Values given for a document path that names a declared field of
// the schema (nil for none) are encoded with that field's tag options, so
// that a time.Time compared with a field tagged unixtime is the same number
// the item holds (see encodeAt).
type exprBuilder struct {
	schema    *Schema
	names     map[string]string // placeholder -> attribute name
	values    map[string]types.AttributeValue
	nameOf    map[string]string // attribute name -> generated placeholder
	nextName  int
	nextValue int
}

func newExprBuilder(s *Schema) *exprBuilder {
	return &exprBuilder{
		schema: s,
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
		return invalid(placeholder, "expression attribute name placeholder %q must start with '#'", placeholder)
	}
	if old, ok := b.names[placeholder]; ok && old != name {
		return invalid(placeholder, "placeholder %s stands for both %q and %q", placeholder, old, name)
	}
	b.names[placeholder] = name
	return nil
}

// reserveValue registers a caller-written value placeholder.
func (b *exprBuilder) reserveValue(placeholder string, v any) error {
	if !strings.HasPrefix(placeholder, ":") {
		return invalid(placeholder, "expression attribute value placeholder %q must start with ':'", placeholder)
	}
	if _, ok := b.values[placeholder]; ok {
		return invalid(placeholder, "value placeholder %s is given twice", placeholder)
	}
	av, err := encodeValue(v, format{}, format{})
	if err != nil {
		return invalidErr(placeholder, err)
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
		ph := numbered(namePlaceholders[:], "#n", b.nextName)
		b.nextName++
		if _, taken := b.names[ph]; !taken {
			b.names[ph] = name
			b.nameOf[name] = ph
			return ph
		}
	}
}

// value returns a new placeholder for v, encoded for the place at (see
// encodeAt).
func (b *exprBuilder) value(v any, at valueSite) (string, error) {
	av, err := b.schema.encodeAt(v, at)
	if err != nil {
		return "", err
	}
	return b.attributeValue(av), nil
}

// expressionPart names what v is when it is a part of an expression the
// library builds (a condition, an update, a key condition), which would
// otherwise encode as an empty map; "" for anything else.
func expressionPart(v any) string {
	switch v.(type) {
	case Condition, *Condition:
		return "a condition"
	case Update, *Update:
		return "an update"
	case KeyCondition:
		return "a key condition"
	}
	return ""
}

// attributeValue returns a new placeholder for av.
func (b *exprBuilder) attributeValue(av types.AttributeValue) string {
	for {
		ph := numbered(valuePlaceholders[:], ":v", b.nextValue)
		b.nextValue++
		if _, taken := b.values[ph]; !taken {
			b.values[ph] = av
			return ph
		}
	}
}

// The first placeholders of names and values, made once: most expressions
// need no more.
var namePlaceholders, valuePlaceholders = placeholders("#n"), placeholders(":v")

// placeholders returns the first 32 placeholders with prefix.
func placeholders(prefix string) (phs [32]string) {
	for i := range phs {
		phs[i] = prefix + strconv.Itoa(i)
	}
	return phs
}

// numbered returns placeholder i with prefix, from made if it is there.
func numbered(made []string, prefix string, i int) string {
	if i < len(made) {
		return made[i]
	}
	return prefix + strconv.Itoa(i)
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
	if s != "" && !strings.ContainsAny(s, pathSyntax) {
		return b.name(s), nil // a top-level attribute, as most paths are
	}
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

// valueSite is where a value goes in an expression: compared with,
// assigned to or added to the attribute at path ("" for nowhere in
// particular), as a whole or, with elem, as one element of it (a list
// element, a value contains looks for).
type valueSite struct {
	path string
	elem bool
}

// encodeAt encodes v, a value given for the place at: with the tag options
// (unixtime, unixmilli, set) of the declared field the place's path names,
// when it names one, as the codec encodes that field; else as MarshalValue
// does. An AttributeValue is used as is. The schema may be nil.
func (s *Schema) encodeAt(v any, at valueSite) (types.AttributeValue, error) {
	return orNull(s.encodeStoredAt(v, at))
}

// encodeStoredAt is encodeAt, except that a value with no encoding (an
// empty set), which Put leaves out of a struct's item, is nil. A part of an
// expression given as the value is an error.
func (s *Schema) encodeStoredAt(v any, at valueSite) (types.AttributeValue, error) {
	if what := expressionPart(v); what != "" {
		return nil, invalid(at.path, "%s (%T) given as a value: it goes where %ss go, not in place of a value", what, v, what)
	}
	if av := plainValue(v); av != nil {
		return av, nil
	}
	var f format
	if s != nil && at.path != "" {
		f = s.formatAt(at.path)
	}
	elem := format{time: f.time} // the set option applies to the outer value only
	if at.elem {
		f = elem
	}
	av, err := encodeStored(v, f, elem)
	if err != nil && at.path != "" {
		return nil, invalidErr(at.path, err)
	}
	return av, err
}

// plainValue returns the attribute value of a string or an int, which no
// tag option changes (the usual key values, encoded without looking up a
// codec), or nil for any other value.
func plainValue(v any) types.AttributeValue {
	switch v := v.(type) {
	case string:
		return &types.AttributeValueMemberS{Value: v}
	case int:
		box := new(memberBox[types.AttributeValueMemberN])
		box.member.Value = bytesString(strconv.AppendInt(box.text[:0], int64(v), 10))
		return &box.member
	}
	return nil
}

// composite is an operand the builders assemble from several values, each
// encoded with whole or, as an element of the operand, with elem.
type composite interface {
	attributeValue(whole, elem format) (types.AttributeValue, error)
}

// encodeValue encodes an operand of an expression or a key value with
// format f; elem is the format of its elements, for composites. An
// AttributeValue is used as is; a value with none (nil, an empty set) is
// NULL.
func encodeValue(v any, f, elem format) (types.AttributeValue, error) {
	return orNull(encodeStored(v, f, elem))
}

// encodeStored is encodeValue, except that a value with no encoding is
// nil.
func encodeStored(v any, f, elem format) (types.AttributeValue, error) {
	switch v := v.(type) {
	case types.AttributeValue:
		return v, nil
	case composite:
		return v.attributeValue(f, elem)
	case nil:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	if f == (format{}) {
		return MarshalValue(v)
	}
	rv := reflect.ValueOf(v)
	c, err := codecFor(rv.Type(), f)
	if err != nil {
		return nil, err
	}
	return c.encode(rv, attributeDepth)
}

// orNull returns av, or NULL when av is nil and err is too.
func orNull(av types.AttributeValue, err error) (types.AttributeValue, error) {
	if av == nil && err == nil {
		av = &types.AttributeValueMemberNULL{Value: true}
	}
	return av, err
}

// optional returns a pointer to s, or nil when s is empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
