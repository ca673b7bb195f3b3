package expr

import (
	"slices"
	"unicode/utf16"
)

// JavaOrder returns the keys of m in the order a java.util.HashMap holding
// them iterates, which is the order DynamoDB lists keys in its messages:
// by bucket of the spread String.hashCode, for the table size HashMap grows
// to. Keys sharing a bucket are ordered by their text.
func JavaOrder[V any](m map[string]V) []string {
	if len(m) == 0 {
		return nil
	}
	size := uint32(16)
	for float64(len(m)) > 0.75*float64(size) {
		size *= 2
	}
	type keyed struct {
		bucket uint32
		key    string
	}
	ks := make([]keyed, 0, len(m))
	for k := range m {
		h := javaHash(k)
		ks = append(ks, keyed{(h ^ h>>16) & (size - 1), k})
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if a.bucket != b.bucket {
			return int(a.bucket) - int(b.bucket)
		}
		if a.key < b.key {
			return -1
		}
		return 1
	})
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.key
	}
	return out
}

// javaHash is Java's String.hashCode over the UTF-16 code units of s.
func javaHash(s string) uint32 {
	var h uint32
	for _, r := range s {
		if r < 0x10000 {
			h = 31*h + uint32(r)
			continue
		}
		r1, r2 := utf16.EncodeRune(r)
		h = 31*(31*h+uint32(r1)) + uint32(r2)
	}
	return h
}
