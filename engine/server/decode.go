package server

import (
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// A decodeFn decodes the JSON value at the reader's cursor into the Go value
// at p. The cursor is at the first byte of a value that is not null.
type decodeFn func(r *reader, p unsafe.Pointer) error

// decoders holds the compiled decodeFn of every type reachable from the
// input of an operation called so far. It is filled with compileMu held
// (or during package initialization).
var decoders = map[reflect.Type]decodeFn{}

// decodeBody decodes a whole request body with dec into the value at p,
// reserving what it allocates with reserve (see reader.alloc). It reads a
// copy of the body: the strings of the input may outlive the body's
// buffer, which connections reuse. Malformed JSON anywhere in the body
// takes precedence over type errors, as DynamoDB parses the body before
// reading it into the input's shape.
func decodeBody(body []byte, reserve reserveFunc, dec decodeFn, p unsafe.Pointer) error {
	r := reader{reserve: reserve}
	if err := r.alloc(len(body)); err != nil {
		return err
	}
	r.s = string(body)
	if r.ws() == 0 {
		return errMalformed
	}
	err := dec(&r, p)
	if err == nil && r.ws() != 0 {
		err = errMalformed
	}
	if err != nil && err != errMalformed && err != errLoneSurrogate && err != errBusy && err != errBodyTooLarge {
		if bad := malformation(r.s); bad != nil {
			return bad
		}
	}
	return err
}

// decoderFor returns the decodeFn for t, compiling it on first use. The
// caller holds compileMu, or is initializing the package.
func decoderFor(t reflect.Type) decodeFn {
	if fn, ok := decoders[t]; ok {
		return fn
	}
	// A type may (indirectly) contain itself: publish an indirection first.
	var fn decodeFn
	decoders[t] = func(r *reader, p unsafe.Pointer) error { return fn(r, p) }
	fn = compileDecoder(t)
	decoders[t] = fn
	return fn
}

var (
	attributeValueType = reflect.TypeFor[types.AttributeValue]()
	itemType           = reflect.TypeFor[map[string]types.AttributeValue]()
	timeType           = reflect.TypeFor[time.Time]()
	bytesType          = reflect.TypeFor[[]byte]()
)

// compileDecoder builds the decodeFn of t.
func compileDecoder(t reflect.Type) decodeFn {
	switch t {
	case attributeValueType:
		return decodeAttributeValueAt
	case itemType:
		return decodeItemAt
	case timeType:
		return decodeTime
	case bytesType:
		return decodeBlob
	}
	switch t.Kind() {
	case reflect.String:
		return decodeString
	case reflect.Bool:
		return decodeBool
	case reflect.Int32:
		return func(r *reader, p unsafe.Pointer) error {
			n, err := r.integer("Integer", math.MinInt32, math.MaxInt32)
			*(*int32)(p) = int32(n)
			return err
		}
	case reflect.Int64:
		return func(r *reader, p unsafe.Pointer) error {
			n, err := r.integer("Long", math.MinInt64, math.MaxInt64)
			*(*int64)(p) = n
			return err
		}
	case reflect.Float64:
		return func(r *reader, p unsafe.Pointer) error {
			f, err := r.double("Double")
			*(*float64)(p) = f
			return err
		}
	case reflect.Pointer:
		return compilePointerDecoder(t)
	case reflect.Slice:
		return compileSliceDecoder(t)
	case reflect.Map:
		return compileMapDecoder(t)
	case reflect.Struct:
		return compileStructDecoder(t)
	}
	panic(fmt.Sprintf("server: no JSON decoder for %v", t))
}

// compilePointerDecoder allocates the pointed-to value and decodes into it.
func compilePointerDecoder(t reflect.Type) decodeFn {
	elem := t.Elem()
	if elem.Kind() == reflect.String && elem == reflect.TypeFor[string]() {
		return func(r *reader, p unsafe.Pointer) error {
			if err := r.alloc(16); err != nil {
				return err
			}
			s := new(string)
			*(*unsafe.Pointer)(p) = unsafe.Pointer(s)
			return decodeString(r, unsafe.Pointer(s))
		}
	}
	dec := decoderFor(elem)
	size := int(elem.Size())
	return func(r *reader, p unsafe.Pointer) error {
		if err := r.alloc(size); err != nil {
			return err
		}
		v := reflect.New(elem).UnsafePointer()
		*(*unsafe.Pointer)(p) = v
		return dec(r, v)
	}
}

// compileSliceDecoder decodes a JSON array into a slice.
func compileSliceDecoder(t reflect.Type) decodeFn {
	if t.Elem().Kind() == reflect.String {
		return func(r *reader, p unsafe.Pointer) error {
			return decodeStrings(r, (*[]string)(p))
		}
	}
	dec := decoderFor(t.Elem())
	size := int(t.Elem().Size())
	return func(r *reader, p unsafe.Pointer) error {
		if c := r.ws(); c != '[' {
			return r.notList(c)
		}
		s := reflect.NewAt(t, p).Elem()
		s.Set(reflect.MakeSlice(t, 0, 0))
		n := 0
		for more, err := r.enter(']'); more || err != nil; more, err = r.next(']') {
			if err != nil {
				return err
			}
			if n == s.Cap() {
				s.Grow(n + 1) // doubles, as grow does
				if err := r.alloc(s.Cap() * size); err != nil {
					return err
				}
			}
			s.SetLen(n + 1)
			n++
			if isNull, err := r.null(); err != nil {
				return err
			} else if !isNull {
				if err := dec(r, s.Index(n-1).Addr().UnsafePointer()); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// compileMapDecoder decodes a JSON object into a map with string keys.
func compileMapDecoder(t reflect.Type) decodeFn {
	if t.Elem().Kind() == reflect.String && t.Key().Kind() == reflect.String {
		return decodeStringMap
	}
	dec := decoderFor(t.Elem())
	javaName := "java.util.Map<java.lang.String, " + javaClass(t.Elem()) + ">"
	// Each member: its slot, and its value and key boxed for SetMapIndex.
	value, slot := int(t.Elem().Size())+16, mapSlot(t)
	return func(r *reader, p unsafe.Pointer) error {
		if c := r.ws(); c != '{' {
			return r.notMap(c, javaName)
		}
		if err := r.alloc(mapHeader); err != nil {
			return err
		}
		m := reflect.NewAt(t, p).Elem()
		m.Set(reflect.MakeMap(t))
		n := 0
		for more, err := r.enter('}'); more || err != nil; more, err = r.next('}') {
			if err != nil {
				return err
			}
			k, err := r.key()
			if err != nil {
				return err
			}
			n++
			if err := r.allocMember(n, slot); err != nil {
				return err
			}
			if err := r.alloc(value); err != nil {
				return err
			}
			v := reflect.New(t.Elem())
			if isNull, err := r.null(); err != nil {
				return err
			} else if !isNull {
				if err := dec(r, v.UnsafePointer()); err != nil {
					return err
				}
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), v.Elem())
		}
		return nil
	}
}

// fieldDecoder decodes one struct member.
type fieldDecoder struct {
	offset uintptr
	dec    decodeFn
}

// compileStructDecoder decodes a JSON object into an SDK struct whose exported
// field names are the member names of the DynamoDB JSON protocol. Unknown
// members are ignored and null members are left unset, as DynamoDB does.
func compileStructDecoder(t reflect.Type) decodeFn {
	fields := make(map[string]fieldDecoder, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case !f.IsExported():
		case f.Name == "ExpressionAttributeValues" && f.Type == itemType:
			fields[f.Name] = fieldDecoder{f.Offset, decodeValuesAt}
		default:
			fields[f.Name] = fieldDecoder{f.Offset, decoderFor(f.Type)}
		}
	}
	class := "class " + javaClass(t)
	return func(r *reader, p unsafe.Pointer) error {
		switch c := r.ws(); c {
		case '{':
		case '[':
			return typeError("Unrecognized collection type " + class)
		default:
			return typeError("Unexpected field type")
		}
		for more, err := r.enter('}'); more || err != nil; more, err = r.next('}') {
			if err != nil {
				return err
			}
			k, err := r.key()
			if err != nil {
				return err
			}
			f, known := fields[k]
			isNull, err := r.null()
			switch {
			case err != nil:
			case !known:
				err = r.skip()
			case !isNull:
				err = f.dec(r, unsafe.Add(p, f.offset))
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// javaClass names t the way DynamoDB's Java deserializer does in its messages.
func javaClass(t reflect.Type) string {
	switch {
	case t == attributeValueType:
		return "com.amazonaws.dynamodb.v20120810.AttributeValue"
	case t.Kind() == reflect.String:
		return "java.lang.String"
	case t.Kind() == reflect.Pointer:
		return javaClass(t.Elem())
	}
	return "com.amazonaws.dynamodb.v20120810." + t.Name()
}

func decodeString(r *reader, p unsafe.Pointer) error {
	s, err := r.stringValue()
	*(*string)(p) = s
	return err
}

func decodeBool(r *reader, p unsafe.Pointer) error {
	b, err := r.boolean()
	*(*bool)(p) = b
	return err
}

func decodeBlob(r *reader, p unsafe.Pointer) error {
	b, err := r.blob()
	*(*[]byte)(p) = b
	return err
}

// decodeTime reads a timestamp sent as epoch seconds.
func decodeTime(r *reader, p unsafe.Pointer) error {
	f, err := r.double("Date")
	sec, frac := math.Modf(f)
	// Timestamps have millisecond precision; rounding drops the float's
	// error below it.
	*(*time.Time)(p) = time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6)
	return err
}

// grow makes room for one more element in s, doubling its capacity when it
// is full. append alone grows large slices by a quarter, which allocates
// about five times the final size on the way: with doubling a long list
// costs at most about twice its size, whatever its length.
func grow[T any](s []T) []T {
	if len(s) < cap(s) {
		return s
	}
	return slices.Grow(s, max(len(s), 2))
}

// growCharged grows s as grow does, counting the new array with r.alloc.
func growCharged[T any](r *reader, s []T) ([]T, error) {
	if len(s) < cap(s) {
		return s, nil
	}
	s = grow(s)
	return s, r.alloc(cap(s) * int(unsafe.Sizeof(*new(T))))
}

// mapSlot is the bytes of a member of a map of type t: its key, its value
// and its control byte.
func mapSlot(t reflect.Type) int {
	return int(t.Key().Size()+t.Elem().Size()) + 1
}

// mapHeader is the bytes of an empty map.
const mapHeader = 48

// allocMember counts the n-th member (from 1) of a map whose members take
// slot bytes (mapSlot). The first takes the map's first group of eight
// slots; later ones their slot, the room a map keeps free (it is at most
// seven-eighths full and doubles when it is), and the smaller tables it
// left behind as it grew, which add up to as much again.
func (r *reader) allocMember(n, slot int) error {
	if n == 1 {
		return r.alloc(8*slot + 32)
	}
	return r.alloc(2 * 2 * slot * 8 / 7)
}

// decodeStrings reads an array of strings, such as a list of names.
func decodeStrings(r *reader, out *[]string) error {
	l, err := readArray(r, (*reader).stringValue)
	*out = l
	return err
}

// readArray reads a JSON array whose elements read reads, counting the
// slice's array with growCharged. An empty array reads as an empty slice
// (which allocates nothing), not nil: an empty list or set is not an absent
// one.
func readArray[T any](r *reader, read func(*reader) (T, error)) ([]T, error) {
	if c := r.ws(); c != '[' {
		return nil, r.notList(c)
	}
	var l []T
	for more, err := r.enter(']'); more || err != nil; more, err = r.next(']') {
		if err != nil {
			return nil, err
		}
		v, err := read(r)
		if err != nil {
			return nil, err
		}
		if l, err = growCharged(r, l); err != nil {
			return nil, err
		}
		l = append(l, v)
	}
	if l == nil {
		l = []T{}
	}
	return l, nil
}

var stringMapSlot = mapSlot(reflect.TypeFor[map[string]string]())

func decodeStringMap(r *reader, p unsafe.Pointer) error {
	if c := r.ws(); c != '{' {
		return r.notMap(c, "java.util.Map<java.lang.String, java.lang.String>")
	}
	if err := r.alloc(mapHeader); err != nil {
		return err
	}
	m := make(map[string]string)
	*(*map[string]string)(p) = m
	n := 0
	for more, err := r.enter('}'); more || err != nil; more, err = r.next('}') {
		if err != nil {
			return err
		}
		k, err := r.key()
		if err != nil {
			return err
		}
		if isNull, err := r.null(); err != nil {
			return err
		} else if isNull {
			continue
		}
		n++
		if err := r.allocMember(n, stringMapSlot); err != nil {
			return err
		}
		if m[k], err = r.stringValue(); err != nil {
			return err
		}
	}
	return nil
}

// stringValue reads a String member.
func (r *reader) stringValue() (string, error) {
	if r.ws() != '"' {
		return "", r.mismatch("String")
	}
	return r.str()
}

// boolean reads a Boolean member of a request; like DynamoDB it accepts
// the strings true/false, yes/no and 1/0 in any case.
func (r *reader) boolean() (bool, error) {
	return r.booleanSpelled(func(s string) (b, ok bool) {
		switch s {
		case "TRUE", "YES", "1":
			return true, true
		case "FALSE", "NO", "0":
			return false, true
		}
		return false, false
	})
}

// valueBoolean reads the boolean of a BOOL or NULL attribute value, which
// DynamoDB Local takes as a string only when it is true or false (in any
// case): yes/no and 1/0 fail there.
func (r *reader) valueBoolean() (bool, error) {
	return r.booleanSpelled(func(s string) (b, ok bool) {
		return s == "TRUE", s == "TRUE" || s == "FALSE"
	})
}

// booleanSpelled reads a JSON boolean, or a string that word reads (given
// in upper case) as one.
func (r *reader) booleanSpelled(word func(upper string) (b, ok bool)) (bool, error) {
	switch r.ws() {
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	case '"':
		s, err := r.str()
		if err != nil {
			return false, err
		}
		if b, ok := word(strings.ToUpper(s)); ok {
			return b, nil
		}
		return false, typeError("Unexpected token received from parser")
	}
	return false, r.mismatch("Boolean")
}

// integer reads an Integer or Long member; fractions are truncated toward
// negative infinity, as DynamoDB does. A number out of the type's range
// (2147483648 or 1e400 for an Integer) cannot be read as one: it is a
// SerializationException, as a body DynamoDB cannot parse (DynamoDB Local
// fails with a 500 InternalFailure).
func (r *reader) integer(javaType string, lo, hi int64) (int64, error) {
	if c := r.ws(); c != '-' && (c < '0' || c > '9') {
		return 0, r.mismatch(javaType)
	}
	text, err := r.number()
	if err != nil {
		return 0, err
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil && lo <= n && n <= hi {
		return n, nil
	}
	f, _ := strconv.ParseFloat(text, 64)
	// hi is -lo-1, which float64 rounds up for a Long: compare with -lo.
	if f = math.Floor(f); f < float64(lo) || f >= -float64(lo) {
		return 0, errMalformed
	}
	return int64(f), nil
}

// double reads a Double member.
func (r *reader) double(javaType string) (float64, error) {
	if c := r.ws(); c != '-' && (c < '0' || c > '9') {
		return 0, r.mismatch(javaType)
	}
	text, err := r.number()
	if err != nil {
		return 0, err
	}
	f, _ := strconv.ParseFloat(text, 64)
	return f, nil
}

// strictBase64 is the encoding of Blob members: padded, with no bits left
// over.
var strictBase64 = base64.StdEncoding.Strict()

// blob reads a base64-encoded Blob member.
func (r *reader) blob() ([]byte, error) {
	switch r.ws() {
	case '"':
	case '{':
		return nil, typeError("Start of structure or map found where not expected")
	case '[':
		return nil, typeError("Unrecognized collection type class java.nio.ByteBuffer")
	default:
		if err := r.skip(); err != nil {
			return nil, err
		}
		return nil, typeError("only base-64-encoded strings are convertible to bytes")
	}
	s, err := r.str()
	if err != nil {
		return nil, err
	}
	if len(s)%4 != 0 {
		return nil, typeError("Base64 encoded length is expected a multiple of 4 bytes but found: " + strconv.Itoa(len(s)))
	}
	if err := r.alloc(base64.StdEncoding.DecodedLen(len(s))); err != nil {
		return nil, err
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := strictBase64.Decode(b, unsafe.Slice(unsafe.StringData(s), len(s))) // only read
	if err != nil {
		return nil, typeError("Invalid last non-pad Base64 character dectected")
	}
	return b[:n], nil
}

// mismatch is the SerializationException for a JSON value at the cursor that
// cannot be read as a scalar of the given Java type.
func (r *reader) mismatch(javaType string) error {
	switch r.ws() {
	case '{':
		return typeError("Start of structure or map found where not expected")
	case '[':
		return typeError("Unrecognized collection type class java.lang." + javaType)
	case '"':
		return typeError("STRING_VALUE cannot be converted to " + javaType)
	case 't':
		return typeError("TRUE_VALUE cannot be converted to " + javaType)
	case 'f':
		return typeError("FALSE_VALUE cannot be converted to " + javaType)
	}
	text, err := r.number()
	if err != nil {
		return err
	}
	if strings.ContainsAny(text, ".eE") {
		return typeError("DECIMAL_VALUE cannot be converted to " + javaType)
	}
	return typeError("NUMBER_VALUE cannot be converted to " + javaType)
}

// notList is the SerializationException for a non-array where a list belongs.
func (r *reader) notList(c byte) error {
	if c == '{' {
		return typeError("Start of structure or map found where not expected")
	}
	return typeError("Unexpected field type")
}

// notMap is the SerializationException for a non-object where a map belongs.
func (r *reader) notMap(c byte, javaName string) error {
	if c == '[' {
		return typeError("Unrecognized collection type " + javaName)
	}
	return typeError("Unexpected field type")
}
