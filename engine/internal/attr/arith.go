package attr

import (
	"strconv"

	"github.com/cockroachdb/apd/v3"
)

// AddNumbers returns a+b for two numbers, exactly, in canonical form. The
// sum is subject to DynamoDB's limits: more than 38 significant digits, or a
// magnitude out of range, is DynamoDB's ValidationException (as for ADD and
// SET a = a + :v). Invalid operands are reported as NormalizeNumber does.
func AddNumbers(a, b string) (string, error) {
	return addNumbers(a, b, false)
}

// SubtractNumbers returns a-b for two numbers, with the rules of AddNumbers.
func SubtractNumbers(a, b string) (string, error) {
	return addNumbers(a, b, true)
}

// smallIntDigits bounds the integers whose sum or difference fits in int64.
const smallIntDigits = 18

func addNumbers(a, b string, subtract bool) (string, error) {
	if x, ok := smallInt(a); ok {
		if y, ok := smallInt(b); ok {
			if subtract {
				y = -y
			}
			return strconv.FormatInt(x+y, 10), nil
		}
	}
	var x, y decimal
	if err := parseNumber(a, &x); err != nil {
		return "", err
	}
	if err := parseNumber(b, &y); err != nil {
		return "", err
	}
	var dx, dy, sum apd.Decimal
	x.toApd(&dx)
	y.toApd(&dy)
	var err error
	if subtract {
		_, err = apd.BaseContext.Sub(&sum, &dx, &dy)
	} else {
		_, err = apd.BaseContext.Add(&sum, &dx, &dy)
	}
	if err != nil {
		return "", err
	}
	var r decimal
	if err := r.fromApd(&sum); err != nil {
		return "", err
	}
	return string(r.AppendCanonical(nil)), nil
}

// smallInt parses a canonical integer of at most smallIntDigits digits.
func smallInt(s string) (int64, bool) {
	if len(s) > smallIntDigits || !isCanonicalInt(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// toApd sets z to the value of d.
func (d *decimal) toApd(z *apd.Decimal) {
	if d.N == 0 {
		z.SetInt64(0)
		return
	}
	z.Coeff.SetString(string(d.Digits[:d.N]), 10)
	z.Exponent = int32(d.Adj - int64(d.N) + 1)
	z.Negative = d.Neg
}

// fromApd sets d to the exact value of z, with DynamoDB's precision and range
// checks.
func (d *decimal) fromApd(z *apd.Decimal) error {
	*d = decimal{}
	coeff := z.Coeff.String()
	if coeff == "0" {
		return nil
	}
	n := len(coeff)
	for coeff[n-1] == '0' {
		n--
	}
	d.Neg = z.Negative
	d.Adj = int64(z.Exponent) + int64(len(coeff)) - 1
	for i := 0; i < n; i++ {
		d.Push(coeff[i])
	}
	return d.checkLimits()
}
