package expr

import "github.com/ddbkit/ddb/engine/internal/textcache"

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

// parses maps expression texts to their parsed form.
var parses = textcache.New[cacheKey, *parsed](cacheGeneration)

// parse returns the parsed form of an expression text of kind k, parsing it
// with parse on a miss. A text over DynamoDB's size limit is refused
// unparsed, and not cached.
func parse(k kind, text string, parse func(kind, string) *parsed) *parsed {
	if len(text) > MaxExpressionSize {
		return &parsed{err: sizeMessage(k, len(text))}
	}
	return parses.Get(cacheKey{k, text}, func() *parsed { return parse(k, text) })
}
