package partiql

import "github.com/ddbkit/ddb/engine/internal/textcache"

// cacheGeneration is how many statements one generation of the parse cache
// holds; the cache keeps at most two generations.
const cacheGeneration = 1024

// parsed is the result of parsing one statement text.
type parsed struct {
	s   *Statement
	err error
}

// parses maps statement texts to their parsed form.
var parses = textcache.New[string, parsed](cacheGeneration)

// Parse parses the text of a statement. Statements are parsed once and
// cached: the same text is not parsed again while it is in use.
func Parse(text string) (*Statement, error) {
	p := parses.Get(text, func() parsed {
		s, err := parse(text)
		return parsed{s, err}
	})
	return p.s, p.err
}
