package itemio

import (
	"encoding/base64"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// AppendDynamoJSON appends the DynamoDB JSON of item to dst, on one line,
// its attributes in name order: the text Marshal(DynamoJSON, item, "")
// returns, written directly rather than through encoding/json (several
// times faster, for exports of whole tables). An item the format cannot
// hold is an error, and dst is then returned unchanged.
func AppendDynamoJSON(dst []byte, item Item) ([]byte, error) {
	out, err := appendDynamoItem(dst, item, "")
	if err != nil {
		return dst, err
	}
	return out, nil
}

func appendDynamoItem(dst []byte, item Item, path string) ([]byte, error) {
	dst = append(dst, '{')
	for i, name := range slices.Sorted(maps.Keys(item)) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, name)
		dst = append(dst, ':')
		var err error
		if dst, err = appendDynamoValue(dst, item[name], joinPath(path, name)); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

func appendDynamoValue(dst []byte, v types.AttributeValue, path string) ([]byte, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		dst = appendJSONString(append(dst, `{"S":`...), v.Value)
	case *types.AttributeValueMemberN:
		dst = appendJSONString(append(dst, `{"N":`...), v.Value)
	case *types.AttributeValueMemberB:
		dst = appendBase64(append(dst, `{"B":`...), v.Value)
	case *types.AttributeValueMemberBOOL:
		dst = append(dst, `{"BOOL":`...)
		if v.Value {
			dst = append(dst, "true"...)
		} else {
			dst = append(dst, "false"...)
		}
	case *types.AttributeValueMemberNULL:
		dst = append(dst, `{"NULL":true`...)
	case *types.AttributeValueMemberSS:
		dst = appendJSONStrings(append(dst, `{"SS":`...), v.Value)
	case *types.AttributeValueMemberNS:
		dst = appendJSONStrings(append(dst, `{"NS":`...), v.Value)
	case *types.AttributeValueMemberBS:
		dst = append(dst, `{"BS":[`...)
		for i, b := range v.Value {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendBase64(dst, b)
		}
		dst = append(dst, ']')
	case *types.AttributeValueMemberL:
		dst = append(dst, `{"L":[`...)
		for i, x := range v.Value {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendDynamoValue(dst, x, indexPath(path, i)); err != nil {
				return nil, err
			}
		}
		dst = append(dst, ']')
	case *types.AttributeValueMemberM:
		var err error
		if dst, err = appendDynamoItem(append(dst, `{"M":`...), v.Value, path); err != nil {
			return nil, err
		}
	default:
		return nil, valueError(path, "a value of no known type (%T)", v)
	}
	return append(dst, '}'), nil
}

func appendJSONStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, s)
	}
	return append(dst, ']')
}

func appendBase64(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json writes a string with HTML
// escaping off: quotes, backslashes and control characters escaped, U+2028
// and U+2029 escaped, invalid UTF-8 as U+FFFD, the rest as it is.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}
