package wirejson

import (
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// AppendItem appends a map of attribute values (an item, a key, or the M of
// a value) as a JSON object. ok is false if the map holds, at any depth, a
// value with no data type (nil, or a member type unknown to this package),
// which is written as {}.
func AppendItem(dst []byte, m map[string]types.AttributeValue) (_ []byte, ok bool) {
	return appendItem(dst, m, false)
}

// AppendAttributeValue appends v as {"<type>": value}. ok is false if v, or
// a value it contains, has no data type (see AppendItem).
func AppendAttributeValue(dst []byte, v types.AttributeValue) (_ []byte, ok bool) {
	return appendAttributeValue(dst, v, false)
}

// AppendStdItem appends a map of attribute values as AppendItem does, but
// as encoding/json writes the same JSON: the members of every map in name
// order and strings as AppendStdString writes them. Exports and item files
// are written so, one spelling for the same item.
func AppendStdItem(dst []byte, m map[string]types.AttributeValue) (_ []byte, ok bool) {
	return appendItem(dst, m, true)
}

// appendItem appends m as AppendItem does, or as AppendStdItem does if std
// is set.
func appendItem(dst []byte, m map[string]types.AttributeValue, std bool) (_ []byte, ok bool) {
	if std {
		return appendSortedItem(dst, m)
	}
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
		dst, vok = appendAttributeValue(dst, v, false)
		ok = ok && vok
	}
	return append(dst, '}'), ok
}

// appendSortedItem appends m as AppendStdItem does.
func appendSortedItem(dst []byte, m map[string]types.AttributeValue) (_ []byte, ok bool) {
	ok = true
	dst = append(dst, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			dst = append(dst, ',')
		}
		var vok bool
		dst, vok = appendAttributeValue(append(AppendStdString(dst, k), ':'), m[k], true)
		ok = ok && vok
	}
	return append(dst, '}'), ok
}

// appendAttributeValue appends v as AppendAttributeValue does, its strings
// and maps as AppendStdItem writes them if std is set.
func appendAttributeValue(dst []byte, v types.AttributeValue, std bool) (_ []byte, ok bool) {
	ok = true
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		dst = appendString(append(dst, `{"S":`...), v.Value, std)
	case *types.AttributeValueMemberN:
		dst = appendString(append(dst, `{"N":`...), v.Value, std)
	case *types.AttributeValueMemberB:
		dst = AppendBlob(append(dst, `{"B":`...), v.Value)
	case *types.AttributeValueMemberBOOL:
		dst = appendBool(append(dst, `{"BOOL":`...), v.Value)
	case *types.AttributeValueMemberNULL:
		dst = appendBool(append(dst, `{"NULL":`...), v.Value)
	case *types.AttributeValueMemberSS:
		dst = appendStrings(append(dst, `{"SS":`...), v.Value, std)
	case *types.AttributeValueMemberNS:
		dst = appendStrings(append(dst, `{"NS":`...), v.Value, std)
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
			dst, xok = appendAttributeValue(dst, x, std)
			ok = ok && xok
		}
		dst = append(dst, ']')
	case *types.AttributeValueMemberM:
		dst, ok = appendItem(append(dst, `{"M":`...), v.Value, std)
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
