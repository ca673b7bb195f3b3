package wire

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// maxDepth bounds the nesting of a response: DynamoDB nests attribute
// values 32 deep at most, and a broken or hostile endpoint must not run the
// decoder out of stack.
const maxDepth = 256

// A reader walks one JSON response body. It reads from a string so that the
// strings it returns are substrings of the body: decoding a response costs
// one buffer for the body, not one allocation per string, as the SDK's
// decoder shares one arena between a response's strings.
//
// Errors are sticky: the first one is kept in err and every later read
// returns a zero value, so decoders check err once at the end.
type reader struct {
	s     string
	pos   int
	depth int
	err   error

	strings slab[types.AttributeValueMemberS]
	numbers slab[types.AttributeValueMemberN]
}

// fail records err unless an earlier error is already recorded.
func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// syntaxError records a malformed body at the cursor.
func (r *reader) syntaxError(what string) {
	r.fail(fmt.Errorf("malformed JSON at offset %d: %s", r.pos, what))
}

// ws skips whitespace and returns the next byte, or 0 at the end of input
// or after an error.
func (r *reader) ws() byte {
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

// enter consumes the opening byte of an object or array, which must come
// next, and counts one more level of nesting.
func (r *reader) enter(open byte) {
	if r.ws() != open {
		r.syntaxError("want " + string(open))
		return
	}
	r.pos++
	if r.depth++; r.depth > maxDepth {
		r.fail(errors.New("response nested too deep"))
	}
}

// more reports whether the object or array being read has another element,
// consuming the comma before it (unless first) or the closing byte after
// the last one.
func (r *reader) more(close byte, first bool) bool {
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
	r.syntaxError("want , or " + string(close))
	return false
}

// key reads an object member name and the colon after it.
func (r *reader) key() string {
	if r.ws() != '"' {
		r.syntaxError("want a member name")
		return ""
	}
	k := r.str()
	if r.ws() != ':' {
		r.syntaxError("want :")
		return ""
	}
	r.pos++
	return k
}

// null consumes a null at the cursor, if there is one.
func (r *reader) null() bool {
	if r.ws() != 'n' {
		return false
	}
	r.literal("null")
	return true
}

// literal consumes the word true, false or null.
func (r *reader) literal(word string) {
	if !strings.HasPrefix(r.s[r.pos:], word) {
		r.syntaxError("want " + word)
		return
	}
	r.pos += len(word)
}

// stringValue reads a string value.
func (r *reader) stringValue() string {
	if r.ws() != '"' {
		r.mismatch("string")
		return ""
	}
	return r.str()
}

// optString reads a string value into a new pointer.
func (r *reader) optString() *string {
	s := r.stringValue()
	return &s
}

// str reads the string at the cursor, which is at its opening quote.
func (r *reader) str() string {
	v, end, msg := wirejson.ReadString(r.s, r.pos)
	r.pos = end
	if msg != "" {
		r.syntaxError(msg)
		return ""
	}
	return v
}

// number reads a JSON number and returns its text.
func (r *reader) number() string {
	start := r.pos
	i := start
	if i < len(r.s) && r.s[i] == '-' {
		i++
	}
	digits := func() bool {
		n := i
		for i < len(r.s) && '0' <= r.s[i] && r.s[i] <= '9' {
			i++
		}
		return i > n
	}
	ok := digits()
	if ok && i < len(r.s) && r.s[i] == '.' {
		i++
		ok = digits()
	}
	if ok && i < len(r.s) && (r.s[i] == 'e' || r.s[i] == 'E') {
		i++
		if i < len(r.s) && (r.s[i] == '+' || r.s[i] == '-') {
			i++
		}
		ok = digits()
	}
	if !ok {
		r.mismatch("number")
		return ""
	}
	r.pos = i
	return r.s[start:i]
}

// integer reads an Integer (int32) or Long (int64) value, bits wide.
func (r *reader) integer(bits int) int64 {
	if r.ws() == 0 {
		r.mismatch("number")
		return 0
	}
	text := r.number()
	if r.err != nil {
		return 0
	}
	n, err := strconv.ParseInt(text, 10, bits)
	if err != nil {
		r.fail(fmt.Errorf("integer %s: %w", text, err))
	}
	return n
}

// double reads a Double value: a number, or the strings NaN, Infinity and
// -Infinity.
func (r *reader) double() float64 {
	if r.ws() == '"' {
		switch s := r.str(); {
		case strings.EqualFold(s, "NaN"):
			return math.NaN()
		case strings.EqualFold(s, "Infinity"):
			return math.Inf(1)
		case strings.EqualFold(s, "-Infinity"):
			return math.Inf(-1)
		default:
			r.fail(fmt.Errorf("unexpected string value for a number: %q", s))
			return 0
		}
	}
	text := r.number()
	if r.err != nil {
		return 0
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		r.fail(fmt.Errorf("number %s: %w", text, err))
	}
	return f
}

// boolValue reads a Boolean value.
func (r *reader) boolValue() bool {
	switch r.ws() {
	case 't':
		r.literal("true")
		return true
	case 'f':
		r.literal("false")
		return false
	}
	r.mismatch("boolean")
	return false
}

// blob reads a base64-encoded Blob value.
func (r *reader) blob() []byte {
	if r.ws() != '"' {
		r.mismatch("base64 string")
		return nil
	}
	s := r.str()
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(b, unsafe.Slice(unsafe.StringData(s), len(s)))
	b = b[:n]
	if err != nil {
		r.fail(fmt.Errorf("decode base64 blob: %w", err))
	}
	return b
}

// mismatch records a value of the wrong type at the cursor.
func (r *reader) mismatch(want string) {
	if r.err != nil {
		return
	}
	if r.pos >= len(r.s) {
		r.syntaxError("unexpected end of input, want a " + want)
		return
	}
	r.syntaxError(fmt.Sprintf("want a %s, found %q", want, r.s[r.pos]))
}

// skip consumes one value of any type.
func (r *reader) skip() {
	switch c := r.ws(); c {
	case '"':
		r.str()
	case '{', '[':
		close := byte('}')
		if c == '[' {
			close = ']'
		}
		r.enter(c)
		for first := true; r.more(close, first); first = false {
			if c == '{' {
				r.key()
			}
			r.skip()
		}
	case 't':
		r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	case 0:
		r.mismatch("value")
	default:
		r.number()
	}
}

// end checks that nothing but whitespace follows the body's value.
func (r *reader) end() {
	if c := r.ws(); c != 0 {
		r.syntaxError("data after the end of the value")
	}
}
