package engine

import (
	"cmp"
	"encoding/binary"
	"slices"
	"sync/atomic"

	"github.com/ddbkit/ddb/engine/internal/storage"
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
	k := binary.BigEndian.AppendUint32(append(make([]byte, 0, len(statsPrefix)+6), statsPrefix...), id)
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
	stripes [lockStripes]counter
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

// statsDelta is a change to the counter of one stripe of one keyspace.
type statsDelta struct {
	id     uint32
	s      *stats
	stripe int
	change counter
}

// appendStatsOps appends to ops the storage ops writing the counters that
// deltas change, one per counter. The caller holds the locks of the stripes.
func appendStatsOps(ops []storage.Op, deltas []statsDelta) []storage.Op {
	sorted := slices.SortedFunc(slices.Values(deltas), func(a, b statsDelta) int {
		return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.stripe, b.stripe))
	})
	for i := 0; i < len(sorted); {
		d := sorted[i]
		c := d.s.stripes[d.stripe]
		for ; i < len(sorted) && sorted[i].id == d.id && sorted[i].stripe == d.stripe; i++ {
			c.items += sorted[i].change.items
			c.bytes += sorted[i].change.bytes
		}
		v := binary.BigEndian.AppendUint64(make([]byte, 0, 16), uint64(c.items))
		v = binary.BigEndian.AppendUint64(v, uint64(c.bytes))
		ops = append(ops, storage.Op{Key: statsKey(d.id, d.stripe), Value: v})
	}
	return ops
}

// applyStats records deltas in memory once their write is durable.
func applyStats(deltas []statsDelta) {
	for _, d := range deltas {
		st := &d.s.stripes[d.stripe]
		st.items += d.change.items
		st.bytes += d.change.bytes
		d.s.items.Add(d.change.items)
		d.s.bytes.Add(d.change.bytes)
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
