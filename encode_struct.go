package ddb

import (
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// memberBlock is the layout of the one allocation per encoded struct that
// holds the attribute value members of all the fields whose codec encodes
// into a given member (see codec.encodeTo), followed by the room for their
// texts: a struct type built once per struct type with reflect.StructOf, so
// that the garbage collector knows where its pointers are. Encoding a
// struct then costs its map, this block, and what its lists, maps and sets
// hold, instead of an allocation per field.
type memberBlock struct {
	typ        reflect.Type // nil when no field encodes into a member
	textOffset uintptr      // of the Text field, [textSize]byte, when textSize > 0
	textSize   int
}

// blockField is where one struct field's member and text are in the block.
type blockField struct {
	inBlock    bool
	offset     uintptr // of the member
	textOffset int     // in the block's text
}

// newMemberBlock lays out the block of fields, returning where each field's
// member is.
func newMemberBlock(fields []structField) (memberBlock, []blockField) {
	var (
		structFields []reflect.StructField
		places       = make([]blockField, len(fields))
		textSize     int
	)
	for i, f := range fields {
		if f.codec.encodeTo == nil {
			continue
		}
		places[i] = blockField{inBlock: true, textOffset: textSize}
		textSize += f.codec.textSize
		structFields = append(structFields, reflect.StructField{Name: "F" + strconv.Itoa(i), Type: f.codec.member})
	}
	if structFields == nil {
		return memberBlock{}, places
	}
	if textSize > 0 {
		structFields = append(structFields, reflect.StructField{Name: "Text", Type: reflect.ArrayOf(textSize, reflect.TypeFor[byte]())})
	}
	typ := reflect.StructOf(structFields)
	next := 0
	for i := range places {
		if places[i].inBlock {
			places[i].offset = typ.Field(next).Offset
			next++
		}
	}
	block := memberBlock{typ: typ, textSize: textSize}
	if textSize > 0 {
		block.textOffset = typ.Field(next).Offset
	}
	return block, places
}

// structItemEncoder encodes a struct's fields; fields without a value, and
// empty ones tagged omitempty, are left out.
func structItemEncoder(fields []structField) itemEncodeFunc {
	block, places := newMemberBlock(fields)
	return func(v reflect.Value, depth int) (map[string]types.AttributeValue, error) {
		if depth >= maxNesting {
			return nil, tooDeep(v)
		}
		var base unsafe.Pointer
		var text []byte
		if block.typ != nil {
			base = reflect.New(block.typ).UnsafePointer()
		}
		if block.textSize > 0 {
			text = unsafe.Slice((*byte)(unsafe.Add(base, block.textOffset)), block.textSize)
		}
		item := make(map[string]types.AttributeValue, len(fields))
		for i, f := range fields {
			fv, ok := fieldForEncode(v, f.info.index)
			if !ok || f.info.omitEmpty && isEmptyValue(fv) {
				continue
			}
			var av types.AttributeValue
			var err error
			if p := places[i]; p.inBlock {
				end := p.textOffset + f.codec.textSize
				av, err = f.codec.encodeTo(fv, depth+1, unsafe.Add(base, p.offset), text[p.textOffset:p.textOffset:end])
			} else {
				av, err = f.codec.encode(fv, depth+1)
			}
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

// isEmptyValue reports whether omitempty leaves v out: a zero value, an
// empty string, slice or map, a zero time.Time (whatever its location, as
// time.Time.IsZero has it) or a zero Number (whatever its spelling).
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == numberType {
			return Number(v.String()).isZero()
		}
		return v.Len() == 0
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Struct:
		if v.Type() == timeType {
			return valueAs[time.Time](v).IsZero()
		}
	}
	return v.IsZero()
}
