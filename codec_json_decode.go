package ddb

import (
	"reflect"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// decodeJSONFunc decodes the payload of an attribute value of type tag, at
// r, into the settable v; the caller has read the tag and reads the end of
// the value.
type decodeJSONFunc func(r *wirejson.Reader, tag string, v reflect.Value, strict bool) error

// decodeItemJSONFunc decodes an item (an object of attribute values) at r
// into v.
type decodeItemJSONFunc func(r *wirejson.Reader, v reflect.Value, strict bool) error

// jsonDecoder sets the JSON decoders of c, whose values decode by the rule
// of decClass (class with the type's own decoding methods applied).
func jsonDecoder(c *codec, decClass codecClass) {
	switch decClass {
	case classTime:
		c.decodeJSON = scalarJSONDecoder(c.kind, c)
	case classUUID, classString:
		c.decodeJSON = scalarJSONDecoder(types.ScalarAttributeTypeS, c)
	case classNumber, classInt, classUint, classFloat:
		c.decodeJSON = scalarJSONDecoder(types.ScalarAttributeTypeN, c)
	case classBytes:
		c.decodeJSON = decodeBytesJSON
	case classBool:
		c.decodeJSON = decodeBoolJSON
	case classPointer:
		c.decodeJSON = pointerJSONDecoder(c.elem)
	case classList, classSet:
		if c.typ.Kind() == reflect.Slice {
			c.decodeJSON = listJSONDecoder(c.elem)
		}
	case classMap:
		c.decodeItemJSON = mapItemJSONDecoder(c.elem)
	case classStruct:
		c.decodeItemJSON = structItemJSONDecoder(c.info, c.fields)
	}
	if c.decodeItemJSON != nil {
		c.decodeJSON = itemJSONDecoder(c.decodeItemJSON)
	}
}

// UnmarshalItemJSON decodes an item in DynamoDB JSON (see AppendItemJSON)
// into v, as Unmarshal decodes the item, without building attribute
// values. Strings are shared with one copy of data.
func UnmarshalItemJSON(data []byte, v any) error {
	return unmarshalJSON(string(data), v, false)
}

// readers recycles the readers of unmarshalJSON, which the decoders'
// indirect calls would move to the heap.
var readers = sync.Pool{New: func() any { return new(wirejson.Reader) }}

// unmarshalJSON decodes the JSON of an item into v, a non-nil pointer, as
// Unmarshal (strict: UnmarshalStrict) decodes the item. A value the JSON
// decoders reject is decoded again from attribute values, so that its
// error is the one Unmarshal reports.
func unmarshalJSON(data string, v any, strict bool) error {
	rv, c, err := outputCodec(v)
	if err != nil {
		return err
	}
	r := readers.Get().(*wirejson.Reader)
	defer readers.Put(r)
	r.Reset(data)
	if c.decodeItemJSON != nil {
		if err := c.decodeItemJSON(r, rv, strict); err == nil && r.Done() == nil {
			r.Reset("")
			return nil
		}
		r.Reset(data)
	}
	defer r.Reset("")
	item := r.Item()
	if err := r.Done(); err != nil {
		return &DecodeError{GoType: rv.Type().String(), Reason: "invalid item JSON", Err: err}
	}
	return unmarshalItem(item, v, strict)
}

// decodeValueJSON decodes the payload of a value of type tag through c's
// JSON decoder, or through its attribute value when it has none.
func (c *codec) decodeValueJSON(r *wirejson.Reader, tag string, v reflect.Value, strict bool) error {
	if c.decodeJSON != nil {
		return c.decodeJSON(r, tag, v, strict)
	}
	av := r.Payload(tag)
	if err := r.Err(); err != nil {
		return err
	}
	return c.decode(av, v, strict)
}

// decodeAttributeJSON decodes a whole attribute value at r into v.
func decodeAttributeJSON(r *wirejson.Reader, c *codec, v reflect.Value, strict bool) error {
	tag := r.Tag()
	if err := r.Err(); err != nil {
		return err
	}
	if err := c.decodeValueJSON(r, tag, v, strict); err != nil {
		return err
	}
	r.End()
	return r.Err()
}

// mismatchTag reports a value of type tag of the wrong type for t.
func mismatchTag(tag string, t reflect.Type, want string) error {
	if tag == "NULL" {
		return decodeErr(t, nil, "NULL for a type that cannot be nil")
	}
	return decodeErr(t, nil, "expected %s, got %s", want, tag)
}

// scalarJSONDecoder decodes S or N values (kind) through c's parseText.
func scalarJSONDecoder(kind types.ScalarAttributeType, c *codec) decodeJSONFunc {
	want := string(kind)
	return func(r *wirejson.Reader, tag string, v reflect.Value, _ bool) error {
		if tag != want {
			return mismatchTag(tag, v.Type(), want)
		}
		s := r.String()
		if err := r.Err(); err != nil {
			return err
		}
		return c.parseText(s, v)
	}
}

// decodeBytesJSON decodes B values into byte slices and arrays.
func decodeBytesJSON(r *wirejson.Reader, tag string, v reflect.Value, _ bool) error {
	if tag != "B" {
		return mismatchTag(tag, v.Type(), "B")
	}
	b := r.Blob()
	if err := r.Err(); err != nil {
		return err
	}
	if v.Kind() == reflect.Slice {
		v.SetBytes(b) // already a copy
		return nil
	}
	return parseBytes(b, v)
}

func decodeBoolJSON(r *wirejson.Reader, tag string, v reflect.Value, _ bool) error {
	if tag != "BOOL" {
		return mismatchTag(tag, v.Type(), "BOOL")
	}
	v.SetBool(r.Bool())
	return r.Err()
}

// pointerJSONDecoder sets the pointer to nil for NULL, and otherwise
// decodes into its target, allocated when nil.
func pointerJSONDecoder(elem *codec) decodeJSONFunc {
	return func(r *wirejson.Reader, tag string, v reflect.Value, strict bool) error {
		if tag == "NULL" {
			r.Bool()
			v.SetZero()
			return r.Err()
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return elem.decodeValueJSON(r, tag, v.Elem(), strict)
	}
}

// listJSONDecoder decodes L, SS, NS and BS values into slices (NULL into a
// nil slice), as listDecoder does.
func listJSONDecoder(elem *codec) decodeJSONFunc {
	return func(r *wirejson.Reader, tag string, v reflect.Value, strict bool) error {
		switch tag {
		case "L":
		case "NULL":
			r.Bool()
			v.SetZero()
			return r.Err()
		case "SS", "NS", "BS":
			if tag[:1] != string(elem.kind) {
				return mismatchTag(tag, v.Type(), "L")
			}
		default:
			return mismatchTag(tag, v.Type(), "L")
		}
		seq, err := sequence(v, r.Count())
		if err != nil {
			return err
		}
		r.Enter('[')
		i := 0
		for ; r.More(']', i == 0); i++ {
			if i == seq.Len() { // malformed input that Count misread
				return decodeErr(v.Type(), nil, "malformed list")
			}
			if tag == "L" {
				err = decodeAttributeJSON(r, elem, seq.Index(i), strict)
			} else {
				err = decodeSetMemberJSON(r, elem, tag, seq.Index(i))
			}
			if err != nil {
				return atPath(err, indexSegment(i))
			}
		}
		if err := r.Err(); err != nil || i == seq.Len() {
			return err
		}
		return decodeErr(v.Type(), nil, "malformed list")
	}
}

// decodeSetMemberJSON decodes a member of a set of type tag into v, as
// decodeMember does.
func decodeSetMemberJSON(r *wirejson.Reader, elem *codec, tag string, v reflect.Value) error {
	if tag == "BS" {
		b := r.Blob()
		if err := r.Err(); err != nil {
			return err
		}
		if elem.parseBytes == nil {
			return elem.decode(&types.AttributeValueMemberB{Value: b}, v, false)
		}
		return elem.parseBytes(b, v)
	}
	s := r.String()
	if err := r.Err(); err != nil {
		return err
	}
	switch {
	case elem.parseText != nil:
		return elem.parseText(s, v)
	case tag == "SS":
		return elem.decode(&types.AttributeValueMemberS{Value: s}, v, false)
	}
	return elem.decode(&types.AttributeValueMemberN{Value: s}, v, false)
}

// itemJSONDecoder wraps an item decoder as the decoder of M values (NULL
// into a nil map).
func itemJSONDecoder(decodeItem decodeItemJSONFunc) decodeJSONFunc {
	return func(r *wirejson.Reader, tag string, v reflect.Value, strict bool) error {
		if tag != "M" {
			if tag == "NULL" && v.Kind() == reflect.Map {
				r.Bool()
				v.SetZero()
				return r.Err()
			}
			return mismatchTag(tag, v.Type(), "M")
		}
		return decodeItem(r, v, strict)
	}
}

// mapItemJSONDecoder decodes an item into a map with string keys, adding
// to the entries it has.
func mapItemJSONDecoder(elem *codec) decodeItemJSONFunc {
	return func(r *wirejson.Reader, v reflect.Value, strict bool) error {
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		r.Enter('{')
		if v.Type() == stringMapType { // common; see mapItemEncoder
			m := v.Interface().(map[string]string)
			for first := true; r.More('}', first); first = false {
				k := r.Key()
				if tag := r.Tag(); tag != "S" {
					return atPath(mismatchTag(tag, v.Type().Elem(), "S"), k)
				}
				m[k] = r.String()
				r.End()
			}
			return r.Err()
		}
		key := reflect.New(v.Type().Key()).Elem()
		val := reflect.New(v.Type().Elem()).Elem()
		for first := true; r.More('}', first); first = false {
			k := r.Key()
			val.SetZero()
			if err := decodeAttributeJSON(r, elem, val, strict); err != nil {
				return atPath(err, k)
			}
			key.SetString(k)
			v.SetMapIndex(key, val)
		}
		return r.Err()
	}
}

// structItemJSONDecoder decodes an item into a struct's fields, leaving
// fields without an attribute as they are.
func structItemJSONDecoder(info *structInfo, fields []structField) decodeItemJSONFunc {
	byName := make(map[string]int, len(fields))
	for i, f := range fields {
		byName[f.info.name] = i
	}
	return func(r *wirejson.Reader, v reflect.Value, strict bool) error {
		var unknown []string
		next := 0 // items written by the codec have their fields in order
		r.Enter('{')
		for first := true; r.More('}', first); first = false {
			k := r.Key()
			i, ok := next, next < len(fields) && fields[next].info.name == k
			if !ok {
				i, ok = byName[k]
			}
			next = i + 1
			if !ok {
				if strict {
					unknown = append(unknown, k)
				}
				r.SkipAttributeValue()
				continue
			}
			f := fields[i]
			fv, err := fieldForDecode(v, f.info.index)
			if err == nil {
				err = decodeAttributeJSON(r, f.codec, fv, strict)
			}
			if err != nil {
				return atPath(err, f.info.name)
			}
		}
		if err := r.Err(); err != nil {
			return err
		}
		if len(unknown) > 0 {
			return &DecodeError{Path: slices.Min(unknown), GoType: info.typ.String(), Reason: "unknown attribute"}
		}
		return nil
	}
}
