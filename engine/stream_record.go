package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// Stream records are made in the shared write path: stage notes the change
// of every item whose table has a stream, and commit numbers the changes and
// stores them in the same atomic storage write as the items. Every writer
// (single-item operations, batches, transactions, TTL, and any other that
// stages and commits) gets records without code of its own.

// eventKind is the eventName of a record.
type eventKind byte

const (
	eventInsert eventKind = iota + 1
	eventModify
	eventRemove
)

var eventNames = [...]streamtypes.OperationType{
	eventInsert: streamtypes.OperationTypeInsert,
	eventModify: streamtypes.OperationTypeModify,
	eventRemove: streamtypes.OperationTypeRemove,
}

// Fields every record carries, as DynamoDB Local sets them (the region of
// the engine's ARNs).
const (
	recordEventSource  = "aws:dynamodb"
	recordEventVersion = "1.1"
	recordRegion       = "ddblocal"
)

// serviceIdentity is the userIdentity of records of deletions made by the
// service itself (time to live).
var serviceIdentity = streamtypes.Identity{PrincipalId: ptr("dynamodb.amazonaws.com"), Type: ptr("Service")}

// itemChange is one change of an item to record in a stream.
type itemChange struct {
	s        *stream
	kind     eventKind
	keys     map[string]types.AttributeValue
	old, new map[string]types.AttributeValue // nil when the view type leaves them out
}

// noteChange adds to w the record of replacing old (nil when absent) with
// item (nil to delete it) in table t, if t has a stream or point-in-time
// recovery and the write changes something.
func (w *rowWrites) noteChange(t *table, old, item map[string]types.AttributeValue, existed bool) {
	s := t.stream.Load()
	if s == nil && !t.pitr.Load() {
		return
	}
	c := itemChange{s: s}
	switch {
	case item == nil && !existed:
		return
	case item == nil:
		c.kind, c.keys = eventRemove, t.keyOf(old)
	case existed && old != nil && sameItem(old, item):
		return // DynamoDB writes no record for a write that changes nothing
	case existed:
		c.kind, c.keys = eventModify, t.keyOf(item)
	default:
		c.kind, c.keys = eventInsert, t.keyOf(item)
	}
	if t.pitr.Load() {
		w.pitr = append(w.pitr, pitrChange{table: t.id, kind: c.kind, keys: c.keys, old: old})
	}
	if s == nil {
		return
	}
	view := s.meta.View
	if view == types.StreamViewTypeNewImage || view == types.StreamViewTypeNewAndOldImages {
		c.new = item
	}
	if view == types.StreamViewTypeOldImage || view == types.StreamViewTypeNewAndOldImages {
		c.old = old
	}
	w.changes = append(w.changes, c)
}

// recordChanges numbers the noted changes and appends their records to
// ops; it returns the sequence ranges to settle once the write is done.
func (db *DB) recordChanges(ops []storage.Op, changes []itemChange, service bool) ([]storage.Op, []settlement, error) {
	now := db.now()
	var settle []settlement
	for i := 0; i < len(changes); {
		// Changes of one stream are contiguous in most writes; number each
		// run in one allocation.
		j := i + 1
		for j < len(changes) && changes[j].s == changes[i].s {
			j++
		}
		s := changes[i].s
		r, ok, err := db.allocate(s, j-i, now)
		if err != nil {
			for _, st := range settle {
				st.s.settle(st.r)
			}
			return nil, nil, err
		}
		if ok {
			settle = append(settle, settlement{s, r})
			for k, c := range changes[i:j] {
				ops = append(ops, storage.Op{Key: recordKey(s.meta.ID, r.first+uint64(k)), Value: encodeStreamRecord(&c, now, service)})
			}
		}
		i = j
	}
	return ops, settle, nil
}

// settlement is a range of sequence numbers of a stream to settle after a
// write.
type settlement struct {
	s *stream
	r *seqRange
}

// Record encoding: flags (1 = made by the service), kind, creation time
// (Unix milliseconds, uvarint), then keys, new image and old image, each as a
// uvarint length and the item encoding (length 0: absent).
const recordByService = 1

func encodeStreamRecord(c *itemChange, now time.Time, service bool) []byte {
	var flags byte
	if service {
		flags = recordByService
	}
	b := []byte{flags, byte(c.kind)}
	b = binary.AppendUvarint(b, uint64(now.UnixMilli()))
	for _, item := range []map[string]types.AttributeValue{c.keys, c.new, c.old} {
		if item == nil {
			b = binary.AppendUvarint(b, 0)
			continue
		}
		enc := itemenc.AppendItem(nil, item)
		b = binary.AppendUvarint(b, uint64(len(enc)))
		b = append(b, enc...)
	}
	return b
}

// storedRecord is a decoded stream record.
type storedRecord struct {
	seq            uint64
	service        bool
	kind           eventKind
	created        time.Time
	keys, new, old map[string]types.AttributeValue
}

var errCorruptRecord = errors.New("engine: corrupt stream record")

// recordCreated decodes only the creation time of an encoded record.
func recordCreated(v []byte) (time.Time, error) {
	if len(v) < 3 {
		return time.Time{}, errCorruptRecord
	}
	ms, n := binary.Uvarint(v[2:])
	if n <= 0 {
		return time.Time{}, errCorruptRecord
	}
	return time.UnixMilli(int64(ms)), nil
}

// decodeRecord decodes an encoded record with sequence number seq.
func decodeRecord(seq uint64, v []byte) (*storedRecord, error) {
	created, err := recordCreated(v)
	if err != nil {
		return nil, err
	}
	r := &storedRecord{seq: seq, service: v[0]&recordByService != 0, kind: eventKind(v[1]), created: created}
	if r.kind < eventInsert || r.kind > eventRemove {
		return nil, errCorruptRecord
	}
	_, n := binary.Uvarint(v[2:])
	v = v[2+n:]
	for _, dst := range []*map[string]types.AttributeValue{&r.keys, &r.new, &r.old} {
		l, n := binary.Uvarint(v)
		if n <= 0 || uint64(len(v)-n) < l {
			return nil, errCorruptRecord
		}
		if l > 0 {
			if *dst, err = itemenc.DecodeItem(v[n : n+int(l)]); err != nil {
				return nil, fmt.Errorf("%w: %v", errCorruptRecord, err)
			}
		}
		v = v[n+int(l):]
	}
	return r, nil
}

// formatSeq writes a sequence number as DynamoDB Local does: 21 decimal
// digits, zero-padded (the shortest length the API accepts).
func formatSeq(seq uint64) string {
	return fmt.Sprintf("%021d", seq)
}

// eventNamespace derives the stable eventID of each record.
var eventNamespace = uuid.MustParse("6f1d3c9e-4b1a-4c52-9a43-2d5b0e7c8a11")

// apiRecord returns the Streams API form of r, a record of stream m.
func apiRecord(m *streamMeta, r *storedRecord) streamtypes.Record {
	size := attr.ItemSize(r.keys)
	if r.new != nil {
		size += attr.ItemSize(r.new)
	}
	if r.old != nil {
		size += attr.ItemSize(r.old)
	}
	seq := formatSeq(r.seq)
	rec := streamtypes.Record{
		AwsRegion:    ptr(recordRegion),
		EventID:      ptr(uuid.NewSHA1(eventNamespace, []byte(m.ARN+"|"+seq)).String()),
		EventName:    eventNames[r.kind],
		EventSource:  ptr(recordEventSource),
		EventVersion: ptr(recordEventVersion),
		Dynamodb: &streamtypes.StreamRecord{
			// Rounded down to the second, as DynamoDB documents.
			ApproximateCreationDateTime: ptr(r.created.Truncate(time.Second)),
			Keys:                        dynamo.ToStreamItem(r.keys),
			NewImage:                    dynamo.ToStreamItem(r.new),
			OldImage:                    dynamo.ToStreamItem(r.old),
			SequenceNumber:              ptr(seq),
			SizeBytes:                   ptr(int64(size)),
			StreamViewType:              streamtypes.StreamViewType(m.View),
		},
	}
	if r.service {
		id := serviceIdentity
		rec.UserIdentity = &id
	}
	return rec
}

// readRecords calls fn with the records of stream id whose sequence numbers
// are in [from, to), in order, until fn returns false.
func (db *DB) readRecords(id uint32, from, to uint64, fn func(*storedRecord) bool) error {
	if from >= to {
		return nil
	}
	var decodeErr error
	err := db.store.Scan(recordKey(id, from), recordKey(id, to), false, func(k, v []byte) bool {
		r, err := decodeRecord(binary.BigEndian.Uint64(k[5:]), v)
		if err != nil {
			decodeErr = err
			return false
		}
		return fn(r)
	})
	if err != nil {
		return err
	}
	return decodeErr
}
