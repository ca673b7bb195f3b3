package number

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DynamoDB's number limits: 38 significant digits, and a magnitude between
// 1E-130 and 9.9999999999999999999999999999999999999E+125.
const (
	MaxDigits = 38
	MaxAdjExp = 125
	MinAdjExp = -130
)

// MaxCanonicalLen bounds the canonical text of a valid number: a sign, "0.",
// 129 zeros and 38 digits.
const MaxCanonicalLen = 1 + 2 + 129 + MaxDigits

// Kind says what is wrong with a number.
type Kind uint8

// The kinds of invalid number, in the order DynamoDB checks them.
const (
	Syntax    Kind = iota + 1 // not a number
	Precision                 // more than MaxDigits significant digits
	Overflow                  // magnitude above the largest number
	Underflow                 // nonzero magnitude below the smallest number
)

// Error reports an invalid number.
type Error struct {
	Kind Kind
}

var kindText = [...]string{Syntax: "not a number", Precision: "more than 38 significant digits",
	Overflow: "magnitude too large", Underflow: "magnitude too small"}

func (e *Error) Error() string { return "number: " + kindText[e.Kind] }

// The errors Parse and CheckLimits return, one per kind, so that failing
// allocates nothing.
var (
	errSyntax    = &Error{Syntax}
	errPrecision = &Error{Precision}
	errOverflow  = &Error{Overflow}
	errUnderflow = &Error{Underflow}
)

// KindOf returns the Kind of an error from this package, or 0.
func KindOf(err error) Kind {
	if e, ok := err.(*Error); ok {
		return e.Kind
	}
	return 0
}

// Decimal is a parsed number: (-1 if Neg) × d1.d2…dn × 10^Adj, where
// d1…dn are the significant digits (no leading or trailing zeros) and n is
// N, 0 for zero. Only the first MaxDigits digits are kept in Digits; N
// counts them all.
type Decimal struct {
	Neg    bool
	N      int
	Adj    int64
	Digits [MaxDigits]byte
}

// Parse parses s as DynamoDB does (with the syntax of Java's BigDecimal:
// optional sign, digits with at most one point, optional exponent; Unicode
// decimal digits count as digits) and checks DynamoDB's precision and
// range limits, in that order.
func Parse(s string, d *Decimal) error {
	*d = Decimal{}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		d.Neg = s[i] == '-'
		i++
	}
	count, dot, first := 0, -1, -1 // digits seen, digits before the point, index of first nonzero
	zeros := 0                     // zeros after the last nonzero digit
	for i < len(s) {
		c := s[i]
		if c == '.' {
			if dot >= 0 {
				return errSyntax
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
			return errSyntax
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
				d.Push('0')
			}
			d.Push(byte('0' + v))
		}
		count++
	}
	if count == 0 {
		return errSyntax
	}
	if dot < 0 {
		dot = count
	}
	var exp int64
	if i < len(s) {
		var ok bool
		if exp, ok = parseExponent(s, i+1); !ok {
			return errSyntax
		}
	}
	// BigDecimal keeps its scale (fraction digits minus exponent) in an int.
	if scale := int64(count-dot) - exp; scale != int64(int32(scale)) {
		return errSyntax
	}
	if first < 0 {
		*d = Decimal{}
		return nil
	}
	d.Adj = int64(dot-1-first) + exp
	return d.CheckLimits()
}

// CheckLimits reports a nonzero d beyond DynamoDB's precision or range, in
// DynamoDB's order: precision first.
func (d *Decimal) CheckLimits() error {
	switch {
	case d.N > MaxDigits:
		return errPrecision
	case d.Adj > MaxAdjExp:
		return errOverflow
	case d.Adj < MinAdjExp:
		return errUnderflow
	}
	return nil
}

// Push appends a significant digit, counting but not storing digits beyond
// MaxDigits.
func (d *Decimal) Push(c byte) {
	if d.N < MaxDigits {
		d.Digits[d.N] = c
	}
	d.N++
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

// unicodeDigit returns the value of a Unicode decimal digit (category Nd)
// of the Basic Multilingual Plane, or -1. DynamoDB reads numbers a UTF-16
// unit at a time (Java's BigDecimal), so a digit outside the plane, two
// units, is no digit there (DynamoDB Local refuses "𝟏"). Unicode encodes
// every Nd digit in a contiguous run from zero to nine, and the ranges of
// unicode.Nd start at a zero.
func unicodeDigit(r rune) int {
	if !unicode.IsDigit(r) {
		return -1
	}
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}

// AppendCanonical appends the canonical text of d: plain notation, no
// exponent, no leading or trailing zeros, "0" for zero.
func (d *Decimal) AppendCanonical(dst []byte) []byte {
	if d.N == 0 {
		return append(dst, '0')
	}
	if d.Neg {
		dst = append(dst, '-')
	}
	digits := d.Digits[:d.N]
	if d.Adj < 0 {
		dst = append(dst, '0', '.')
		for k := int64(0); k < -d.Adj-1; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	intLen := int(d.Adj) + 1
	if intLen >= d.N {
		dst = append(dst, digits...)
		for k := d.N; k < intLen; k++ {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, digits[:intLen]...)
	dst = append(dst, '.')
	return append(dst, digits[intLen:]...)
}

// Cmp compares two parsed numbers by value, returning -1, 0 or +1.
func (d *Decimal) Cmp(e *Decimal) int {
	ds, es := d.Sign(), e.Sign()
	if ds != es || ds == 0 {
		return cmp(ds, es)
	}
	c := cmp(d.Adj, e.Adj)
	if c == 0 {
		c = compareBytes(d.Digits[:d.N], e.Digits[:e.N])
	}
	return c * ds
}

// Sign returns -1, 0 or +1.
func (d *Decimal) Sign() int {
	switch {
	case d.N == 0:
		return 0
	case d.Neg:
		return -1
	}
	return 1
}

func compareBytes(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return cmp(a[i], b[i])
		}
	}
	return cmp(len(a), len(b))
}

func cmp[T int | int64 | byte](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// IsCanonicalInt reports whether s is an integer in canonical form with at
// most 38 digits: the common case, which needs no parsing.
func IsCanonicalInt(s string) bool {
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > MaxDigits {
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

// compareInts compares two different integers in canonical form by their
// signs, then their lengths, then their digits.
func compareInts(a, b string) int {
	negA, negB := a[0] == '-', b[0] == '-'
	if negA != negB {
		if negA {
			return -1
		}
		return 1
	}
	c := strings.Compare(a, b)
	if len(a) != len(b) {
		c = cmp(len(a), len(b))
	}
	if negA {
		return -c
	}
	return c
}

// Compare compares two valid numbers by value, returning -1, 0 or +1. Text
// that is not a valid number compares as zero.
func Compare(a, b string) int {
	if a == b {
		return 0
	}
	if IsCanonicalInt(a) && IsCanonicalInt(b) {
		return compareInts(a, b)
	}
	var x, y Decimal
	if Parse(a, &x) != nil {
		x = Decimal{}
	}
	if Parse(b, &y) != nil {
		y = Decimal{}
	}
	return x.Cmp(&y)
}
