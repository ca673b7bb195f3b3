package textcache

import (
	"runtime"
	"strconv"
	"testing"
)

// An entry used during the last generation survives into the next; the
// others go when a generation fills.
func TestGenerations(t *testing.T) {
	c := New[string, int](2)
	computed := 0
	get := func(k string) int {
		return c.Get(k, func() int { computed++; return len(k) })
	}
	get("a")
	get("bb") // the first generation is full
	get("ccc")
	get("a") // found in the old generation, kept
	get("dddd")
	for _, k := range []string{"a", "dddd"} {
		before := computed
		if got := get(k); got != len(k) || computed != before {
			t.Errorf("%q computed again", k)
		}
	}
	before := computed
	get("bb")
	if computed != before+1 {
		t.Error(`"bb" survived two generations without use`)
	}
	if n := len(c.cur) + len(c.old); n > 4 {
		t.Errorf("%d entries, want 4 at most", n)
	}
}

// A new cache allocates nothing for its entries until it holds some: the
// package-level caches of expressions and statements are made when the
// process starts, used or not.
func TestNewIsSmall(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c := New[string, int](1 << 16)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 4096 {
		t.Errorf("New allocated %d bytes, want a few for the cache itself", n)
	}
	if got := c.Get("a", func() int { return 1 }); got != 1 {
		t.Errorf("Get = %d, want 1", got)
	}
}

func BenchmarkHit(b *testing.B) {
	c := New[string, int](1024)
	for i := range 100 {
		c.Get(strconv.Itoa(i), func() int { return i })
	}
	for b.Loop() {
		c.Get("42", func() int { return 0 })
	}
}
