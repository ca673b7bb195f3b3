package ddb

import (
	"encoding"
	"encoding/hex"
	"math"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

// The boxes below let a scalar attribute value and the text it holds share
// one allocation: the text is written into the box's buffer and the member's
// Value is a string over those bytes, never written again. A text longer than
// the buffer is appended to a separate array instead, which is just as
// correct.
type (
	numberBox struct {
		member types.AttributeValueMemberN
		buf    [24]byte // any int64, uint64 or shortest float64 text
	}
	stringBox struct {
		member types.AttributeValueMemberS
		buf    [36]byte // a UUID, an RFC 3339 time up to year 9999
	}
)

// bytesString returns a string sharing b's bytes; b must never change again.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// scalarEncoder encodes values to the scalar kind through text (a string the
// value holds) or appendText.
func scalarEncoder(kind types.ScalarAttributeType, text func(reflect.Value) (string, error),
	appendText func([]byte, reflect.Value) ([]byte, error)) encodeFunc {
	switch {
	case kind == types.ScalarAttributeTypeB:
		return func(v reflect.Value) (types.AttributeValue, error) {
			if v.Kind() == reflect.Slice && v.IsNil() {
				return nil, nil
			}
			b, err := appendText(make([]byte, 0, v.Len()), v)
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberB{Value: b}, nil
		}
	case text != nil && kind == types.ScalarAttributeTypeS:
		return func(v reflect.Value) (types.AttributeValue, error) {
			s, err := text(v)
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberS{Value: s}, nil
		}
	case text != nil:
		return func(v reflect.Value) (types.AttributeValue, error) {
			s, err := text(v)
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberN{Value: s}, nil
		}
	case kind == types.ScalarAttributeTypeS:
		return func(v reflect.Value) (types.AttributeValue, error) {
			box := new(stringBox)
			b, err := appendText(box.buf[:0], v)
			if err != nil {
				return nil, err
			}
			box.member.Value = bytesString(b)
			return &box.member, nil
		}
	default:
		return func(v reflect.Value) (types.AttributeValue, error) {
			box := new(numberBox)
			b, err := appendText(box.buf[:0], v)
			if err != nil {
				return nil, err
			}
			box.member.Value = bytesString(b)
			return &box.member, nil
		}
	}
}

func stringText(v reflect.Value) (string, error) { return v.String(), nil }

func numberText(v reflect.Value) (string, error) {
	s := v.String()
	if s == "" {
		return "0", nil
	}
	if err := checkNumber(s); err != nil {
		return "", encodeErr(v.Type(), nil, "%v", err)
	}
	return s, nil
}

func appendInt(dst []byte, v reflect.Value) ([]byte, error) {
	return strconv.AppendInt(dst, v.Int(), 10), nil
}

func appendUint(dst []byte, v reflect.Value) ([]byte, error) {
	return strconv.AppendUint(dst, v.Uint(), 10), nil
}

// appendFloat appends the shortest text that parses back to the same float.
func appendFloat(dst []byte, v reflect.Value) ([]byte, error) {
	f := v.Float()
	switch a := math.Abs(f); {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return nil, encodeErr(v.Type(), nil, "%v is not a number DynamoDB can store", f)
	case a != 0 && (a < 1e-130 || a >= 1e126):
		return nil, encodeErr(v.Type(), nil, "%v is beyond the range of DynamoDB numbers", f)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, v.Type().Bits()), nil
}

func appendBytes(dst []byte, v reflect.Value) ([]byte, error) {
	if v.Kind() == reflect.Array && !v.CanAddr() {
		for i := range v.Len() {
			dst = append(dst, byte(v.Index(i).Uint()))
		}
		return dst, nil
	}
	return append(dst, v.Bytes()...), nil
}

// appendTime returns the text appender of time.Time values in format tf.
func appendTime(tf timeFormat) func([]byte, reflect.Value) ([]byte, error) {
	return func(dst []byte, v reflect.Value) ([]byte, error) {
		t := valueAs[time.Time](v)
		switch tf {
		case timeUnix:
			return strconv.AppendInt(dst, t.Unix(), 10), nil
		case timeUnixMilli:
			return strconv.AppendInt(dst, t.UnixMilli(), 10), nil
		}
		return t.AppendFormat(dst, time.RFC3339Nano), nil
	}
}

// appendUUID appends the canonical xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx form.
func appendUUID(dst []byte, v reflect.Value) ([]byte, error) {
	u := valueAs[uuid.UUID](v)
	for i, group := range [...][2]int{{0, 4}, {4, 6}, {6, 8}, {8, 10}, {10, 16}} {
		if i > 0 {
			dst = append(dst, '-')
		}
		dst = hex.AppendEncode(dst, u[group[0]:group[1]])
	}
	return dst, nil
}

// valueAs returns the value of v, of type T, without copying it to the heap
// when v is addressable.
func valueAs[T any](v reflect.Value) *T {
	if v.CanAddr() {
		return v.Addr().Interface().(*T)
	}
	x := v.Interface().(T)
	return &x
}

func appendMarshaledText(byPtr bool) func([]byte, reflect.Value) ([]byte, error) {
	return func(dst []byte, v reflect.Value) ([]byte, error) {
		text, err := methodsOf[encoding.TextMarshaler](v, byPtr).MarshalText()
		if err != nil {
			return nil, encodeErr(v.Type(), err, "MarshalText failed")
		}
		return append(dst, text...), nil
	}
}

func marshalerEncoder(byPtr bool) encodeFunc {
	return func(v reflect.Value) (types.AttributeValue, error) {
		av, err := methodsOf[Marshaler](v, byPtr).MarshalAttributeValue()
		if err != nil {
			return nil, encodeErr(v.Type(), err, "MarshalAttributeValue failed")
		}
		return av, nil
	}
}

func encodeBool(v reflect.Value) (types.AttributeValue, error) {
	return &types.AttributeValueMemberBOOL{Value: v.Bool()}, nil
}

func encodeAttributeValue(v reflect.Value) (types.AttributeValue, error) {
	if v.IsNil() {
		return nil, nil
	}
	return v.Interface().(types.AttributeValue), nil
}

func encodeInterface(v reflect.Value) (types.AttributeValue, error) {
	if v.IsNil() {
		return nil, nil
	}
	e := v.Elem()
	c, err := codecFor(e.Type(), format{})
	if err != nil {
		return nil, err
	}
	return c.encode(e)
}

func encodeUnsupported(v reflect.Value) (types.AttributeValue, error) {
	return nil, encodeErr(v.Type(), nil, "unsupported Go type")
}

func pointerEncoder(elem *codec) encodeFunc {
	return func(v reflect.Value) (types.AttributeValue, error) {
		if v.IsNil() {
			return nil, nil
		}
		return elem.encode(v.Elem())
	}
}

// nullIfNone turns "no value" into NULL, for list elements and map entries.
func nullIfNone(av types.AttributeValue) types.AttributeValue {
	if av == nil {
		return &types.AttributeValueMemberNULL{Value: true}
	}
	return av
}

// listEncoder encodes slices and arrays as L; a nil slice has no value.
func listEncoder(elem *codec) encodeFunc {
	return func(v reflect.Value) (types.AttributeValue, error) {
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, nil
		}
		list := make([]types.AttributeValue, v.Len())
		if isPlainString(elem) {
			members := make([]types.AttributeValueMemberS, len(list)) // one allocation for all
			for i := range list {
				members[i].Value = v.Index(i).String()
				list[i] = &members[i]
			}
			return &types.AttributeValueMemberL{Value: list}, nil
		}
		for i := range list {
			av, err := elem.encode(v.Index(i))
			if err != nil {
				return nil, atPath(err, indexSegment(i))
			}
			list[i] = nullIfNone(av)
		}
		return &types.AttributeValueMemberL{Value: list}, nil
	}
}

// isPlainString reports whether c encodes a Go string kind as S.
func isPlainString(c *codec) bool {
	return c.kind == types.ScalarAttributeTypeS && c.typ.Kind() == reflect.String && c.text != nil
}

// setWriter collects the members of one set.
type setWriter struct {
	elem    *codec
	strings []string
	bytes   [][]byte
	buf     []byte // the texts of members that need one, shared by all
}

func newSetWriter(elem *codec, n int) setWriter {
	w := setWriter{elem: elem}
	switch {
	case elem.kind == types.ScalarAttributeTypeB:
		w.bytes = make([][]byte, 0, n)
	case elem.text != nil:
		w.strings = make([]string, 0, n)
	default:
		w.strings = make([]string, 0, n)
		w.buf = make([]byte, 0, n*len(numberBox{}.buf))
	}
	return w
}

func (w *setWriter) add(v reflect.Value) error {
	switch {
	case w.elem.kind == types.ScalarAttributeTypeB:
		b, err := w.elem.appendText(nil, v)
		if err != nil {
			return err
		}
		w.bytes = append(w.bytes, b)
	case w.elem.text != nil:
		s, err := w.elem.text(v)
		if err != nil {
			return err
		}
		w.strings = append(w.strings, s)
	default:
		start := len(w.buf)
		buf, err := w.elem.appendText(w.buf, v)
		if err != nil {
			return err
		}
		// Appending never rewrites bytes already written, even when it
		// moves on to a larger array, so each member's string stays valid.
		w.buf = buf
		w.strings = append(w.strings, bytesString(buf[start:]))
	}
	return nil
}

// value returns the set, or no value when it is empty.
func (w *setWriter) value() types.AttributeValue {
	switch {
	case len(w.strings)+len(w.bytes) == 0:
		return nil
	case w.elem.kind == types.ScalarAttributeTypeB:
		return &types.AttributeValueMemberBS{Value: w.bytes}
	case w.elem.kind == types.ScalarAttributeTypeN:
		return &types.AttributeValueMemberNS{Value: w.strings}
	}
	return &types.AttributeValueMemberSS{Value: w.strings}
}

// sliceSetEncoder encodes slices and arrays as SS, NS or BS.
func sliceSetEncoder(elem *codec) encodeFunc {
	return func(v reflect.Value) (types.AttributeValue, error) {
		n := v.Len()
		if n == 0 {
			return nil, nil
		}
		w := newSetWriter(elem, n)
		for i := range n {
			if err := w.add(v.Index(i)); err != nil {
				return nil, atPath(err, indexSegment(i))
			}
		}
		return w.value(), nil
	}
}

// mapSetEncoder encodes the keys of a map[T]struct{}, or the keys mapped to
// true of a map[T]bool, as SS, NS or BS.
func mapSetEncoder(elem *codec) encodeFunc {
	return func(v reflect.Value) (types.AttributeValue, error) {
		if v.Len() == 0 {
			return nil, nil
		}
		w := newSetWriter(elem, v.Len())
		key := reflect.New(v.Type().Key()).Elem()
		val := reflect.New(v.Type().Elem()).Elem()
		isBool := val.Kind() == reflect.Bool
		for it := v.MapRange(); it.Next(); {
			if isBool {
				val.SetIterValue(it)
				if !val.Bool() {
					continue
				}
			}
			key.SetIterKey(it)
			if err := w.add(key); err != nil {
				return nil, err
			}
		}
		return w.value(), nil
	}
}

// itemEncoder wraps an item encoder as the encoder of M values.
func itemEncoder(encodeItem func(reflect.Value) (map[string]types.AttributeValue, error)) encodeFunc {
	return func(v reflect.Value) (types.AttributeValue, error) {
		item, err := encodeItem(v)
		if err != nil || item == nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: item}, nil
	}
}

var stringMapType = reflect.TypeFor[map[string]string]()

// mapItemEncoder encodes a map with string keys; a nil map has no value.
func mapItemEncoder(elem *codec) func(reflect.Value) (map[string]types.AttributeValue, error) {
	return func(v reflect.Value) (map[string]types.AttributeValue, error) {
		if v.IsNil() {
			return nil, nil
		}
		if v.Type() == stringMapType { // common; ranging over it directly saves the reflect iteration
			m := v.Interface().(map[string]string)
			item := make(map[string]types.AttributeValue, len(m))
			members, i := make([]types.AttributeValueMemberS, len(m)), 0 // one allocation for all
			for k, s := range m {
				members[i].Value = s
				item[k] = &members[i]
				i++
			}
			return item, nil
		}
		item := make(map[string]types.AttributeValue, v.Len())
		key := reflect.New(v.Type().Key()).Elem()
		val := reflect.New(v.Type().Elem()).Elem()
		for it := v.MapRange(); it.Next(); {
			key.SetIterKey(it)
			val.SetIterValue(it)
			av, err := elem.encode(val)
			if err != nil {
				return nil, atPath(err, key.String())
			}
			item[key.String()] = nullIfNone(av)
		}
		return item, nil
	}
}

// structItemEncoder encodes a struct's fields; fields without a value, and
// empty ones tagged omitempty, are left out.
func structItemEncoder(fields []structField) func(reflect.Value) (map[string]types.AttributeValue, error) {
	return func(v reflect.Value) (map[string]types.AttributeValue, error) {
		item := make(map[string]types.AttributeValue, len(fields))
		for _, f := range fields {
			fv, ok := fieldForEncode(v, f.info.index)
			if !ok || f.info.omitEmpty && isEmptyValue(fv) {
				continue
			}
			av, err := f.codec.encode(fv)
			if err != nil {
				return nil, atPath(err, f.info.name)
			}
			if av != nil {
				item[f.info.name] = av
			}
		}
		return item, nil
	}
}

// fieldForEncode returns the field at index, or false when it sits behind a
// nil embedded pointer.
func fieldForEncode(v reflect.Value, index []int) (reflect.Value, bool) {
	if len(index) == 1 {
		return v.Field(index[0]), true
	}
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// isEmptyValue reports whether omitempty leaves v out: a zero value, or an
// empty string, slice or map.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}
