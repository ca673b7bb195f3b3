package expr

import (
	"maps"
	"slices"
	"unicode/utf16"
)

// javaOrder returns the keys of m in the order a java.util.HashMap holding
// them iterates, which is the order DynamoDB lists keys in its messages.
// Keys sharing a bucket are ordered by their text (a Go map has no
// insertion order to follow).
func javaOrder[V any](m map[string]V) []string {
	keys := slices.Sorted(maps.Keys(m))
	order := javaIterationOrder(keys)
	out := make([]string, len(keys))
	for i, k := range order {
		out[i] = keys[k]
	}
	return out
}

// JavaOrder returns names (distinct, in the order they were added) in the
// order DynamoDB Local lists such a set in some of its messages: by
// bucket of a java.util.HashMap, the latest added first within a bucket
// (for "bs, a", which share one, "[a, bs]").
func JavaOrder(names []string) []string {
	latest := slices.Clone(names)
	slices.Reverse(latest)
	out := make([]string, len(latest))
	for i, k := range javaIterationOrder(latest) {
		out[i] = latest[k]
	}
	return out
}

// javaIterationOrder returns the indexes of keys (distinct, in the order
// they were inserted) in the order a java.util.HashMap holding them
// iterates: by bucket of the spread String.hashCode, for the table size
// HashMap grows to, and in insertion order within a bucket.
func javaIterationOrder(keys []string) []int {
	size := uint32(16)
	for float64(len(keys)) > 0.75*float64(size) {
		size *= 2
	}
	buckets := make([]uint32, len(keys))
	order := make([]int, len(keys))
	for i, k := range keys {
		h := javaHash(k)
		buckets[i] = (h ^ h>>16) & (size - 1)
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(buckets[a]) - int(buckets[b]) })
	return order
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
