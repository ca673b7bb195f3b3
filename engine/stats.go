package engine

import (
	"encoding/binary"
	"sync/atomic"

	"github.com/ddbkit/ddb/engine/storage"
)

// Item counts and sizes are exact after every write and durable, without a
// single hot record: each keyspace (table or index) keeps one counter per
// item-lock stripe, stored under statsKey and rewritten in the same storage
// write as the rows it counts. Writers of a stripe hold its lock, so they
// update its counter one at a time; Open sums the counters instead of
// scanning the rows.

// statsPrefix prefixes every stripe counter record.
var statsPrefix = []byte{metaPrefix, 'C'}

// statsKey is the key of the counter of one stripe of keyspace id.
func statsKey(id uint32, stripe int) []byte {
	k := binary.BigEndian.AppendUint32(append([]byte(nil), statsPrefix...), id)
	return binary.BigEndian.AppendUint16(k, uint16(stripe))
}

// counter is an item count and a total size in bytes.
type counter struct {
	items, bytes int64
}

// stats counts the items of a table or index and their total size.
type stats struct {
	items atomic.Int64
	bytes atomic.Int64
	// stripes are the durable per-stripe counters; stripes[i] is guarded by
	// the item-lock stripe i.
	stripes [len(itemLocks{})]counter
}

// rowChange is the effect of a write on one keyspace's counters: a row
// going from oldSize to newSize bytes (-1 when absent).
func rowChange(oldSize, newSize int) counter {
	var c counter
	switch {
	case oldSize < 0 && newSize >= 0:
		c.items = 1
	case oldSize >= 0 && newSize < 0:
		c.items = -1
	}
	c.bytes = int64(max(newSize, 0) - max(oldSize, 0))
	return c
}

// statsChange identifies the counter of one stripe of one keyspace.
type statsChange struct {
	id     uint32
	s      *stats
	stripe int
}

// statsOps returns the storage ops writing the counters that deltas change.
// The caller holds the locks of the stripes.
func statsOps(deltas map[statsChange]counter) []storage.Op {
	ops := make([]storage.Op, 0, len(deltas))
	for c, d := range deltas {
		cur := c.s.stripes[c.stripe]
		v := binary.BigEndian.AppendUint64(nil, uint64(cur.items+d.items))
		v = binary.BigEndian.AppendUint64(v, uint64(cur.bytes+d.bytes))
		ops = append(ops, storage.Op{Key: statsKey(c.id, c.stripe), Value: v})
	}
	return ops
}

// applyStats records deltas in memory once their write is durable.
func applyStats(deltas map[statsChange]counter) {
	for c, d := range deltas {
		st := &c.s.stripes[c.stripe]
		st.items += d.items
		st.bytes += d.bytes
		c.s.items.Add(d.items)
		c.s.bytes.Add(d.bytes)
	}
}

// loadStats reads every stripe counter and sums them into the stats of the
// loaded tables and indexes.
func (db *DB) loadStats() error {
	byID := map[uint32]*stats{}
	for _, t := range db.tables {
		byID[t.id] = &t.stats
		for _, ix := range t.indexList() {
			byID[ix.id] = &ix.stats
		}
	}
	return db.store.Scan(statsPrefix, prefixEnd(statsPrefix), false, func(k, v []byte) bool {
		if len(k) != len(statsPrefix)+6 || len(v) != 16 {
			return true
		}
		s := byID[binary.BigEndian.Uint32(k[len(statsPrefix):])]
		stripe := int(binary.BigEndian.Uint16(k[len(statsPrefix)+4:]))
		if s == nil || stripe >= len(s.stripes) {
			return true // a dropped keyspace whose records are being reclaimed
		}
		c := counter{int64(binary.BigEndian.Uint64(v)), int64(binary.BigEndian.Uint64(v[8:]))}
		s.stripes[stripe] = c
		s.items.Add(c.items)
		s.bytes.Add(c.bytes)
		return true
	})
}
