package engine

import (
	"encoding/binary"
	"time"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// Retention: records older than 24 hours are trimmed, shards closed for 24
// hours are no longer described, and a stream disabled for 24 hours is
// gone. Readers apply these rules by the clock at every call; a background
// sweep reclaims the space in bounded batches, off the write path.

// streamTrimInterval is how often the sweep runs.
const streamTrimInterval = time.Minute

// Bounds of one sweep of one stream: batches of trimBatch records, at most
// trimBatches of them.
const (
	trimBatch   = 1024
	trimBatches = 16
)

// startStreamTrimmer starts the background sweep of expired stream data.
func (db *DB) startStreamTrimmer() {
	db.every(streamTrimInterval, db.trimStreams)
}

// trimStreams deletes the stream data retention has expired by now. Errors
// are left for the next sweep to retry.
func (db *DB) trimStreams(now time.Time) {
	db.mu.RLock()
	streams := make([]*stream, 0, len(db.streams))
	for _, s := range db.streams {
		streams = append(streams, s)
	}
	db.mu.RUnlock()
	for _, s := range streams {
		m, _ := s.snapshot()
		if streamGone(&m, now) {
			db.dropStream(s)
			continue
		}
		db.trimRecords(s, now)
	}
}

// dropStream deletes a stream past its retention, with its records.
func (db *DB) dropStream(s *stream) {
	id := s.meta.ID
	start := recordKey(id, 0)
	if err := db.dropRange(db.background(), start, recordKey(id+1, 0)); err != nil {
		return
	}
	if err := db.store.Write([]storage.Op{{Key: streamMetaKey(id), Delete: true}}); err != nil {
		return
	}
	db.mu.Lock()
	delete(db.streams, s.meta.ARN)
	db.mu.Unlock()
}

// trimRecords deletes the expired records of s, oldest first, and forgets
// the shards closed for the retention period.
func (db *DB) trimRecords(s *stream, now time.Time) {
	for range trimBatches {
		m, visible := s.snapshot()
		floor := m.Floor
		var ops []storage.Op
		err := db.store.Scan(recordKey(m.ID, floor), recordKey(m.ID, visible), false, func(k, v []byte) bool {
			created, err := recordCreated(v)
			if err != nil || now.Sub(created) < streamRetention {
				return false
			}
			ops = append(ops, storage.Op{Key: append([]byte(nil), k...), Delete: true})
			floor = binary.BigEndian.Uint64(k[5:]) + 1
			return len(ops) < trimBatch
		})
		if err != nil {
			return
		}
		s.mu.Lock()
		live := liveShards(&s.meta, now)
		pruned := len(live) < len(s.meta.Shards)
		if len(ops) == 0 && !pruned {
			s.mu.Unlock()
			return
		}
		oldShards, oldFloor := s.meta.Shards, s.meta.Floor
		s.meta.Shards, s.meta.Floor = live, max(floor, s.meta.Floor)
		if err := db.store.Write(append(ops, s.metaOp())); err != nil {
			s.meta.Shards, s.meta.Floor = oldShards, oldFloor
		}
		s.mu.Unlock()
		if len(ops) < trimBatch {
			return
		}
	}
}
