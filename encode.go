package ddb

import (
	"encoding"
	"math"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

// memberPtr is the pointer type P of an attribute value member type M.
type memberPtr[M any] interface {
	*M
	types.AttributeValue
}

// maxTextSize is the most text room a codec asks for.
const maxTextSize = uuidTextSize

// memberBox holds a member and room for its text in one allocation, for
// values encoded on their own rather than as a struct field.
type memberBox[M any] struct {
	member M
	text   [maxTextSize]byte
}

// memberFiller sets the Value of the member m from v, found at depth
// (false: v has no value). text is room for the member's text; the filler
// may append to it and keep referring to the bytes, which are never
// written again.
type memberFiller[P any] func(v reflect.Value, depth int, m P, text []byte) (bool, error)

// setMemberEncoder makes c encode every value as a member of type M, with
// fill setting the member's Value; text is room for textSize bytes in the
// member's allocation.
func setMemberEncoder[M any, P memberPtr[M]](c *codec, textSize int, fill memberFiller[P]) {
	c.member, c.textSize = reflect.TypeFor[M](), textSize
	c.encodeTo = func(v reflect.Value, depth int, m unsafe.Pointer, text []byte) (types.AttributeValue, error) {
		p := P((*M)(m))
		if ok, err := fill(v, depth, p, text); !ok || err != nil {
			return nil, err
		}
		return p, nil
	}
	encodeTo := c.encodeTo
	if textSize == 0 {
		c.encode = func(v reflect.Value, depth int) (types.AttributeValue, error) {
			return encodeTo(v, depth, unsafe.Pointer(new(M)), nil)
		}
		return
	}
	c.encode = func(v reflect.Value, depth int) (types.AttributeValue, error) {
		box := new(memberBox[M])
		return encodeTo(v, depth, unsafe.Pointer(&box.member), box.text[:0:textSize])
	}
}

// bytesString returns a string sharing b's bytes; b must never change again.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// stringBytes returns s's bytes without copying them, for reading only.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// scalarEncoder makes c encode values as the scalar kind through text (a
// string the value holds) or appendText, which needs at most textSize bytes
// for most values.
func scalarEncoder(c *codec, kind types.ScalarAttributeType, textSize int) {
	text, appendText := c.text, c.appendText
	switch {
	case kind == types.ScalarAttributeTypeB:
		setMemberEncoder(c, 0, func(v reflect.Value, _ int, m *types.AttributeValueMemberB, _ []byte) (bool, error) {
			if v.Kind() == reflect.Slice && v.IsNil() {
				return false, nil
			}
			b, err := appendText(make([]byte, 0, v.Len()), v)
			m.Value = b
			return err == nil, err
		})
	case kind == types.ScalarAttributeTypeS:
		textMemberEncoder(c, textSize, text, appendText, func(m *types.AttributeValueMemberS, s string) { m.Value = s })
	default:
		textMemberEncoder(c, textSize, text, appendText, func(m *types.AttributeValueMemberN, s string) { m.Value = s })
	}
}

// textMemberEncoder makes c encode values as the S or N member M, whose
// Value set sets.
func textMemberEncoder[M any, P memberPtr[M]](c *codec, textSize int, text func(reflect.Value) (string, error),
	appendText func([]byte, reflect.Value) ([]byte, error), set func(P, string)) {
	if text != nil {
		setMemberEncoder(c, 0, func(v reflect.Value, _ int, m P, _ []byte) (bool, error) {
			s, err := text(v)
			set(m, s)
			return err == nil, err
		})
		return
	}
	setMemberEncoder(c, textSize, func(v reflect.Value, _ int, m P, buf []byte) (bool, error) {
		b, err := appendText(buf[:0], v)
		set(m, bytesString(b))
		return err == nil, err
	})
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

// appendFloat appends the shortest digits that parse back to the same
// float, in the form DynamoDB returns numbers in: without an exponent, and
// zero as 0. An in-process put can then store an item with floats as it
// is (see the engine's PutItemJSON).
func appendFloat(dst []byte, v reflect.Value) ([]byte, error) {
	f := v.Float()
	switch a := math.Abs(f); {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return nil, encodeErr(v.Type(), nil, "%v is not a number DynamoDB can store", f)
	case a != 0 && (a < 1e-130 || a >= 1e126):
		return nil, encodeErr(v.Type(), nil, "%v is beyond the range of DynamoDB numbers", f)
	case f == 0:
		return append(dst, '0'), nil // also -0
	}
	return strconv.AppendFloat(dst, f, 'f', -1, v.Type().Bits()), nil
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
		case timeRFC3339Nano: // as attributevalue and guregu/dynamo write times
			return t.AppendFormat(dst, time.RFC3339Nano), nil
		}
		if y := t.UTC().Year(); y < 0 || y > 9999 {
			return nil, encodeErr(v.Type(), nil, "year %d is outside the range of RFC 3339 (0 to 9999)", y)
		}
		return t.UTC().AppendFormat(dst, sortableTime), nil
	}
}

// sortableTime is the layout of times stored as S: RFC 3339 in UTC with
// all nine fraction digits, so that every time has the same width and
// texts sort as the times do (see docs/decisions/library-time-encoding.md).
const sortableTime = "2006-01-02T15:04:05.000000000Z07:00"

// appendUUID appends the canonical xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx form.
func appendUUID(dst []byte, v reflect.Value) ([]byte, error) {
	const digits = "0123456789abcdef"
	for i, b := range valueAs[uuid.UUID](v) {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, digits[b>>4], digits[b&0xf])
	}
	return dst, nil
}

// valueAs returns the value of v, of type T, without copying it to the heap:
// through its address when v is addressable (Interface would copy it), and
// through Interface otherwise (which then shares v's memory).
func valueAs[T any](v reflect.Value) T {
	if v.CanAddr() {
		return *v.Addr().Interface().(*T)
	}
	return v.Interface().(T)
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
	return func(v reflect.Value, _ int) (types.AttributeValue, error) {
		av, err := methodsOf[Marshaler](v, byPtr).MarshalAttributeValue()
		if err != nil {
			return nil, encodeErr(v.Type(), err, "MarshalAttributeValue failed")
		}
		return av, nil
	}
}

func fillBool(v reflect.Value, _ int, m *types.AttributeValueMemberBOOL, _ []byte) (bool, error) {
	m.Value = v.Bool()
	return true, nil
}

func encodeAttributeValue(v reflect.Value, _ int) (types.AttributeValue, error) {
	if v.IsNil() {
		return nil, nil
	}
	return v.Interface().(types.AttributeValue), nil
}

// encodeInterface encodes what the interface v holds (see held).
func encodeInterface(v reflect.Value, depth int) (types.AttributeValue, error) {
	c, e, err := held(v)
	if c == nil {
		return nil, err
	}
	return c.encode(e, depth)
}

func encodeUnsupported(v reflect.Value, _ int) (types.AttributeValue, error) {
	return nil, encodeErr(v.Type(), nil, "unsupported Go type")
}

func pointerEncoder(elem *codec) encodeFunc {
	return func(v reflect.Value, depth int) (types.AttributeValue, error) {
		if v.IsNil() {
			return nil, nil
		}
		return elem.encode(v.Elem(), depth)
	}
}

// pointerEncoderTo is pointerEncoder encoding into a given member.
func pointerEncoderTo(elem *codec) memberEncodeFunc {
	return func(v reflect.Value, depth int, m unsafe.Pointer, text []byte) (types.AttributeValue, error) {
		if v.IsNil() {
			return nil, nil
		}
		return elem.encodeTo(v.Elem(), depth, m, text)
	}
}

// nullIfNone turns "no value" into NULL, for list elements and map entries.
func nullIfNone(av types.AttributeValue) types.AttributeValue {
	if av == nil {
		return &types.AttributeValueMemberNULL{Value: true}
	}
	return av
}

// listFiller encodes slices and arrays as L; a nil slice has no value.
func listFiller(elem *codec) memberFiller[*types.AttributeValueMemberL] {
	return func(v reflect.Value, depth int, m *types.AttributeValueMemberL, _ []byte) (bool, error) {
		if v.Kind() == reflect.Slice && v.IsNil() {
			return false, nil
		}
		if depth >= maxNesting {
			return false, tooDeep(v)
		}
		list := make([]types.AttributeValue, v.Len())
		m.Value = list
		if isPlainString(elem) {
			members := make([]types.AttributeValueMemberS, len(list)) // one allocation for all
			for i := range list {
				members[i].Value = v.Index(i).String()
				list[i] = &members[i]
			}
			return true, nil
		}
		for i := range list {
			av, err := elem.encode(v.Index(i), depth+1)
			if err != nil {
				return false, atPath(err, indexSegment(i))
			}
			list[i] = nullIfNone(av)
		}
		return true, nil
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
		w.buf = make([]byte, 0, n*elem.textSize)
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

// setEncoder makes c encode the slices, arrays and maps that hold sets of
// elem members as SS, NS or BS; an empty set has no value.
func setEncoder(c, elem *codec) {
	switch elem.kind {
	case types.ScalarAttributeTypeB:
		setMemberEncoder(c, 0, func(v reflect.Value, _ int, m *types.AttributeValueMemberBS, _ []byte) (bool, error) {
			w := newSetWriter(elem, v.Len())
			err := w.collect(v)
			m.Value = w.bytes
			return err == nil && len(w.bytes) > 0, err
		})
	case types.ScalarAttributeTypeN:
		stringSetEncoder(c, elem, func(m *types.AttributeValueMemberNS, s []string) { m.Value = s })
	default:
		stringSetEncoder(c, elem, func(m *types.AttributeValueMemberSS, s []string) { m.Value = s })
	}
}

// stringSetEncoder is setEncoder for the SS or NS member M, whose Value set
// sets.
func stringSetEncoder[M any, P memberPtr[M]](c, elem *codec, set func(P, []string)) {
	setMemberEncoder(c, 0, func(v reflect.Value, _ int, m P, _ []byte) (bool, error) {
		w := newSetWriter(elem, v.Len())
		err := w.collect(v)
		set(m, w.strings)
		return err == nil && len(w.strings) > 0, err
	})
}

// collect adds the members held by v: the elements of a slice or array, or
// the keys of a map[T]struct{} (of a map[T]bool, those mapped to true).
func (w *setWriter) collect(v reflect.Value) error {
	if v.Kind() == reflect.Map {
		return w.collectMapKeys(v)
	}
	for i := range v.Len() {
		if err := w.add(v.Index(i)); err != nil {
			return atPath(err, indexSegment(i))
		}
	}
	return nil
}

func (w *setWriter) collectMapKeys(v reflect.Value) error {
	return eachSetKey(v, w.add)
}

// eachSetKey calls add with each member of the map set v: its keys (of a
// map[T]bool, those mapped to true).
func eachSetKey(v reflect.Value, add func(reflect.Value) error) error {
	if v.Len() == 0 {
		return nil
	}
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
		if err := add(key); err != nil {
			return err
		}
	}
	return nil
}

// itemFiller encodes structs and maps with string keys, through their item
// encoder, as M; a nil map has no value.
func itemFiller(encodeItem itemEncodeFunc) memberFiller[*types.AttributeValueMemberM] {
	return func(v reflect.Value, depth int, m *types.AttributeValueMemberM, _ []byte) (bool, error) {
		item, err := encodeItem(v, depth)
		m.Value = item
		return err == nil && item != nil, err
	}
}

var stringMapType = reflect.TypeFor[map[string]string]()

// mapItemEncoder encodes a map with string keys; a nil map has no value.
func mapItemEncoder(elem *codec) itemEncodeFunc {
	return func(v reflect.Value, depth int) (map[string]types.AttributeValue, error) {
		if v.IsNil() {
			return nil, nil
		}
		if depth >= maxNesting {
			return nil, tooDeep(v)
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
			av, err := elem.encode(val, depth+1)
			if err != nil {
				return nil, atPath(err, key.String())
			}
			item[key.String()] = nullIfNone(av)
		}
		return item, nil
	}
}
