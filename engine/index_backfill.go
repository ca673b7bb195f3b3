package engine

import (
	"bytes"
	"log/slog"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// backfillBatch is how many table rows a backfill reads per storage scan
// and indexes per commit.
const backfillBatch = 256

// resumeIndexWork restarts the backfills and drops of global secondary
// indexes that were in progress when the database was last closed.
func (db *DB) resumeIndexWork() {
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, t := range db.tables {
		for _, ix := range t.indexList() {
			if ix.backfilling() {
				db.startBackfill(t, ix)
			}
		}
		for _, g := range t.desc.GlobalSecondaryIndexes {
			if g.IndexStatus == types.IndexStatusDeleting {
				db.startDrop(t, *g.IndexName, t.ids[*g.IndexName])
			}
		}
	}
}

// stopping reports whether the database is closing.
func (db *DB) stopping() bool { return db.life.Err() != nil }

// background is the call of the engine's own work (index backfills and
// drops, the TTL and stream retention sweeps), which ends when the
// database closes. That work outlives the UpdateTable that started it: the
// index is built or dropped because the request was acknowledged, whatever
// becomes of its context afterwards. Its errors name no operation.
func (db *DB) background() call { return call{ctx: db.life, op: "background"} }

// minIndexBuild is the shortest time a global index created by UpdateTable
// stays CREATING. DynamoDB takes minutes and DynamoDB Local about half a
// second to a second; without a floor the engine would finish a small
// backfill before the client's next request, so that a client could never
// observe (nor test its handling of) the index being created, such as the
// ResourceInUseException of a second index change.
const minIndexBuild = 500 * time.Millisecond

// startBackfill fills a new global index with the table's items in the
// background, then makes it ACTIVE, no sooner than minIndexBuild after it
// started. Writes maintain the index from the moment it is published, so
// the backfill only adds the rows of items no write has touched since.
func (db *DB) startBackfill(t *table, ix *index) {
	db.bg.Add(1)
	go func() {
		defer db.bg.Done()
		floor := time.NewTimer(minIndexBuild)
		defer floor.Stop()
		if err := db.backfill(t, ix); err != nil {
			if !db.stopping() {
				slog.Error("engine: index backfill failed", "table", t.name, "index", ix.name, "err", err)
			}
			return
		}
		select {
		case <-floor.C:
		case <-db.life.Done():
			return
		}
		db.mu.Lock()
		defer db.mu.Unlock()
		if db.tables[t.name] != t || t.index(ix.name) != ix {
			return
		}
		d := cloneDescription(t.desc)
		if g := findGSI(d, ix.name); g != nil {
			g.IndexStatus, g.Backfilling = types.IndexStatusActive, nil
		}
		old := t.desc
		t.desc = d
		if err := db.saveTable(t); err != nil {
			t.desc = old
			slog.Error("engine: cannot record an index as active", "table", t.name, "index", ix.name, "err", err)
			return
		}
		ix.filling.Store(false)
	}()
}

// backfill adds the index rows of every table item, a batch of rows at a
// time, until done, the index or table is dropped, or the database closes.
func (db *DB) backfill(t *table, ix *index) error {
	c := db.background()
	cursor, end := keyspace(t.id), keyspaceEnd(t.id)
	for {
		db.mu.RLock()
		live := db.tables[t.name] == t && t.index(ix.name) == ix
		db.mu.RUnlock()
		if !live || db.stopping() {
			return nil
		}
		var keys [][]byte
		err := db.store.Scan(cursor, end, false, func(k, _ []byte) bool {
			keys = append(keys, bytes.Clone(k))
			return len(keys) < backfillBatch
		})
		if err != nil {
			return err
		}
		if len(keys) == 0 {
			return nil
		}
		if err := db.backfillRows(c, t, ix, keys); err != nil {
			return err
		}
		cursor = after(keys[len(keys)-1])
	}
}

// backfillRows adds the index rows of the items stored under rowKeys, in
// one commit, except those of items gone, not indexed, or whose row a write
// already added. It holds the items' locks until the rows are committed (in
// stripe order, as transactions take them), so that no write changes an
// item between its reading and the writing of its row; one commit per batch
// rather than per item keeps a backfill on disk from waiting for a sync
// per item (an index on 100,000 items of a table on disk: 100 s with one
// write per item, 2.6 s with one per batch; TestSyncBackfill in the root
// package measures it).
func (db *DB) backfillRows(c call, t *table, ix *index, rowKeys [][]byte) error {
	h, err := db.locks.lockAll(c, rowKeys)
	if err != nil {
		return err
	}
	var w rowWrites
	err = db.stageBackfill(t, ix, rowKeys, &w)
	if err == nil {
		err = db.commit(c, &w)
	}
	return db.finish(&h, &w, err)
}

// stageBackfill adds to w the index rows in ix of the items stored under
// rowKeys that need one. The caller holds the items' locks.
func (db *DB) stageBackfill(t *table, ix *index, rowKeys [][]byte, w *rowWrites) error {
	for _, k := range rowKeys {
		item, err := db.readItem(k)
		if err != nil {
			return err
		}
		if item == nil {
			continue
		}
		r := ix.row(t, item)
		if r == nil {
			continue
		}
		if _, ok, err := db.store.Get(r.key); err != nil {
			return err
		} else if ok {
			continue
		}
		w.ops = append(w.ops, indexPut(r))
		w.count(ix.id, &ix.stats, k, -1, r.size)
	}
	return nil
}

// startDrop deletes the rows of a deleted global index in the background,
// then removes it from the table's description.
func (db *DB) startDrop(t *table, name string, id uint32) {
	db.bg.Add(1)
	go func() {
		defer db.bg.Done()
		if err := db.dropRows(db.background(), id); err != nil {
			if !db.stopping() {
				slog.Error("engine: cannot drop an index", "table", t.name, "index", name, "err", err)
			}
			return
		}
		db.mu.Lock()
		defer db.mu.Unlock()
		if db.tables[t.name] != t {
			return
		}
		d := cloneDescription(t.desc)
		d.GlobalSecondaryIndexes = slices.DeleteFunc(d.GlobalSecondaryIndexes, func(g types.GlobalSecondaryIndexDescription) bool { return *g.IndexName == name })
		if len(d.GlobalSecondaryIndexes) == 0 {
			d.GlobalSecondaryIndexes = nil
		}
		d.AttributeDefinitions = usedDefinitions(d)
		old := t.desc
		t.desc = d
		delete(t.ids, name)
		if err := db.saveTable(t); err != nil {
			t.desc = old
			t.ids[name] = id
			slog.Error("engine: cannot record an index as deleted", "table", t.name, "index", name, "err", err)
		}
	}()
}

// usedDefinitions returns the attribute definitions of d that some key
// schema of the table or its indexes still uses.
func usedDefinitions(d *types.TableDescription) []types.AttributeDefinition {
	used := map[string]bool{}
	mark := func(ks []types.KeySchemaElement) {
		for _, k := range ks {
			used[*k.AttributeName] = true
		}
	}
	mark(d.KeySchema)
	for _, l := range d.LocalSecondaryIndexes {
		mark(l.KeySchema)
	}
	for _, g := range d.GlobalSecondaryIndexes {
		mark(g.KeySchema)
	}
	return slices.DeleteFunc(slices.Clone(d.AttributeDefinitions), func(a types.AttributeDefinition) bool { return !used[*a.AttributeName] })
}
