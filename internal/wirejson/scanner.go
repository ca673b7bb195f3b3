package wirejson

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"unsafe"
)

// maxDepth bounds the nesting a Scanner follows: DynamoDB nests attribute
// values 32 deep at most (each a value object inside an L or M), and broken
// or hostile input must not run a decoder out of stack.
const maxDepth = 256

// A Syntax names the text a Scanner reads in the errors it reports.
type Syntax struct {
	// Name is what a syntax error calls the text: "malformed <Name> at
	// offset 12: want :".
	Name string
	// TooDeep, if not nil, is the error for nesting beyond the limit,
	// which is otherwise the syntax error "nested too deep".
	TooDeep error
}

// A Scanner reads JSON text token by token: whitespace, objects and arrays
// (their nesting bounded), member names, strings, numbers and literals. It
// is the core the readers of DynamoDB's JSON build on: Reader here, which
// reads items, and the lean client's reader of response bodies. It reads
// from a string so that the strings it returns are substrings of the input
// when they have no escapes.
//
// Errors are sticky: the first is kept and every later read returns a zero
// value, so callers check Err once.
type Scanner struct {
	s      string
	pos    int
	depth  int
	err    error
	syntax *Syntax
}

// Reset makes r read s from its start, naming it in errors as syntax says.
func (r *Scanner) Reset(s string, syntax *Syntax) { *r = Scanner{s: s, syntax: syntax} }

// Err returns the first error met.
func (r *Scanner) Err() error { return r.err }

// Fail records err unless an earlier error is already recorded.
func (r *Scanner) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// SyntaxError records malformed text at the cursor; msg says what is
// wrong.
func (r *Scanner) SyntaxError(msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("malformed %s at offset %d: %s", r.syntax.Name, r.pos, msg)
	}
}

// Mismatch records a value at the cursor that is not the one wanted ("a
// string"), or the end of the input.
func (r *Scanner) Mismatch(want string) {
	if r.err != nil {
		return
	}
	if r.pos >= len(r.s) {
		r.SyntaxError("unexpected end of input, want a " + want)
		return
	}
	r.SyntaxError(fmt.Sprintf("want a %s, found %q", want, r.s[r.pos]))
}

// Rest returns the input after the cursor.
func (r *Scanner) Rest() string { return r.s[r.pos:] }

// Advance moves the cursor n bytes on, over text its caller has read from
// Rest.
func (r *Scanner) Advance(n int) { r.pos += n }

// Depth returns how many objects and arrays are open around the cursor.
func (r *Scanner) Depth() int { return r.depth }

// Peek skips whitespace and returns the next byte, or 0 at the end of input
// or after an error.
func (r *Scanner) Peek() byte {
	if r.err != nil {
		return 0
	}
	var c byte
	r.pos, c = SkipSpace(r.s, r.pos)
	return c
}

// SkipSpace skips the JSON whitespace of s from pos on and returns the
// offset of the next byte and that byte, or len(s) and 0 at the end of s.
func SkipSpace(s string, pos int) (int, byte) {
	for ; pos < len(s); pos++ {
		if c := s[pos]; c > ' ' || !space[c] {
			return pos, c
		}
	}
	return pos, 0
}

// space marks the bytes of JSON whitespace.
var space = [' ' + 1]bool{' ': true, '\t': true, '\n': true, '\r': true}

// Enter consumes the opening byte ('{' or '[') of an object or array,
// which must come next, and counts one more level of nesting.
func (r *Scanner) Enter(open byte) {
	if r.Peek() != open {
		r.SyntaxError("want " + string(open))
		return
	}
	r.pos++
	if r.depth++; r.depth > maxDepth {
		r.tooDeep()
	}
}

// tooDeep records nesting beyond maxDepth.
func (r *Scanner) tooDeep() {
	if r.syntax.TooDeep != nil {
		r.Fail(r.syntax.TooDeep)
		return
	}
	r.SyntaxError("nested too deep")
}

// More reports whether the object or array being read has another member
// or element, consuming the comma before it (unless first) or the closing
// byte after the last one.
func (r *Scanner) More(close byte, first bool) bool {
	switch c := r.Peek(); {
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
	r.SyntaxError("want , or " + string(close))
	return false
}

// Key reads a member name and the colon after it.
func (r *Scanner) Key() string {
	if r.Peek() != '"' {
		r.SyntaxError("want a member name")
		return ""
	}
	k := r.str()
	if r.Peek() != ':' {
		r.SyntaxError("want :")
		return ""
	}
	r.pos++
	return k
}

// String reads a string value.
func (r *Scanner) String() string {
	if r.Peek() != '"' {
		r.Mismatch("string")
		return ""
	}
	return r.str()
}

// str reads the string whose opening quote is at the cursor.
func (r *Scanner) str() string {
	v, end, msg := ReadString(r.s, r.pos)
	r.pos = end
	if msg != "" {
		r.SyntaxError(msg)
		return ""
	}
	return v
}

// Blob reads a base64 string value.
func (r *Scanner) Blob() []byte {
	b := r.AppendBlob(nil)
	if b == nil && r.err == nil {
		return []byte{}
	}
	return b
}

// AppendBlob reads a base64 string value and appends its bytes to dst;
// dst is returned unchanged on an error.
func (r *Scanner) AppendBlob(dst []byte) []byte {
	s := r.String()
	if r.err != nil {
		return dst
	}
	start := len(dst)
	dst = slices.Grow(dst, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(dst[start:cap(dst)], unsafe.Slice(unsafe.StringData(s), len(s)))
	if err != nil {
		r.SyntaxError("invalid base64: " + err.Error())
		return dst[:start]
	}
	return dst[:start+n]
}

// Bool reads true or false.
func (r *Scanner) Bool() bool {
	switch r.Peek() {
	case 't':
		return r.literal("true")
	case 'f':
		r.literal("false")
		return false
	}
	r.Mismatch("boolean")
	return false
}

// literal consumes word (true, false or null), which must come next.
func (r *Scanner) literal(word string) bool {
	if !strings.HasPrefix(r.s[r.pos:], word) {
		r.SyntaxError("want " + word)
		return false
	}
	r.pos += len(word)
	return true
}

// Null consumes a null if one comes next.
func (r *Scanner) Null() bool {
	if r.Peek() != 'n' {
		return false
	}
	return r.literal("null")
}

// Number reads a number and returns its text.
func (r *Scanner) Number() string { return r.number("number") }

// number reads a number; want names what was expected in the error if
// none comes next.
func (r *Scanner) number(want string) string {
	if r.Peek() == 0 {
		r.Mismatch(want)
		return ""
	}
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
		r.Mismatch(want)
		return ""
	}
	r.pos = i
	return r.s[start:i]
}

// Skip consumes one value of any type.
func (r *Scanner) Skip() {
	switch c := r.Peek(); c {
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
		r.number("value")
	}
}

// Raw reads one value of any type and returns its text, a substring of the
// input.
func (r *Scanner) Raw() string {
	r.Peek()
	start := r.pos
	r.Skip()
	if r.err != nil {
		return ""
	}
	return r.s[start:r.pos]
}

// Count returns the number of elements of the array that comes next,
// without consuming it: decoders size the slices they fill with it. It
// scans bytes rather than values, so on malformed input it may be wrong,
// and reading the array reports the error.
func (r *Scanner) Count() int {
	if r.Peek() != '[' {
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
func (r *Scanner) Done() error {
	if c := r.Peek(); c != 0 {
		r.SyntaxError("data after the end of the value")
	}
	return r.err
}
