package ddb

import (
	"sync"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// itemBuffers recycles the buffers that typed writes encode items into.
var itemBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// recycleItemBuffer returns a buffer to itemBuffers unless it grew large.
func recycleItemBuffer(b *[]byte) {
	if cap(*b) <= 64<<10 {
		itemBuffers.Put(b)
	}
}

// writesJSON reports whether the puts of the table can send their items
// as JSON (see dynamo.ItemJSONWriter): the items are values the codec
// encodes, and neither entity keys nor field roles rewrite them.
func (t *Table[T]) writesJSON() bool {
	return !isItemType[T]() && t.schema.entities == nil && !t.schema.roles.any()
}

// readsJSON reports whether the reads of the table can decode items from
// JSON (see dynamo.ItemJSONReader): the items are values the codec
// decodes, and no entity is told apart or completed by its keys.
func (t *Table[T]) readsJSON() bool {
	return !isItemType[T]() && t.schema.entities == nil
}

// pageReaders returns, when the table's reads decode items from their
// bodies (readsJSON), the API's PageEncodedReader, or else its
// PageJSONReader; both nil otherwise.
func (t *Table[T]) pageReaders() (dynamo.PageEncodedReader, dynamo.PageJSONReader) {
	if !t.readsJSON() {
		return nil, nil
	}
	if api, ok := t.db.api.(dynamo.PageEncodedReader); ok {
		return api, nil
	}
	api, _ := t.db.api.(dynamo.PageJSONReader)
	return nil, api
}

// isItemType reports whether T is Item, which tables read and write as is.
func isItemType[T any]() bool {
	_, ok := any((*T)(nil)).(*Item)
	return ok
}
