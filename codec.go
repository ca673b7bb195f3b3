package ddb

import (
	"encoding"
	"fmt"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Marshaler is implemented by types that encode themselves as one attribute
// value. It takes precedence over every other encoding rule.
type Marshaler interface {
	MarshalAttributeValue() (types.AttributeValue, error)
}

// KeyTyper is implemented by a Marshaler whose values always encode as one
// scalar type, S, N or B, which KeyType returns: it lets fields of the type
// be keys of tables and indexes (a Marshaler may return any type of value,
// so without it the schema cannot know the key's type). KeyType is called
// on the zero value.
//
//	func (id OrderID) MarshalAttributeValue() (types.AttributeValue, error) {
//		return &types.AttributeValueMemberS{Value: id.String()}, nil
//	}
//	func (OrderID) KeyType() ddb.AttrType { return ddb.TypeString }
type KeyTyper interface {
	KeyType() AttrType
}

// Unmarshaler is implemented by types that decode themselves from one
// attribute value (NULL included). It takes precedence over every other
// decoding rule.
type Unmarshaler interface {
	UnmarshalAttributeValue(types.AttributeValue) error
}

// Marshal encodes a struct, a pointer to a struct, or a map with string keys
// as a DynamoDB item.
//
// Struct fields are encoded per their ddb tags (see the package
// documentation of the tag syntax): unexported fields and fields tagged "-"
// are skipped, fields of embedded structs are promoted as in encoding/json.
// The Go types map to attribute values as follows:
//
//   - bool: BOOL; every int, uint and float kind, and Number: N (full
//     precision, floats in their shortest exact form; NaN and ±Inf fail);
//   - string: S; []byte and [N]byte: B (copied);
//   - time.Time: S in RFC 3339, in UTC with nine fraction digits
//     ("2024-05-01T12:00:00.000000000Z": every time has the same width, so
//     the texts sort in time order; any RFC 3339 text decodes), or N with
//     the tag option unixtime (seconds) or unixmilli (milliseconds);
//   - uuid.UUID and types implementing encoding.TextMarshaler: S;
//   - slices and arrays: L, or with the tag option set SS, NS or BS;
//     map[T]struct{} (and map[T]bool with the set option, true keys only) are
//     sets too;
//   - maps with string keys and structs: M; interfaces: per the value held;
//   - types.AttributeValue: as is; Marshaler: what its method returns.
//
// A nil pointer, interface, slice or map, and an empty set (DynamoDB has no
// empty sets) has no value: as a struct field it is omitted (the behaviour
// guregu/dynamo users know, and what keeps sparse indexes sparse), as a list
// element or map entry it is NULL. The tag option omitempty also omits zero
// numbers (a Number spelling zero too), false, empty strings, empty lists and
// maps, zero times (those time.Time.IsZero reports, in any location) and
// zero structs.
//
// Lists and maps nest 32 levels deep at most, the item counted, as in
// DynamoDB: a value nested deeper, such as one that refers to itself,
// fails to encode.
//
// Strings are shared with v, byte slices are copied. Failures are
// *EncodeError values, except invalid struct tags, reported as an error
// naming the Go field.
func Marshal(v any) (map[string]types.AttributeValue, error) {
	rv, err := indirectInput(v)
	if err != nil {
		return nil, err
	}
	c, err := codecFor(rv.Type(), format{})
	if err != nil {
		return nil, err
	}
	if c.encodeItem != nil {
		return c.encodeItem(rv, 0)
	}
	av, err := c.encode(rv, 0)
	if err != nil {
		return nil, err
	}
	if m, ok := av.(*types.AttributeValueMemberM); ok {
		return m.Value, nil
	}
	return nil, &EncodeError{GoType: rv.Type().String(), Reason: "Marshal needs a struct or a map with string keys; encodes as " + avType(av)}
}

// MarshalValue encodes any supported Go value (see Marshal) as one attribute
// value. A value that has none (nil, an empty set) is returned as NULL.
func MarshalValue(v any) (types.AttributeValue, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	c, err := codecFor(rv.Type(), format{})
	if err != nil {
		return nil, err
	}
	av, err := c.encode(rv, attributeDepth)
	if err != nil {
		return nil, err
	}
	if av == nil {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	return av, nil
}

// Unmarshal decodes an item into v, a non-nil pointer to a struct, to a map
// with string keys, or to an interface (which receives a map[string]any).
//
// Attributes without a matching field are ignored (see UnmarshalStrict) and
// fields without an attribute are left as they are. Numbers that do not fit
// the field, malformed values (an invalid UUID), values of the wrong type and
// NULL for anything but a pointer, interface, slice or map are reported as
// *DecodeError values. Into an interface, values decode as string, Number,
// []byte, bool, nil, []any, map[string]any, []string, []Number and [][]byte.
// Strings are shared with the item, byte slices are copied.
func Unmarshal(item map[string]types.AttributeValue, v any) error {
	return unmarshalItem(item, v, false)
}

// UnmarshalStrict is Unmarshal that fails on an attribute, at any depth, that
// has no matching struct field; the *DecodeError's Path names it.
func UnmarshalStrict(item map[string]types.AttributeValue, v any) error {
	return unmarshalItem(item, v, true)
}

// UnmarshalValue decodes one attribute value into v, a non-nil pointer (see
// Unmarshal).
func UnmarshalValue(av types.AttributeValue, v any) error {
	rv, c, err := outputCodec(v)
	if err != nil {
		return err
	}
	return c.decode(av, rv, false)
}

func unmarshalItem(item map[string]types.AttributeValue, v any, strict bool) error {
	rv, c, err := outputCodec(v)
	if err != nil {
		return err
	}
	if c.decodeItem != nil {
		return c.decodeItem(item, rv, strict)
	}
	return c.decode(&types.AttributeValueMemberM{Value: item}, rv, strict)
}

// indirectInput returns the value Marshal encodes: v with its pointers
// followed.
func indirectInput(v any) (reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return rv, &EncodeError{GoType: "nil", Reason: "Marshal needs a struct or a map with string keys"}
	}
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return rv, &EncodeError{GoType: rv.Type().String(), Reason: "nil pointer"}
		}
		rv = rv.Elem()
	}
	return rv, nil
}

// outputCodec returns the value a decode fills, what the non-nil pointer v
// points to, with its codec.
func outputCodec(v any) (reflect.Value, *codec, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		goType := "nil"
		if rv.IsValid() {
			goType = rv.Type().String()
		}
		return reflect.Value{}, nil, &DecodeError{GoType: goType, Reason: "decoding needs a non-nil pointer"}
	}
	rv = rv.Elem()
	c, err := codecFor(rv.Type(), format{})
	return rv, c, err
}

// encodeFunc encodes v, found at depth (see maxNesting); a nil value with a
// nil error means v has no value (nil, an empty set): omitted from a
// struct, NULL in a list or map.
type encodeFunc func(v reflect.Value, depth int) (types.AttributeValue, error)

// memberEncodeFunc encodes v, found at depth, into the member at m, of the
// codec's member type, returning it, or nil when v has no value. text is
// room for the codec's textSize bytes in the member's allocation.
type memberEncodeFunc func(v reflect.Value, depth int, m unsafe.Pointer, text []byte) (types.AttributeValue, error)

// itemEncodeFunc encodes the struct or map v, an item at depth, as its
// attributes; nil for a nil map.
type itemEncodeFunc func(v reflect.Value, depth int) (map[string]types.AttributeValue, error)

// decodeFunc decodes av into the settable v. strict rejects attributes
// without a struct field.
type decodeFunc func(av types.AttributeValue, v reflect.Value, strict bool) error

// codec is the compiled encoder and decoder of one Go type with one format.
// Codecs are built once per (type, format) by codecFor and cached.
type codec struct {
	typ  reflect.Type
	kind types.ScalarAttributeType // "S", "N" or "B" when every value encodes as that scalar; "" otherwise

	encode encodeFunc
	decode decodeFunc

	// Codecs whose values all encode as one member type (nil otherwise),
	// such as types.AttributeValueMemberN, can also encode into a member
	// allocated by the caller, with textSize bytes of room for the text it
	// refers to: a struct encoder allocates the members of all such fields
	// in one block.
	member   reflect.Type
	textSize int
	encodeTo memberEncodeFunc

	// Structs and maps with string keys also encode to and decode from a
	// whole item, without the M wrapper.
	encodeItem itemEncodeFunc
	decodeItem func(item map[string]types.AttributeValue, v reflect.Value, strict bool) error

	// Scalar codecs (kind != "") convert single values to and from text,
	// used for S, N and B values and for set members. text, when not nil,
	// returns a string the value already holds (no copy); appendText appends
	// the text (B: the bytes); parseText (S, N) and parseBytes (B) set v.
	text       func(v reflect.Value) (string, error)
	appendText func(dst []byte, v reflect.Value) ([]byte, error)
	parseText  func(s string, v reflect.Value) error
	parseBytes func(b []byte, v reflect.Value) error

	// What the codec is built from: the codec of a pointer's target, of a
	// set's members, a list's elements or a map's values; a struct's
	// fields.
	elem   *codec
	info   *structInfo
	fields []structField

	// The JSON forms of encode, decode, encodeItem and decodeItem (see
	// codec_json.go): nil where the codec goes through attribute values.
	appendJSON     appendJSONFunc
	decodeJSON     decodeJSONFunc
	appendItemJSON appendJSONFunc
	decodeItemJSON decodeItemJSONFunc

	// The stored forms of decode and decodeItem, from the encoding of an
	// in-process engine's items (see codec_stored.go): nil where the codec
	// goes through attribute values.
	decodeStored     decodeStoredFunc
	decodeItemStored decodeItemStoredFunc
}

// codecKey identifies a cached codec.
type codecKey struct {
	typ reflect.Type
	f   format
}

// codecs caches *codec by codecKey. plainCodecs caches those of format{},
// the ones every Marshal and Unmarshal call looks up, by reflect.Type: a
// pointer hashes faster than a codecKey.
var codecs, plainCodecs sync.Map

// cachedCodec returns the cached codec of t with format f, or nil.
func cachedCodec(t reflect.Type, f format) *codec {
	var cached any
	if f == (format{}) {
		cached, _ = plainCodecs.Load(t)
	} else {
		cached, _ = codecs.Load(codecKey{t, f})
	}
	c, _ := cached.(*codec)
	return c
}

// codecFor returns the codec of t with format f, building and caching it
// (and the codecs it uses) on first use.
func codecFor(t reflect.Type, f format) (*codec, error) {
	if c := cachedCodec(t, f); c != nil {
		return c, nil
	}
	b := codecBuilder{building: make(map[codecKey]*codec)}
	c, err := b.build(t, f)
	if err != nil {
		return nil, err
	}
	for k, built := range b.building {
		if k.f == (format{}) {
			plainCodecs.LoadOrStore(k.typ, built)
		} else {
			codecs.LoadOrStore(k, built)
		}
	}
	return c, nil
}

// codecBuilder builds the codecs of one type graph; building holds those
// started, so that recursive types refer to their codec while it is built.
type codecBuilder struct {
	building map[codecKey]*codec
}

func (b *codecBuilder) build(t reflect.Type, f format) (*codec, error) {
	if c := cachedCodec(t, f); c != nil {
		return c, nil
	}
	key := codecKey{t, f}
	if c, ok := b.building[key]; ok {
		return c, nil
	}
	c := &codec{typ: t, kind: scalarKindOf(t, f)}
	b.building[key] = c
	var err error
	class := classify(t, f)
	switch class {
	case classAttributeValue:
		c.encode, c.decode = encodeAttributeValue, decodeAttributeValue
	case classPointer, classSet, classList, classMap:
		err = b.container(c, t, class, f)
	case classInterface:
		c.encode, c.decode = encodeInterface, decodeInterface
	case classTime:
		kind := types.ScalarAttributeTypeS
		if !f.time.text() {
			kind = types.ScalarAttributeTypeN
		}
		scalarCodec(c, kind, nil, appendTime(f.time), parseTime(f.time), nil, timeTextSize(f.time))
	case classUUID:
		scalarCodec(c, types.ScalarAttributeTypeS, nil, appendUUID, parseUUID, nil, uuidTextSize)
	case classNumber:
		scalarCodec(c, types.ScalarAttributeTypeN, numberText, nil, parseNumber, nil, 0)
	case classBool:
		setMemberEncoder(c, 0, fillBool)
		c.decode = decodeBool
	case classInt:
		scalarCodec(c, types.ScalarAttributeTypeN, nil, appendInt, parseInt, nil, intTextSize)
	case classUint:
		scalarCodec(c, types.ScalarAttributeTypeN, nil, appendUint, parseUint, nil, intTextSize)
	case classFloat:
		scalarCodec(c, types.ScalarAttributeTypeN, nil, appendFloat, parseFloat, nil, floatTextSize)
	case classString:
		scalarCodec(c, types.ScalarAttributeTypeS, stringText, nil, parseString, nil, 0)
	case classBytes:
		scalarCodec(c, types.ScalarAttributeTypeB, nil, appendBytes, nil, parseBytes, 0)
	case classStruct:
		err = b.structure(c, t)
	default:
		c.encode, c.decode = encodeUnsupported, decodeUnsupported
	}
	if err != nil {
		return nil, err
	}
	customMethods(c)
	encClass, decClass := methodClasses(c, class)
	jsonCodec(c, encClass, decClass)
	storedDecoder(c, decClass)
	return c, nil
}

// container builds the codec of a pointer, set, list or map (class) from
// the codec of what it holds: the value pointed to, the set members (a map
// set's keys), the elements or the map values.
func (b *codecBuilder) container(c *codec, t reflect.Type, class codecClass, f format) error {
	member, memberFormat := t.Elem(), format{time: f.time} // the set option applies to the outer value only
	switch {
	case class == classPointer:
		memberFormat = f
	case class == classSet && t.Kind() == reflect.Map:
		member = t.Key()
	}
	elem, err := b.build(member, memberFormat)
	if err != nil {
		return err
	}
	c.elem = elem
	switch class {
	case classPointer:
		c.encode, c.decode = pointerEncoder(elem), pointerDecoder(elem)
		if elem.encodeTo != nil { // nil too while a recursive elem is built
			c.member, c.textSize, c.encodeTo = elem.member, elem.textSize, pointerEncoderTo(elem)
		}
	case classSet:
		setEncoder(c, elem)
		c.decode = listDecoder(elem)
		if t.Kind() == reflect.Map {
			c.decode = mapSetDecoder(elem)
		}
	case classList:
		setMemberEncoder(c, 0, listFiller(elem))
		c.decode = listDecoder(elem)
	case classMap:
		c.encodeItem, c.decodeItem = mapItemEncoder(elem), mapItemDecoder(elem)
		setMemberEncoder(c, 0, itemFiller(c.encodeItem))
		c.decode = itemDecoder(c.decodeItem)
	}
	return nil
}

func (b *codecBuilder) structure(c *codec, t reflect.Type) error {
	info, err := structInfoFor(t)
	if err != nil {
		return err
	}
	fields := make([]structField, len(info.fields))
	for i, fi := range info.fields {
		fc, err := b.build(fi.typ, fi.format)
		if err != nil {
			return err
		}
		fields[i] = structField{info: fi, codec: fc}
	}
	c.info, c.fields = info, fields
	c.encodeItem, c.decodeItem = structItemEncoder(fields), structItemDecoder(info, fields)
	setMemberEncoder(c, 0, itemFiller(c.encodeItem))
	c.decode = itemDecoder(c.decodeItem)
	return nil
}

// structField is a struct field with its codec.
type structField struct {
	info  *fieldInfo
	codec *codec
}

// scalarCodec fills c for a type encoded as the scalar kind through the
// given text conversions (see the codec fields); appendText appends at most
// textSize bytes for most values.
func scalarCodec(c *codec, kind types.ScalarAttributeType, text func(reflect.Value) (string, error),
	appendText func([]byte, reflect.Value) ([]byte, error), parseText func(string, reflect.Value) error,
	parseBytes func([]byte, reflect.Value) error, textSize int) {
	c.text, c.appendText, c.parseText, c.parseBytes = text, appendText, parseText, parseBytes
	scalarEncoder(c, kind, textSize)
	c.decode = scalarDecoder(kind, parseText, parseBytes)
}

// The most bytes of text of the scalar types that are not strings already.
const (
	intTextSize   = 20 // math.MinInt64, math.MaxUint64
	floatTextSize = 24 // -1.2345678901234567e-308
	uuidTextSize  = 36
	rfc3339Size   = len(sortableTime) - len("Z07:00") + len("Z")
)

func timeTextSize(tf timeFormat) int {
	switch tf {
	case timeRFC3339:
		return rfc3339Size
	case timeRFC3339Nano:
		return len(time.RFC3339Nano)
	}
	return intTextSize
}

// codecClass is the encoding rule the builder picks for a type, before the
// custom methods (Marshaler, TextMarshaler) layered on top.
type codecClass uint8

const (
	classUnsupported codecClass = iota
	classAttributeValue
	classPointer
	classInterface
	classTime
	classUUID
	classNumber
	classBool
	classInt
	classUint
	classFloat
	classString
	classBytes // []byte and [N]byte
	classSet
	classList // other slices and arrays
	classMap  // maps with string keys
	classStruct
)

var (
	attributeValueType = reflect.TypeFor[types.AttributeValue]()
	marshalerType      = reflect.TypeFor[Marshaler]()
	unmarshalerType    = reflect.TypeFor[Unmarshaler]()
	keyTyperType       = reflect.TypeFor[KeyTyper]()
	textMarshalerType  = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalType  = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType           = reflect.TypeFor[time.Time]()
	uuidType           = reflect.TypeFor[uuid.UUID]()
	numberType         = reflect.TypeFor[Number]()
)

// classify picks the encoding rule of t with format f.
func classify(t reflect.Type, f format) codecClass {
	switch {
	case t == attributeValueType || t.Kind() == reflect.Pointer && t.Implements(attributeValueType):
		return classAttributeValue
	case t == timeType:
		return classTime
	case t == uuidType:
		return classUUID
	case t == numberType:
		return classNumber
	}
	switch t.Kind() {
	case reflect.Pointer:
		return classPointer
	case reflect.Interface:
		return classInterface
	case reflect.Bool:
		return classBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return classInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return classUint
	case reflect.Float32, reflect.Float64:
		return classFloat
	case reflect.String:
		return classString
	case reflect.Slice, reflect.Array:
		switch {
		case t.Elem().Kind() == reflect.Uint8 && !hasCustomMethods(t.Elem()):
			return classBytes
		case f.set && isScalarKind(scalarKindOf(t.Elem(), format{time: f.time})):
			return classSet
		}
		return classList
	case reflect.Map:
		elem := t.Elem()
		isSetElem := elem.Kind() == reflect.Struct && elem.NumField() == 0 || f.set && elem.Kind() == reflect.Bool
		switch {
		case isSetElem && isScalarKind(scalarKindOf(t.Key(), format{time: f.time})):
			return classSet
		case t.Key().Kind() == reflect.String && !f.set:
			return classMap
		}
	case reflect.Struct:
		return classStruct
	}
	return classUnsupported
}

// scalarKindOf returns "S", "N" or "B" when every value of t with format f
// encodes as that scalar type (pointers encode as what they point to), and ""
// otherwise. It is the key type of a field of type t.
func scalarKindOf(t reflect.Type, f format) types.ScalarAttributeType {
	class := classify(t, f)
	switch class {
	case classPointer:
		return scalarKindOf(t.Elem(), f)
	case classAttributeValue, classInterface:
		return ""
	case classTime:
		if f.time.text() {
			return types.ScalarAttributeTypeS
		}
		return types.ScalarAttributeTypeN
	case classUUID:
		return types.ScalarAttributeTypeS
	}
	if ok, _ := implements(t, marshalerType); ok {
		return ""
	}
	if ok, _ := implements(t, textMarshalerType); ok {
		return types.ScalarAttributeTypeS
	}
	switch class {
	case classString:
		return types.ScalarAttributeTypeS
	case classNumber, classInt, classUint, classFloat:
		return types.ScalarAttributeTypeN
	case classBytes:
		return types.ScalarAttributeTypeB
	}
	return ""
}

func isScalarKind(k types.ScalarAttributeType) bool { return k != "" }

// implements reports whether t or *t implements iface; byPtr when only *t
// does. Pointer and interface types are handled by their own rules.
func implements(t, iface reflect.Type) (ok, byPtr bool) {
	switch {
	case t.Kind() == reflect.Interface || t.Kind() == reflect.Pointer:
		return false, false
	case t.Implements(iface):
		return true, false
	case reflect.PointerTo(t).Implements(iface):
		return true, true
	}
	return false, false
}

// hasCustomMethods reports whether t encodes or decodes through its own
// methods.
func hasCustomMethods(t reflect.Type) bool {
	for _, iface := range []reflect.Type{marshalerType, unmarshalerType, textMarshalerType, textUnmarshalType} {
		if ok, _ := implements(t, iface); ok {
			return true
		}
	}
	return false
}

// customMethods layers a type's own Marshaler, Unmarshaler, TextMarshaler
// and TextUnmarshaler over its codec. Each direction is independent: a type
// with only UnmarshalAttributeValue still encodes by its kind.
func customMethods(c *codec) {
	switch classify(c.typ, format{}) {
	case classTime, classUUID, classPointer, classInterface, classAttributeValue:
		return
	}
	if ok, byPtr := implements(c.typ, marshalerType); ok {
		c.encode, c.encodeItem = marshalerEncoder(byPtr), nil
		c.member, c.textSize, c.encodeTo = nil, 0, nil
	} else if ok, byPtr := implements(c.typ, textMarshalerType); ok {
		c.text, c.appendText, c.encodeItem = nil, appendMarshaledText(byPtr), nil
		scalarEncoder(c, types.ScalarAttributeTypeS, maxTextSize)
	}
	if ok, byPtr := implements(c.typ, unmarshalerType); ok {
		c.decode, c.decodeItem = unmarshalerDecoder(byPtr), nil
	} else if ok, byPtr := implements(c.typ, textUnmarshalType); ok {
		c.parseText, c.parseBytes = parseUnmarshaledText(byPtr), nil
		c.decode, c.decodeItem = scalarDecoder(types.ScalarAttributeTypeS, c.parseText, nil), nil
	}
}

// methodsOf returns v as the interface I holding its methods; byPtr when they
// have pointer receivers (v is copied when it is not addressable).
func methodsOf[I any](v reflect.Value, byPtr bool) I {
	if !byPtr {
		return v.Interface().(I)
	}
	if !v.CanAddr() {
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		return p.Interface().(I)
	}
	return v.Addr().Interface().(I)
}

// avType names the type of an attribute value in messages: "S", "N", "L"...,
// "no value" for nil, or the Go type of a member unknown to DynamoDB.
func avType(av types.AttributeValue) string {
	if t := dynamo.TypeOf(av); t != "" {
		return t
	}
	if av == nil {
		return "no value"
	}
	return fmt.Sprintf("%T", av)
}
