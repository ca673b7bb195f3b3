package ddb

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"unicode/utf8"

	"github.com/ddbkit/ddb/internal/number"
)

// Number is a DynamoDB number kept as its decimal text, so that values of up
// to 38 significant digits survive unchanged (an int64 or a float64 cannot
// hold them all). It encodes as N. The zero Number "" is the number 0: it
// encodes as "0", and its conversions return 0.
type Number string

var (
	errNotInteger = errors.New("not an integer")
	errOverflow   = errors.New("out of range")
)

// ParseNumber validates s as a DynamoDB number: an optional sign, ASCII
// digits with an optional decimal point, an optional exponent (e or E,
// optional sign, digits, within the range of a 32-bit integer), at most 38
// significant digits and a magnitude DynamoDB can store (1E-130 to
// 9.9999999999999999999999999999999999999E+125). The text is kept as given;
// DynamoDB returns numbers in a canonical form.
func ParseNumber(s string) (Number, error) {
	if err := checkNumber(s); err != nil {
		return "", err
	}
	return Number(s), nil
}

// String returns the number's text.
func (n Number) String() string { return string(n) }

// Int64 returns the number as an int64, failing if it is not a valid number,
// not an integer (1.5) or out of range.
func (n Number) Int64() (int64, error) { return parseIntegerText[int64](n.text(), 64) }

// Uint64 returns the number as a uint64, failing if it is not a valid number,
// not an integer or out of range (negative numbers included).
func (n Number) Uint64() (uint64, error) { return parseIntegerText[uint64](n.text(), 64) }

// Float64 returns the nearest float64, failing if the number is invalid or
// beyond the float64 range.
func (n Number) Float64() (float64, error) { return parseFloatText(n.text(), 64) }

// text returns the text n stands for: its own, "0" for the zero Number.
func (n Number) text() string {
	if n == "" {
		return "0"
	}
	return string(n)
}

// isZero reports whether n is the number 0, in any spelling ("", "0",
// "-0.00", "0e5"); an invalid number is not.
func (n Number) isZero() bool {
	var d number.Decimal
	return checkDecimal(n.text(), &d) == nil && d.Sign() == 0
}

// checkNumber validates s per ParseNumber: DynamoDB's syntax and limits
// (checked by the number package, which the engine shares), with ASCII
// digits only (DynamoDB also reads other Unicode decimal digits, which
// Number's conversions to Go numbers do not).
func checkNumber(s string) error {
	var d number.Decimal
	return checkDecimal(s, &d)
}

// checkDecimal is checkNumber, parsing s into d.
func checkDecimal(s string, d *number.Decimal) error {
	err := number.Parse(s, d)
	if err == nil && !isASCII(s) {
		err = &number.Error{Kind: number.Syntax}
	}
	switch number.KindOf(err) {
	case 0:
		return nil
	case number.Precision:
		return fmt.Errorf("number %q has more than %d significant digits", s, number.MaxDigits)
	case number.Overflow:
		return fmt.Errorf("number %q is too large for DynamoDB", s)
	case number.Underflow:
		return fmt.Errorf("number %q is too small for DynamoDB", s)
	}
	return fmt.Errorf("invalid number %q", s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// parseIntegerText parses the text of an N value as an integer of the given
// bit size, signed for int64 and unsigned for uint64. Canonical integers
// take the strconv fast path; other spellings of an integer ("1e3", "10.0")
// are accepted too. Errors are errNotInteger, errOverflow or a syntax error.
func parseIntegerText[I int64 | uint64](s string, bits int) (I, error) {
	signed := ^I(0) < 0
	var i I
	var err error
	if signed {
		var v int64
		v, err = strconv.ParseInt(s, 10, bits)
		i = I(v)
	} else {
		var v uint64
		v, err = strconv.ParseUint(s, 10, bits)
		i = I(v)
	}
	if err == nil {
		return i, nil
	}
	if errors.Is(err, strconv.ErrRange) {
		return 0, errOverflow
	}
	r, err := ratOf(s)
	if err != nil {
		return 0, err
	}
	// The range is [0, 2^bits) unsigned, [-2^(bits-1), 2^(bits-1)) signed.
	lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(bits))
	if signed {
		hi.Rsh(hi, 1)
		lo.Neg(hi)
	}
	num := r.Num()
	if num.Cmp(lo) < 0 || num.Cmp(hi) >= 0 {
		return 0, errOverflow
	}
	if signed {
		return I(num.Int64()), nil
	}
	return I(num.Uint64()), nil
}

// ratOf returns the exact value of an integer number text that strconv
// could not parse, or errNotInteger or a syntax error.
func ratOf(s string) (*big.Rat, error) {
	if err := checkNumber(s); err != nil {
		return nil, err
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("invalid number %q", s)
	}
	if !r.IsInt() {
		return nil, errNotInteger
	}
	return r, nil
}

// parseFloatText parses the text of an N value as a float of the given bit
// size; errOverflow when beyond its range.
func parseFloatText(s string, bits int) (float64, error) {
	if err := checkNumber(s); err != nil { // ParseFloat also takes "NaN", "Inf" and hex
		return 0, err
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		return 0, errOverflow
	}
	return f, nil
}
