package expr

import "sync"

// cacheGeneration is how many expressions one generation of the parse cache
// holds; the cache keeps at most two generations.
const cacheGeneration = 2048

// parsed is the request-independent result of parsing one expression text:
// the syntax tree (whose fields depend on the kind) or the message of the
// first error that does not depend on placeholders.
type parsed struct {
	cond    *node
	actions []rawAction
	paths   []*node
	err     string
}

type cacheKey struct {
	kind kind
	text string
}

// parseCache maps expression texts to their parsed form. It is bounded by
// keeping two generations: entries used during the last generation survive
// into the next, others are dropped wholesale.
type parseCache struct {
	mu       sync.Mutex
	cur, old map[cacheKey]*parsed
}

var cache = &parseCache{cur: make(map[cacheKey]*parsed)}

// get returns the parsed form of text, parsing it on a miss.
func (c *parseCache) get(k kind, text string, parse func(kind, string) *parsed) *parsed {
	key := cacheKey{k, text}
	c.mu.Lock()
	p, ok := c.cur[key]
	if !ok {
		if p, ok = c.old[key]; ok {
			c.put(key, p)
		}
	}
	c.mu.Unlock()
	if ok {
		return p
	}
	p = parse(k, text)
	c.mu.Lock()
	c.put(key, p)
	c.mu.Unlock()
	return p
}

// put stores an entry; the caller holds c.mu.
func (c *parseCache) put(key cacheKey, p *parsed) {
	if len(c.cur) >= cacheGeneration {
		c.old, c.cur = c.cur, make(map[cacheKey]*parsed, cacheGeneration)
	}
	c.cur[key] = p
}
