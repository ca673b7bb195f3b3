package number

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tiny := "0." + strings.Repeat("0", 129) + "1"
	tests := []struct {
		in        string
		canonical string
		kind      Kind
	}{
		{in: "100", canonical: "100"},
		{in: "-0.0", canonical: "0"},
		{in: "1.50", canonical: "1.5"},
		{in: "1e3", canonical: "1000"},
		{in: "+.5", canonical: "0.5"},
		{in: "1E-130", canonical: tiny},
		{in: "\u0661\u0662", canonical: "12"}, // Arabic-Indic digits, as DynamoDB reads them
		{in: "\uff11", canonical: "1"},        // a fullwidth digit, also in the BMP
		{in: "\U0001d7cf", kind: Syntax},      // a digit outside the BMP, which DynamoDB Local refuses
		{in: "9.9999999999999999999999999999999999999E+125", canonical: "99999999999999999999999999999999999999" + strings.Repeat("0", 88)},
		{in: "1000000000000000000000000000000000000000000", canonical: "1" + strings.Repeat("0", 42)},
		{in: "", kind: Syntax},
		{in: "1.2.3", kind: Syntax},
		{in: "1e", kind: Syntax},
		{in: "NaN", kind: Syntax},
		{in: "1e2147483648", kind: Syntax},
		{in: "0e-2147483649", kind: Syntax},
		{in: "123456789012345678901234567890123456789", kind: Precision},
		{in: "1e126", kind: Overflow},
		{in: "1e-131", kind: Underflow},
	}
	for _, tt := range tests {
		var d Decimal
		err := Parse(tt.in, &d)
		if KindOf(err) != tt.kind {
			t.Errorf("Parse(%q) = %v, want kind %d", tt.in, err, tt.kind)
			continue
		}
		if err != nil {
			continue
		}
		if got := string(d.AppendCanonical(nil)); got != tt.canonical {
			t.Errorf("Parse(%q) canonical %q, want %q", tt.in, got, tt.canonical)
		}
	}
}

func TestCompare(t *testing.T) {
	ordered := []string{"-1e125", "-2", "-1.5", "-1E-130", "0", "1E-130", "0.5", "1", "1.0000000001", "2", "10", "1e125"}
	for i, a := range ordered {
		for j, b := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := Compare(a, b); got != want {
				t.Errorf("Compare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
	// Integers in canonical form compare without parsing, as parsed ones do.
	r := rand.New(rand.NewPCG(5, 6))
	ints := []string{"0", "-1", "1", "-99999999999999999999999999999999999999", "99999999999999999999999999999999999999"}
	for range 300 {
		ints = append(ints, strconv.FormatInt(r.Int64N(2_000_000)-1_000_000, 10), strconv.FormatInt(r.Int64()>>r.IntN(60), 10))
	}
	for _, a := range ints {
		for _, b := range ints[:40] {
			var x, y Decimal
			if Parse(a, &x) != nil || Parse(b, &y) != nil {
				t.Fatalf("%q or %q does not parse", a, b)
			}
			if got, want := Compare(a, b), x.Cmp(&y); got != want {
				t.Fatalf("Compare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
	if Compare("1.50", "15e-1") != 0 || Compare("x", "0") != 0 {
		t.Error("equal values or invalid text do not compare as equal")
	}
}

func TestParseFailsWithoutAllocating(t *testing.T) {
	var d Decimal
	if n := testing.AllocsPerRun(100, func() { _ = Parse("1e126", &d) }); n != 0 {
		t.Errorf("a failing Parse allocates %v times", n)
	}
}

func TestIsCanonicalInt(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "-7": true, "100": true, strings.Repeat("9", 38): true,
		strings.Repeat("9", 39): false, "-0": false, "007": false, "1.5": false, "1e3": false, "": false, "-": false, "+5": false} {
		if got := IsCanonicalInt(s); got != want {
			t.Errorf("IsCanonicalInt(%q) = %v, want %v", s, got, want)
		}
	}
}
