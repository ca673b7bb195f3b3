package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// Reads work on items in their storage encoding (itemenc.AppendItem) and
// decode only what they must: the attributes a filter tests, a projection
// keeps or a LastEvaluatedKey names. The SDK-shaped methods decode the
// items they return; the *Encoded methods hand the encodings to the HTTP
// server, which writes them as JSON without building SDK values.

// errCorrupt wraps an error of the item codec, which only a damaged
// database produces.
func errCorrupt(err error) error {
	return apierr.Internal("cannot decode the item: " + err.Error())
}

// decodeItem decodes a stored item.
func decodeItem(enc []byte) (map[string]types.AttributeValue, error) {
	item, err := itemenc.DecodeItem(enc)
	if err != nil {
		return nil, errCorrupt(err)
	}
	return item, nil
}

// decodeItems decodes stored items; nil stays nil.
func decodeItems(encs [][]byte) ([]map[string]types.AttributeValue, error) {
	if encs == nil {
		return nil, nil
	}
	items := make([]map[string]types.AttributeValue, len(encs))
	for i, enc := range encs {
		item, err := decodeItem(enc)
		if err != nil {
			return nil, err
		}
		items[i] = item
	}
	return items, nil
}

// appendJSON appends the DynamoDB JSON of a stored item
// (itemenc.AppendItemJSON).
func appendJSON(dst, enc []byte) ([]byte, error) {
	dst, err := itemenc.AppendItemJSON(dst, enc)
	if err != nil {
		return nil, errCorrupt(err)
	}
	return dst, nil
}

// jsonSize is the room the JSON of a stored item of n bytes mostly fits in.
func jsonSize(n int) int { return n + n/2 + 16 }

// itemsJSON returns the DynamoDB JSON of stored items, written into one
// buffer; nil stays nil, as does a nil item.
func itemsJSON(encs [][]byte) ([][]byte, error) {
	return inOneBuffer(encs, jsonSize, appendJSON)
}

// itemsCopied returns copies of stored items, in one buffer of their size;
// nil stays nil, as does a nil item.
func itemsCopied(encs [][]byte) [][]byte {
	items, _ := inOneBuffer(encs, func(n int) int { return n }, func(dst, enc []byte) ([]byte, error) {
		return append(dst, enc...), nil
	})
	return items
}

// inOneBuffer returns what appendItem appends of each stored item, all in
// one buffer of room for size of each item's length; nil stays nil, as
// does a nil item.
func inOneBuffer(encs [][]byte, size func(int) int, appendItem func(dst, enc []byte) ([]byte, error)) ([][]byte, error) {
	if encs == nil {
		return nil, nil
	}
	room := 0
	for _, enc := range encs {
		room += size(len(enc))
	}
	buf := make([]byte, 0, room)
	ends := make([]int, len(encs))
	for i, enc := range encs {
		if enc != nil {
			var err error
			if buf, err = appendItem(buf, enc); err != nil {
				return nil, err
			}
		}
		ends[i] = len(buf)
	}
	items := make([][]byte, len(encs))
	start := 0
	for i, end := range ends {
		if encs[i] != nil {
			items[i] = buf[start:end:end]
		}
		start = end
	}
	return items, nil
}

// decodeAttributes decodes the named attributes of a stored item.
func decodeAttributes(enc []byte, names itemenc.Names) (map[string]types.AttributeValue, error) {
	m, err := itemenc.DecodeAttributes(enc, names)
	if err != nil {
		return nil, errCorrupt(err)
	}
	return m, nil
}

// encodedSize returns the size of a stored item (attr.ItemSize).
func encodedSize(enc []byte) (int, error) {
	n, err := attr.EncodedItemSize(enc)
	if err != nil {
		return 0, errCorrupt(err)
	}
	return n, nil
}

// encodedProjection applies a projection to stored items. It decodes only
// the attributes the projection names.
type encodedProjection struct {
	proj  *expr.Projection
	names itemenc.Names // the projection's top-level attributes
}

// newEncodedProjection returns the projection of p, or nil for none.
func newEncodedProjection(p *expr.Projection) *encodedProjection {
	if p == nil {
		return nil
	}
	return &encodedProjection{proj: p, names: itemenc.NewNames(p.Attributes())}
}

// apply returns the encoding of the projected item; a nil projection
// returns enc itself.
func (p *encodedProjection) apply(enc []byte) ([]byte, error) {
	if p == nil {
		return enc, nil
	}
	m, err := decodeAttributes(enc, p.names)
	if err != nil {
		return nil, err
	}
	return itemenc.AppendItem(nil, p.proj.Apply(m)), nil
}

// encodedFilter evaluates a filter on stored items. It decodes only the
// attributes the filter tests.
type encodedFilter struct {
	cond  *expr.Condition
	names itemenc.Names // the filter's top-level attributes
}

// newEncodedFilter returns the filter of c, or nil for none.
func newEncodedFilter(c *expr.Condition) *encodedFilter {
	if c == nil {
		return nil
	}
	return &encodedFilter{cond: c, names: itemenc.NewNames(c.Attributes())}
}

// holds reports whether the stored item satisfies the filter; a nil
// filter holds for every item.
func (f *encodedFilter) holds(enc []byte) (bool, error) {
	if f == nil {
		return true, nil
	}
	m, err := decodeAttributes(enc, f.names)
	if err != nil {
		return false, err
	}
	return holds(f.cond, m)
}
