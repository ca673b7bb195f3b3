package itemenc

import (
	"unsafe"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// AppendItemJSON appends the DynamoDB JSON of an item in the storage
// encoding (AppendItem): an object of attribute values, each as
// {"<type>": value}, byte for byte the JSON of the decoded item when its
// attributes come in the same order. An error means the encoding is
// corrupt, and what was appended is then garbage.
func AppendItemJSON(dst, item []byte) ([]byte, error) {
	var c Cursor
	n := c.Reset(item)
	dst = appendMembersJSON(dst, &c, n, 0)
	return dst, c.Done()
}

// appendMembersJSON appends n names and values as a JSON object: an item's
// attributes, or a map's members at nesting depth.
func appendMembersJSON(dst []byte, c *Cursor, n, depth int) []byte {
	dst = append(dst, '{')
	for i := range n {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(wirejson.AppendString(dst, c.Name()), ':')
		dst = appendValueJSON(dst, c, depth)
	}
	return append(dst, '}')
}

// maxJSONNesting is the deepest nesting of lists and maps AppendItemJSON
// writes: DynamoDB's limit, beyond which no stored item goes.
const maxJSONNesting = 31

// appendValueJSON appends one value as wirejson.AppendAttributeValue
// does.
func appendValueJSON(dst []byte, c *Cursor, depth int) []byte {
	kind, text, n := c.Value()
	if (kind == KindL || kind == KindM) && depth >= maxJSONNesting {
		c.Fail() // deeper than any item stored
		return dst
	}
	switch kind {
	case KindS:
		dst = wirejson.AppendString(append(dst, `{"S":`...), text)
	case KindN:
		dst = wirejson.AppendString(append(dst, `{"N":`...), text)
	case KindB:
		dst = wirejson.AppendBlob(append(dst, `{"B":`...), bytesOf(text))
	case KindBOOL:
		if text != "" {
			dst = append(dst, `{"BOOL":true`...)
		} else {
			dst = append(dst, `{"BOOL":false`...)
		}
	case KindNULL:
		dst = append(dst, `{"NULL":true`...)
	case KindSS, KindNS:
		if kind == KindSS {
			dst = append(dst, `{"SS":[`...)
		} else {
			dst = append(dst, `{"NS":[`...)
		}
		for i := range n {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = wirejson.AppendString(dst, c.Member())
		}
		dst = append(dst, ']')
	case KindBS:
		dst = append(dst, `{"BS":[`...)
		for i := range n {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = wirejson.AppendBlob(dst, bytesOf(c.Member()))
		}
		dst = append(dst, ']')
	case KindL:
		dst = append(dst, `{"L":[`...)
		for i := range n {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendValueJSON(dst, c, depth+1)
		}
		dst = append(dst, ']')
	case KindM:
		dst = appendMembersJSON(append(dst, `{"M":`...), c, n, depth+1)
	default:
		return dst // corrupt: c reports it
	}
	return append(dst, '}')
}

// bytesOf returns the bytes of s without copying them, for reading only.
func bytesOf(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
