package server

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// reader walks one JSON request body. It reads from a string so that the
// strings it returns are substrings of the body: decoding a request costs one
// copy of the body, not one allocation per string.
type reader struct {
	s   string
	pos int
	// depth counts the lists and maps of attribute values open around the
	// cursor.
	depth int
	// reserve takes what decoding allocates from the server's budget, in
	// steps of allocStep; owed counts the bytes not yet taken.
	reserve reserveFunc
	owed    int
}

// allocStep is the least the reader reserves at once: a request whose
// decoding allocates less is served without touching the shared budget.
const allocStep = 64 << 10

// alloc counts n bytes that decoding allocates (estimated from above), so
// that what a body decodes to is bounded by the server's budget as the body
// is: the reader takes them with reserve once they add up to allocStep,
// and fails with its error when they do not fit.
func (r *reader) alloc(n int) error {
	r.owed += n
	if r.owed < allocStep || r.reserve == nil {
		return nil
	}
	n, r.owed = r.owed, 0
	return r.reserve(n)
}

// ws skips whitespace and returns the next byte, or 0 at the end of input.
func (r *reader) ws() byte {
	var c byte
	r.pos, c = wirejson.SkipSpace(r.s, r.pos)
	return c
}

// enter consumes the opening byte of an object or array (the caller has seen
// it) and reports whether the container has at least one element.
func (r *reader) enter(close byte) (bool, error) {
	r.pos++
	if r.ws() == close {
		r.pos++
		return false, nil
	}
	return true, nil
}

// next consumes the separator after an element and reports whether another
// element follows.
func (r *reader) next(close byte) (bool, error) {
	switch r.ws() {
	case ',':
		r.pos++
		return true, nil
	case close:
		r.pos++
		return false, nil
	}
	return false, errMalformed
}

// key reads an object member name and the colon after it.
func (r *reader) key() (string, error) {
	if r.ws() != '"' {
		return "", errMalformed
	}
	k, err := r.str()
	if err != nil {
		return "", err
	}
	if r.ws() != ':' {
		return "", errMalformed
	}
	r.pos++
	r.ws()
	return k, nil
}

// str reads the string at the cursor (which is at its opening quote).
func (r *reader) str() (string, error) {
	start := r.pos + 1
	for i := start; i < len(r.s); i++ {
		switch c := r.s[i]; {
		case c == '"':
			r.pos = i + 1
			return r.s[start:i], nil
		case c == '\\':
			return r.escaped(start, i)
		case c < 0x20:
			return "", errMalformed
		}
	}
	return "", errMalformed
}

// escaped finishes reading a string that contains escape sequences; the
// bytes from start to i hold no escapes.
func (r *reader) escaped(start, i int) (string, error) {
	// Unescaping only shortens the text up to the closing quote: one
	// buffer of its length holds the string.
	r.pos = start - 1
	if err := r.skipString(); err != nil {
		return "", err
	}
	if err := r.alloc(r.pos - start); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(r.pos - 1 - start)
	b.WriteString(r.s[start:i])
	for i < len(r.s) {
		c := r.s[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return b.String(), nil
		case c < 0x20:
			return "", errMalformed
		case c != '\\':
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(r.s) {
			return "", errMalformed
		}
		switch e := r.s[i+1]; {
		case e == 'u':
			ch, n, err := unicodeEscape(r.s, i)
			if err != nil {
				return "", err
			}
			b.WriteRune(ch)
			i += n
		case simpleEscape[e]:
			b.WriteByte(escapedByte[e])
			i += 2
		default:
			return "", errMalformed
		}
	}
	return "", errMalformed
}

// simpleEscape marks the bytes that may follow a backslash in a JSON string,
// but u; escapedByte holds the byte each stands for.
var simpleEscape, escapedByte = func() (ok [256]bool, b [256]byte) {
	for _, p := range [...][2]byte{{'"', '"'}, {'\\', '\\'}, {'/', '/'}, {'b', '\b'}, {'f', '\f'}, {'n', '\n'}, {'r', '\r'}, {'t', '\t'}} {
		ok[p[0]], b[p[0]] = true, p[1]
	}
	return ok, b
}()

// errLoneSurrogate is the SerializationException of a string holding a
// \uXXXX escape of a surrogate that is not part of a pair.
var errLoneSurrogate = typeError("Malformed JSON string: an escaped UTF-16 surrogate is not part of a pair; DynamoDB strings are UTF-8, which cannot encode it")

// unicodeEscape parses the \uXXXX escape at s[i:] (with the low half that
// must follow a high surrogate) and returns the character and the length
// of the escape. A surrogate that is not part of a pair fails with
// errLoneSurrogate: it has no UTF-8 encoding, and DynamoDB's strings are
// UTF-8 (DynamoDB Local, which keeps Java's UTF-16 strings, takes it).
func unicodeEscape(s string, i int) (rune, int, error) {
	ch, ok := hex4(s, i+2)
	if !ok {
		return 0, 0, errMalformed
	}
	if !utf16.IsSurrogate(ch) {
		return ch, 6, nil
	}
	if i+12 > len(s) || s[i+6] != '\\' || s[i+7] != 'u' {
		return 0, 0, errLoneSurrogate
	}
	lo, ok := hex4(s, i+8)
	if !ok {
		return 0, 0, errMalformed
	}
	if pair := utf16.DecodeRune(ch, lo); pair != utf8.RuneError {
		return pair, 12, nil
	}
	return 0, 0, errLoneSurrogate
}

// hex4 parses the four hex digits at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var v rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}

// number reads the number at the cursor and returns its text.
func (r *reader) number() (string, error) {
	start := r.pos
	i := start
	if i < len(r.s) && r.s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(r.s) && '0' <= r.s[i] && r.s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() == 0 {
		return "", errMalformed
	}
	if i < len(r.s) && r.s[i] == '.' {
		i++
		if digits() == 0 {
			return "", errMalformed
		}
	}
	if i < len(r.s) && (r.s[i] == 'e' || r.s[i] == 'E') {
		i++
		if i < len(r.s) && (r.s[i] == '+' || r.s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return "", errMalformed
		}
	}
	r.pos = i
	return r.s[start:i], nil
}

// literal consumes the word true, false or null.
func (r *reader) literal(word string) error {
	if !strings.HasPrefix(r.s[r.pos:], word) {
		return errMalformed
	}
	r.pos += len(word)
	return nil
}

// skip consumes one value of any type. It walks nested arrays and objects
// without recursion, keeping one bit per open container, so that no depth
// of nesting can exhaust the stack or take memory beyond a small fraction
// of the body.
func (r *reader) skip() error {
	var open bitStack // true: an object, false: an array
	for {
		// A value is expected at the cursor.
		switch c := r.ws(); c {
		case '"':
			if err := r.skipString(); err != nil {
				return err
			}
		case '{', '[':
			r.pos++
			close := byte('}')
			if c == '[' {
				close = ']'
			}
			if r.ws() != close {
				open.push(c == '{')
				if c == '{' {
					if err := r.skipKey(); err != nil {
						return err
					}
				}
				continue
			}
			r.pos++
		case 't':
			if err := r.literal("true"); err != nil {
				return err
			}
		case 'f':
			if err := r.literal("false"); err != nil {
				return err
			}
		case 'n':
			if err := r.literal("null"); err != nil {
				return err
			}
		default:
			if _, err := r.number(); err != nil {
				return err
			}
		}
		// A value ended: close the containers it ends, then expect the
		// next element of the innermost one still open.
		for {
			if open.empty() {
				return nil
			}
			object := open.top()
			close := byte(']')
			if object {
				close = '}'
			}
			more, err := r.next(close)
			if err != nil {
				return err
			}
			if !more {
				open.pop()
				continue
			}
			if object {
				if err := r.skipKey(); err != nil {
					return err
				}
			}
			break
		}
	}
}

// skipKey consumes an object member name and the colon after it.
func (r *reader) skipKey() error {
	if r.ws() != '"' {
		return errMalformed
	}
	if err := r.skipString(); err != nil {
		return err
	}
	if r.ws() != ':' {
		return errMalformed
	}
	r.pos++
	return nil
}

// skipString consumes the string at the cursor (at its opening quote),
// checking its escapes as str does, without building its value.
func (r *reader) skipString() error {
	for i := r.pos + 1; i < len(r.s); {
		switch c := r.s[i]; {
		case c == '"':
			r.pos = i + 1
			return nil
		case c < 0x20:
			return errMalformed
		case c != '\\':
			i++
			continue
		}
		if i+1 >= len(r.s) {
			return errMalformed
		}
		if r.s[i+1] != 'u' {
			if !simpleEscape[r.s[i+1]] {
				return errMalformed
			}
			i += 2
			continue
		}
		_, n, err := unicodeEscape(r.s, i)
		if err != nil {
			return err
		}
		i += n
	}
	return errMalformed
}

// malformation returns nil if body is one JSON value, with nothing but
// whitespace around it, and otherwise the SerializationException that
// says so: errMalformed, or errLoneSurrogate.
func malformation(body string) error {
	r := reader{s: body}
	if r.ws() == 0 {
		return errMalformed
	}
	if err := r.skip(); err != nil {
		return err
	}
	if r.ws() != 0 {
		return errMalformed
	}
	return nil
}

// bitStack is a stack of booleans, one bit each.
type bitStack struct {
	words []uint64
	n     int
}

func (s *bitStack) push(b bool) {
	if s.n%64 == 0 && s.n/64 == len(s.words) {
		s.words = append(grow(s.words), 0)
	}
	w, bit := s.n/64, uint(s.n%64)
	if b {
		s.words[w] |= 1 << bit
	} else {
		s.words[w] &^= 1 << bit
	}
	s.n++
}

func (s *bitStack) pop() { s.n-- }

func (s *bitStack) top() bool {
	i := s.n - 1
	return s.words[i/64]>>(uint(i%64))&1 == 1
}

func (s *bitStack) empty() bool { return s.n == 0 }

// null consumes a null at the cursor, if there is one.
func (r *reader) null() (bool, error) {
	if r.ws() != 'n' {
		return false, nil
	}
	return true, r.literal("null")
}
