package wirejson

import (
	"math/rand/v2"
	"testing"
)

// TestPlainRun checks the eight-bytes-at-a-time scan against a byte loop.
func TestPlainRun(t *testing.T) {
	special := []byte{'"', '\\', 0, 1, 0x1f}
	plain := []byte{'a', ' ', 0x20, 0x7f, 0x80, 0xc3, 0xff, '!', '#', '[', ']'}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = plain[rng.IntN(len(plain))]
		}
		if len(b) > 0 && rng.IntN(2) == 0 {
			b[rng.IntN(len(b))] = special[rng.IntN(len(special))]
		}
		want := 0
		for want < len(b) && b[want] != '"' && b[want] != '\\' && b[want] >= 0x20 {
			want++
		}
		got := stringRun(string(b))
		// stringRun may stop early (at the block holding the byte), never late.
		if got > want || want-got >= 8 || got%8 != 0 && got != len(b) {
			t.Fatalf("stringRun(%q) = %d, first special byte at %d", b, got, want)
		}
	}
}
