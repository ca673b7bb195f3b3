package server

import (
	"bytes"
	"testing"
)

// validValue, which tests eight bytes at a time, agrees with the rule it
// implements for every byte at every position of a value.
func TestValidValue(t *testing.T) {
	naive := func(b []byte) bool {
		for _, c := range b {
			if (c < ' ' && c != '\t') || c == 0x7f {
				return false
			}
		}
		return true
	}
	for n := range 20 {
		for at := range n {
			for c := range 256 {
				b := bytes.Repeat([]byte{'a'}, n)
				b[at] = byte(c)
				if n > 10 { // a second unusual byte, below the first
					b[n-1-at%3] = []byte{'\t', 0x80, 0xff}[at%3]
				}
				if got, want := validValue(b), naive(b); got != want {
					t.Fatalf("validValue(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

func TestTrimBlanks(t *testing.T) {
	for in, want := range map[string]string{"": "", " \t": "", " a b\t": "a b", "a": "a", "\t\ta\t ": "a"} {
		if got := string(trimBlanks([]byte(in))); got != want {
			t.Errorf("trimBlanks(%q) = %q, want %q", in, got, want)
		}
	}
}
