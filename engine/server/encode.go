package server

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// streamAttributeValueType is the attribute value of the Streams API's
// records, written as DynamoDB's own.
var streamAttributeValueType = reflect.TypeFor[streamtypes.AttributeValue]()

// An encoder appends DynamoDB JSON to buf.
type encoder struct {
	buf []byte
}

// An encodeFn appends the JSON of the Go value at p.
type encodeFn func(e *encoder, p unsafe.Pointer)

// encoders holds the compiled encodeFn of every type reachable from an
// error or from the output of an operation called so far. It is filled with
// compileMu held (or during package initialization).
var encoders = map[reflect.Type]encodeFn{}

// encoderFor returns the encodeFn for t, compiling it on first use. The
// caller holds compileMu, or is initializing the package.
func encoderFor(t reflect.Type) encodeFn {
	if fn, ok := encoders[t]; ok {
		return fn
	}
	var fn encodeFn
	encoders[t] = func(e *encoder, p unsafe.Pointer) { fn(e, p) }
	fn = compileEncoder(t)
	encoders[t] = fn
	return fn
}

// compileEncoder builds the encodeFn of t.
func compileEncoder(t reflect.Type) encodeFn {
	switch t {
	case attributeValueType:
		return func(e *encoder, p unsafe.Pointer) { e.attributeValue(*(*types.AttributeValue)(p)) }
	case streamAttributeValueType:
		return func(e *encoder, p unsafe.Pointer) {
			e.attributeValue(dynamo.FromStreamValue(*(*streamtypes.AttributeValue)(p)))
		}
	case itemType:
		return func(e *encoder, p unsafe.Pointer) { e.item(*(*map[string]types.AttributeValue)(p)) }
	case timeType:
		return func(e *encoder, p unsafe.Pointer) { e.time(*(*time.Time)(p)) }
	case bytesType:
		return func(e *encoder, p unsafe.Pointer) { e.blob(*(*[]byte)(p)) }
	}
	switch t.Kind() {
	case reflect.String:
		return func(e *encoder, p unsafe.Pointer) { e.string(*(*string)(p)) }
	case reflect.Bool:
		return func(e *encoder, p unsafe.Pointer) { e.buf = strconv.AppendBool(e.buf, *(*bool)(p)) }
	case reflect.Int32:
		return func(e *encoder, p unsafe.Pointer) { e.buf = strconv.AppendInt(e.buf, int64(*(*int32)(p)), 10) }
	case reflect.Int64:
		return func(e *encoder, p unsafe.Pointer) { e.buf = strconv.AppendInt(e.buf, *(*int64)(p), 10) }
	case reflect.Float64:
		return func(e *encoder, p unsafe.Pointer) { e.buf = appendJavaDouble(e.buf, *(*float64)(p)) }
	case reflect.Pointer:
		elem := encoderFor(t.Elem())
		return func(e *encoder, p unsafe.Pointer) { elem(e, *(*unsafe.Pointer)(p)) }
	case reflect.Slice:
		return compileSliceEncoder(t)
	case reflect.Map:
		return compileMapEncoder(t)
	case reflect.Struct:
		return compileStructEncoder(t, fieldNames(t))
	}
	panic(fmt.Sprintf("server: no JSON encoder for %v", t))
}

func compileSliceEncoder(t reflect.Type) encodeFn {
	elem := encoderFor(t.Elem())
	size := t.Elem().Size()
	return func(e *encoder, p unsafe.Pointer) {
		s := *(*[]byte)(p) // every slice header has this layout: data, len, cap
		e.buf = append(e.buf, '[')
		for i := range len(s) {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			elem(e, unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(i)*size))
		}
		e.buf = append(e.buf, ']')
	}
}

func compileMapEncoder(t reflect.Type) encodeFn {
	if t.Elem().Kind() == reflect.String && t.Key().Kind() == reflect.String {
		return func(e *encoder, p unsafe.Pointer) {
			e.buf = append(e.buf, '{')
			first := true
			for k, v := range *(*map[string]string)(p) {
				e.key(k, first)
				first = false
				e.string(v)
			}
			e.buf = append(e.buf, '}')
		}
	}
	elem := encoderFor(t.Elem())
	return func(e *encoder, p unsafe.Pointer) {
		e.buf = append(e.buf, '{')
		it := reflect.NewAt(t, p).Elem().MapRange()
		v := reflect.New(t.Elem()).Elem()
		for first := true; it.Next(); first = false {
			e.key(it.Key().String(), first)
			v.SetIterValue(it)
			elem(e, v.Addr().UnsafePointer())
		}
		e.buf = append(e.buf, '}')
	}
}

// fieldEncoder encodes one struct member.
type fieldEncoder struct {
	name   string // JSON member name
	offset uintptr
	enc    encodeFn
	omit   func(p unsafe.Pointer) bool // reports whether the member is absent
}

// fieldNames maps each exported field of an SDK struct to its JSON member
// name, which is the field's name.
func fieldNames(t reflect.Type) map[string]string {
	names := make(map[string]string, t.NumField())
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && f.Type != resultMetadataType {
			names[f.Name] = f.Name
		}
	}
	return names
}

// compileStructEncoder encodes the fields of t listed in names. Members that
// are nil, or empty enums, are left out as DynamoDB does; numbers and
// booleans that are not pointers are always present.
func compileStructEncoder(t reflect.Type, names map[string]string) encodeFn {
	fields := structFields(t, names)
	return func(e *encoder, p unsafe.Pointer) {
		e.buf = append(e.buf, '{')
		e.fields(fields, p, true)
		e.buf = append(e.buf, '}')
	}
}

// structFields compiles the members of t named in names, in field order.
func structFields(t reflect.Type, names map[string]string) []fieldEncoder {
	var fields []fieldEncoder
	for i := range t.NumField() {
		f := t.Field(i)
		name, ok := names[f.Name]
		if !ok {
			continue
		}
		fields = append(fields, fieldEncoder{name, f.Offset, encoderFor(f.Type), omitFunc(f.Type)})
	}
	return fields
}

// fields appends the present members; first tells whether no member was
// written yet. It reports whether it still has not written any.
func (e *encoder) fields(fields []fieldEncoder, p unsafe.Pointer, first bool) bool {
	for i := range fields {
		f := &fields[i]
		fp := unsafe.Add(p, f.offset)
		if f.omit != nil && f.omit(fp) {
			continue
		}
		e.key(f.name, first)
		first = false
		f.enc(e, fp)
	}
	return first
}

// omitFunc returns the absence test of a member of type t, or nil when the
// member is always present.
func omitFunc(t reflect.Type) func(p unsafe.Pointer) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map:
		return func(p unsafe.Pointer) bool { return *(*unsafe.Pointer)(p) == nil }
	case reflect.Slice:
		return func(p unsafe.Pointer) bool { return unsafe.SliceData(*(*[]byte)(p)) == nil }
	case reflect.Interface:
		return func(p unsafe.Pointer) bool { return (*[2]unsafe.Pointer)(p)[0] == nil }
	case reflect.String:
		return func(p unsafe.Pointer) bool { return *(*string)(p) == "" }
	}
	return nil
}

// key appends a member name and its colon, after a comma unless first.
func (e *encoder) key(k string, first bool) {
	if !first {
		e.buf = append(e.buf, ',')
	}
	e.string(k)
	e.buf = append(e.buf, ':')
}

// string appends s as a JSON string. Invalid UTF-8 becomes U+FFFD.
func (e *encoder) string(s string) { e.buf = wirejson.AppendString(e.buf, s) }

// blob appends b as a base64 JSON string.
func (e *encoder) blob(b []byte) { e.buf = wirejson.AppendBlob(e.buf, b) }

// time appends a timestamp as epoch seconds with a fraction.
func (e *encoder) time(t time.Time) {
	e.buf = appendJavaDouble(e.buf, float64(t.UnixNano())/1e9)
}

// appendJavaDouble appends f the way Java's Double.toString writes it, which
// is how DynamoDB writes doubles: "1.0", "0.5", "1.0E7", "1.234E-5".
func appendJavaDouble(dst []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(dst, '0')
	}
	if abs := math.Abs(f); abs == 0 || (abs >= 1e-3 && abs < 1e7) {
		start := len(dst)
		dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
		if bytes.IndexByte(dst[start:], '.') >= 0 {
			return dst
		}
		return append(dst, '.', '0')
	}
	var tmp [32]byte
	s := strconv.AppendFloat(tmp[:0], f, 'E', -1, 64) // like 1.5E+07 or 1E-05
	mant, exp, _ := bytes.Cut(s, []byte{'E'})
	dst = append(dst, mant...)
	if bytes.IndexByte(mant, '.') < 0 {
		dst = append(dst, '.', '0')
	}
	dst = append(dst, 'E')
	if exp[0] == '-' {
		dst = append(dst, '-')
	}
	n, _ := strconv.Atoi(string(exp[1:]))
	return strconv.AppendInt(dst, int64(n), 10)
}
