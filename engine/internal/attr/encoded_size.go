package attr

import "github.com/ddbkit/ddb/internal/itemenc"

// EncodedItemSize returns the ItemSize of the item that itemenc.AppendItem
// encoded in b, without decoding it: a write that replaces an item and
// needs only its size need not build it. It checks the encoding's
// structure; malformed input is an error, never a panic.
func EncodedItemSize(b []byte) (int, error) {
	var c itemenc.Cursor
	n := 0
	for range c.Reset(b) {
		n += len(c.Name()) + encodedValueSize(&c, 0)
	}
	return n, c.Done()
}

// encodedValueSize reads a value at c and returns its Size.
func encodedValueSize(c *itemenc.Cursor, depth int) int {
	kind, text, count := c.Value()
	switch kind {
	case itemenc.KindS, itemenc.KindB:
		return len(text)
	case itemenc.KindN:
		return numberSize(text)
	case itemenc.KindBOOL, itemenc.KindNULL:
		return 1
	case itemenc.KindL, itemenc.KindM:
		if depth >= itemenc.MaxDepth {
			c.Fail()
			return 0
		}
		n := 3
		for range count {
			if kind == itemenc.KindM {
				n += len(c.Name())
			}
			n += 1 + encodedValueSize(c, depth+1)
		}
		return n
	case itemenc.KindSS, itemenc.KindBS:
		n := 0
		for range count {
			n += len(c.Member())
		}
		return n
	case itemenc.KindNS:
		n := 0
		for range count {
			n += numberSize(c.Member())
		}
		return n
	}
	return 0
}
