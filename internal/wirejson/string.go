package wirejson

import (
	"encoding/base64"
	"encoding/binary"
	"unicode/utf8"
)

// AppendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD.
func AppendString(dst []byte, s string) []byte { return appendString(dst, s, false) }

// AppendStdString appends s as encoding/json writes a string with HTML
// escaping off: as AppendString does, but for \b and \f written as such,
// U+2028 and U+2029 escaped, and invalid UTF-8 as the escape \ufffd.
func AppendStdString(dst []byte, s string) []byte { return appendString(dst, s, true) }

// appendString appends s as a JSON string, as encoding/json writes it if
// std is set (see AppendStdString).
func appendString(dst []byte, s string, std bool) []byte {
	dst = append(dst, '"')
	if i := plainPrefix(s); i < len(s) {
		dst = appendEscaped(dst, s, i, std)
	} else {
		dst = append(dst, s...)
	}
	return append(dst, '"')
}

// appendEscaped appends the text of the JSON string of s, whose first i
// bytes need no escape, as appendString does.
func appendEscaped(dst []byte, s string, i int, std bool) []byte {
	start := 0
	for {
		i += plainPrefix(s[i:])
		if i == len(s) {
			break
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				dst = append(dst, s[start:i]...)
				if std {
					dst = append(dst, `\ufffd`...)
				} else {
					dst = append(dst, "\ufffd"...)
				}
			case std && (r == '\u2028' || r == '\u2029'):
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			default:
				i += size
				continue
			}
			i += size
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case std && c == '\b':
			dst = append(dst, '\\', 'b')
		case std && c == '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	return append(dst, s[start:]...)
}

const hexDigits = "0123456789abcdef"

// plainPrefix returns the length of the longest prefix of s that a JSON
// string holds as is: ASCII but control characters, '"' and '\\'. It tests
// eight bytes at a time.
func plainPrefix(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		// The high bit of a byte ends up set if the byte is below 0x20
		// (w - 0x20 borrows), is '"' or '\\' (a zero byte of quote or
		// backslash), or is not ASCII (its own high bit). Borrows only
		// spread upward from a byte that is flagged itself.
		special := (w - ones*0x20) | (quote-ones)&^quote | (backslash-ones)&^backslash | w
		if special&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// AppendBlob appends b as a base64 JSON string.
func AppendBlob(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)
	return append(dst, '"')
}

// AppendStrings appends l as a JSON array of strings.
func AppendStrings(dst []byte, l []string) []byte { return appendStrings(dst, l, false) }

// appendStrings appends l as AppendStrings does, its strings as
// AppendStdString writes them if std is set.
func appendStrings(dst []byte, l []string, std bool) []byte {
	dst = append(dst, '[')
	for i, s := range l {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s, std)
	}
	return append(dst, ']')
}
