package attr

import (
	"unicode"
	"unicode/utf8"
)

// DynamoDB's number limits: 38 significant digits, and a magnitude between
// 1E-130 and 9.9999999999999999999999999999999999999E+125.
const (
	maxDigits = 38
	maxAdjExp = 125
	minAdjExp = -130
)

// maxCanonicalLen bounds the canonical text of a valid number: a sign, "0.",
// 129 zeros and 38 digits.
const maxCanonicalLen = 1 + 2 + 129 + maxDigits

// decimal is a parsed number: (-1 if neg) × d1.d2…dn × 10^adj, where
// d1…dn are the significant digits (no leading or trailing zeros) and n is 0
// for zero. Only the first maxDigits digits are kept.
type decimal struct {
	neg    bool
	n      int
	adj    int64
	digits [maxDigits]byte
}

// parseNumber parses s as DynamoDB does (with the syntax of Java's
// BigDecimal: optional sign, digits with at most one point, optional
// exponent; Unicode decimal digits count as digits) and checks DynamoDB's
// precision and range limits, in that order.
func parseNumber(s string, d *decimal) error {
	*d = decimal{}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		d.neg = s[i] == '-'
		i++
	}
	count, dot, first := 0, -1, -1 // digits seen, digits before the point, index of first nonzero
	zeros := 0                     // zeros after the last nonzero digit
	for i < len(s) {
		c := s[i]
		if c == '.' {
			if dot >= 0 {
				return errInvalidNumber(s)
			}
			dot = count
			i++
			continue
		}
		if c == 'e' || c == 'E' {
			break
		}
		v, size := digitAt(s, i)
		if v < 0 {
			return errInvalidNumber(s)
		}
		i += size
		if v == 0 {
			if first >= 0 {
				zeros++
			}
		} else {
			if first < 0 {
				first = count
			}
			for ; zeros > 0; zeros-- {
				d.push('0')
			}
			d.push(byte('0' + v))
		}
		count++
	}
	if count == 0 {
		return errInvalidNumber(s)
	}
	if dot < 0 {
		dot = count
	}
	var exp int64
	if i < len(s) {
		var ok bool
		if exp, ok = parseExponent(s, i+1); !ok {
			return errInvalidNumber(s)
		}
	}
	// BigDecimal keeps its scale (fraction digits minus exponent) in an int.
	if scale := int64(count-dot) - exp; scale != int64(int32(scale)) {
		return errInvalidNumber(s)
	}
	if first < 0 {
		*d = decimal{}
		return nil
	}
	d.adj = int64(dot-1-first) + exp
	return d.checkLimits()
}

// checkLimits reports a nonzero d beyond DynamoDB's precision or range, in
// DynamoDB's order: precision first.
func (d *decimal) checkLimits() error {
	switch {
	case d.n > maxDigits:
		return errPrecision()
	case d.adj > maxAdjExp:
		return errOverflow()
	case d.adj < minAdjExp:
		return errUnderflow()
	}
	return nil
}

// push appends a significant digit, counting but not storing digits beyond
// maxDigits.
func (d *decimal) push(c byte) {
	if d.n < maxDigits {
		d.digits[d.n] = c
	}
	d.n++
}

// parseExponent parses the exponent that starts at s[i] (after the 'e'):
// an optional sign and at least one digit, with a value that fits in int32.
func parseExponent(s string, i int) (int64, bool) {
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i == len(s) {
		return 0, false
	}
	var exp int64
	for i < len(s) {
		v, size := digitAt(s, i)
		if v < 0 {
			return 0, false
		}
		i += size
		if exp = exp*10 + int64(v); exp > 1<<31 {
			return 0, false
		}
	}
	if neg {
		exp = -exp
	}
	return exp, exp == int64(int32(exp))
}

// digitAt returns the value of the decimal digit starting at s[i] and its
// length in bytes, or -1 if s[i:] does not start with a decimal digit.
func digitAt(s string, i int) (int, int) {
	if c := s[i]; c < utf8.RuneSelf {
		if c >= '0' && c <= '9' {
			return int(c - '0'), 1
		}
		return -1, 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return unicodeDigit(r), size
}

// unicodeDigit returns the value of a Unicode decimal digit (category Nd),
// or -1. Unicode encodes every Nd digit in a contiguous run from zero to
// nine, and the ranges of unicode.Nd start at a zero.
func unicodeDigit(r rune) int {
	if !unicode.IsDigit(r) {
		return -1
	}
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}

// appendCanonical appends the canonical text of d: plain notation, no
// exponent, no leading or trailing zeros, "0" for zero.
func (d *decimal) appendCanonical(dst []byte) []byte {
	if d.n == 0 {
		return append(dst, '0')
	}
	if d.neg {
		dst = append(dst, '-')
	}
	digits := d.digits[:d.n]
	if d.adj < 0 {
		dst = append(dst, '0', '.')
		for k := int64(0); k < -d.adj-1; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	intLen := int(d.adj) + 1
	if intLen >= d.n {
		dst = append(dst, digits...)
		for k := d.n; k < intLen; k++ {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, digits[:intLen]...)
	dst = append(dst, '.')
	return append(dst, digits[intLen:]...)
}

// cmp compares two parsed numbers by value.
func (d *decimal) cmp(e *decimal) int {
	ds, es := d.sign(), e.sign()
	if ds != es || ds == 0 {
		return cmpInt(ds, es)
	}
	c := cmpInt64(d.adj, e.adj)
	if c == 0 {
		c = compareBytes(d.digits[:d.n], e.digits[:e.n])
	}
	return c * ds
}

func (d *decimal) sign() int {
	switch {
	case d.n == 0:
		return 0
	case d.neg:
		return -1
	}
	return 1
}

func compareBytes(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return cmpInt(int(a[i]), int(b[i]))
		}
	}
	return cmpInt(len(a), len(b))
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// NormalizeNumber validates s as a DynamoDB number and returns its canonical
// text, the form DynamoDB returns: "1.50" is "1.5", "-0" is "0", "1e3" is
// "1000", "0.00100" is "0.001". Errors are DynamoDB's ValidationExceptions
// (unparseable text, more than 38 significant digits, magnitude above
// 9.9999999999999999999999999999999999999E+125 or below 1E-130). A number
// already in canonical form is returned as is, without allocating.
func NormalizeNumber(s string) (string, error) {
	if isCanonicalInt(s) {
		return s, nil
	}
	var d decimal
	if err := parseNumber(s, &d); err != nil {
		return "", err
	}
	var buf [maxCanonicalLen]byte
	out := d.appendCanonical(buf[:0])
	if string(out) == s {
		return s, nil
	}
	return string(out), nil
}

// isCanonicalInt reports whether s is an integer in canonical form with at
// most 38 digits: the common case, which needs no parsing.
func isCanonicalInt(s string) bool {
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > maxDigits {
		return false
	}
	if digits[0] == '0' {
		return s == "0"
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

// CompareNumbers compares two valid numbers by value, returning -1, 0 or +1.
// Text that is not a valid number compares as zero.
func CompareNumbers(a, b string) int {
	if a == b {
		return 0
	}
	var x, y decimal
	if parseNumber(a, &x) != nil {
		x = decimal{}
	}
	if parseNumber(b, &y) != nil {
		y = decimal{}
	}
	return x.cmp(&y)
}
