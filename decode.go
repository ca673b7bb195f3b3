package ddb

import (
	"bytes"
	"encoding"
	"errors"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

// mismatch reports an attribute value of the wrong type for t.
func mismatch(av types.AttributeValue, t reflect.Type, want string) error {
	if _, ok := av.(*types.AttributeValueMemberNULL); ok {
		return decodeErr(t, nil, "NULL for a type that cannot be nil")
	}
	return decodeErr(t, nil, "expected %s, got %s", want, avType(av))
}

// isNull reports whether av is NULL.
func isNull(av types.AttributeValue) bool {
	_, ok := av.(*types.AttributeValueMemberNULL)
	return ok
}

// scalarDecoder decodes values of the scalar kind through parseText (S, N) or
// parseBytes (B).
func scalarDecoder(kind types.ScalarAttributeType, parseText func(string, reflect.Value) error,
	parseBytes func([]byte, reflect.Value) error) decodeFunc {
	switch kind {
	case types.ScalarAttributeTypeB:
		return func(av types.AttributeValue, v reflect.Value, _ bool) error {
			m, ok := av.(*types.AttributeValueMemberB)
			if !ok {
				return mismatch(av, v.Type(), "B")
			}
			return parseBytes(m.Value, v)
		}
	case types.ScalarAttributeTypeN:
		return func(av types.AttributeValue, v reflect.Value, _ bool) error {
			m, ok := av.(*types.AttributeValueMemberN)
			if !ok {
				return mismatch(av, v.Type(), "N")
			}
			return parseText(m.Value, v)
		}
	}
	return func(av types.AttributeValue, v reflect.Value, _ bool) error {
		m, ok := av.(*types.AttributeValueMemberS)
		if !ok {
			return mismatch(av, v.Type(), "S")
		}
		return parseText(m.Value, v)
	}
}

// numberError turns an error of parseIntegerText or parseFloatText into a
// DecodeError.
func numberError(t reflect.Type, s string, err error) error {
	switch {
	case errors.Is(err, errOverflow):
		return decodeErr(t, nil, "number %s out of range", s)
	case errors.Is(err, errNotInteger):
		return decodeErr(t, nil, "number %s is not an integer", s)
	}
	return decodeErr(t, nil, "invalid number %q", s)
}

// parseNumberInto parses the text of an N value with parse, at the bit size
// of v's kind, and stores it with set.
func parseNumberInto[N int64 | uint64 | float64](s string, v reflect.Value, parse func(string, int) (N, error), set func(reflect.Value, N)) error {
	n, err := parse(s, v.Type().Bits())
	if err != nil {
		return numberError(v.Type(), s, err)
	}
	set(v, n)
	return nil
}

func parseInt(s string, v reflect.Value) error {
	return parseNumberInto(s, v, parseIntegerText[int64], reflect.Value.SetInt)
}

func parseUint(s string, v reflect.Value) error {
	return parseNumberInto(s, v, parseIntegerText[uint64], reflect.Value.SetUint)
}

func parseFloat(s string, v reflect.Value) error {
	return parseNumberInto(s, v, parseFloatText, reflect.Value.SetFloat)
}

func parseString(s string, v reflect.Value) error {
	v.SetString(s)
	return nil
}

func parseNumber(s string, v reflect.Value) error {
	if err := checkNumber(s); err != nil {
		return decodeErr(v.Type(), nil, "invalid number %q", s)
	}
	v.SetString(s)
	return nil
}

// parseTime returns the parser of time.Time texts in format tf.
func parseTime(tf timeFormat) func(string, reflect.Value) error {
	return func(s string, v reflect.Value) error {
		var t time.Time
		if tf.text() {
			var err error
			if t, err = parseRFC3339(s); err != nil {
				return decodeErr(v.Type(), err, "invalid RFC 3339 time %q", s)
			}
		} else {
			n, err := parseIntegerText[int64](s, 64)
			if err != nil {
				return numberError(v.Type(), s, err)
			}
			if tf == timeUnix {
				t = time.Unix(n, 0).UTC()
			} else {
				t = time.UnixMilli(n).UTC()
			}
		}
		*v.Addr().Interface().(*time.Time) = t
		return nil
	}
}

// parseRFC3339 parses any RFC 3339 time: with or without a fraction, in any
// zone, and with the lower-case "t" and "z" or the space between date and
// time that RFC 3339 allows and other writers use.
func parseRFC3339(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil || len(s) <= 10 {
		return t, err
	}
	b := []byte(strings.ToUpper(s))
	if b[10] == ' ' {
		b[10] = 'T'
	}
	if t, err2 := time.Parse(time.RFC3339Nano, string(b)); err2 == nil {
		return t, nil
	}
	return t, err
}

func parseUUID(s string, v reflect.Value) error {
	u, err := uuid.Parse(s)
	if err != nil {
		return decodeErr(v.Type(), err, "invalid UUID %q", s)
	}
	*v.Addr().Interface().(*uuid.UUID) = u
	return nil
}

// parseBytes copies b into a byte slice or a byte array of the same length.
func parseBytes(b []byte, v reflect.Value) error {
	if v.Kind() == reflect.Slice {
		v.SetBytes(bytes.Clone(b))
		return nil
	}
	if len(b) != v.Len() {
		return decodeErr(v.Type(), nil, "B value of %d bytes", len(b))
	}
	reflect.Copy(v, reflect.ValueOf(b))
	return nil
}

func parseUnmarshaledText(byPtr bool) func(string, reflect.Value) error {
	return func(s string, v reflect.Value) error {
		if err := methodsOf[encoding.TextUnmarshaler](v, byPtr).UnmarshalText([]byte(s)); err != nil {
			return decodeErr(v.Type(), err, "UnmarshalText failed")
		}
		return nil
	}
}

func unmarshalerDecoder(byPtr bool) decodeFunc {
	return func(av types.AttributeValue, v reflect.Value, _ bool) error {
		if err := methodsOf[Unmarshaler](v, byPtr).UnmarshalAttributeValue(av); err != nil {
			return decodeErr(v.Type(), err, "UnmarshalAttributeValue failed")
		}
		return nil
	}
}

func decodeBool(av types.AttributeValue, v reflect.Value, _ bool) error {
	m, ok := av.(*types.AttributeValueMemberBOOL)
	if !ok {
		return mismatch(av, v.Type(), "BOOL")
	}
	v.SetBool(m.Value)
	return nil
}

func decodeAttributeValue(av types.AttributeValue, v reflect.Value, _ bool) error {
	rav := reflect.ValueOf(av)
	if !rav.IsValid() || !rav.Type().AssignableTo(v.Type()) {
		return mismatch(av, v.Type(), v.Type().String())
	}
	v.Set(rav)
	return nil
}

// decodeInterface decodes into what a non-nil pointer held by v points to, or
// else, for an empty interface, stores the natural Go value (see decodeAny).
func decodeInterface(av types.AttributeValue, v reflect.Value, strict bool) error {
	if isNull(av) {
		v.SetZero()
		return nil
	}
	if e := v.Elem(); e.Kind() == reflect.Pointer && !e.IsNil() {
		c, err := codecFor(e.Type().Elem(), format{})
		if err != nil {
			return err
		}
		return c.decode(av, e.Elem(), strict)
	}
	if v.NumMethod() != 0 {
		return decodeErr(v.Type(), nil, "cannot decode %s into a non-empty interface", avType(av))
	}
	x, err := decodeAny(av)
	if err != nil {
		return err
	}
	v.Set(reflect.ValueOf(x))
	return nil
}

// decodeAny returns the natural Go value of av: string, Number, []byte, bool,
// nil (NULL), []any, map[string]any, []string, []Number or [][]byte.
func decodeAny(av types.AttributeValue) (any, error) {
	switch m := av.(type) {
	case *types.AttributeValueMemberS:
		return m.Value, nil
	case *types.AttributeValueMemberN:
		return Number(m.Value), nil
	case *types.AttributeValueMemberB:
		return bytes.Clone(m.Value), nil
	case *types.AttributeValueMemberBOOL:
		return m.Value, nil
	case *types.AttributeValueMemberNULL:
		return nil, nil
	case *types.AttributeValueMemberL:
		list := make([]any, len(m.Value))
		for i, e := range m.Value {
			x, err := decodeAny(e)
			if err != nil {
				return nil, atPath(err, indexSegment(i))
			}
			list[i] = x
		}
		return list, nil
	case *types.AttributeValueMemberM:
		doc := make(map[string]any, len(m.Value))
		for k, e := range m.Value {
			x, err := decodeAny(e)
			if err != nil {
				return nil, atPath(err, k)
			}
			doc[k] = x
		}
		return doc, nil
	case *types.AttributeValueMemberSS:
		return slices.Clone(m.Value), nil
	case *types.AttributeValueMemberNS:
		ns := make([]Number, len(m.Value))
		for i, s := range m.Value {
			ns[i] = Number(s)
		}
		return ns, nil
	case *types.AttributeValueMemberBS:
		bs := make([][]byte, len(m.Value))
		for i, b := range m.Value {
			bs[i] = bytes.Clone(b)
		}
		return bs, nil
	}
	return nil, decodeErr(reflect.TypeFor[any](), nil, "unknown attribute value %s", avType(av))
}

func decodeUnsupported(_ types.AttributeValue, v reflect.Value, _ bool) error {
	return decodeErr(v.Type(), nil, "unsupported Go type")
}

// pointerDecoder sets the pointer to nil for NULL, and otherwise decodes into
// its target, allocated when nil.
func pointerDecoder(elem *codec) decodeFunc {
	return func(av types.AttributeValue, v reflect.Value, strict bool) error {
		if isNull(av) {
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return elem.decode(av, v.Elem(), strict)
	}
}

// sequence returns the slice or array to decode n elements into: a new slice
// set into v, or v itself, an array, which must have length n.
func sequence(v reflect.Value, n int) (reflect.Value, error) {
	if v.Kind() == reflect.Slice {
		if n == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty, not nil
			return v, nil
		}
		v.SetZero() // a new array: never write into the one v had
		v.Grow(n)   // unlike MakeSlice, allocates no slice header
		v.SetLen(n)
		return v, nil
	}
	if v.Len() != n {
		return v, decodeErr(v.Type(), nil, "%d elements for an array of %d", n, v.Len())
	}
	return v, nil
}

// listDecoder decodes L, SS, NS and BS values into slices and arrays (NULL
// into a nil slice).
func listDecoder(elem *codec) decodeFunc {
	return func(av types.AttributeValue, v reflect.Value, strict bool) error {
		if l, ok := av.(*types.AttributeValueMemberL); ok {
			seq, err := sequence(v, len(l.Value))
			if err != nil {
				return err
			}
			for i, e := range l.Value {
				if err := elem.decode(e, seq.Index(i), strict); err != nil {
					return atPath(err, indexSegment(i))
				}
			}
			return nil
		}
		if isNull(av) && v.Kind() == reflect.Slice {
			v.SetZero()
			return nil
		}
		n, ok := setLen(av, elem.kind)
		if !ok {
			return mismatch(av, v.Type(), "L")
		}
		seq, err := sequence(v, n)
		if err != nil {
			return err
		}
		for i := range n {
			if err := decodeMember(elem, av, i, seq.Index(i)); err != nil {
				return atPath(err, indexSegment(i))
			}
		}
		return nil
	}
}

// setLen returns the number of members of av when it is a set of kind.
func setLen(av types.AttributeValue, kind types.ScalarAttributeType) (int, bool) {
	switch m := av.(type) {
	case *types.AttributeValueMemberSS:
		return len(m.Value), kind == types.ScalarAttributeTypeS
	case *types.AttributeValueMemberNS:
		return len(m.Value), kind == types.ScalarAttributeTypeN
	case *types.AttributeValueMemberBS:
		return len(m.Value), kind == types.ScalarAttributeTypeB
	}
	return 0, false
}

// decodeMember decodes member i of the set av (checked by setLen) into v.
func decodeMember(elem *codec, av types.AttributeValue, i int, v reflect.Value) error {
	switch m := av.(type) {
	case *types.AttributeValueMemberSS:
		if elem.parseText == nil {
			return elem.decode(&types.AttributeValueMemberS{Value: m.Value[i]}, v, false)
		}
		return elem.parseText(m.Value[i], v)
	case *types.AttributeValueMemberNS:
		if elem.parseText == nil {
			return elem.decode(&types.AttributeValueMemberN{Value: m.Value[i]}, v, false)
		}
		return elem.parseText(m.Value[i], v)
	default:
		if elem.parseBytes == nil {
			return elem.decode(&types.AttributeValueMemberB{Value: av.(*types.AttributeValueMemberBS).Value[i]}, v, false)
		}
		return elem.parseBytes(av.(*types.AttributeValueMemberBS).Value[i], v)
	}
}

// mapSetDecoder decodes SS, NS and BS values into a map[T]struct{} or a
// map[T]bool (NULL into a nil map).
func mapSetDecoder(elem *codec) decodeFunc {
	return func(av types.AttributeValue, v reflect.Value, _ bool) error {
		if isNull(av) {
			v.SetZero()
			return nil
		}
		n, ok := setLen(av, elem.kind)
		if !ok {
			return mismatch(av, v.Type(), "a set")
		}
		set := reflect.MakeMapWithSize(v.Type(), n)
		key := reflect.New(v.Type().Key()).Elem()
		present := reflect.New(v.Type().Elem()).Elem()
		if present.Kind() == reflect.Bool {
			present.SetBool(true)
		}
		for i := range n {
			key.SetZero()
			if err := decodeMember(elem, av, i, key); err != nil {
				return atPath(err, indexSegment(i))
			}
			set.SetMapIndex(key, present)
		}
		v.Set(set)
		return nil
	}
}

// itemDecoder wraps an item decoder as the decoder of M values (NULL into a
// nil map).
func itemDecoder(decodeItem func(map[string]types.AttributeValue, reflect.Value, bool) error) decodeFunc {
	return func(av types.AttributeValue, v reflect.Value, strict bool) error {
		m, ok := av.(*types.AttributeValueMemberM)
		if !ok {
			if isNull(av) && v.Kind() == reflect.Map {
				v.SetZero()
				return nil
			}
			return mismatch(av, v.Type(), "M")
		}
		return decodeItem(m.Value, v, strict)
	}
}

// mapItemDecoder decodes an item into a map with string keys, adding to the
// entries it has.
func mapItemDecoder(elem *codec) func(map[string]types.AttributeValue, reflect.Value, bool) error {
	return func(item map[string]types.AttributeValue, v reflect.Value, strict bool) error {
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(v.Type(), len(item)))
		}
		if v.Type() == stringMapType { // common; see mapItemEncoder
			m := v.Interface().(map[string]string)
			for k, av := range item {
				if s, ok := av.(*types.AttributeValueMemberS); ok {
					m[k] = s.Value
					continue
				}
				var s string
				if err := elem.decode(av, reflect.ValueOf(&s).Elem(), strict); err != nil {
					return atPath(err, k)
				}
				m[k] = s
			}
			return nil
		}
		key := reflect.New(v.Type().Key()).Elem()
		val := reflect.New(v.Type().Elem()).Elem()
		for k, av := range item {
			val.SetZero()
			if err := elem.decode(av, val, strict); err != nil {
				return atPath(err, k)
			}
			key.SetString(k)
			v.SetMapIndex(key, val)
		}
		return nil
	}
}

// structItemDecoder decodes an item into a struct's fields, leaving fields
// without an attribute as they are.
func structItemDecoder(info *structInfo, fields []structField) func(map[string]types.AttributeValue, reflect.Value, bool) error {
	return func(item map[string]types.AttributeValue, v reflect.Value, strict bool) error {
		matched := 0
		for _, f := range fields {
			av, ok := item[f.info.name]
			if !ok || av == nil {
				continue
			}
			matched++
			fv, err := fieldForDecode(v, f.info.index)
			if err == nil {
				err = f.codec.decode(av, fv, strict)
			}
			if err != nil {
				return atPath(err, f.info.name)
			}
		}
		if strict && matched < len(item) {
			return unknownAttribute(info, item)
		}
		return nil
	}
}

// unknownAttribute reports the first attribute, in name order, without a
// field in info.
func unknownAttribute(info *structInfo, item map[string]types.AttributeValue) error {
	var unknown []string
	for name, av := range item {
		if _, ok := info.byName[name]; !ok && av != nil {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	return &DecodeError{Path: slices.Min(unknown), GoType: info.typ.String(), Reason: "unknown attribute"}
}

// fieldForDecode returns the field at index, allocating the embedded
// pointers on the way.
func fieldForDecode(v reflect.Value, index []int) (reflect.Value, error) {
	if len(index) == 1 {
		return v.Field(index[0]), nil
	}
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, decodeErr(v.Type(), nil, "cannot allocate an embedded pointer to an unexported struct type")
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}
