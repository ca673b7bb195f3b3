package attr

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/aws/smithy-go"
)

const (
	msgInvalid   = "The parameter cannot be converted to a numeric value"
	msgPrecision = "Attempting to store more than 38 significant digits in a Number"
	msgOverflow  = "Number overflow. Attempting to store a number with magnitude larger than supported range"
	msgUnderflow = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
)

// validationMessage returns the message of a ValidationException, failing
// the test for any other error.
func validationMessage(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ValidationException" {
		t.Fatalf("error %v is not a ValidationException", err)
	}
	return apiErr.ErrorMessage()
}

func TestNormalizeNumber(t *testing.T) {
	tiny := "0." + strings.Repeat("0", 129) + "1"
	max := "99999999999999999999999999999999999999" + strings.Repeat("0", 88)
	tests := []struct {
		in, want, err string
	}{
		// Canonical forms, as DynamoDB Local returns them.
		{in: "100", want: "100"},
		{in: "0", want: "0"},
		{in: "-7", want: "-7"},
		{in: "1.50", want: "1.5"},
		{in: "-0", want: "0"},
		{in: "-0.0", want: "0"},
		{in: "1e3", want: "1000"},
		{in: "0.00100", want: "0.001"},
		{in: "1E-130", want: tiny},
		{in: "-1E-130", want: "-" + tiny},
		{in: "1.0e-130", want: tiny},
		{in: "0.0001e-126", want: tiny},
		{in: "00012", want: "12"},
		{in: "+5", want: "5"},
		{in: ".5", want: "0.5"},
		{in: "+.5", want: "0.5"},
		{in: "-.5", want: "-0.5"},
		{in: "5.", want: "5"},
		{in: "0.", want: "0"},
		{in: ".0", want: "0"},
		{in: "1E+5", want: "100000"},
		{in: "1e-5", want: "0.00001"},
		{in: "1.5E+0", want: "1.5"},
		{in: "1e-0", want: "1"},
		{in: "1E01", want: "10"},
		{in: "0e500", want: "0"},
		{in: "0e-500", want: "0"},
		{in: "0e2147483647", want: "0"},
		{in: "123.456", want: "123.456"},
		{in: "-123.4560", want: "-123.456"},
		{in: "١", want: "1"},
		{in: "１２", want: "12"},
		{in: "1e١", want: "10"},
		{in: "9.9999999999999999999999999999999999999E+125", want: max},
		{in: "99999999999999999999999999999999999999e88", want: max},
		{in: "12345678901234567890123456789012345678", want: "12345678901234567890123456789012345678"},
		{in: "12345678901234567890123456789012345678.0000", want: "12345678901234567890123456789012345678"},
		{in: "10000000000000000000000000000000000000000", want: "10000000000000000000000000000000000000000"},
		{in: "0000000000000000000000000000000000000000000000000000001", want: "1"},
		{in: "1.2345678901234567890123456789012345678e-130", want: "0." + strings.Repeat("0", 129) + "12345678901234567890123456789012345678"},
		// Syntax errors.
		{in: "", err: msgInvalid},
		{in: " 1", err: msgInvalid + ":  1"},
		{in: "1 ", err: msgInvalid + ": 1 "},
		{in: "Infinity", err: msgInvalid + ": Infinity"},
		{in: "NaN", err: msgInvalid + ": NaN"},
		{in: "0x10", err: msgInvalid + ": 0x10"},
		{in: "-", err: msgInvalid + ": -"},
		{in: "+", err: msgInvalid + ": +"},
		{in: ".", err: msgInvalid + ": ."},
		{in: "1e", err: msgInvalid + ": 1e"},
		{in: "1e+", err: msgInvalid + ": 1e+"},
		{in: "e5", err: msgInvalid + ": e5"},
		{in: "1.2.3", err: msgInvalid + ": 1.2.3"},
		{in: "1,000", err: msgInvalid + ": 1,000"},
		{in: "--1", err: msgInvalid + ": --1"},
		{in: "1ee2", err: msgInvalid + ": 1ee2"},
		{in: "1e2.5", err: msgInvalid + ": 1e2.5"},
		{in: "1d", err: msgInvalid + ": 1d"},
		{in: "1e2147483648", err: msgInvalid + ": 1e2147483648"},
		{in: "1e-2147483648", err: msgInvalid + ": 1e-2147483648"},
		{in: "0e2147483648", err: msgInvalid + ": 0e2147483648"},
		{in: "1e9999999999999", err: msgInvalid + ": 1e9999999999999"},
		{in: "123456789012345678901234567890123456789x", err: msgInvalid + ": 123456789012345678901234567890123456789x"},
		// Limits, precision first.
		{in: "123456789012345678901234567890123456789", err: msgPrecision},
		{in: "12345678901234567890123456789012345678.5", err: msgPrecision},
		{in: "-1.23456789012345678901234567890123456789", err: msgPrecision},
		{in: "123456789012345678901234567890123456789e200", err: msgPrecision},
		{in: "9.99999999999999999999999999999999999999E+125", err: msgPrecision},
		{in: "1e126", err: msgOverflow},
		{in: "-1e126", err: msgOverflow},
		{in: "10e125", err: msgOverflow},
		{in: "1e2147483647", err: msgOverflow},
		{in: "99999999999999999999999999999999999999e89", err: msgOverflow},
		{in: "1E-131", err: msgUnderflow},
		{in: "-1e-131", err: msgUnderflow},
		{in: "0." + strings.Repeat("0", 130) + "1", err: msgUnderflow},
	}
	for _, tt := range tests {
		got, err := NormalizeNumber(tt.in)
		if msg := validationMessage(t, err); got != tt.want || msg != tt.err {
			t.Errorf("NormalizeNumber(%q) = %q, %q; want %q, %q", tt.in, got, msg, tt.want, tt.err)
		}
	}
}

func TestNormalizeNumberCanonicalDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"100", "-12345", "1.5", "0.001"} {
		if n := testing.AllocsPerRun(100, func() { _, _ = NormalizeNumber(s) }); n != 0 {
			t.Errorf("NormalizeNumber(%q) allocates %v times", s, n)
		}
	}
}

func TestUnicodeDigitRanges(t *testing.T) {
	// unicodeDigit relies on every range of unicode.Nd being whole runs of
	// zero to nine.
	for _, rg := range unicode.Nd.R16 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %#x-%#x is not whole runs of ten digits", rg.Lo, rg.Hi)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %#x-%#x is not whole runs of ten digits", rg.Lo, rg.Hi)
		}
	}
}

func TestCompareNumbers(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1", "1.0", 0},
		{"1", "2", -1},
		{"10", "9", 1},
		{"-10", "-9", -1},
		{"-1", "0", -1},
		{"0", "-0", 0},
		{"0", "1E-130", -1},
		{"-1E-130", "0", -1},
		{"1.5", "1.55", -1},
		{"-1.5", "-1.55", 1},
		{"1e125", "9.9e124", 1},
		{"0.001", "0.01", -1},
		{"123", "12.3", 1},
	}
	for _, tt := range tests {
		if got := CompareNumbers(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareNumbers(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareNumbers(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareNumbers(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func BenchmarkNormalizeNumber(b *testing.B) {
	for _, s := range []string{"100", "129.95", "1.50e3"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NormalizeNumber(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCompareNumbers(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if CompareNumbers("129.95", "1.2995e2") != 0 || CompareNumbers("-7", "3.5") != -1 {
			b.Fatal("wrong order")
		}
	}
}
