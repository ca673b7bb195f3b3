package engine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// tableRecord is what the catalog stores for a table: its description (the
// source of truth for its schema) and the keyspace ids of it and its indexes.
type tableRecord struct {
	ID          uint32
	IndexIDs    map[string]uint32
	Description types.TableDescription
}

// deleted is a table in its DELETING window (Options.StatusDelay).
type deleted struct {
	desc   *types.TableDescription
	goneAt time.Time
}

// loadCatalog reads every table record and the item counts.
func (db *DB) loadCatalog() error {
	var recs [][]byte
	err := db.store.Scan(catalogKeyPrefix, prefixEnd(catalogKeyPrefix), false, func(_, v []byte) bool {
		recs = append(recs, append([]byte(nil), v...))
		return true
	})
	if err != nil {
		return err
	}
	for _, v := range recs {
		var rec tableRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("engine: corrupt catalog record: %w", err)
		}
		t := newTable(&rec)
		db.tables[t.name] = t
	}
	if err := db.loadStats(); err != nil {
		return err
	}
	v, ok, err := db.store.Get(nextIDKey)
	if err != nil {
		return err
	}
	if ok {
		db.nextID = binary.BigEndian.Uint32(v)
	}
	return nil
}

// encodeRecord returns the catalog record of t.
func encodeRecord(t *table) []byte {
	rec := tableRecord{ID: t.id, IndexIDs: t.ids, Description: *t.desc}
	b, err := json.Marshal(&rec)
	if err != nil {
		panic("engine: cannot encode catalog record: " + err.Error())
	}
	return b
}

// cloneDescription returns a deep copy of d, so callers may keep or modify
// what the engine returns.
func cloneDescription(d *types.TableDescription) *types.TableDescription {
	b, err := json.Marshal(d)
	if err != nil {
		panic("engine: cannot copy table description: " + err.Error())
	}
	var c types.TableDescription
	if err := json.Unmarshal(b, &c); err != nil {
		panic("engine: cannot copy table description: " + err.Error())
	}
	return &c
}

// saveTable durably stores t's catalog record (and the id sequence), with
// any further writes in the same batch. Callers hold db.mu.
func (db *DB) saveTable(t *table, more ...storage.Op) error {
	return db.store.Write(append([]storage.Op{
		{Key: catalogKey(t.name), Value: encodeRecord(t)},
		{Key: nextIDKey, Value: binary.BigEndian.AppendUint32(nil, db.nextID)},
	}, more...))
}

// allocID returns a fresh keyspace id. Callers hold db.mu.
func (db *DB) allocID() uint32 {
	id := db.nextID
	db.nextID++
	return id
}

// dropRows deletes every row of a keyspace and its item counts, in bounded
// batches, until done or c's context ends.
func (db *DB) dropRows(c call, id uint32) error {
	if err := db.dropRange(c, keyspace(id), keyspaceEnd(id)); err != nil {
		return err
	}
	counters := statsKey(id, 0)[:len(statsPrefix)+4]
	return db.dropRange(c, counters, prefixEnd(counters))
}

// dropRange deletes every key in [start, end), in bounded batches, until
// done or c's context ends.
func (db *DB) dropRange(c call, start, end []byte) error {
	const batch = 1024
	for {
		if err := c.check(); err != nil {
			return err
		}
		var ops []storage.Op
		err := db.store.Scan(start, end, false, func(k, _ []byte) bool {
			ops = append(ops, storage.Op{Key: append([]byte(nil), k...), Delete: true})
			return len(ops) < batch
		})
		if err != nil {
			return err
		}
		if len(ops) == 0 {
			return nil
		}
		if err := db.store.Write(ops); err != nil {
			return err
		}
	}
}

// lookup returns the table a data-plane operation names, by name or ARN
// (see resolveTable): it must exist and be ACTIVE (or UPDATING).
func (db *DB) lookup(name *string) (*table, error) {
	if name == nil {
		return nil, errMissingTableName
	}
	resolved, err := resolveTable(*name)
	if err != nil {
		return nil, err
	}
	db.mu.RLock()
	t := db.tables[resolved]
	db.mu.RUnlock()
	if t == nil || t.creating(db.now) {
		return nil, &types.ResourceNotFoundException{Message: ptr("Requested resource not found")}
	}
	return t, nil
}

// tableNotFound is the error of control-plane operations on a missing table.
func tableNotFound(name string) error {
	return &types.ResourceNotFoundException{Message: ptr("Requested resource not found: Table: " + name + " not found")}
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
