package ddb

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// timeTextWidth is the width of every time stored as S: RFC 3339 in UTC
// with nine fraction digits ("2024-05-01T14:00:00.000000000Z").
const timeTextWidth = len("2006-01-02T15:04:05.000000000Z")

// keyTemplate builds the value of one key attribute of an entity from its
// fields, e.g. "ORDER#{created}#{number:08}" (see NewEntity).
type keyTemplate struct {
	attr    string // the key attribute it fills
	text    string // as declared
	parts   []templatePart
	fields  []string // the fields it names, in order
	varying int      // how many of them have texts of varying width
}

// templatePart is a literal text or a field of a template.
type templatePart struct {
	literal string // the text, when field is ""
	field   string
	number  bool // the field's values are N
	width   int  // N: zero-pad to this many digits ({field:08}); 0: none
	fixed   int  // the width of every text of the field (padded numbers, times), 0 when it varies
}

// passThrough reports whether the template is one field alone, "{field}":
// its attribute holds the field's value as it is, of the field's type.
func (t *keyTemplate) passThrough() bool {
	return len(t.parts) == 1 && t.parts[0].field != "" && t.parts[0].width == 0
}

// implicit reports whether the template is "{attr}": the key attribute is
// a field of the entity.
func (t *keyTemplate) implicit() bool {
	return t.passThrough() && t.fields[0] == t.attr
}

// parseKeyTemplate parses the template text for the key attribute attr of
// an entity whose item fields info describes.
func parseKeyTemplate(attr, text string, info *structInfo) (*keyTemplate, error) {
	t := &keyTemplate{attr: attr, text: text}
	bad := func(format string, args ...any) (*keyTemplate, error) {
		return nil, fmt.Errorf("key template %q of %s: %s", text, attr, fmt.Sprintf(format, args...))
	}
	if text == "" {
		return bad("empty")
	}
	rest := text
	for rest != "" {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			t.parts = append(t.parts, templatePart{literal: rest})
			break
		}
		if rest[open] == '}' {
			return bad("'}' without '{'")
		}
		if open > 0 {
			t.parts = append(t.parts, templatePart{literal: rest[:open]})
		}
		end := strings.IndexAny(rest[open+1:], "{}")
		if end < 0 || rest[open+1+end] == '{' {
			return bad("'{' without '}'")
		}
		spec := rest[open+1 : open+1+end]
		rest = rest[open+2+end:]
		if n := len(t.parts); n > 0 && t.parts[n-1].field != "" {
			return bad("fields {%s} and {%s} need a literal text between them", t.parts[n-1].field, spec)
		}
		p, err := templateField(spec, info)
		if err != nil {
			return bad("%v", err)
		}
		if slices.Contains(t.fields, p.field) {
			return bad("{%s} is named twice", p.field)
		}
		t.parts = append(t.parts, p)
		t.fields = append(t.fields, p.field)
		if p.fixed == 0 {
			t.varying++
		}
	}
	if f := t.unpaddedTime(info); f != nil && !t.passThrough() {
		return bad("{%s}: field %s holds a time stored as a number (%s), whose unpadded digits do not sort as the times do; give it a width, as in {%s:0%d}",
			f.name, f.goName, timeOptions[f.format.time], f.name, paddedTimeWidth[f.format.time])
	}
	return t, nil
}

// unpaddedTime returns the first field of the template that holds a time
// stored as a number (unixtime, unixmilli) and has no width, nil for none.
func (t *keyTemplate) unpaddedTime(info *structInfo) *fieldInfo {
	for _, p := range t.parts {
		if f := info.byName[p.field]; p.number && p.width == 0 && fieldClass(f) == classTime {
			return f
		}
	}
	return nil
}

// templateField parses one "{field}" or "{field:0W}" of a template.
func templateField(spec string, info *structInfo) (templatePart, error) {
	name, width, hasWidth := strings.Cut(spec, ":")
	f := info.byName[name]
	if f == nil {
		return templatePart{}, fmt.Errorf("{%s} names no field of %s", spec, typeName(info.typ))
	}
	p := templatePart{field: name}
	switch f.keyType {
	case types.ScalarAttributeTypeS:
		if isTimeField(f) {
			p.fixed = timeTextWidth
		}
	case types.ScalarAttributeTypeN:
		p.number = true
	default:
		return templatePart{}, fmt.Errorf("{%s}: field %s is not a string or a number", spec, f.goName)
	}
	if !hasWidth {
		return p, nil
	}
	n, err := strconv.Atoi(width)
	switch {
	case !p.number:
		return templatePart{}, fmt.Errorf("{%s}: only number fields have a width", spec)
	case fieldClass(f) == classFloat:
		return templatePart{}, fmt.Errorf("{%s}: field %s is a %s; padded numbers are integers", spec, f.goName, f.typ)
	case err != nil || !strings.HasPrefix(width, "0") || n < 1 || n > 38:
		return templatePart{}, fmt.Errorf("{%s}: the width must be written 0W, W from 1 to 38 digits (as in {%s:08})", spec, name)
	}
	p.width, p.fixed = n, n
	return p, nil
}

// paddedTimeWidth is the width suggested for a time stored as a number in
// a key template: digits to spare for the seconds or milliseconds of
// every time until the year 33658.
var paddedTimeWidth = map[timeFormat]int{timeUnix: 12, timeUnixMilli: 15}

// fieldClass returns how the field's values encode, through pointers.
func fieldClass(f *fieldInfo) codecClass {
	t := f.typ
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return classify(t, f.format)
}

// isTimeField reports whether the field holds a time stored as the default
// RFC 3339 text, whose texts all have the same width (those tagged
// rfc3339nano have not).
func isTimeField(f *fieldInfo) bool {
	t := f.typ
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t == timeType && f.format.time == timeRFC3339
}

// render builds the attribute's value from the fields' values that get
// returns. When a field has none, it returns the text up to the end of the
// last field that has one (a prefix for key conditions) and complete false.
// A pass-through template returns the field's value as it is.
func (t *keyTemplate) render(get func(field string) (types.AttributeValue, bool)) (av types.AttributeValue, complete bool, err error) {
	if t.passThrough() {
		v, ok := get(t.parts[0].field)
		return v, ok, nil
	}
	var sb strings.Builder
	pending := "" // literal text written once a field follows it, or at the end
	for i, p := range t.parts {
		if p.field == "" {
			if i == 0 {
				sb.WriteString(p.literal)
			} else {
				pending = p.literal
			}
			continue
		}
		v, ok := get(p.field)
		if !ok {
			return &types.AttributeValueMemberS{Value: sb.String()}, false, nil
		}
		text, err := p.text(v)
		if err != nil {
			return nil, false, err
		}
		sb.WriteString(pending)
		sb.WriteString(text)
		pending = ""
	}
	sb.WriteString(pending)
	return &types.AttributeValueMemberS{Value: sb.String()}, true, nil
}

// text returns the text of the field's value v in the template.
func (p templatePart) text(v types.AttributeValue) (string, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return v.Value, nil
	case *types.AttributeValueMemberN:
		if p.width == 0 {
			return v.Value, nil
		}
		digits := v.Value
		if digits == "" || strings.Trim(digits, "0123456789") != "" || len(digits) > p.width {
			return "", invalid(p.field, "%s in {%s:0%d}: padded numbers are integers from 0 to %s", v.Value, p.field, p.width, strings.Repeat("9", p.width))
		}
		return strings.Repeat("0", p.width-len(digits)) + digits, nil
	}
	return "", invalid(p.field, "a value of type %s cannot fill {%s} of a key template", avType(v), p.field)
}

// bound returns the text a key of the template's first n fields compares
// with (see partialSort): prefix, the template rendered up to those
// fields, followed by the literal after them (for n = 0, the template's
// leading literal, which ends prefix already); above, with the literal's
// last character incremented.
func (t *keyTemplate) bound(prefix string, n int, above bool) (types.AttributeValue, error) {
	text := prefix + t.literalAfter(n)
	if above {
		next, ok := incremented(text)
		if !ok {
			return nil, invalid(t.attr, "key template %q of %s: no text follows every key that begins with %q, to compare a key of its first fields with", t.text, t.attr, text)
		}
		text = next
	}
	return &types.AttributeValueMemberS{Value: text}, nil
}

// literalAfter returns the literal text that follows the template's first
// n fields, "" when n is 0 or the n-th field ends the template.
func (t *keyTemplate) literalAfter(n int) string {
	for i, p := range t.parts {
		if p.field == "" {
			continue
		}
		if n--; n == 0 && i+1 < len(t.parts) {
			return t.parts[i+1].literal
		}
	}
	return ""
}

// incremented returns s with its last character replaced by the next one
// in code point order, which is UTF-8's byte order: the least text above
// every text that begins with s. It reports false when s is empty or ends
// with an invalid byte or the last code point.
func incremented(s string) (string, bool) {
	r, size := utf8.DecodeLastRuneInString(s)
	if size == 0 || r == utf8.RuneError && size == 1 || r == utf8.MaxRune {
		return "", false
	}
	next := r + 1
	if !utf8.ValidRune(next) {
		next = 0xE000 // the first code point after the surrogates, which UTF-8 does not encode
	}
	return s[:len(s)-size] + string(next), true
}
