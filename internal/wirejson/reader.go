package wirejson

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// maxDepth bounds the nesting a Reader follows: DynamoDB nests attribute
// values 32 deep at most (each a value object inside an L or M), and broken
// input must not run a decoder out of stack.
const maxDepth = 256

// A Reader walks the DynamoDB JSON of an item: objects of attribute values,
// each an object of one member named by its type ({"S":"x"}). Strings
// without escapes are returned as substrings of the input.
//
// Errors are sticky: the first is kept and every later read returns a zero
// value, so callers check Err once.
type Reader struct {
	s     string
	pos   int
	depth int
	err   error
}

// Reset makes r read s from its start.
func (r *Reader) Reset(s string) { *r = Reader{s: s} }

// Err returns the first error met.
func (r *Reader) Err() error { return r.err }

func (r *Reader) fail(msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("malformed item JSON at offset %d: %s", r.pos, msg)
	}
}

// ws skips whitespace and returns the next byte, or 0 at the end of input
// or after an error.
func (r *Reader) ws() byte {
	if r.err != nil {
		return 0
	}
	for r.pos < len(r.s) {
		switch c := r.s[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// Enter consumes the opening byte ('{' or '[') of an object or array,
// which must come next.
func (r *Reader) Enter(open byte) {
	if r.ws() != open {
		r.fail("want " + string(open))
		return
	}
	r.pos++
	if r.depth++; r.depth > maxDepth {
		r.fail("nested too deep")
	}
}

// More reports whether the object or array being read has another member
// or element, consuming the comma before it (unless first) or the closing
// byte after the last one.
func (r *Reader) More(close byte, first bool) bool {
	switch c := r.ws(); {
	case c == close:
		r.pos++
		r.depth--
		return false
	case first:
		return r.err == nil
	case c == ',':
		r.pos++
		return true
	}
	r.fail("want , or " + string(close))
	return false
}

// Key reads a member name and the colon after it.
func (r *Reader) Key() string {
	if r.ws() != '"' {
		r.fail("want a member name")
		return ""
	}
	k := r.str()
	if r.ws() != ':' {
		r.fail("want :")
		return ""
	}
	r.pos++
	return k
}

// String reads a string value.
func (r *Reader) String() string {
	if r.ws() != '"' {
		r.fail("want a string")
		return ""
	}
	return r.str()
}

func (r *Reader) str() string {
	v, end, msg := ReadString(r.s, r.pos)
	r.pos = end
	if msg != "" {
		r.fail(msg)
		return ""
	}
	return v
}

// Blob reads a base64 string value.
func (r *Reader) Blob() []byte {
	s := r.String()
	if r.err != nil {
		return nil
	}
	b, err := base64.StdEncoding.AppendDecode(make([]byte, 0, base64.StdEncoding.DecodedLen(len(s))), []byte(s))
	if err != nil {
		r.fail("invalid base64")
		return nil
	}
	return b
}

// Bool reads true or false.
func (r *Reader) Bool() bool {
	switch r.ws() {
	case 't':
		return r.literal("true")
	case 'f':
		r.literal("false")
		return false
	}
	r.fail("want a boolean")
	return false
}

func (r *Reader) literal(word string) bool {
	if !strings.HasPrefix(r.s[r.pos:], word) {
		r.fail("want " + word)
		return false
	}
	r.pos += len(word)
	return true
}

// Null consumes a null if one comes next.
func (r *Reader) Null() bool {
	if r.ws() != 'n' {
		return false
	}
	return r.literal("null")
}

// Tag enters an attribute value and reads its type name ("S", "L"...);
// its payload comes next, then End.
func (r *Reader) Tag() string {
	// The usual {"S": without whitespace or escapes, read at once.
	if r.err == nil && r.pos+1 < len(r.s) && r.s[r.pos] == '{' && r.s[r.pos+1] == '"' {
		for i := r.pos + 2; i < len(r.s) && i < r.pos+8; i++ {
			if c := r.s[i]; c == '"' {
				if i+1 == len(r.s) || r.s[i+1] != ':' {
					break
				}
				tag := r.s[r.pos+2 : i]
				r.pos = i + 2
				if r.depth++; r.depth > maxDepth {
					r.fail("nested too deep")
				}
				return tag
			} else if c == '\\' || c < 0x20 {
				break
			}
		}
	}
	r.Enter('{')
	if !r.More('}', true) {
		r.fail("attribute value without a type")
		return ""
	}
	return r.Key()
}

// End ends the attribute value whose payload was read.
func (r *Reader) End() {
	if r.More('}', false) {
		r.fail("attribute value with more than one type")
	}
}

// Skip consumes one value of any type.
func (r *Reader) Skip() {
	switch c := r.ws(); c {
	case '"':
		r.str()
	case '{', '[':
		close := byte('}')
		if c == '[' {
			close = ']'
		}
		r.Enter(c)
		for first := true; r.More(close, first); first = false {
			if c == '{' {
				r.Key()
			}
			r.Skip()
		}
	case 't':
		r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	default:
		r.skipNumber()
	}
}

// skipNumber consumes a JSON number, which must come next.
func (r *Reader) skipNumber() {
	start := r.pos
	digits := func() bool {
		from := r.pos
		for r.pos < len(r.s) && r.s[r.pos] >= '0' && r.s[r.pos] <= '9' {
			r.pos++
		}
		return r.pos > from
	}
	optional := func(set string) {
		if r.pos < len(r.s) && strings.IndexByte(set, r.s[r.pos]) >= 0 {
			r.pos++
		}
	}
	optional("-")
	ok := digits()
	if ok && r.pos < len(r.s) && r.s[r.pos] == '.' {
		r.pos++
		ok = digits()
	}
	if ok && r.pos < len(r.s) && (r.s[r.pos] == 'e' || r.s[r.pos] == 'E') {
		r.pos++
		optional("+-")
		ok = digits()
	}
	if !ok {
		r.pos = start
		r.fail("want a value")
	}
}

// Count returns the number of elements of the array that comes next,
// without consuming it: decoders size the slices they fill with it. It
// scans bytes rather than values, so on malformed input it may be wrong,
// and reading the array reports the error.
func (r *Reader) Count() int {
	if r.ws() != '[' {
		return 0
	}
	n, depth, empty := 0, 0, true
	for i := r.pos + 1; i < len(r.s); i++ {
		switch c := r.s[i]; c {
		case ' ', '\t', '\n', '\r':
		case '"':
			empty = false
			for i++; i < len(r.s); i++ {
				j := strings.IndexByte(r.s[i:], '"')
				if j < 0 {
					return n
				}
				i += j
				k := i
				for r.s[k-1] == '\\' {
					k--
				}
				if (i-k)%2 == 0 { // not escaped
					break
				}
			}
		case '[', '{':
			empty = false
			depth++
		case ']', '}':
			if depth == 0 {
				if !empty {
					n++
				}
				return n
			}
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		default:
			empty = false
		}
	}
	return n
}

// Done reports the first error, or data after the value read.
func (r *Reader) Done() error {
	if c := r.ws(); c != 0 {
		r.fail("data after the end of the value")
	}
	return r.err
}

// Item reads an object of attribute values as SDK values.
func (r *Reader) Item() map[string]types.AttributeValue {
	m := make(map[string]types.AttributeValue)
	r.Enter('{')
	for first := true; r.More('}', first); first = false {
		k := r.Key()
		m[k] = r.AttributeValue()
	}
	if r.err != nil {
		return nil
	}
	return m
}

// AttributeValue reads one attribute value as an SDK value.
func (r *Reader) AttributeValue() types.AttributeValue {
	v := r.Payload(r.Tag())
	r.End()
	if r.err != nil {
		return nil
	}
	return v
}

// SkipAttributeValue reads one attribute value and discards it, checking
// it as AttributeValue does, without building it (blobs aside): decoders
// pass over the attributes they have no field for with it.
func (r *Reader) SkipAttributeValue() {
	switch tag := r.Tag(); tag {
	case "S", "N":
		_ = r.String()
	case "B":
		r.Blob()
	case "BOOL", "NULL":
		r.Bool()
	case "SS", "NS", "BS", "L":
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			switch tag {
			case "BS":
				r.Blob()
			case "L":
				r.SkipAttributeValue()
			default:
				_ = r.String()
			}
		}
	case "M":
		r.Enter('{')
		for first := true; r.More('}', first); first = false {
			r.Key()
			r.SkipAttributeValue()
		}
	default:
		if r.err == nil {
			r.fail("unknown attribute value type " + tag)
		}
	}
	r.End()
}

// Payload reads the payload of an attribute value of type tag (see Tag)
// as an SDK value.
func (r *Reader) Payload(tag string) types.AttributeValue {
	var v types.AttributeValue
	switch tag {
	case "S":
		v = &types.AttributeValueMemberS{Value: r.String()}
	case "N":
		v = &types.AttributeValueMemberN{Value: r.String()}
	case "B":
		v = &types.AttributeValueMemberB{Value: r.Blob()}
	case "BOOL":
		v = &types.AttributeValueMemberBOOL{Value: r.Bool()}
	case "NULL":
		v = &types.AttributeValueMemberNULL{Value: r.Bool()}
	case "SS", "NS":
		var l []string
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			l = append(l, r.String())
		}
		if tag == "SS" {
			v = &types.AttributeValueMemberSS{Value: l}
		} else {
			v = &types.AttributeValueMemberNS{Value: l}
		}
	case "BS":
		var l [][]byte
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			l = append(l, r.Blob())
		}
		v = &types.AttributeValueMemberBS{Value: l}
	case "L":
		l := []types.AttributeValue{}
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			l = append(l, r.AttributeValue())
		}
		v = &types.AttributeValueMemberL{Value: l}
	case "M":
		v = &types.AttributeValueMemberM{Value: r.Item()}
	default:
		if r.err == nil {
			r.fail("unknown attribute value type " + tag)
		}
	}
	if r.err != nil {
		return nil
	}
	return v
}
