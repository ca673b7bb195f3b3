package server

import (
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
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

// item reads a map of attribute values (an item, a key, or the M of a value).
func (r *reader) item() (map[string]types.AttributeValue, error) {
	if c := r.ws(); c != '{' {
		return nil, r.notMap(c, itemJavaName)
	}
	m := make(map[string]types.AttributeValue)
	for more, err := r.enter('}'); more || err != nil; more, err = r.next('}') {
		if err != nil {
			return nil, err
		}
		k, err := r.key()
		if err != nil {
			return nil, err
		}
		if m[k], err = r.attributeValue(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// attributeValue reads one attribute value. An object without any data type
// decodes as nil, which the engine rejects with DynamoDB's message; one with
// several data types cannot be represented and is rejected here.
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
		if member != nil {
			v = member
			n++
		}
	}
	if n > 1 {
		return nil, apierr.Validation(msgAttributeValueTypes)
	}
	return v, nil
}

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
		b, err := r.boolean()
		return &types.AttributeValueMemberBOOL{Value: b}, err
	case "NULL":
		b, err := r.boolean()
		return &types.AttributeValueMemberNULL{Value: b}, err
	case "SS":
		v := &types.AttributeValueMemberSS{}
		return v, decodeStrings(r, &v.Value)
	case "NS":
		v := &types.AttributeValueMemberNS{}
		return v, decodeStrings(r, &v.Value)
	case "BS":
		v := &types.AttributeValueMemberBS{}
		return v, r.blobs(&v.Value)
	case "L":
		v := &types.AttributeValueMemberL{}
		return v, r.list(&v.Value)
	case "M":
		m, err := r.item()
		return &types.AttributeValueMemberM{Value: m}, err
	}
	return nil, r.skip()
}

// list reads the array of an L value.
func (r *reader) list(out *[]types.AttributeValue) error {
	if c := r.ws(); c != '[' {
		return r.notList(c)
	}
	l := make([]types.AttributeValue, 0, 4)
	for more, err := r.enter(']'); more || err != nil; more, err = r.next(']') {
		if err != nil {
			return err
		}
		v, err := r.attributeValue()
		if err != nil {
			return err
		}
		l = append(l, v)
	}
	*out = l
	return nil
}

// blobs reads the array of a BS value.
func (r *reader) blobs(out *[][]byte) error {
	if c := r.ws(); c != '[' {
		return r.notList(c)
	}
	l := make([][]byte, 0, 4)
	for more, err := r.enter(']'); more || err != nil; more, err = r.next(']') {
		if err != nil {
			return err
		}
		b, err := r.blob()
		if err != nil {
			return err
		}
		l = append(l, b)
	}
	*out = l
	return nil
}
