package engine

import (
	"bytes"
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/apierr"
	"github.com/ddbkit/ddb/engine/attr"
	"github.com/ddbkit/ddb/engine/storage"
)

// readItem returns the item stored under rowKey, or nil.
func (db *DB) readItem(rowKey []byte) (map[string]types.AttributeValue, error) {
	v, ok, err := db.store.Get(rowKey)
	if err != nil {
		return nil, apierr.Internal("cannot read the item: " + err.Error())
	}
	if !ok {
		return nil, nil
	}
	item, err := attr.DecodeItem(v)
	if err != nil {
		return nil, apierr.Internal("cannot decode the item: " + err.Error())
	}
	return item, nil
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

// writeItem replaces the item stored under rowKey, old, with item (nil to
// delete it), together with its index rows, in one atomic storage write. The
// caller holds the item's lock. It returns the capacity used.
func (db *DB) writeItem(t *table, rowKey []byte, old, item map[string]types.AttributeValue) (usage, error) {
	oldSize, newSize := -1, -1
	var ops []storage.Op
	if old != nil {
		oldSize = attr.ItemSize(old)
	}
	if item != nil {
		newSize = attr.ItemSize(item)
		ops = append(ops, storage.Op{Key: rowKey, Value: attr.AppendItem(nil, item)})
	} else {
		ops = append(ops, storage.Op{Key: rowKey, Delete: true})
	}
	u := usage{table: writeUnits(max(oldSize, newSize))}
	type change struct {
		ix       *index
		from, to *indexRow
	}
	var changes []change
	for _, ix := range t.indexes {
		from, to := ix.row(t, old), ix.row(t, item)
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
			ops = append(ops, storage.Op{Key: from.key, Delete: true})
		}
		if to != nil {
			ops = append(ops, storage.Op{Key: to.key, Value: attr.AppendItem(nil, to.item)})
		}
		if u.indexes == nil {
			u.indexes = map[*index]float64{}
		}
		u.indexes[ix] = units
		changes = append(changes, change{ix, from, to})
	}
	if err := db.store.Write(ops); err != nil {
		return usage{}, apierr.Internal("cannot write the item: " + err.Error())
	}
	t.stats.add(oldSize, newSize)
	for _, c := range changes {
		from, to := -1, -1
		if c.from != nil {
			from = c.from.size
		}
		if c.to != nil {
			to = c.to.size
		}
		c.ix.stats.add(from, to)
	}
	return u, nil
}

// sameItem reports whether two items hold equal attributes.
func sameItem(a, b map[string]types.AttributeValue) bool {
	return maps.EqualFunc(a, b, attr.Equal)
}
