package attr

import "github.com/ddbkit/ddb/internal/number"

// maxDigits and maxCanonicalLen are the number package's limits, under the
// names the key and size code use.
const (
	maxDigits       = number.MaxDigits
	maxCanonicalLen = number.MaxCanonicalLen
)

// decimal is a parsed number (see number.Decimal), with the engine's own
// encodings (key bytes, apd operands, stored size) as methods.
type decimal struct {
	number.Decimal
}

// parseNumber parses s as DynamoDB does and checks its limits (see
// number.Parse), reporting DynamoDB's ValidationException.
func parseNumber(s string, d *decimal) error {
	if err := number.Parse(s, &d.Decimal); err != nil {
		return numberError(s, err)
	}
	return nil
}

// checkLimits reports a nonzero d beyond DynamoDB's precision or range as
// DynamoDB does.
func (d *decimal) checkLimits() error {
	if err := d.CheckLimits(); err != nil {
		return numberError("", err)
	}
	return nil
}

// numberError maps an error of the number package for the text s to
// DynamoDB's ValidationException.
func numberError(s string, err error) error {
	switch number.KindOf(err) {
	case number.Precision:
		return errPrecision()
	case number.Overflow:
		return errOverflow()
	case number.Underflow:
		return errUnderflow()
	}
	return errInvalidNumber(s)
}

// NormalizeNumber validates s as a DynamoDB number and returns its canonical
// text, the form DynamoDB returns: "1.50" is "1.5", "-0" is "0", "1e3" is
// "1000", "0.00100" is "0.001". Errors are DynamoDB's ValidationExceptions
// (unparseable text, more than 38 significant digits, magnitude above
// 9.9999999999999999999999999999999999999E+125 or below 1E-130). A number
// already in canonical form is returned as is, without allocating.
func NormalizeNumber(s string) (string, error) {
	if number.IsCanonicalInt(s) {
		return s, nil
	}
	var d number.Decimal
	if err := number.Parse(s, &d); err != nil {
		return "", numberError(s, err)
	}
	var buf [maxCanonicalLen]byte
	out := d.AppendCanonical(buf[:0])
	if string(out) == s {
		return s, nil
	}
	return string(out), nil
}

// isCanonicalInt reports whether s is an integer in canonical form with at
// most 38 digits: the common case, which needs no parsing.
func isCanonicalInt(s string) bool { return number.IsCanonicalInt(s) }

// CompareNumbers compares two valid numbers by value, returning -1, 0 or +1.
// Text that is not a valid number compares as zero.
func CompareNumbers(a, b string) int { return number.Compare(a, b) }
