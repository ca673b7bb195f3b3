package server

import (
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// Messages of the ValidationExceptions for attribute values the SDK's union
// type cannot represent.
const (
	msgAttributeValueTypes = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
	itemJavaName           = "java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
)

func decodeAttributeValueAt(r *reader, p unsafe.Pointer) error {
	v, err := r.attributeValue()
	*(*types.AttributeValue)(p) = v
	return err
}

func decodeItemAt(r *reader, p unsafe.Pointer) error {
	m, err := r.item()
	*(*map[string]types.AttributeValue)(p) = m
	return err
}

// decodeValuesAt decodes a request's ExpressionAttributeValues, where a value
// nested too deeply is reported with its key, as DynamoDB does. They may
// nest attr.MaxValuesNesting levels, one more than an item's values: their
// depth starts one below an item's.
func decodeValuesAt(r *reader, p unsafe.Pointer) error {
	r.depth = attr.MaxNesting - attr.MaxValuesNesting
	m, err := r.members(true)
	r.depth = 0
	*(*map[string]types.AttributeValue)(p) = m
	return err
}

// itemSlot is the bytes of a member of an item (mapSlot).
var itemSlot = mapSlot(itemType)

// errTooDeep is the error of an attribute value that nests lists and maps
// deeper than DynamoDB allows; decoding stops where it is seen.
var errTooDeep = attr.NestingError()

// item reads a map of attribute values (an item, a key, or the M of a value).
func (r *reader) item() (map[string]types.AttributeValue, error) {
	return r.members(false)
}

// members reads a map of attribute values; valuesKeys tells that a value
// nested too deeply is reported naming its key, as in
// ExpressionAttributeValues.
func (r *reader) members(valuesKeys bool) (map[string]types.AttributeValue, error) {
	if c := r.ws(); c != '{' {
		return nil, r.notMap(c, itemJavaName)
	}
	if err := r.alloc(mapHeader); err != nil {
		return nil, err
	}
	m := make(map[string]types.AttributeValue)
	n := 0
	for more, err := r.enter('}'); more || err != nil; more, err = r.next('}') {
		if err != nil {
			return nil, err
		}
		k, err := r.key()
		if err != nil {
			return nil, err
		}
		n++
		if err := r.allocMember(n, itemSlot); err != nil {
			return nil, err
		}
		if m[k], err = r.attributeValue(); err != nil {
			if valuesKeys && err == errTooDeep {
				err = attr.ValuesError(k, err)
			}
			return nil, err
		}
	}
	return m, nil
}

// emptyValue stands for an attribute value object without any data type
// ({}, or only null or unknown members): the engine rejects it where it
// validates values, with DynamoDB's "Supplied AttributeValue is empty"
// message, as it rejects a JSON null (nil) with the "null AttributeValue"
// one. It is never modified.
var emptyValue types.AttributeValue = &types.UnknownUnionMember{}

// attributeValue reads one attribute value. An object without any data type
// decodes as emptyValue, and null as nil, which the engine rejects with
// DynamoDB's messages; one with several data types cannot be represented
// and is rejected here.
func (r *reader) attributeValue() (types.AttributeValue, error) {
	switch r.ws() {
	case '{':
	case 'n':
		return nil, r.literal("null")
	case '[':
		return nil, typeError("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue")
	default:
		return nil, typeError("Unexpected value type in payload")
	}
	var v types.AttributeValue
	n := 0
	for more, err := r.enter('}'); more || err != nil; more, err = r.next('}') {
		if err != nil {
			return nil, err
		}
		k, err := r.key()
		if err != nil {
			return nil, err
		}
		if isNull, err := r.null(); err != nil {
			return nil, err
		} else if isNull {
			continue
		}
		member, err := r.attributeMember(k)
		if err != nil {
			return nil, err
		}
		if err := r.alloc(memberBytes); err != nil {
			return nil, err
		}
		if member != nil {
			v = member
			n++
		}
	}
	switch {
	case n > 1:
		return nil, apierr.Validation(msgAttributeValueTypes)
	case n == 0:
		return emptyValue, nil
	}
	return v, nil
}

// memberBytes bounds the bytes of the struct of an attribute value's data
// type (the largest is a list's or a set's slice header) and what reading
// it takes besides.
const memberBytes = 32

// attributeMember reads the value of the data type member named k; unknown
// members are skipped and yield nil.
func (r *reader) attributeMember(k string) (types.AttributeValue, error) {
	switch k {
	case "S":
		s, err := r.stringValue()
		return &types.AttributeValueMemberS{Value: s}, err
	case "N":
		s, err := r.stringValue()
		return &types.AttributeValueMemberN{Value: s}, err
	case "B":
		b, err := r.blob()
		return &types.AttributeValueMemberB{Value: b}, err
	case "BOOL":
		b, err := r.valueBoolean()
		return &types.AttributeValueMemberBOOL{Value: b}, err
	case "NULL":
		b, err := r.valueBoolean()
		return &types.AttributeValueMemberNULL{Value: b}, err
	case "SS":
		v := &types.AttributeValueMemberSS{}
		return v, setMembers(r, &v.Value, (*reader).stringValue, msgNullString)
	case "NS":
		v := &types.AttributeValueMemberNS{}
		return v, setMembers(r, &v.Value, (*reader).stringValue, msgNullNumber)
	case "BS":
		v := &types.AttributeValueMemberBS{}
		return v, setMembers(r, &v.Value, (*reader).blob, msgNullBinary)
	case "L", "M":
		// Lists and maps are checked against DynamoDB's nesting limit as
		// they open, which bounds the recursion of decoding.
		if r.depth >= attr.MaxNesting {
			return nil, errTooDeep
		}
		r.depth++
		defer func() { r.depth-- }()
		if k == "L" {
			v := &types.AttributeValueMemberL{}
			return v, r.list(&v.Value)
		}
		m, err := r.item()
		return &types.AttributeValueMemberM{Value: m}, err
	}
	return nil, r.skip()
}

// list reads the array of an L value.
func (r *reader) list(out *[]types.AttributeValue) error {
	l, err := readArray(r, (*reader).attributeValue)
	*out = l
	return err
}

// DynamoDB Local's messages for a null member of a string, number and
// binary set.
const (
	msgNullString = "One or more parameter values were invalid: An string set may not have a null string as a member"
	msgNullNumber = "A value provided cannot be converted into a number"
	msgNullBinary = "The supplied Item contains a null AttributeValue"
)

// setMembers reads the array of an SS, NS or BS value, whose members read
// reads; a null member is a ValidationException with the message
// nullMember.
func setMembers[T any](r *reader, out *[]T, read func(*reader) (T, error), nullMember string) error {
	l, err := readArray(r, func(r *reader) (T, error) {
		if r.ws() == 'n' {
			var zero T
			if err := r.literal("null"); err != nil {
				return zero, err
			}
			return zero, apierr.Validation(nullMember)
		}
		return read(r)
	})
	*out = l
	return err
}
