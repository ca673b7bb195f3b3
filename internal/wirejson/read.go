package wirejson

import (
	"encoding/binary"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ReadString reads the JSON string whose opening quote is at s[pos] and
// returns its value and the offset after its closing quote. A string
// without escapes is returned as a substring of s. On malformed input msg
// says what is wrong and end is where.
func ReadString(s string, pos int) (v string, end int, msg string) {
	start := pos + 1
	for i := start + stringRun(s[start:]); i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return s[start:i], i + 1, ""
		case c == '\\':
			return unescape(s, start, i)
		case c < 0x20:
			return "", i, "control character in string"
		}
	}
	return "", len(s), "unterminated string"
}

// stringRun returns the length of the longest prefix of s that holds no
// byte ending or escaping a JSON string: no '"', '\\' or control character
// (bytes of UTF-8 sequences are plain). It tests eight bytes at a time.
func stringRun(s string) int {
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
func unescape(s string, start, i int) (string, int, string) {
	b := make([]byte, 0, i-start+16)
	b = append(b, s[start:i]...)
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			return string(b), i + 1, ""
		case c < 0x20:
			return "", i, "control character in string"
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(s) {
			break
		}
		esc := s[i+1]
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
			ch, ok := hex4(s, i)
			if !ok {
				return "", i, "bad \\u escape"
			}
			i += 4
			if utf16.IsSurrogate(ch) {
				lo, ok := hex4(s, i+2)
				if pair := utf16.DecodeRune(ch, lo); ok && s[i] == '\\' && s[i+1] == 'u' && pair != utf8.RuneError {
					ch = pair
					i += 6
				} else {
					ch = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, ch)
		default:
			return "", i - 1, "bad escape"
		}
	}
	return "", len(s), "unterminated string"
}

// hex4 parses the four hex digits at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i < 0 || i+4 > len(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i:i+4], 16, 16)
	return rune(n), err == nil
}
