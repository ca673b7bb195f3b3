package itemio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// dynamoItem converts an item to the tree encoding/json writes as its
// DynamoDB JSON.
func dynamoItem(item Item, path string) (map[string]any, error) {
	return convertMap(item, path, func(v types.AttributeValue, path string) (any, error) { return dynamoValue(v, path) })
}

// dynamoValue converts one attribute value to the tree of its DynamoDB
// JSON, {"<type>": value}.
func dynamoValue(v types.AttributeValue, path string) (map[string]any, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": v.Value}, nil
	case *types.AttributeValueMemberN:
		return map[string]any{"N": v.Value}, nil
	case *types.AttributeValueMemberB:
		return map[string]any{"B": nonNil(v.Value)}, nil
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": v.Value}, nil
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": v.Value}, nil
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": nonNil(v.Value)}, nil
	case *types.AttributeValueMemberNS:
		return map[string]any{"NS": nonNil(v.Value)}, nil
	case *types.AttributeValueMemberBS:
		bs := make([][]byte, len(v.Value))
		for i, b := range v.Value {
			bs[i] = nonNil(b)
		}
		return map[string]any{"BS": bs}, nil
	case *types.AttributeValueMemberL:
		l, err := convertList(v.Value, path, dynamoValue)
		if err != nil {
			return nil, err
		}
		return map[string]any{"L": l}, nil
	case *types.AttributeValueMemberM:
		m, err := dynamoItem(v.Value, path)
		if err != nil {
			return nil, err
		}
		return map[string]any{"M": m}, nil
	}
	return nil, valueError(path, "a value of no known type (%T)", v)
}

// fromDynamoItem converts a decoded DynamoDB JSON object (decoded with
// UseNumber) to an item.
func fromDynamoItem(m map[string]any, path string) (Item, error) {
	return convertMap(m, path, fromDynamo)
}

// fromDynamo converts one decoded attribute value in DynamoDB JSON.
func fromDynamo(x any, path string) (types.AttributeValue, error) {
	obj, ok := x.(map[string]any)
	if !ok || len(obj) != 1 {
		if ok {
			return nil, valueError(path, "an object with %d members, want one naming the type, such as {\"S\": \"text\"}", len(obj))
		}
		return nil, valueError(path, "%s, want an object naming the type, such as {\"S\": \"text\"}", kind(x))
	}
	for typ, inner := range obj {
		return fromTyped(typ, inner, path)
	}
	panic("unreachable")
}

// fromTyped converts the content of a {"<type>": value} object.
func fromTyped(typ string, x any, path string) (types.AttributeValue, error) {
	switch typ {
	case "S":
		s, ok := x.(string)
		if !ok {
			return nil, valueError(path, "S holds %s, want a string", kind(x))
		}
		return &types.AttributeValueMemberS{Value: s}, nil
	case "N":
		s, ok := x.(string)
		if !ok {
			return nil, valueError(path, "N holds %s, want the number as a string", kind(x))
		}
		if s == "" {
			return nil, valueError(path, "N holds an empty string, not a number")
		}
		return &types.AttributeValueMemberN{Value: s}, nil
	case "B":
		b, err := blob(x, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberB{Value: b}, nil
	case "BOOL", "NULL":
		b, ok := x.(bool)
		if !ok {
			return nil, valueError(path, "%s holds %s, want true or false", typ, kind(x))
		}
		if typ == "NULL" {
			if !b {
				return nil, valueError(path, "NULL holds false; a null value is {\"NULL\": true}")
			}
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		return &types.AttributeValueMemberBOOL{Value: b}, nil
	case "SS", "NS":
		ss, err := stringList(x, typ, path)
		if err != nil {
			return nil, err
		}
		if typ == "NS" {
			return &types.AttributeValueMemberNS{Value: ss}, nil
		}
		return &types.AttributeValueMemberSS{Value: ss}, nil
	case "BS":
		bs, err := blobList(x, typ, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberBS{Value: bs}, nil
	case "L":
		l, ok := x.([]any)
		if !ok {
			return nil, valueError(path, "L holds %s, want an array", kind(x))
		}
		out, err := convertList(l, path, fromDynamo)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberL{Value: out}, nil
	case "M":
		m, ok := x.(map[string]any)
		if !ok {
			return nil, valueError(path, "M holds %s, want an object", kind(x))
		}
		item, err := fromDynamoItem(m, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: item}, nil
	}
	return nil, valueError(path, "unknown type %q (want S, N, B, BOOL, NULL, SS, NS, BS, L or M)", typ)
}

// isTypeName reports whether name is one of DynamoDB JSON's type names.
func isTypeName(name string) bool {
	switch name {
	case "S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M":
		return true
	}
	return false
}

// unwrapExport returns the item of a line of DynamoDB's S3 export format,
// {"Item": {...}}, or m itself when m is not such a line: an object whose
// only member is "Item", holding an object that is not one attribute value
// (an object whose only member is named by a type).
func unwrapExport(m map[string]any) map[string]any {
	if len(m) != 1 {
		return m
	}
	inner, ok := m["Item"].(map[string]any)
	if !ok {
		return m
	}
	if len(inner) == 1 {
		for name := range inner {
			if isTypeName(name) {
				return m
			}
		}
	}
	return inner
}

// decodeObject decodes data, which must hold exactly one JSON object, into
// a tree with exact numbers.
func decodeObject(data []byte) (map[string]any, error) {
	x, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	m, ok := x.(map[string]any)
	if !ok {
		return nil, &ParseError{Msg: "an item must be a JSON object, not " + kind(x)}
	}
	return m, nil
}

// decodeJSON decodes data, which must hold exactly one JSON value, into a
// tree with exact numbers (json.Number). Its errors are *ParseError values.
// Text that is not UTF-8 is refused, and so is a \u escape of a surrogate
// that is not half of a pair, which no UTF-8 text holds (encoding/json
// would read either as U+FFFD).
func decodeJSON(data []byte) (any, error) {
	if bad := invalidUTF8(data); bad >= 0 {
		line, col := position(data, int64(bad))
		return nil, &ParseError{Line: line, Column: col, Msg: fmt.Sprintf("byte %#x is not UTF-8 text", data[bad])}
	}
	if bad := loneSurrogate(data); bad >= 0 {
		line, col := position(data, int64(bad))
		return nil, &ParseError{Line: line, Column: col, Msg: fmt.Sprintf("%s is half of a UTF-16 surrogate pair, not UTF-8 text", data[bad:bad+6])}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = errUnexpectedEnd
		}
		return nil, syntaxError(data, err)
	}
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(data[end:], " \t\r\n"); len(rest) > 0 {
		line, col := position(data, int64(len(data)-len(rest)))
		return nil, &ParseError{Line: line, Column: col, Msg: "text after the value"}
	}
	return x, nil
}

// loneSurrogate returns the offset of the first \uXXXX escape of data that
// is a surrogate without its other half, or -1 if there is none. A
// backslash only appears in JSON inside a string, so escapes are found
// without tracking strings; text that is not JSON may report one, which
// is an error all the same.
func loneSurrogate(data []byte) int {
	for i := bytes.IndexByte(data, '\\'); i >= 0 && i+1 < len(data); {
		n := 2
		if data[i+1] == 'u' {
			if r, ok := hexRune(data, i+2); ok && utf16.IsSurrogate(r) {
				lo, ok := hexRune(data, i+8)
				if r >= 0xdc00 || i+7 >= len(data) || data[i+6] != '\\' || data[i+7] != 'u' || !ok || utf16.DecodeRune(r, lo) == utf8.RuneError {
					return i
				}
				n = 12
			}
		}
		next := bytes.IndexByte(data[i+n:], '\\')
		if next < 0 {
			break
		}
		i += n + next
	}
	return -1
}

// hexRune reads the four hex digits at data[i:] as a UTF-16 code unit.
func hexRune(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[i:i+4]), 16, 16)
	return rune(v), err == nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// UTF-8, or -1 if it all is.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) { // the common case, at the validator's speed
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}
