// Package ddbjson reads and writes items in DynamoDB JSON: the form in
// which DynamoDB's API and its exports to S3 write attribute values, an
// object with one member naming the type: {"S":"text"}, {"N":"1.5"},
// {"B":"base64"}, {"SS":[...]}, {"NS":[...]}, {"BS":[...]},
// {"BOOL":true}, {"NULL":true}, {"L":[...]}, {"M":{...}}.
//
// Decoding checks the JSON's shape only (one type member, of the right JSON
// type, base64 that decodes); the values' own rules (number syntax, empty
// sets, duplicates, nesting) are the engine's item validation's.
package ddbjson

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// maxDepth bounds the nesting Decode follows (DynamoDB allows 32 levels).
const maxDepth = 64

// AppendItem appends the DynamoDB JSON object of item to dst, its
// attributes in name order.
func AppendItem(dst []byte, item map[string]types.AttributeValue) []byte {
	dst = append(dst, '{')
	for i, name := range slices.Sorted(maps.Keys(item)) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, name)
		dst = append(dst, ':')
		dst = AppendValue(dst, item[name])
	}
	return append(dst, '}')
}

// AppendValue appends the DynamoDB JSON of one attribute value to dst.
func AppendValue(dst []byte, v types.AttributeValue) []byte {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		dst = appendString(append(dst, `{"S":`...), v.Value)
	case *types.AttributeValueMemberN:
		dst = appendString(append(dst, `{"N":`...), v.Value)
	case *types.AttributeValueMemberB:
		dst = appendBytes(append(dst, `{"B":`...), v.Value)
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
		dst = appendStrings(append(dst, `{"SS":`...), v.Value)
	case *types.AttributeValueMemberNS:
		dst = appendStrings(append(dst, `{"NS":`...), v.Value)
	case *types.AttributeValueMemberBS:
		dst = append(dst, `{"BS":[`...)
		for i, b := range v.Value {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendBytes(dst, b)
		}
		dst = append(dst, ']')
	case *types.AttributeValueMemberL:
		dst = append(dst, `{"L":[`...)
		for i, x := range v.Value {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendValue(dst, x)
		}
		dst = append(dst, ']')
	case *types.AttributeValueMemberM:
		dst = AppendItem(append(dst, `{"M":`...), v.Value)
	default:
		return append(dst, "null"...)
	}
	return append(dst, '}')
}

func appendStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}

func appendBytes(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)
	return append(dst, '"')
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, everything else as it is (invalid UTF-8 becomes
// U+FFFD).
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
			i += size
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}

// DecodeItem decodes a DynamoDB JSON object of attributes (an item, a key
// or an image).
func DecodeItem(data []byte) (map[string]types.AttributeValue, error) {
	return decodeMap(data, 0)
}

// DecodeValue decodes the DynamoDB JSON of one attribute value.
func DecodeValue(data []byte) (types.AttributeValue, error) {
	return decodeValue(data, 0)
}

func decodeMap(data []byte, depth int) (map[string]types.AttributeValue, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, errors.New("expected an object of attributes, found null")
	}
	item := make(map[string]types.AttributeValue, len(raw))
	for name, v := range raw {
		av, err := decodeValue(v, depth)
		if err != nil {
			return nil, fmt.Errorf("attribute %q: %w", name, err)
		}
		item[name] = av
	}
	return item, nil
}

func decodeValue(data []byte, depth int) (types.AttributeValue, error) {
	if depth > maxDepth {
		return nil, errors.New("values nest too deeply")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if len(raw) != 1 {
		return nil, fmt.Errorf("an attribute value must have exactly one type member, found %d", len(raw))
	}
	for typ, v := range raw {
		return decodeTyped(typ, v, depth)
	}
	panic("unreachable")
}

func decodeTyped(typ string, v json.RawMessage, depth int) (types.AttributeValue, error) {
	switch typ {
	case "S":
		var s string
		err := unmarshal(v, &s)
		return &types.AttributeValueMemberS{Value: s}, err
	case "N":
		var s string
		err := unmarshal(v, &s)
		return &types.AttributeValueMemberN{Value: s}, err
	case "B":
		b, err := decodeBase64(v)
		return &types.AttributeValueMemberB{Value: b}, err
	case "BOOL":
		var b bool
		err := unmarshal(v, &b)
		return &types.AttributeValueMemberBOOL{Value: b}, err
	case "NULL":
		var b bool
		err := unmarshal(v, &b)
		return &types.AttributeValueMemberNULL{Value: b}, err
	case "SS":
		var ss []string
		err := unmarshal(v, &ss)
		return &types.AttributeValueMemberSS{Value: ss}, err
	case "NS":
		var ss []string
		err := unmarshal(v, &ss)
		return &types.AttributeValueMemberNS{Value: ss}, err
	case "BS":
		var raws []json.RawMessage
		if err := unmarshal(v, &raws); err != nil {
			return nil, err
		}
		bs := make([][]byte, len(raws))
		for i, r := range raws {
			b, err := decodeBase64(r)
			if err != nil {
				return nil, err
			}
			bs[i] = b
		}
		return &types.AttributeValueMemberBS{Value: bs}, nil
	case "L":
		var raws []json.RawMessage
		if err := unmarshal(v, &raws); err != nil {
			return nil, err
		}
		l := make([]types.AttributeValue, len(raws))
		for i, r := range raws {
			x, err := decodeValue(r, depth+1)
			if err != nil {
				return nil, err
			}
			l[i] = x
		}
		return &types.AttributeValueMemberL{Value: l}, nil
	case "M":
		m, err := decodeMap(v, depth+1)
		return &types.AttributeValueMemberM{Value: m}, err
	}
	return nil, fmt.Errorf("unknown attribute type %q", typ)
}

// unmarshal decodes JSON v into dst, refusing null.
func unmarshal(v json.RawMessage, dst any) error {
	if string(v) == "null" {
		return errors.New("a value cannot be null")
	}
	return json.Unmarshal(v, dst)
}

func decodeBase64(v json.RawMessage) ([]byte, error) {
	var s string
	if err := unmarshal(v, &s); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(s)
}
