package server

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// reader walks one JSON request body. It reads from a string so that the
// strings it returns are substrings of the body: decoding a request costs one
// copy of the body, not one allocation per string.
type reader struct {
	s   string
	pos int
}

// ws skips whitespace and returns the next byte, or 0 at the end of input.
func (r *reader) ws() byte {
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
	var b strings.Builder
	b.Grow(i - start + 16)
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
		i += 2
		switch r.s[i-1] {
		case '"', '\\', '/':
			b.WriteByte(r.s[i-1])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			ch, ok := hex4(r.s, i)
			if !ok {
				return "", errMalformed
			}
			i += 4
			if utf16.IsSurrogate(ch) {
				if lo, ok := hex4(r.s, i+2); ok && r.s[i] == '\\' && r.s[i+1] == 'u' {
					if pair := utf16.DecodeRune(ch, lo); pair != utf8.RuneError {
						ch = pair
						i += 6
					} else {
						ch = utf8.RuneError
					}
				} else {
					ch = utf8.RuneError
				}
			}
			b.WriteRune(ch)
		default:
			return "", errMalformed
		}
	}
	return "", errMalformed
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

// skip consumes one value of any type.
func (r *reader) skip() error {
	switch c := r.ws(); c {
	case '"':
		_, err := r.str()
		return err
	case '{', '[':
		close := byte('}')
		if c == '[' {
			close = ']'
		}
		more, err := r.enter(close)
		for more && err == nil {
			if c == '{' {
				if _, err = r.key(); err != nil {
					return err
				}
			}
			if err = r.skip(); err != nil {
				return err
			}
			more, err = r.next(close)
		}
		return err
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	}
	_, err := r.number()
	return err
}

// null consumes a null at the cursor, if there is one.
func (r *reader) null() (bool, error) {
	if r.ws() != 'n' {
		return false, nil
	}
	return true, r.literal("null")
}
