package engine

import (
	"encoding/binary"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// Point-in-time recovery keeps, while it is enabled on a table, a record of
// every change of an item: the item's key and the image the change
// replaced (none for an insert). The records are written by the shared
// write path (stage notes them, commit stores them in the same atomic
// storage write as the change), so a record exists exactly when its change
// does. The table as it was at a time T is the table now with the changes
// made after T undone, newest first: each item takes the image replaced by
// the first change after T (pitr.go).

// pitrKeyPrefix is the first byte of the keys of point-in-time recovery
// records: pitrKeyPrefix | table keyspace id (4 bytes) | creation time in
// Unix milliseconds (8 bytes) | counter (8 bytes), all big-endian. A
// table's records are in time order, and the changes of one item (made
// under its lock, with a clock that never goes back and an increasing
// counter) in the order they were made.
const pitrKeyPrefix = 0x03

// pitrChange is a change of an item of table (a keyspace id) to record for
// point-in-time recovery: its kind, the item's key and the image it
// replaced (nil for an insert).
type pitrChange struct {
	table     uint32
	kind      eventKind
	keys, old map[string]types.AttributeValue
}

// pitrKey returns the key of a record of table id made at ms with
// counter n.
func pitrKey(id uint32, ms int64, n uint64) []byte {
	k := binary.BigEndian.AppendUint32(append(make([]byte, 0, 21), pitrKeyPrefix), id)
	k = binary.BigEndian.AppendUint64(k, uint64(max(ms, 0)))
	return binary.BigEndian.AppendUint64(k, n)
}

// pitrLogStart returns the first key of table id's records made at t or
// later; pitrLogStart(id+1, time.Time{}) ends them.
func pitrLogStart(id uint32, t time.Time) []byte {
	return pitrKey(id, t.UnixMilli(), 0)
}

// pitrLogSpan is the key range of every record of table id.
func pitrLogSpan(id uint32) storage.Span {
	return storage.Span{Start: pitrLogStart(id, time.Time{}), End: pitrLogStart(id+1, time.Time{})}
}

// pitrRecordTime returns the creation time, in Unix milliseconds, of the
// record stored under key.
func pitrRecordTime(key []byte) int64 {
	return int64(binary.BigEndian.Uint64(key[5:13]))
}

// appendPITRRecords appends to ops the records of changes, made now.
func (db *DB) appendPITRRecords(ops []storage.Op, changes []pitrChange, service bool) []storage.Op {
	now := db.now()
	for _, c := range changes {
		ic := itemChange{kind: c.kind, keys: c.keys, old: c.old}
		key := pitrKey(c.table, now.UnixMilli(), db.recovery.counter.Add(1))
		ops = append(ops, storage.Op{Key: key, Value: encodeStreamRecord(&ic, now, service)})
	}
	return ops
}
