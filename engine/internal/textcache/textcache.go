// Package textcache caches what is computed from texts that requests repeat
// (expressions, statements): a map bounded by generations. Entries used
// during the last generation survive into the next; the others are dropped
// wholesale when a generation fills, so the cache holds at most two
// generations of entries and costs nothing to maintain per lookup.
package textcache

import "sync"

// Cache maps keys to the values computed from them. It is safe for
// concurrent use.
type Cache[K comparable, V any] struct {
	mu         sync.Mutex
	generation int
	cur, old   map[K]V
}

// New returns a cache whose generations hold n entries. The first
// generation's map grows with its entries, so that a cache a process never
// uses (a server that receives no expressions) costs nothing but itself.
func New[K comparable, V any](n int) *Cache[K, V] {
	return &Cache[K, V]{generation: n}
}

// Get returns the value of key, computing it with compute on a miss.
// compute runs without the cache's lock, so two callers missing the same
// key at once may both compute it.
func (c *Cache[K, V]) Get(key K, compute func() V) V {
	c.mu.Lock()
	v, ok := c.cur[key]
	if !ok {
		if v, ok = c.old[key]; ok {
			c.put(key, v)
		}
	}
	c.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	c.mu.Lock()
	c.put(key, v)
	c.mu.Unlock()
	return v
}

// put stores an entry; the caller holds c.mu.
func (c *Cache[K, V]) put(key K, v V) {
	switch {
	case c.cur == nil:
		c.cur = map[K]V{}
	case len(c.cur) >= c.generation:
		c.old, c.cur = c.cur, make(map[K]V, c.generation)
	}
	c.cur[key] = v
}
