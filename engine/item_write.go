package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/expr"
)

// itemWrite is one validated write of one item — a PutItem, UpdateItem or
// DeleteItem, an item of BatchWriteItem, or an action of
// TransactWriteItems — ready to run once its item is locked.
type itemWrite struct {
	t      *table
	key    map[string]types.AttributeValue // the item's primary key, or the whole item of a put
	rowKey []byte
	cond   *expr.Condition
	ret    returnSettings
	upd    *expr.Update // UpdateItem's update, for ReturnValues
	// blind marks a put that needs nothing of the item it replaces but its
	// size (no condition, no ReturnValues): on a table without indexes
	// that item is measured, not decoded, and outcome.old stays nil.
	blind bool
	// apply returns the item to store given the current one (nil when
	// absent); nil deletes it. A nil apply only checks the condition
	// (TransactWriteItems' ConditionCheck).
	apply func(old map[string]types.AttributeValue) (map[string]types.AttributeValue, error)
	// encoded is the item of a put given in the storage encoding (see
	// PutItemJSON), stored as it is. When the table's writes store only
	// the item's row, key is nil and evaluate stages the encoding without
	// decoding it, unless the table changed meanwhile: then apply decodes
	// it.
	encoded *encodedItem
}

// outcome is what running a write did: the item before and after it, and
// the capacity it used. The item after a put of an encoded item stored
// as it is stays nil: what a put returns needs only the item before.
type outcome struct {
	old, item map[string]types.AttributeValue
	used      usage
}

// evaluate reads w's item, checks w's condition and computes the new item,
// staging the change in rw. The caller holds the item's lock.
func (db *DB) evaluate(w *itemWrite, rw *rowWrites) (outcome, error) {
	indexes := w.t.indexList()
	rowOnly := w.t.writesRowOnly(indexes)
	// A stream needs the replaced item, to record its image or to see
	// that the write changes nothing, and point-in-time recovery records it.
	stored, err := db.readStored(w.rowKey, w.blind && rowOnly)
	if err != nil {
		return outcome{}, err
	}
	old := stored.item
	if ok, err := holds(w.cond, old); err != nil {
		return outcome{}, err
	} else if !ok {
		return outcome{old: old}, w.ret.conditionFailed(old)
	}
	o := outcome{old: old, item: old}
	if w.apply == nil {
		return o, nil
	}
	if w.encoded != nil && rowOnly {
		o.item = nil
		o.used = rw.stageRow(w.t, w.rowKey, stored.size, w.encoded.bytes, w.encoded.size)
		return o, nil
	}
	if o.item, err = w.apply(old); err != nil {
		return outcome{}, err
	}
	if stored.size < 0 && o.item == nil {
		o.used = usage{table: writeUnits(0)} // deleting nothing writes nothing
		return o, nil
	}
	o.used, err = db.stage(rw, w.t, indexes, w.rowKey, stored, o.item, w.encoded)
	return o, err
}

// run performs one write atomically under its item's lock.
func (db *DB) run(c call, w *itemWrite) (outcome, error) {
	return db.runService(c, w, false)
}

// runService performs one write of call c, as made by the service itself
// (a time to live deletion) when service is true.
func (db *DB) runService(c call, w *itemWrite, service bool) (outcome, error) {
	rw := rowWrites{service: service}
	defer db.deliver(&rw)
	h, err := db.locks.lock(c, w.rowKey)
	if err != nil {
		return outcome{}, err
	}
	o, err := db.evaluate(w, &rw)
	if err == nil {
		err = db.commit(c, &rw)
	}
	if err := db.finish(&h, &rw, err); err != nil {
		return outcome{}, err
	}
	return o, nil
}

// metrics returns the ItemCollectionMetrics of w's item collection, when
// asked for.
func (db *DB) metrics(w *itemWrite) (*types.ItemCollectionMetrics, error) {
	return db.itemCollectionMetrics(w.t, w.ret.collections, w.key)
}

// writeResult is what a PutItem, UpdateItem or DeleteItem returns.
type writeResult struct {
	attributes map[string]types.AttributeValue
	consumed   *types.ConsumedCapacity
	metrics    *types.ItemCollectionMetrics
}

// writeOne runs the single-item write w of call c and returns what the
// operation reports.
func (db *DB) writeOne(c call, w *itemWrite) (writeResult, error) {
	o, err := db.run(c, w)
	if err != nil {
		return writeResult{}, err
	}
	metrics, err := db.metrics(w)
	if err != nil {
		return writeResult{}, err
	}
	return writeResult{w.ret.attributes(o.old, o.item, w.upd), w.t.consumed(w.ret.capacity, o.used), metrics}, nil
}
