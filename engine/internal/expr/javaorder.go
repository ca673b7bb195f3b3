package expr

import (
	"cmp"
	"maps"
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
	return JavaSetOrder(slices.Sorted(maps.Keys(m)))
}

// JavaSetOrder returns names, distinct, in the order a java.util.HashSet
// they were added to in the given order iterates them: by bucket, as
// JavaOrder, and within a bucket in the order they were added.
func JavaSetOrder(names []string) []string {
	size := uint32(16)
	for float64(len(names)) > 0.75*float64(size) {
		size *= 2
	}
	bucket := func(k string) uint32 {
		h := javaHash(k)
		return (h ^ h>>16) & (size - 1)
	}
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(bucket(a), bucket(b)) })
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
