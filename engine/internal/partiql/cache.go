package partiql

import "sync"

// cacheGeneration is how many statements one generation of the parse cache
// holds; the cache keeps at most two generations.
const cacheGeneration = 1024

// parsed is the result of parsing one statement text.
type parsed struct {
	s   *Statement
	err error
}

// parseCache maps statement texts to their parsed form, bounded by
// keeping two generations: entries used during the last generation
// survive into the next, the others are dropped wholesale.
type parseCache struct {
	mu       sync.Mutex
	cur, old map[string]parsed
}

var cache = &parseCache{cur: make(map[string]parsed)}

// Parse parses the text of a statement. Statements are parsed once and
// cached: the same text is not parsed again while it is in use.
func Parse(text string) (*Statement, error) {
	return cache.get(text)
}

// get returns the parsed form of text, parsing it on a miss.
func (c *parseCache) get(text string) (*Statement, error) {
	c.mu.Lock()
	p, ok := c.cur[text]
	if !ok {
		if p, ok = c.old[text]; ok {
			c.put(text, p)
		}
	}
	c.mu.Unlock()
	if ok {
		return p.s, p.err
	}
	p.s, p.err = parse(text)
	c.mu.Lock()
	c.put(text, p)
	c.mu.Unlock()
	return p.s, p.err
}

// put stores an entry; the caller holds c.mu.
func (c *parseCache) put(text string, p parsed) {
	if len(c.cur) >= cacheGeneration {
		c.old, c.cur = c.cur, make(map[string]parsed, cacheGeneration)
	}
	c.cur[text] = p
}
