package wirejson

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// AppendItem appends a map of attribute values (an item, a key, or the M of
// a value) as a JSON object. ok is false if the map holds, at any depth, a
// value with no data type (nil, or a member type unknown to this package),
// which is written as {}.
func AppendItem(dst []byte, m map[string]types.AttributeValue) (_ []byte, ok bool) {
	ok = true
	dst = append(dst, '{')
	first := true
	for k, v := range m {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = AppendString(dst, k)
		dst = append(dst, ':')
		var vok bool
		dst, vok = AppendAttributeValue(dst, v)
		ok = ok && vok
	}
	return append(dst, '}'), ok
}

// AppendAttributeValue appends v as {"<type>": value}. ok is false if v, or
// a value it contains, has no data type (see AppendItem).
func AppendAttributeValue(dst []byte, v types.AttributeValue) (_ []byte, ok bool) {
	ok = true
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		dst = AppendString(append(dst, `{"S":`...), v.Value)
	case *types.AttributeValueMemberN:
		dst = AppendString(append(dst, `{"N":`...), v.Value)
	case *types.AttributeValueMemberB:
		dst = AppendBlob(append(dst, `{"B":`...), v.Value)
	case *types.AttributeValueMemberBOOL:
		dst = appendBool(append(dst, `{"BOOL":`...), v.Value)
	case *types.AttributeValueMemberNULL:
		dst = appendBool(append(dst, `{"NULL":`...), v.Value)
	case *types.AttributeValueMemberSS:
		dst = AppendStrings(append(dst, `{"SS":`...), v.Value)
	case *types.AttributeValueMemberNS:
		dst = AppendStrings(append(dst, `{"NS":`...), v.Value)
	case *types.AttributeValueMemberBS:
		dst = append(dst, `{"BS":[`...)
		for i, b := range v.Value {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendBlob(dst, b)
		}
		dst = append(dst, ']')
	case *types.AttributeValueMemberL:
		dst = append(dst, `{"L":[`...)
		for i, x := range v.Value {
			if i > 0 {
				dst = append(dst, ',')
			}
			var xok bool
			dst, xok = AppendAttributeValue(dst, x)
			ok = ok && xok
		}
		dst = append(dst, ']')
	case *types.AttributeValueMemberM:
		dst, ok = AppendItem(append(dst, `{"M":`...), v.Value)
	default:
		return append(dst, '{', '}'), false
	}
	return append(dst, '}'), ok
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}
