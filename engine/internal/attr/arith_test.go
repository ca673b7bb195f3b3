package attr

import (
	"strings"
	"testing"
)

func TestAddNumbers(t *testing.T) {
	max := "9.9999999999999999999999999999999999999E+125"
	tests := []struct {
		a, b     string
		subtract bool
		want     string
		err      string
	}{
		{a: "1", b: "2", want: "3"},
		{a: "5", b: "7", subtract: true, want: "-2"},
		{a: "999999999999999999", b: "1", want: "1000000000000000000"},
		{a: "0.1", b: "0.2", want: "0.3"},
		{a: "1.5", b: "1.5", subtract: true, want: "0"},
		{a: "2.5", b: "-2.5", want: "0"},
		{a: "1E-130", b: "2E-130", want: "0." + strings.Repeat("0", 129) + "3"},
		{a: "12345678901234567890123456789012345678", b: "1", want: "12345678901234567890123456789012345679"},
		{a: "99999999999999999999999999999999999999", b: "1", want: "100000000000000000000000000000000000000"},
		{a: "1", b: "1e-37", want: "1.0000000000000000000000000000000000001"},
		{a: "-9223372036854775808", b: "1", subtract: true, want: "-9223372036854775809"},
		{a: "1e30", b: "1e-30", err: msgPrecision},
		{a: "1e37", b: "0.5", err: msgPrecision},
		{a: "99999999999999999999999999999999999999", b: "0.1", err: msgPrecision},
		{a: "1", b: "1e-38", err: msgPrecision},
		{a: max, b: "1e88", err: msgOverflow},
		{a: max, b: "1e87", err: msgPrecision},
		{a: "-" + max, b: "1e88", subtract: true, err: msgOverflow},
		{a: "1e-130", b: "1.1e-130", subtract: true, err: msgUnderflow},
		{a: "x", b: "1", err: msgInvalid + ": x"},
		{a: "1", b: "1e126", err: msgOverflow},
	}
	for _, tt := range tests {
		op, f := "AddNumbers", AddNumbers
		if tt.subtract {
			op, f = "SubtractNumbers", SubtractNumbers
		}
		got, err := f(tt.a, tt.b)
		if msg := validationMessage(t, err); got != tt.want || msg != tt.err {
			t.Errorf("%s(%q, %q) = %q, %q; want %q, %q", op, tt.a, tt.b, got, msg, tt.want, tt.err)
		}
	}
}

func BenchmarkAddNumbers(b *testing.B) {
	for _, tt := range [][2]string{{"41", "1"}, {"129.95", "0.05"}} {
		b.Run(tt[0]+"+"+tt[1], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := AddNumbers(tt[0], tt[1]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
