package ddb

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "+1", "1.", ".5", "1.5e3", "1E+2", "-1e-130", "9.9999999999999999999999999999999999999E+125",
		"12345678901234567890123456789012345678", "0.00000000000000000000000000000000000000000001", "1000" + strings.Repeat("0", 100)} {
		if _, err := ParseNumber(s); err != nil {
			t.Errorf("ParseNumber(%q): %v", s, err)
		}
	}
	for s, want := range map[string]string{
		"":        `invalid number ""`,
		"-":       `invalid number "-"`,
		".":       `invalid number "."`,
		"1e":      `invalid number "1e"`,
		"12x":     `invalid number "12x"`,
		"NaN":     `invalid number "NaN"`,
		"0x10":    `invalid number "0x10"`,
		"1.2.3":   `invalid number "1.2.3"`,
		"1e126":   `number "1e126" is too large for DynamoDB`,
		"1e-131":  `number "1e-131" is too small for DynamoDB`,
		"1e99999": `number "1e99999" is too large for DynamoDB`,
		// DynamoDB reads Unicode decimal digits; Number's conversions do not.
		"\u0661": "invalid number \"\u0661\"",
		// An exponent beyond int32 is not a number for DynamoDB, zero or not.
		"0e3000000000": `invalid number "0e3000000000"`,
		"123456789012345678901234567890123456789": `number "123456789012345678901234567890123456789" has more than 38 significant digits`,
	} {
		if _, err := ParseNumber(s); err == nil || err.Error() != want {
			t.Errorf("ParseNumber(%q) = %v, want %q", s, err, want)
		}
	}
}

func TestNumberConversions(t *testing.T) {
	tests := []struct {
		n       Number
		i       int64
		iErr    error
		u       uint64
		uErr    error
		f       float64
		fFailed bool
	}{
		{n: "", i: 0, u: 0, f: 0}, // the zero Number is 0
		{n: "42", i: 42, u: 42, f: 42},
		{n: "-7", i: -7, uErr: errOverflow, f: -7},
		{n: "1.5e2", i: 150, u: 150, f: 150},
		{n: "2.5", iErr: errNotInteger, uErr: errNotInteger, f: 2.5},
		{n: "9223372036854775808", iErr: errOverflow, u: 1 << 63, f: 1 << 63},
		{n: "-9.223372036854775808E18", i: math.MinInt64, uErr: errOverflow, f: -1 << 63},
		{n: "1e30", iErr: errOverflow, uErr: errOverflow, f: 1e30},
		{n: "1.8446744073709551615E19", iErr: errOverflow, u: math.MaxUint64, f: 1 << 64},
		{n: "1.8446744073709551616E19", iErr: errOverflow, uErr: errOverflow, f: 1 << 64},
		{n: "x", fFailed: true},
	}
	for _, tt := range tests {
		i, err := tt.n.Int64()
		if tt.n == "x" {
			if err == nil {
				t.Errorf("Int64(x) succeeded")
			}
		} else if i != tt.i || !errors.Is(err, tt.iErr) && (err != nil || tt.iErr != nil) {
			t.Errorf("%q.Int64() = %d, %v; want %d, %v", tt.n, i, err, tt.i, tt.iErr)
		}
		u, err := tt.n.Uint64()
		if tt.n != "x" && (u != tt.u || !errors.Is(err, tt.uErr) && (err != nil || tt.uErr != nil)) {
			t.Errorf("%q.Uint64() = %d, %v; want %d, %v", tt.n, u, err, tt.u, tt.uErr)
		}
		f, err := tt.n.Float64()
		if (err != nil) != tt.fFailed || f != tt.f {
			t.Errorf("%q.Float64() = %v, %v; want %v", tt.n, f, err, tt.f)
		}
		if tt.n.String() != string(tt.n) {
			t.Errorf("String() = %q", tt.n.String())
		}
	}
}

// TestParseIntegerTextBits checks the range of smaller integer kinds on the
// slow path (spellings strconv does not parse).
func TestParseIntegerTextBits(t *testing.T) {
	tests := []struct {
		s    string
		i    int64
		iErr error
		u    uint64
		uErr error
	}{
		{s: "1.27e2", i: 127, u: 127},
		{s: "1.28e2", iErr: errOverflow, u: 128},
		{s: "-1.28e2", i: -128, uErr: errOverflow},
		{s: "-1.29e2", iErr: errOverflow, uErr: errOverflow},
		{s: "2.55e2", iErr: errOverflow, u: 255},
		{s: "2.56e2", iErr: errOverflow, uErr: errOverflow},
	}
	for _, tt := range tests {
		if i, err := parseIntegerText[int64](tt.s, 8); i != tt.i || !errors.Is(err, tt.iErr) && (err != nil || tt.iErr != nil) {
			t.Errorf("int8 %q = %d, %v; want %d, %v", tt.s, i, err, tt.i, tt.iErr)
		}
		if u, err := parseIntegerText[uint64](tt.s, 8); u != tt.u || !errors.Is(err, tt.uErr) && (err != nil || tt.uErr != nil) {
			t.Errorf("uint8 %q = %d, %v; want %d, %v", tt.s, u, err, tt.u, tt.uErr)
		}
	}
}
