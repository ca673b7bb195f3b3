package engine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// DynamoDB Streams: a table with a stream enabled records every change of an
// item (streamrec.go) in the same atomic storage write as the change. A
// stream is a chain of shards: one is open at a time, and it is closed, with
// a child continuing it, after Options.ShardRollover or
// Options.ShardMaxRecords, so consumers follow lineage as on DynamoDB.
// Sequence numbers are per stream, increasing in commit order, each stream
// numbering in a block of its own (streamSeqBase); a shard holds the range
// [Start, End]. A stream outlives its table's use of it: disabled
// (or its table deleted), it stays readable for 24 hours.

// Retention and lifetimes of DynamoDB Streams.
const (
	streamRetention      = 24 * time.Hour
	iteratorLifetime     = 15 * time.Minute
	defaultShardRollover = 4 * time.Hour
	defaultShardRecords  = 1 << 20
	// seqReserve is how many sequence numbers a stream reserves on disk at
	// a time, so that numbers stay increasing across restarts without a
	// write per record.
	seqReserve = 1 << 16
)

// streamKeyPrefix is the first byte of the keys of stream records:
// streamKeyPrefix | stream id (4 bytes) | sequence number (8 bytes), all
// big-endian, so that a stream's records are in sequence order.
const streamKeyPrefix = 0x02

// streamMetaPrefix prefixes the stored description of every stream.
var streamMetaPrefix = []byte{metaPrefix, 'S'}

func streamMetaKey(id uint32) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), streamMetaPrefix...), id)
}

// recordKey returns the storage key of record seq of stream id.
func recordKey(id uint32, seq uint64) []byte {
	k := binary.BigEndian.AppendUint32([]byte{streamKeyPrefix}, id)
	return binary.BigEndian.AppendUint64(k, seq)
}

// streamMeta is what the store keeps of a stream.
type streamMeta struct {
	ID        uint32
	ARN       string
	Label     string
	Table     string
	View      types.StreamViewType
	KeySchema []types.KeySchemaElement
	Created   time.Time
	// Disabled is when the stream was disabled (or its table deleted);
	// zero while it is enabled.
	Disabled time.Time
	// Reserved is the first sequence number not yet reserved: after a
	// restart, numbering resumes there.
	Reserved uint64
	// Floor is the first sequence number not trimmed: every record below
	// it has been deleted.
	Floor  uint64
	Shards []shardMeta
}

// shardMeta is one shard of a stream.
type shardMeta struct {
	ID      string
	Parent  string `json:",omitempty"`
	Start   uint64
	End     uint64 // the last sequence number of a closed shard; 0 while open
	Created time.Time
	Closed  time.Time
}

// open reports whether the shard still receives records.
func (sh *shardMeta) open() bool { return sh.End == 0 }

// stream is a live stream. Its identity (meta.ID, ARN, Label, Table, View,
// KeySchema, Created) never changes and is read without locking; the rest
// of meta, and the other fields, are guarded by mu and only ever assigned
// field by field.
type stream struct {
	meta streamMeta

	mu sync.Mutex
	// next is the next sequence number to hand out; inShard counts those
	// handed out in the open shard.
	next    uint64
	inShard int
	// pending holds the sequence ranges handed out whose writes have not
	// finished, in order.
	pending []*seqRange
	// visible is the first sequence number that may still be in flight:
	// every record below it is either stored or will never exist. Readers
	// read below it only, so they never skip a record that commits late.
	visible atomic.Uint64
}

// seqRange is the sequence numbers [first, end) of one commit.
type seqRange struct {
	first, end uint64
	done       bool
}

// enabled reports whether s still receives records. Callers hold s.mu.
func (s *stream) enabled() bool { return s.meta.Disabled.IsZero() }

// metaOp is the storage op saving s's description. Callers hold s.mu or
// own s exclusively.
func (s *stream) metaOp() storage.Op {
	b, err := json.Marshal(&s.meta)
	if err != nil {
		panic("engine: cannot encode stream: " + err.Error())
	}
	return storage.Op{Key: streamMetaKey(s.meta.ID), Value: b}
}

// shardID names a shard as DynamoDB does: its creation time in milliseconds
// and eight hex digits (here a hash of the stream and the shard's start).
func shardID(arn string, start uint64, created time.Time) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s|%d", arn, start)
	return fmt.Sprintf("shardId-%020d-%08x", created.UnixMilli(), h.Sum32())
}

// newStream returns the stream a table gets when its stream is enabled at
// now, and the op that stores it. A label (the creation time) already taken
// by another stream of the table moves on by a millisecond, so that every
// stream has its own ARN. Callers hold db.mu.
func (db *DB) newStream(d *types.TableDescription, now time.Time) (*stream, storage.Op) {
	for db.streams[*d.LatestStreamArn] != nil {
		at, _ := time.Parse(streamLabelLayout, *d.LatestStreamLabel)
		label := at.Add(time.Millisecond).Format(streamLabelLayout)
		d.LatestStreamLabel, d.LatestStreamArn = ptr(label), ptr(*d.TableArn+"/stream/"+label)
	}
	id := db.allocID()
	first := db.firstSeq(id, *d.TableName)
	s := &stream{meta: streamMeta{
		ID: id, ARN: *d.LatestStreamArn, Label: *d.LatestStreamLabel, Table: *d.TableName,
		View: d.StreamSpecification.StreamViewType, KeySchema: d.KeySchema, Created: now.Truncate(time.Millisecond),
		Reserved: first + seqReserve, Floor: first,
	}}
	s.meta.Shards = []shardMeta{{ID: shardID(s.meta.ARN, first, now), Start: first, Created: now}}
	s.next = first
	s.visible.Store(first)
	return s, s.metaOp()
}

// firstSeq returns the first sequence number of a new stream with the
// given id, of table: the start of the stream's own block (streamSeqBase),
// and past every number its table's earlier streams (those still readable)
// handed out. Numbers of different streams are then disjoint, as on
// DynamoDB Local, which numbers the records of all its tables in one
// sequence: a number of another stream (a consumer's checkpoint of the
// previous stream, or of another table) is no position in this one, and
// GetShardIterator at it fails with "Invalid SequenceNumber for the
// shard". Callers hold db.mu.
func (db *DB) firstSeq(id uint32, table string) uint64 {
	first := max(streamSeqBase(id), 1) // 0 would read as an open shard's End
	for _, s := range db.streams {
		if s.meta.Table == table {
			s.mu.Lock()
			first = max(first, s.next)
			s.mu.Unlock()
		}
	}
	return first
}

// streamSeqBits is how many low bits of a sequence number count the
// records of one stream; the high bits are the stream's id (modulo 2^24),
// so that the numbers of streams made since the upgrade to this numbering
// are disjoint (those of streams made before it start at 1 and stay below
// 2^40). A stream would need 2^40 (10^12) numbers to reach the next
// stream's block, and ids 2^24 allocations apart to share one: neither
// happens in a database a test or a development server uses. The largest
// number, below 2^64, still prints in 21 digits (formatSeq).
const streamSeqBits = 40

// streamSeqBase returns the first number of the block of stream id.
func streamSeqBase(id uint32) uint64 {
	return uint64(id) << streamSeqBits
}

// streamBlock returns the block (a stream id modulo 2^24) that holds seq.
func streamBlock(seq uint64) uint32 {
	return uint32(seq >> streamSeqBits)
}

// loadStreams reads every stream, attaches each enabled one to its table
// and reserves a fresh block of sequence numbers for each.
func (db *DB) loadStreams() error {
	var ops []storage.Op
	err := db.store.Scan(streamMetaPrefix, prefixEnd(streamMetaPrefix), false, func(_, v []byte) bool {
		s := &stream{}
		if err := json.Unmarshal(v, &s.meta); err != nil {
			return true // left for the operator; a corrupt stream is not readable
		}
		s.next = s.meta.Reserved
		s.meta.Reserved += seqReserve
		s.visible.Store(s.next)
		db.streams[s.meta.ARN] = s
		ops = append(ops, s.metaOp())
		return true
	})
	if err != nil {
		return err
	}
	for _, s := range db.streams {
		if t := db.tables[s.meta.Table]; t != nil && s.enabled() && t.desc.LatestStreamArn != nil && *t.desc.LatestStreamArn == s.meta.ARN {
			t.stream.Store(s)
		}
	}
	if len(ops) == 0 {
		return nil
	}
	return db.store.Write(ops)
}

// disableStream closes s at now: its open shard ends and it receives no more
// records. It returns the op that stores the change; apply the change with
// the returned function once that op is written. Callers hold db.mu.
func (s *stream) disable(now time.Time) (storage.Op, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	meta := s.meta
	meta.Shards = append([]shardMeta(nil), s.meta.Shards...)
	meta.Disabled = now
	next := s.next
	closeShard(&meta.Shards[len(meta.Shards)-1], &next, now)
	c := &stream{meta: meta}
	return c.metaOp(), func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.meta.Shards, s.meta.Disabled, s.next = meta.Shards, meta.Disabled, next
		s.publish()
	}
}

// closeShard closes an open shard at now. An empty shard takes one sequence
// number for itself, so that shard ranges never overlap.
func closeShard(sh *shardMeta, next *uint64, now time.Time) {
	if *next == sh.Start {
		*next++
	}
	sh.End, sh.Closed = *next-1, now
}

// allocate hands out n sequence numbers of s for a commit at now, rolling
// the open shard over first when it is due. ok is false when the stream no
// longer receives records.
func (db *DB) allocate(s *stream, n int, now time.Time) (r *seqRange, ok bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.enabled() {
		return nil, false, nil
	}
	oldShards, oldReserved, oldNext, oldInShard := s.meta.Shards, s.meta.Reserved, s.next, s.inShard
	save := false
	shards := s.meta.Shards
	if open := &shards[len(shards)-1]; now.Sub(open.Created) >= db.shardRollover() || s.inShard >= db.shardMaxRecords() {
		s.meta.Shards = append(append([]shardMeta(nil), shards...), shardMeta{})
		closeShard(&s.meta.Shards[len(shards)-1], &s.next, now)
		s.meta.Shards[len(shards)] = shardMeta{ID: shardID(s.meta.ARN, s.next, now), Parent: open.ID, Start: s.next, Created: now}
		s.inShard, save = 0, true
	}
	if s.next+uint64(n) > s.meta.Reserved {
		s.meta.Reserved = s.next + uint64(n) + seqReserve
		save = true
	}
	if save {
		if err := db.store.Write([]storage.Op{s.metaOp()}); err != nil {
			s.meta.Shards, s.meta.Reserved, s.next, s.inShard = oldShards, oldReserved, oldNext, oldInShard
			return nil, false, apierr.Internal("cannot save the stream: " + err.Error())
		}
	}
	r = &seqRange{first: s.next, end: s.next + uint64(n)}
	s.next, s.inShard = r.end, s.inShard+n
	s.pending = append(s.pending, r)
	s.publish()
	return r, true, nil
}

// settle marks a commit's sequence numbers as finished (stored or never to
// be) and advances the visible point past every finished range.
func (s *stream) settle(r *seqRange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.done = true
	i := 0
	for i < len(s.pending) && s.pending[i].done {
		i++
	}
	s.pending = s.pending[i:]
	s.publish()
}

// publish recomputes the visible point. Callers hold s.mu.
func (s *stream) publish() {
	v := s.next
	if len(s.pending) > 0 {
		v = s.pending[0].first
	}
	s.visible.Store(v)
}

// shardRollover returns how long a shard stays open.
func (db *DB) shardRollover() time.Duration {
	if db.opts.ShardRollover > 0 {
		return db.opts.ShardRollover
	}
	return defaultShardRollover
}

// shardMaxRecords returns how many records a shard takes at most.
func (db *DB) shardMaxRecords() int {
	if db.opts.ShardMaxRecords > 0 {
		return db.opts.ShardMaxRecords
	}
	return defaultShardRecords
}

// snapshot returns a copy of s's description and its visible point.
func (s *stream) snapshot() (streamMeta, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meta
	m.Shards = append([]shardMeta(nil), s.meta.Shards...)
	return m, s.visible.Load()
}

// expired reports whether a stream disabled at the given time is gone.
func streamGone(m *streamMeta, now time.Time) bool {
	return !m.Disabled.IsZero() && now.Sub(m.Disabled) >= streamRetention
}

// liveShards returns the shards of m that are still described: those open
// or closed within the retention period.
func liveShards(m *streamMeta, now time.Time) []shardMeta {
	var out []shardMeta
	for _, sh := range m.Shards {
		if sh.open() || now.Sub(sh.Closed) < streamRetention {
			out = append(out, sh)
		}
	}
	return out
}

// streamByARN returns the named stream, if it is still readable at now.
func (db *DB) streamByARN(arn string, now time.Time) *stream {
	db.mu.RLock()
	s := db.streams[arn]
	db.mu.RUnlock()
	if s == nil {
		return nil
	}
	s.mu.Lock()
	gone := streamGone(&s.meta, now)
	s.mu.Unlock()
	if gone {
		return nil
	}
	return s
}

// sortedStreams returns the readable streams in ARN order (by table, then
// creation), optionally of one table only.
func (db *DB) sortedStreams(table string, now time.Time) []*stream {
	db.mu.RLock()
	var out []*stream
	for _, s := range db.streams {
		if table == "" || s.meta.Table == table {
			out = append(out, s)
		}
	}
	db.mu.RUnlock()
	live := out[:0]
	for _, s := range out {
		s.mu.Lock()
		if !streamGone(&s.meta, now) {
			live = append(live, s)
		}
		s.mu.Unlock()
	}
	sort.Slice(live, func(i, j int) bool { return live[i].meta.ARN < live[j].meta.ARN })
	return live
}
