package engine

import (
	"bytes"
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// readItem returns the item stored under rowKey, or nil.
func (db *DB) readItem(rowKey []byte) (map[string]types.AttributeValue, error) {
	v, err := db.readEncoded(rowKey)
	if err != nil || v == nil {
		return nil, err
	}
	return decodeItem(v)
}

// readEncoded returns the encoding of the item stored under rowKey, or nil.
func (db *DB) readEncoded(rowKey []byte) ([]byte, error) {
	v, ok, err := db.store.Get(rowKey)
	if err != nil {
		return nil, apierr.Internal("cannot read the item: " + err.Error())
	}
	if !ok {
		return nil, nil
	}
	return v, nil
}

// indexRow is an item's row in one index: its key and projected attributes.
type indexRow struct {
	key  []byte
	item map[string]types.AttributeValue
	size int
}

// row returns item's row in ix, or nil when the item is absent from it.
func (ix *index) row(t *table, item map[string]types.AttributeValue) *indexRow {
	if !ix.indexed(item) {
		return nil
	}
	p := ix.project(t, item)
	return &indexRow{key: ix.rowKey(t, item), item: p, size: attr.ItemSize(p)}
}

// indexPut is the storage op writing an index row.
func indexPut(r *indexRow) storage.Op {
	return storage.Op{Key: r.key, Value: itemenc.AppendItem(nil, r.item)}
}

// rowWrites collects the storage ops of one or more item writes, with the
// changes to the item counts they make, to be applied in one atomic storage
// write by commit. The caller holds the locks of every item written; stage
// adds one item.
type rowWrites struct {
	ops    []storage.Op
	deltas []statsDelta
	// changes are the item changes to record in streams; service marks
	// them as made by the service itself (time to live), and recorded
	// that commit stored some. pitr are those to record for point-in-time
	// recovery.
	changes  []itemChange
	pitr     []pitrChange
	service  bool
	recorded bool
	// settle are the sequence ranges of the stream records commit stored,
	// and pending the commit itself, not durable until finish returns.
	settle  []settlement
	pending storage.Pending
}

// count records a row change in keyspace id counted by s, for the item
// stored under rowKey in the table.
func (w *rowWrites) count(id uint32, s *stats, rowKey []byte, oldSize, newSize int) {
	w.deltas = append(w.deltas, statsDelta{id: id, s: s, stripe: lockStripe(rowKey), change: rowChange(oldSize, newSize)})
}

// storedItem is the item a write replaces: its size by attr.ItemSize (-1
// when there is none) and the item itself, which readStored leaves nil
// when asked for the size only.
type storedItem struct {
	item map[string]types.AttributeValue
	size int
}

// readStored reads the item stored under rowKey. With sizeOnly it does not
// decode the item but measures its encoding.
func (db *DB) readStored(rowKey []byte, sizeOnly bool) (storedItem, error) {
	if !sizeOnly {
		item, err := db.readItem(rowKey)
		if err != nil || item == nil {
			return storedItem{size: -1}, err
		}
		return storedItem{item: item, size: attr.ItemSize(item)}, nil
	}
	v, err := db.readEncoded(rowKey)
	if err != nil || v == nil {
		return storedItem{size: -1}, err
	}
	size, err := encodedSize(v)
	if err != nil {
		return storedItem{}, err
	}
	return storedItem{size: size}, nil
}

// stage adds to w the replacement of the item stored under rowKey, old, with
// item (nil to delete it), together with its rows in indexes (the table's
// live indexes, loaded once under the item's lock; old.item is needed only
// if there are any). given, if not nil, is item's encoding, which is then
// stored as it is. It returns the capacity the write uses.
func (db *DB) stage(w *rowWrites, t *table, indexes []*index, rowKey []byte, old storedItem, item map[string]types.AttributeValue, given *encodedItem) (usage, error) {
	oldSize, newSize := old.size, -1
	var encoded []byte // the item's encoding, shared by index rows holding all of it
	switch {
	case given != nil:
		encoded, newSize = given.bytes, given.size
	case item != nil:
		newSize = attr.ItemSize(item)
		encoded = itemenc.AppendItem(nil, item)
	}
	u := w.stageRow(t, rowKey, oldSize, encoded, newSize)
	w.noteChange(t, old.item, item, oldSize >= 0)
	for _, ix := range indexes {
		from, to := ix.row(t, old.item), ix.row(t, item)
		if from != nil && ix.backfilling() {
			// The backfill may not have reached the old item yet.
			if _, ok, err := db.store.Get(from.key); err != nil {
				return usage{}, apierr.Internal("cannot read the index: " + err.Error())
			} else if !ok {
				from = nil
			}
		}
		var units float64
		switch {
		case from == nil && to == nil:
			continue
		case from != nil && to != nil && bytes.Equal(from.key, to.key):
			if sameItem(from.item, to.item) {
				continue
			}
			units = writeUnits(max(from.size, to.size))
		default:
			if from != nil {
				units += writeUnits(from.size)
			}
			if to != nil {
				units += writeUnits(to.size)
			}
		}
		if from != nil && (to == nil || !bytes.Equal(from.key, to.key)) {
			w.ops = append(w.ops, storage.Op{Key: from.key, Delete: true})
		}
		switch {
		case to != nil && ix.projection == types.ProjectionTypeAll:
			w.ops = append(w.ops, storage.Op{Key: to.key, Value: encoded})
		case to != nil:
			w.ops = append(w.ops, indexPut(to))
		}
		fromSize, toSize := -1, -1
		if from != nil {
			fromSize = from.size
		}
		if to != nil {
			toSize = to.size
		}
		w.count(ix.id, &ix.stats, rowKey, fromSize, toSize)
		if u.indexes == nil {
			u.indexes = map[*index]float64{}
		}
		u.indexes[ix] = units
	}
	return u, nil
}

// stageRow adds to w the replacement of the item stored under rowKey, of
// oldSize bytes (-1 when absent), with the encoded item of newSize bytes
// (nil and -1 to delete it), and returns the capacity that uses.
func (w *rowWrites) stageRow(t *table, rowKey []byte, oldSize int, encoded []byte, newSize int) usage {
	if encoded != nil {
		w.ops = append(w.ops, storage.Op{Key: rowKey, Value: encoded})
	} else {
		w.ops = append(w.ops, storage.Op{Key: rowKey, Delete: true})
	}
	w.count(t.id, &t.stats, rowKey, oldSize, newSize)
	return usage{table: writeUnits(max(oldSize, newSize))}
}

// commit applies the collected writes of call c atomically, with the stream
// records of the changes, then updates the item counts; it writes nothing
// if there is nothing to write or c's context has ended. The writes are
// visible at once and durable once finish returns: the caller holds the
// items' locks and releases them with finish. Only a disk store keeps the
// stripe counters, for the next Open to read: a memory store starts empty.
func (db *DB) commit(c call, w *rowWrites) error {
	if len(w.ops) == 0 {
		return nil
	}
	if err := c.check(); err != nil {
		return err
	}
	ops := w.ops
	if len(w.changes) > 0 {
		var err error
		if ops, w.settle, err = db.recordChanges(ops, w.changes, w.service); err != nil {
			return err
		}
		w.recorded = len(w.settle) > 0
	}
	if len(w.pitr) > 0 {
		ops = db.appendPITRRecords(ops, w.pitr, w.service)
	}
	if db.opts.Dir != "" {
		ops = appendStatsOps(ops, w.deltas)
	}
	p, err := db.store.Apply(ops)
	if err != nil {
		return apierr.Internal("cannot write the item: " + err.Error())
	}
	w.pending = p
	applyStats(w.deltas)
	return nil
}

// finish ends a write made under the locks h with outcome err: it
// releases the locks, waits until what the write answers is durable (see
// hold.release), and then lets stream readers see the records the write
// stored. It returns err, or the error of a store that could not make the
// write durable.
func (db *DB) finish(h *hold, w *rowWrites, err error) error {
	werr := h.release(w.pending)
	for _, st := range w.settle {
		st.s.settle(st.r)
	}
	if werr != nil {
		return apierr.Internal("cannot write the item: " + werr.Error())
	}
	return err
}

// sameItem reports whether two items hold equal attributes.
func sameItem(a, b map[string]types.AttributeValue) bool {
	return maps.EqualFunc(a, b, attr.Equal)
}
