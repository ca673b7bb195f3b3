package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// DescribeStream describes a stream: its status, view type, key schema and
// shards (open, or closed less than 24 hours ago) with their sequence
// number ranges and parents, a page of at most Limit (100 by default)
// shards at a time. A ShardFilter of type CHILD_SHARDS lists the children
// of one shard only.
func (db *DB) DescribeStream(ctx context.Context, in *dynamodbstreams.DescribeStreamInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error) {
	in = orEmpty(in)
	if err := beginStreams(ctx, "DescribeStream"); err != nil {
		return nil, err
	}
	if err := checkDescribeStreamInput(in); err != nil {
		return nil, err
	}
	now := db.now()
	s := db.streamByARN(*in.StreamArn, now)
	if s == nil {
		return nil, streamNotFound(*in.StreamArn)
	}
	m, _ := s.snapshot()
	limit := maxDescribeShards
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	d := &streamtypes.StreamDescription{
		StreamArn:               ptr(m.ARN),
		StreamLabel:             ptr(m.Label),
		StreamStatus:            db.streamStatus(&m, now),
		StreamViewType:          streamtypes.StreamViewType(m.View),
		CreationRequestDateTime: ptr(m.Created),
		TableName:               ptr(m.Table),
		Shards:                  []streamtypes.Shard{},
	}
	for _, k := range m.KeySchema {
		d.KeySchema = append(d.KeySchema, streamtypes.KeySchemaElement{AttributeName: ptr(*k.AttributeName), KeyType: streamtypes.KeyType(k.KeyType)})
	}
	shards := liveShards(&m, now)
	if in.ExclusiveStartShardId != nil {
		for i, sh := range shards {
			if sh.ID == *in.ExclusiveStartShardId {
				shards = shards[i+1:]
				break
			}
		}
	}
	for _, sh := range shards {
		if in.ShardFilter != nil && in.ShardFilter.ShardId != nil && sh.Parent != *in.ShardFilter.ShardId {
			continue
		}
		if len(d.Shards) == limit {
			d.LastEvaluatedShardId = d.Shards[limit-1].ShardId
			break
		}
		d.Shards = append(d.Shards, apiShard(sh))
	}
	return &dynamodbstreams.DescribeStreamOutput{StreamDescription: d}, nil
}

// apiShard returns the Streams API form of a shard.
func apiShard(sh shardMeta) streamtypes.Shard {
	r := &streamtypes.SequenceNumberRange{StartingSequenceNumber: ptr(formatSeq(sh.Start))}
	if !sh.open() {
		r.EndingSequenceNumber = ptr(formatSeq(sh.End))
	}
	out := streamtypes.Shard{ShardId: ptr(sh.ID), SequenceNumberRange: r}
	if sh.Parent != "" {
		out.ParentShardId = ptr(sh.Parent)
	}
	return out
}

// streamStatus is the status of a stream at now: ENABLING and DISABLING
// for Options.StatusDelay after the change, as a table is CREATING.
func (db *DB) streamStatus(m *streamMeta, now time.Time) streamtypes.StreamStatus {
	switch {
	case m.Disabled.IsZero() && now.Before(m.Created.Add(db.opts.StatusDelay)):
		return streamtypes.StreamStatusEnabling
	case m.Disabled.IsZero():
		return streamtypes.StreamStatusEnabled
	case now.Before(m.Disabled.Add(db.opts.StatusDelay)):
		return streamtypes.StreamStatusDisabling
	}
	return streamtypes.StreamStatusDisabled
}
