package itemenc

import (
	"encoding/binary"
	"errors"
	"slices"
	"unsafe"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// The encoding to and from the wire protocol's JSON.

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

// ErrTooDeep is AppendItemFromJSON's error for values nested deeper than
// MaxDepth, which no reader of the encoding accepts.
var ErrTooDeep = errors.New("itemenc: attribute values nested too deep")

// ErrNullFalse is AppendItemFromJSON's error for an item that holds
// {"NULL": false}, which the encoding cannot hold (it has one NULL) and
// DynamoDB refuses: the engine validates such an item as SDK values.
var ErrNullFalse = errors.New("itemenc: NULL false")

// AppendItemFromJSON appends the storage encoding of the item whose
// DynamoDB JSON is item: an object of attribute values, as AppendItemJSON
// writes and the wire protocol carries. It checks the JSON's syntax and
// the attribute values' types; the values themselves (their numbers, sets,
// names, and nesting up to MaxDepth) are taken as given, for the engine to
// validate as it validates items given as SDK values. On an error, which
// is ErrTooDeep, a syntax error or ErrNullFalse, dst is returned
// unchanged.
func AppendItemFromJSON(dst []byte, item string) ([]byte, error) {
	start := len(dst)
	var e jsonItemEncoder
	e.r.Reset(item)
	dst, n := e.members(slices.Grow(dst, len(item)), 0)
	if e.r.Peek() != 0 {
		e.r.SyntaxError("want the end of the item")
	}
	if err := e.r.Err(); err != nil {
		return dst[:start], err
	}
	if e.nullFalse {
		return dst[:start], ErrNullFalse
	}
	var h [1 + 3*binary.MaxVarintLen64]byte
	header := append(h[:0], itemVersion)
	header = binary.AppendUvarint(header, uint64(e.strings))
	header = binary.AppendUvarint(header, uint64(e.numbers))
	header = binary.AppendUvarint(header, uint64(n))
	return slices.Insert(dst, start, header...), nil
}

// jsonItemEncoder is the state of AppendItemFromJSON: its reader, the
// counts of S and N values that the encoding's header holds, and whether
// a NULL false was seen (ErrNullFalse).
type jsonItemEncoder struct {
	r                wirejson.Reader
	strings, numbers int
	nullFalse        bool
}

// members appends the encodings of an object's names and values (an
// item's attributes, or a map's members at nesting depth) and returns
// their count, which the caller writes before them.
func (e *jsonItemEncoder) members(dst []byte, depth int) ([]byte, int) {
	n := 0
	e.r.Enter('{')
	for first := true; e.r.More('}', first); first = false {
		dst = e.value(appendString(dst, e.r.Key()), depth)
		n++
	}
	return dst, n
}

// value appends the encoding of one attribute value at nesting depth.
func (e *jsonItemEncoder) value(dst []byte, depth int) []byte {
	switch tag := e.r.Tag(); tag {
	case "S":
		e.strings++
		dst = appendString(append(dst, tagS), e.r.String())
	case "N":
		e.numbers++
		dst = appendString(append(dst, tagN), e.r.String())
	case "B":
		dst = e.blob(append(dst, tagB))
	case "BOOL":
		if e.r.Bool() {
			dst = append(dst, tagTrue)
		} else {
			dst = append(dst, tagFalse)
		}
	case "NULL":
		e.nullFalse = e.nullFalse || !e.r.Bool()
		dst = append(dst, tagNull)
	case "SS", "NS":
		dst = e.elements(append(dst, setTag(tag)), func(dst []byte) []byte { return appendString(dst, e.r.String()) })
	case "BS":
		dst = e.elements(append(dst, tagBS), e.blob)
	case "L":
		if e.tooDeep(depth) {
			return dst
		}
		dst = e.elements(append(dst, tagL), func(dst []byte) []byte { return e.value(dst, depth+1) })
	case "M":
		if e.tooDeep(depth) {
			return dst
		}
		mark, n := len(dst)+1, 0
		dst, n = e.members(append(dst, tagM), depth+1)
		dst = insertUvarint(dst, mark, n)
	default:
		e.r.SyntaxError("unknown attribute value type " + tag)
	}
	e.r.End()
	return dst
}

// tooDeep reports, and records as the error, that a list or map at
// nesting depth is deeper than MaxDepth.
func (e *jsonItemEncoder) tooDeep(depth int) bool {
	if depth < MaxDepth {
		return false
	}
	e.r.Fail(ErrTooDeep)
	return true
}

// setTag returns the tag of the set type SS or NS.
func setTag(tag string) byte {
	if tag == "SS" {
		return tagSS
	}
	return tagNS
}

// elements appends the elements of a JSON array, each with element,
// preceded by their count.
func (e *jsonItemEncoder) elements(dst []byte, element func([]byte) []byte) []byte {
	mark, n := len(dst), 0
	e.r.Enter('[')
	for first := true; e.r.More(']', first); first = false {
		dst = element(dst)
		n++
	}
	return insertUvarint(dst, mark, n)
}

// blob appends a base64 string's bytes, preceded by their length.
func (e *jsonItemEncoder) blob(dst []byte) []byte {
	mark := len(dst)
	dst = e.r.AppendBlob(dst)
	return insertUvarint(dst, mark, len(dst)-mark)
}

// insertUvarint inserts the uvarint n at offset at of dst.
func insertUvarint(dst []byte, at, n int) []byte {
	var b [binary.MaxVarintLen64]byte
	return slices.Insert(dst, at, binary.AppendUvarint(b[:0], uint64(n))...)
}
