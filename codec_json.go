package ddb

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/ddbkit/ddb/internal/number"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// The codec's second form: values written as the DynamoDB JSON of the
// wire protocol ({"S":"x"}) and read back from it, without building
// attribute values (see docs/decisions/codec-encoded-items.md). Each
// JSON encoder and decoder does what its codec's encode and decode do,
// with the same checks, errors and paths; a codec without one (a
// Marshaler, an Unmarshaler, attribute values, interfaces, arrays and map
// sets read back) goes through its attribute values.

// appendJSONFunc appends the JSON of the attribute value of v, found at
// depth (see maxNesting); false (and nothing appended) when v has no value.
type appendJSONFunc func(dst []byte, v reflect.Value, depth int) ([]byte, bool, error)

// errNotJSON reports a value whose attribute value has no JSON (a
// Marshaler returned a value without a data type): the caller goes back to
// attribute values, whose path reports it.
var errNotJSON = errors.New("ddb: value without a JSON encoding")

// methodClasses returns the rules by which c's values, of class, encode
// and decode once the type's own marshaling methods are layered on top
// (customMethods): classUnsupported where a Marshaler or Unmarshaler takes
// over, classString where a TextMarshaler or TextUnmarshaler does.
func methodClasses(c *codec, class codecClass) (encClass, decClass codecClass) {
	encClass, decClass = class, class
	switch class {
	case classTime, classUUID, classPointer, classInterface, classAttributeValue:
		return encClass, decClass
	}
	if ok, _ := implements(c.typ, marshalerType); ok {
		encClass = classUnsupported
	} else if ok, _ := implements(c.typ, textMarshalerType); ok {
		encClass = classString
	}
	if ok, _ := implements(c.typ, unmarshalerType); ok {
		decClass = classUnsupported
	} else if ok, _ := implements(c.typ, textUnmarshalType); ok {
		decClass = classString
	}
	return encClass, decClass
}

// jsonCodec sets the JSON encoders and decoders of c, whose values encode
// by the rule of encClass and decode by that of decClass, once its
// attribute value codec is final.
func jsonCodec(c *codec, encClass, decClass codecClass) {
	switch encClass {
	case classTime, classUUID, classNumber, classInt, classUint, classFloat, classString:
		c.appendJSON = scalarJSONEncoder(c, encClass != classString && encClass != classNumber)
	case classBytes:
		c.appendJSON = appendBytesJSON
	case classBool:
		c.appendJSON = appendBoolJSON
	case classPointer:
		c.appendJSON = pointerJSONEncoder(c.elem)
	case classInterface:
		c.appendJSON = appendInterfaceJSON
	case classList:
		c.appendJSON = listJSONEncoder(c.elem)
	case classSet:
		c.appendJSON = setJSONEncoder(c.elem)
	case classMap:
		c.appendItemJSON = mapItemJSONEncoder(c.elem)
	case classStruct:
		c.appendItemJSON = structItemJSONEncoder(c.fields)
	}
	if c.appendItemJSON != nil {
		c.appendJSON = itemJSONEncoder(c.appendItemJSON)
	}
	jsonDecoder(c, decClass)
}

// AppendItemJSON appends the item v encodes (see Marshal) as DynamoDB JSON,
// the form of items in DynamoDB's HTTP API: an object of attribute values,
// each an object of one member named by its type:
//
//	{"id":{"S":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"},"balance":{"N":"100"}}
//
// It writes the item straight from v, without building attribute values;
// the attributes come in field order (a map's in Go's map order). Errors
// are Marshal's.
func AppendItemJSON(dst []byte, v any) ([]byte, error) {
	out, err := marshalJSON(dst, v)
	if !errors.Is(err, errNotJSON) {
		return out, err
	}
	item, err := Marshal(v)
	if err != nil {
		return dst, err
	}
	out, ok := wirejson.AppendItem(dst, item)
	if !ok {
		return dst, &EncodeError{GoType: reflect.TypeOf(v).String(), Reason: "an attribute value without a data type"}
	}
	return out, nil
}

// marshalJSON appends the JSON of the item v encodes (see Marshal):
// errNotJSON when v is no struct or map with string keys that the JSON
// encoders write, or holds a value whose attribute value has no JSON.
func marshalJSON(dst []byte, v any) ([]byte, error) {
	rv, err := indirectInput(v)
	if err != nil {
		return dst, err
	}
	c, err := codecFor(rv.Type(), format{})
	if err != nil {
		return dst, err
	}
	if c.appendItemJSON == nil {
		return dst, errNotJSON
	}
	out, ok, err := c.appendItemJSON(dst, rv, 0)
	switch {
	case err != nil:
		return dst, err
	case !ok: // a nil map: Marshal's nil item
		return dst, errNotJSON
	}
	return out, nil
}

// appendValueJSON appends the JSON of v's attribute value through c's JSON
// encoder, or through its attribute value when it has none.
func (c *codec) appendValueJSON(dst []byte, v reflect.Value, depth int) ([]byte, bool, error) {
	if c.appendJSON != nil {
		return c.appendJSON(dst, v, depth)
	}
	av, err := c.encode(v, depth)
	if err != nil || av == nil {
		return dst, false, err
	}
	out, ok := wirejson.AppendAttributeValue(dst, av)
	if !ok {
		return dst, false, errNotJSON
	}
	return out, true, nil
}

// scalarJSONEncoder encodes S and N values through the codec's text
// conversions; plain says their text never needs escaping.
func scalarJSONEncoder(c *codec, plain bool) appendJSONFunc {
	prefix := `{"S":`
	if c.kind == "N" {
		prefix = `{"N":`
	}
	text, appendText := c.text, c.appendText
	switch {
	case text != nil:
		return func(dst []byte, v reflect.Value, _ int) ([]byte, bool, error) {
			s, err := text(v)
			if err != nil {
				return dst, false, err
			}
			return append(wirejson.AppendString(append(dst, prefix...), s), '}'), true, nil
		}
	case plain:
		return func(dst []byte, v reflect.Value, _ int) ([]byte, bool, error) {
			out, err := appendText(append(append(dst, prefix...), '"'), v)
			if err != nil {
				return dst, false, err
			}
			return append(out, '"', '}'), true, nil
		}
	}
	return func(dst []byte, v reflect.Value, _ int) ([]byte, bool, error) {
		b, err := appendText(nil, v)
		if err != nil {
			return dst, false, err
		}
		return append(wirejson.AppendString(append(dst, prefix...), bytesString(b)), '}'), true, nil
	}
}

// appendBytesJSON encodes []byte and [N]byte as B; a nil slice has no
// value.
func appendBytesJSON(dst []byte, v reflect.Value, _ int) ([]byte, bool, error) {
	if v.Kind() == reflect.Slice && v.IsNil() {
		return dst, false, nil
	}
	var b []byte
	if v.Kind() == reflect.Slice || v.CanAddr() {
		b = v.Bytes()
	} else {
		b, _ = appendBytes(make([]byte, 0, v.Len()), v)
	}
	return append(wirejson.AppendBlob(append(dst, `{"B":`...), b), '}'), true, nil
}

func appendBoolJSON(dst []byte, v reflect.Value, _ int) ([]byte, bool, error) {
	if v.Bool() {
		return append(dst, `{"BOOL":true}`...), true, nil
	}
	return append(dst, `{"BOOL":false}`...), true, nil
}

func pointerJSONEncoder(elem *codec) appendJSONFunc {
	return func(dst []byte, v reflect.Value, depth int) ([]byte, bool, error) {
		if v.IsNil() {
			return dst, false, nil
		}
		return elem.appendValueJSON(dst, v.Elem(), depth)
	}
}

// appendInterfaceJSON appends what the interface v holds (see held).
func appendInterfaceJSON(dst []byte, v reflect.Value, depth int) ([]byte, bool, error) {
	c, e, err := held(v)
	if c == nil {
		return dst, false, err
	}
	return c.appendValueJSON(dst, e, depth)
}

// appendMemberJSON appends a list element or map entry, found at depth,
// NULL when v has no value.
func appendMemberJSON(dst []byte, elem *codec, v reflect.Value, depth int) ([]byte, error) {
	out, ok, err := elem.appendValueJSON(dst, v, depth)
	if err == nil && !ok {
		out = append(out, `{"NULL":true}`...)
	}
	return out, err
}

// listJSONEncoder encodes slices and arrays as L; a nil slice has no value.
func listJSONEncoder(elem *codec) appendJSONFunc {
	return func(dst []byte, v reflect.Value, depth int) ([]byte, bool, error) {
		if v.Kind() == reflect.Slice && v.IsNil() {
			return dst, false, nil
		}
		if depth >= maxNesting {
			return dst, false, tooDeep(v)
		}
		out := append(dst, `{"L":[`...)
		for i := range v.Len() {
			if i > 0 {
				out = append(out, ',')
			}
			var err error
			if out, err = appendMemberJSON(out, elem, v.Index(i), depth+1); err != nil {
				return dst, false, atPath(err, indexSegment(i))
			}
		}
		return append(out, ']', '}'), true, nil
	}
}

// setJSONEncoder encodes the slices, arrays and maps that hold sets of elem
// members as SS, NS or BS; an empty set has no value. Members are written
// in the order the engine keeps sets in (strings and binaries by bytes,
// numbers by value), so that an in-process put stores the item as it is
// (docs/decisions/encoded-puts.md); DynamoDB takes them in any order.
func setJSONEncoder(elem *codec) appendJSONFunc {
	prefix := `{"SS":[`
	compare := strings.Compare
	switch elem.kind {
	case "N":
		prefix = `{"NS":[`
		compare = number.Compare
	case "B":
		prefix = `{"BS":[`
	}
	plainText := elem.appendJSON != nil && elem.text == nil && elem.kind == "N" // digits, no escapes
	// text appends a member's text: a string, a number's text or the bytes.
	text := func(dst []byte, v reflect.Value) ([]byte, error) {
		if elem.text != nil {
			s, err := elem.text(v)
			return append(dst, s...), err
		}
		return elem.appendText(dst, v)
	}
	return func(dst []byte, v reflect.Value, _ int) ([]byte, bool, error) {
		set := setScratches.Get().(*setScratch)
		defer set.recycle()
		member := func(x reflect.Value) (err error) {
			set.buf, err = text(set.buf, x)
			set.ends = append(set.ends, len(set.buf))
			return err
		}
		if v.Kind() != reflect.Map {
			for i := range v.Len() {
				if err := member(v.Index(i)); err != nil {
					return dst, false, atPath(err, indexSegment(i))
				}
			}
		} else if err := eachSetKey(v, member); err != nil {
			return dst, false, err
		}
		if len(set.ends) == 0 {
			return dst, false, nil
		}
		out := append(dst, prefix...)
		for i, m := range set.sorted(compare) {
			if i > 0 {
				out = append(out, ',')
			}
			switch {
			case elem.kind == "B":
				out = wirejson.AppendBlob(out, stringBytes(m))
			case plainText:
				out = append(append(append(out, '"'), m...), '"')
			default:
				out = wirejson.AppendString(out, m)
			}
		}
		return append(out, ']', '}'), true, nil
	}
}

// setScratch holds the texts of a set's members while setJSONEncoder
// sorts them: one after another in buf, each ending at its ends entry.
type setScratch struct {
	buf     []byte
	ends    []int
	members []string
}

var setScratches = sync.Pool{New: func() any { return new(setScratch) }}

// sorted returns the members' texts, sharing buf, sorted by compare.
func (s *setScratch) sorted(compare func(a, b string) int) []string {
	start := 0
	for _, end := range s.ends {
		s.members = append(s.members, bytesString(s.buf[start:end]))
		start = end
	}
	slices.SortFunc(s.members, compare)
	return s.members
}

// recycle empties s and returns it to its pool; its members point into
// its own buf only.
func (s *setScratch) recycle() {
	s.buf, s.ends, s.members = s.buf[:0], s.ends[:0], s.members[:0]
	setScratches.Put(s)
}

// itemJSONEncoder wraps an item encoder as the encoder of M values.
func itemJSONEncoder(appendItem appendJSONFunc) appendJSONFunc {
	return func(dst []byte, v reflect.Value, depth int) ([]byte, bool, error) {
		out, ok, err := appendItem(append(dst, `{"M":`...), v, depth)
		if err != nil || !ok {
			return dst, false, err
		}
		return append(out, '}'), true, nil
	}
}

// mapItemJSONEncoder encodes a map with string keys as an item; a nil map
// has no value.
func mapItemJSONEncoder(elem *codec) appendJSONFunc {
	return func(dst []byte, v reflect.Value, depth int) ([]byte, bool, error) {
		if v.IsNil() {
			return dst, false, nil
		}
		if depth >= maxNesting {
			return dst, false, tooDeep(v)
		}
		out := append(dst, '{')
		if v.Type() == stringMapType {
			first := true
			for k, s := range v.Interface().(map[string]string) {
				if !first {
					out = append(out, ',')
				}
				first = false
				out = wirejson.AppendString(out, k)
				out = append(wirejson.AppendString(append(out, `:{"S":`...), s), '}')
			}
			return append(out, '}'), true, nil
		}
		key := reflect.New(v.Type().Key()).Elem()
		val := reflect.New(v.Type().Elem()).Elem()
		first := true
		for it := v.MapRange(); it.Next(); {
			key.SetIterKey(it)
			val.SetIterValue(it)
			if !first {
				out = append(out, ',')
			}
			first = false
			out = append(wirejson.AppendString(out, key.String()), ':')
			var err error
			if out, err = appendMemberJSON(out, elem, val, depth+1); err != nil {
				return dst, false, atPath(err, key.String())
			}
		}
		return append(out, '}'), true, nil
	}
}

// structItemJSONEncoder encodes a struct's fields as an item; fields
// without a value, and empty ones tagged omitempty, are left out.
func structItemJSONEncoder(fields []structField) appendJSONFunc {
	names := make([][]byte, len(fields)) // each field's JSON name and colon
	for i, f := range fields {
		names[i] = append(wirejson.AppendString(nil, f.info.name), ':')
	}
	return func(dst []byte, v reflect.Value, depth int) ([]byte, bool, error) {
		if depth >= maxNesting {
			return dst, false, tooDeep(v)
		}
		out := append(dst, '{')
		first := true
		for i, f := range fields {
			fv, ok := fieldForEncode(v, f.info.index)
			if !ok || f.info.omitEmpty && isEmptyValue(fv) {
				continue
			}
			mark := len(out)
			if !first {
				out = append(out, ',')
			}
			out = append(out, names[i]...)
			var err error
			out, ok, err = f.codec.appendValueJSON(out, fv, depth+1)
			if err != nil {
				return dst, false, atPath(err, f.info.name)
			}
			if !ok {
				out = out[:mark]
				continue
			}
			first = false
		}
		return append(out, '}'), true, nil
	}
}
