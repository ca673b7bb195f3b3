package wire

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
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
	start := r.pos + 1
	for i := start + plainRun(r.s[start:]); i < len(r.s); i++ {
		switch c := r.s[i]; {
		case c == '"':
			r.pos = i + 1
			return r.s[start:i]
		case c == '\\':
			return r.unescape(start, i)
		case c < 0x20:
			r.pos = i
			r.syntaxError("control character in string")
			return ""
		}
	}
	r.pos = len(r.s)
	r.syntaxError("unterminated string")
	return ""
}

// plainRun returns the length of the longest prefix of s that holds no
// byte ending or escaping a JSON string: no '"', '\\' or control character
// (bytes of UTF-8 sequences are plain). It tests eight bytes at a time.
func plainRun(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		// A byte's high bit ends up set if the byte is below 0x20 and not
		// itself above 0x7f, or is '"' or '\\' (a zero byte of quote or
		// backslash); borrows only spread upward from a flagged byte.
		special := (w-ones*0x20)&^w | (quote-ones)&^quote | (backslash-ones)&^backslash
		if special&highs != 0 {
			break
		}
	}
	return i
}

// unescape finishes reading a string that has escape sequences; s[start:i]
// holds none. Unpaired surrogates become U+FFFD, as encoding/json decodes
// them.
func (r *reader) unescape(start, i int) string {
	b := make([]byte, 0, i-start+16)
	b = append(b, r.s[start:i]...)
	for i < len(r.s) {
		c := r.s[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return string(b)
		case c < 0x20:
			r.pos = i
			r.syntaxError("control character in string")
			return ""
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(r.s) {
			break
		}
		esc := r.s[i+1]
		i += 2
		switch esc {
		case '"', '\\', '/':
			b = append(b, esc)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			ch, ok := hex4(r.s, i)
			if !ok {
				r.pos = i
				r.syntaxError("bad \\u escape")
				return ""
			}
			i += 4
			if utf16.IsSurrogate(ch) {
				lo, ok := hex4(r.s, i+2)
				if pair := utf16.DecodeRune(ch, lo); ok && r.s[i] == '\\' && r.s[i+1] == 'u' && pair != utf8.RuneError {
					ch = pair
					i += 6
				} else {
					ch = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, ch)
		default:
			r.pos = i - 1
			r.syntaxError("bad escape")
			return ""
		}
	}
	r.pos = len(r.s)
	r.syntaxError("unterminated string")
	return ""
}

// hex4 parses the four hex digits at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i < 0 || i+4 > len(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i:i+4], 16, 16)
	return rune(n), err == nil
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
