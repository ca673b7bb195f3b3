package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// A restore or an import fills a new table while it is CREATING (its
// loading flag set): no request can read or write it, so its loader writes
// its items in large batches, each one storage write with the items' index
// rows and counts, through the same staging as every other write. It still
// takes the items' locks, like every writer.

// loadBatch is how many items a loader writes per storage write.
const loadBatch = 256

// loader writes items into table t, being loaded by call c.
type loader struct {
	db *DB
	c  call
	t  *table
	// fresh says that no item was written before and no two items share a
	// key (a restore), so the loader need not read what it replaces.
	fresh bool

	keys  [][]byte
	items []map[string]types.AttributeValue
	at    map[string]int // position in items by row key, unless fresh
}

// add queues item (valid for the table) and writes the queue when full.
// An item with the key of one queued before replaces it.
func (l *loader) add(item map[string]types.AttributeValue) error {
	key := l.t.rowKey(item)
	if !l.fresh {
		if l.at == nil {
			l.at = map[string]int{}
		}
		if i, ok := l.at[string(key)]; ok {
			l.items[i] = item
			return nil
		}
		l.at[string(key)] = len(l.items)
	}
	l.keys = append(l.keys, key)
	l.items = append(l.items, item)
	if len(l.items) == loadBatch {
		return l.flush()
	}
	return nil
}

// flush writes the queued items.
func (l *loader) flush() error {
	if len(l.items) == 0 {
		return nil
	}
	db := l.db
	h, err := db.locks.lockAll(l.c, l.keys)
	if err != nil {
		return err
	}
	var w rowWrites
	if err := db.finish(&h, &w, l.commit(&w)); err != nil {
		return err
	}
	l.keys, l.items = l.keys[:0], l.items[:0]
	clear(l.at)
	return nil
}

// commit stages the queued items in w and commits them, holding their
// item locks.
func (l *loader) commit(w *rowWrites) error {
	db, t := l.db, l.t
	indexes := t.indexList()
	for i, item := range l.items {
		old := storedItem{size: -1}
		if !l.fresh {
			var err error
			if old, err = db.readStored(l.keys[i], len(indexes) == 0); err != nil {
				return err
			}
		}
		if _, err := db.stage(w, t, indexes, l.keys[i], old, item, nil); err != nil {
			return err
		}
	}
	return db.commit(l.c, w)
}

// resetLoad forgets what an interrupted load of t wrote (its rows, index rows
// and counts), before the load starts again.
func (db *DB) resetLoad(c call, t *table) error {
	if err := db.dropRows(c, t.id); err != nil {
		return err
	}
	t.stats.reset()
	for _, ix := range t.indexList() {
		if err := db.dropRows(c, ix.id); err != nil {
			return err
		}
		ix.stats.reset()
	}
	return nil
}

// finishLoad makes table t, loaded by a restore or an import, ACTIVE: it
// saves its description as done changes it, with the further ops, clears
// its loading flag and calls saved, all while no other call sees the
// catalog. It reports false if t was deleted meanwhile.
func (db *DB) finishLoad(t *table, done func(d *types.TableDescription), saved func(), more ...storage.Op) (bool, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.tables[t.name] != t {
		return false, nil
	}
	d := cloneDescription(t.desc)
	done(d)
	old := t.desc
	t.desc = d
	if err := db.saveTable(t, more...); err != nil {
		t.desc = old
		return true, err
	}
	saved()
	t.loading.Store(false)
	return true, nil
}

// reset zeroes the counts, for a table's loader, its only writer.
func (s *stats) reset() {
	s.items.Store(0)
	s.bytes.Store(0)
	s.stripes = [lockStripes]counter{}
}
