package ddb

import (
	"errors"
	"reflect"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/itemenc"
)

// The codec's third form: items in the binary encoding an in-process
// engine stores them in (internal/itemenc), decoded straight into Go
// values without building attribute values or JSON
// (docs/decisions/stored-items-to-structs.md). A stored decoder handles
// only what decodes without error; at anything else (a type mismatch, a
// value its parser refuses) it gives up, and the whole item is decoded
// again through attribute values, whose path reports the error. A codec
// without a stored decoder (a custom Unmarshaler, an interface, an array)
// decodes its value through its attribute value.

// storedReader reads one stored item: the cursor, and the nesting depth of
// the value being read, bounded for corrupt input.
type storedReader struct {
	cur   itemenc.Cursor
	depth int
}

// storedReaders recycles the readers of unmarshalStored, which the
// decoders' indirect calls would move to the heap.
var storedReaders = sync.Pool{New: func() any { return new(storedReader) }}

// decodeStoredFunc decodes into the settable v the value whose kind, text
// and count the caller has read (itemenc.Cursor.Value), reading its
// elements or members.
type decodeStoredFunc func(r *storedReader, kind itemenc.Kind, text string, n int, v reflect.Value) error

// decodeItemStoredFunc decodes n attributes or map members (a name and a
// value each) into v.
type decodeItemStoredFunc func(r *storedReader, n int, v reflect.Value) error

// errStoredFallback tells a stored decoder's caller to decode the item
// through attribute values instead.
var errStoredFallback = errors.New("ddb: stored value decoded through attribute values")

// storedDecoder sets the stored decoders of c, whose values decode by the
// rule of decClass (see jsonDecoder).
func storedDecoder(c *codec, decClass codecClass) {
	switch decClass {
	case classTime, classUUID, classString, classNumber, classInt, classUint, classFloat:
		want := itemenc.KindS
		if c.kind == "N" {
			want = itemenc.KindN
		}
		c.decodeStored = scalarStoredDecoder(want, c.parseText)
	case classBytes:
		c.decodeStored = decodeBytesStored
	case classBool:
		c.decodeStored = decodeBoolStored
	case classPointer:
		c.decodeStored = pointerStoredDecoder(c.elem)
	case classList, classSet:
		if c.typ.Kind() == reflect.Slice {
			c.decodeStored = listStoredDecoder(c.elem)
		}
	case classMap:
		c.decodeItemStored = mapItemStoredDecoder(c.elem)
	case classStruct:
		c.decodeItemStored = structItemStoredDecoder(c.fields)
	}
	if c.decodeItemStored != nil {
		c.decodeStored = itemStoredDecoder(c.decodeItemStored)
	}
}

// unmarshalStored decodes a stored item into v, a non-nil pointer, as
// Unmarshal decodes the item. Strings share memory with enc, which the
// caller hands over.
func unmarshalStored(enc []byte, v any) error {
	rv, c, err := outputCodec(v)
	if err != nil {
		return err
	}
	if c.decodeItemStored != nil {
		r := storedReaders.Get().(*storedReader)
		err := c.decodeItemStored(r, r.cur.Reset(enc), rv)
		if err == nil {
			err = r.cur.Done()
		}
		r.cur.Reset(nil)
		storedReaders.Put(r)
		if err == nil {
			return nil
		}
	}
	item, err := itemenc.DecodeItem(enc)
	if err != nil {
		return &DecodeError{GoType: rv.Type().String(), Reason: "invalid stored item", Err: err}
	}
	return unmarshalItem(item, v, false)
}

// decodeValue reads the next value at r into v through c.
func (r *storedReader) decodeValue(c *codec, v reflect.Value) error {
	kind, text, n := r.cur.Value()
	return r.decodeRead(c, kind, text, n, v)
}

// decodeRead decodes the value whose kind, text and count were read into v
// through c's stored decoder, or through its attribute value when it has
// none.
func (r *storedReader) decodeRead(c *codec, kind itemenc.Kind, text string, n int, v reflect.Value) error {
	if kind == itemenc.KindInvalid {
		return errStoredFallback
	}
	if c.decodeStored != nil {
		return c.decodeStored(r, kind, text, n, v)
	}
	av := r.cur.AttributeValue(kind, text, n)
	if av == nil {
		return errStoredFallback
	}
	return c.decode(av, v, false)
}

// nest enters a list or map, unless it is nested too deep; leave must
// follow a nest that succeeded.
func (r *storedReader) nest() error {
	if r.depth == itemenc.MaxDepth {
		return errStoredFallback
	}
	r.depth++
	return nil
}

func (r *storedReader) leave() { r.depth-- }

// scalarStoredDecoder decodes S or N values (want) through parseText.
func scalarStoredDecoder(want itemenc.Kind, parseText func(string, reflect.Value) error) decodeStoredFunc {
	return func(_ *storedReader, kind itemenc.Kind, text string, _ int, v reflect.Value) error {
		if kind != want {
			return errStoredFallback
		}
		return parseText(text, v)
	}
}

// decodeBytesStored decodes B values into byte slices and arrays, as
// copies.
func decodeBytesStored(_ *storedReader, kind itemenc.Kind, text string, _ int, v reflect.Value) error {
	if kind != itemenc.KindB {
		return errStoredFallback
	}
	return parseBytes(stringBytes(text), v)
}

func decodeBoolStored(_ *storedReader, kind itemenc.Kind, text string, _ int, v reflect.Value) error {
	if kind != itemenc.KindBOOL {
		return errStoredFallback
	}
	v.SetBool(text != "")
	return nil
}

// pointerStoredDecoder sets the pointer to nil for NULL, and otherwise
// decodes into its target, allocated when nil.
func pointerStoredDecoder(elem *codec) decodeStoredFunc {
	return func(r *storedReader, kind itemenc.Kind, text string, n int, v reflect.Value) error {
		if kind == itemenc.KindNULL {
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return r.decodeRead(elem, kind, text, n, v.Elem())
	}
}

// listStoredDecoder decodes L values and sets of elem's kind into slices
// (NULL into a nil slice).
func listStoredDecoder(elem *codec) decodeStoredFunc {
	var set itemenc.Kind
	switch elem.kind {
	case "S":
		set = itemenc.KindSS
	case "N":
		set = itemenc.KindNS
	case "B":
		set = itemenc.KindBS
	}
	return func(r *storedReader, kind itemenc.Kind, _ string, n int, v reflect.Value) error {
		switch {
		case kind == itemenc.KindNULL:
			v.SetZero()
			return nil
		case kind != itemenc.KindL && (kind != set || set == 0):
			return errStoredFallback
		}
		if err := r.nest(); err != nil {
			return err
		}
		defer r.leave()
		seq, err := sequence(v, n)
		if err != nil {
			return err
		}
		for i := range n {
			if kind == itemenc.KindL {
				err = r.decodeValue(elem, seq.Index(i))
			} else {
				err = r.decodeSetMember(elem, kind, seq.Index(i))
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// decodeSetMember decodes the next member of a set of kind into v, as
// decodeMember does.
func (r *storedReader) decodeSetMember(elem *codec, kind itemenc.Kind, v reflect.Value) error {
	member := r.cur.Member()
	switch {
	case kind == itemenc.KindBS && elem.parseBytes != nil:
		return elem.parseBytes(stringBytes(member), v)
	case kind == itemenc.KindBS:
		return elem.decode(&types.AttributeValueMemberB{Value: []byte(member)}, v, false)
	case elem.parseText != nil:
		return elem.parseText(member, v)
	case kind == itemenc.KindSS:
		return elem.decode(&types.AttributeValueMemberS{Value: member}, v, false)
	}
	return elem.decode(&types.AttributeValueMemberN{Value: member}, v, false)
}

// itemStoredDecoder wraps an item decoder as the decoder of M values (NULL
// into a nil map).
func itemStoredDecoder(decodeItem decodeItemStoredFunc) decodeStoredFunc {
	return func(r *storedReader, kind itemenc.Kind, _ string, n int, v reflect.Value) error {
		if kind != itemenc.KindM {
			if kind == itemenc.KindNULL && v.Kind() == reflect.Map {
				v.SetZero()
				return nil
			}
			return errStoredFallback
		}
		if err := r.nest(); err != nil {
			return err
		}
		defer r.leave()
		return decodeItem(r, n, v)
	}
}

// mapItemStoredDecoder decodes members into a map with string keys,
// adding to the entries it has.
func mapItemStoredDecoder(elem *codec) decodeItemStoredFunc {
	return func(r *storedReader, n int, v reflect.Value) error {
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(v.Type(), n))
		}
		if v.Type() == stringMapType { // common; see mapItemEncoder
			m := v.Interface().(map[string]string)
			for range n {
				k := r.cur.Name()
				kind, text, _ := r.cur.Value()
				if kind != itemenc.KindS {
					return errStoredFallback
				}
				m[k] = text
			}
			return nil
		}
		key := reflect.New(v.Type().Key()).Elem()
		val := reflect.New(v.Type().Elem()).Elem()
		for range n {
			k := r.cur.Name()
			val.SetZero()
			if err := r.decodeValue(elem, val); err != nil {
				return err
			}
			key.SetString(k)
			v.SetMapIndex(key, val)
		}
		return nil
	}
}

// structItemStoredDecoder decodes attributes into a struct's fields,
// skipping unknown ones and leaving fields without an attribute as they
// are.
func structItemStoredDecoder(fields []structField) decodeItemStoredFunc {
	byName := make(map[string]int, len(fields))
	for i, f := range fields {
		byName[f.info.name] = i
	}
	return func(r *storedReader, n int, v reflect.Value) error {
		for range n {
			k := r.cur.Name()
			i, ok := byName[k]
			if !ok {
				kind, _, count := r.cur.Value()
				r.cur.Skip(kind, count)
				continue
			}
			f := fields[i]
			fv, err := fieldForDecode(v, f.info.index)
			if err == nil {
				err = r.decodeValue(f.codec, fv)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}
