package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// GetShardIterator returns an iterator on a shard: at its oldest record
// still retained (TRIM_HORIZON), after its newest (LATEST), at or after a
// given sequence number, or at the first record made at or after a given
// time (AT_TIMESTAMP). Iterators expire after 15 minutes.
func (db *DB) GetShardIterator(ctx context.Context, in *dynamodbstreams.GetShardIteratorInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error) {
	in = orEmpty(in)
	if err := beginStreams(ctx, "GetShardIterator"); err != nil {
		return nil, err
	}
	if err := checkGetShardIteratorInput(in); err != nil {
		return nil, err
	}
	now := db.now()
	s := db.streamByARN(*in.StreamArn, now)
	if s == nil {
		return nil, errStreamNotFound
	}
	m, visible := s.snapshot()
	sh := findShard(&m, *in.ShardId, now)
	if sh == nil {
		return nil, errShardNotFound
	}
	var pos uint64
	switch in.ShardIteratorType {
	case streamtypes.ShardIteratorTypeTrimHorizon, streamtypes.ShardIteratorTypeAtTimestamp:
		from := time.Time{}
		if in.Timestamp != nil {
			if in.Timestamp.After(now) {
				return nil, errTimestampFuture
			}
			from = *in.Timestamp
		}
		var err error
		if pos, err = db.firstRecordFrom(&m, sh, visible, now, from); err != nil {
			return nil, err
		}
	case streamtypes.ShardIteratorTypeLatest:
		pos = max(visible, sh.Start)
		if !sh.open() {
			pos = sh.End + 1
		}
	default:
		seq, ok := parseSeq(*in.SequenceNumber)
		if !ok || !sh.holds(seq) {
			return nil, errSeqNotInShard
		}
		pos = seq
		if in.ShardIteratorType == streamtypes.ShardIteratorTypeAfterSequenceNumber {
			pos++
		}
		// Trimmed records the reader has read do not count: after the
		// last record read, only a trimmed record past it is missed.
		if pos < m.Floor {
			return nil, errTrimmed
		}
	}
	it := shardIterator{arn: m.ARN, shard: sh.ID, pos: pos, issued: now}
	return &dynamodbstreams.GetShardIteratorOutput{ShardIterator: ptr(it.String())}, nil
}

// holds reports whether seq is a position of sh: its start (even when a
// closed shard is empty), or a number up to its end, or, for the open shard, to the end of its
// stream's block of numbers (streamSeqBase). Like DynamoDB Local, an open
// shard takes a number it has not handed out yet, and reading from it
// waits for that record; a number of another stream, in another block, is
// refused.
func (sh *shardMeta) holds(seq uint64) bool {
	end := sh.End
	if sh.open() {
		end = streamSeqBase(streamBlock(sh.Start)+1) - 1
	}
	return seq == sh.Start || (seq > sh.Start && seq <= end)
}

// findShard returns the named shard of m, if it is still described at now.
func findShard(m *streamMeta, id string, now time.Time) *shardMeta {
	for _, sh := range liveShards(m, now) {
		if sh.ID == id {
			return &sh
		}
	}
	return nil
}

// firstRecordFrom returns the position of the oldest record of sh still
// retained at now (past the trimmed records and those retention has expired
// but the sweep has not yet deleted) made at or after from.
func (db *DB) firstRecordFrom(m *streamMeta, sh *shardMeta, visible uint64, now, from time.Time) (uint64, error) {
	pos := max(sh.Start, m.Floor)
	end := visible
	if !sh.open() {
		end = min(end, sh.End+1)
	}
	err := db.readRecords(m.ID, pos, end, func(r *storedRecord) bool {
		if now.Sub(r.created) < streamRetention && !r.created.Before(from) {
			pos = r.seq
			return false
		}
		pos = r.seq + 1
		return true
	})
	if err != nil {
		return 0, internalStreamError(err)
	}
	return pos, nil
}
