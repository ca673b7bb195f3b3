package storage

import (
	"bytes"
	"testing"
)

// entryLess must order keys exactly as bytes.Compare does, including keys
// that are prefixes of each other, end in zero bytes, or differ only after
// the 16 bytes held in the entry's head.
func TestEntryLessMatchesBytesCompare(t *testing.T) {
	keys := [][]byte{
		nil,
		{0},
		{0, 0},
		{0, 1},
		[]byte("a"),
		[]byte("a\x00"),
		[]byte("a\x00\x00"),
		[]byte("a\x01"),
		[]byte("b"),
		{0xff},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		[]byte("0123456"),
		[]byte("01234567"),
		[]byte("012345678"),
		[]byte("0123456789abcdef"),
		[]byte("0123456789abcdef\x00"),
		[]byte("0123456789abcdefA"),
		[]byte("0123456789abcdefB"),
		[]byte("0123456789abcdeg"),
	}
	for _, a := range keys {
		for _, b := range keys {
			want := bytes.Compare(a, b) < 0
			if got := entryLess(probe(a), probe(b)); got != want {
				t.Errorf("entryLess(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}
