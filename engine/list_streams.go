package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// ListStreams lists the streams still readable (enabled, or disabled less
// than 24 hours ago), in ARN order, optionally of one table only, a page of
// at most Limit (100 by default) at a time.
func (db *DB) ListStreams(ctx context.Context, in *dynamodbstreams.ListStreamsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.ListStreamsOutput, error) {
	in = orEmpty(in)
	if err := beginStreams(ctx, "ListStreams"); err != nil {
		return nil, err
	}
	if err := checkListStreamsInput(in); err != nil {
		return nil, err
	}
	limit := maxListStreams
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	out := &dynamodbstreams.ListStreamsOutput{Streams: []streamtypes.Stream{}}
	for _, s := range db.sortedStreams(deref(in.TableName), db.now()) {
		if in.ExclusiveStartStreamArn != nil && s.meta.ARN <= *in.ExclusiveStartStreamArn {
			continue
		}
		if len(out.Streams) == limit {
			out.LastEvaluatedStreamArn = out.Streams[limit-1].StreamArn
			break
		}
		out.Streams = append(out.Streams, streamtypes.Stream{StreamArn: ptr(s.meta.ARN), StreamLabel: ptr(s.meta.Label), TableName: ptr(s.meta.Table)})
	}
	return out, nil
}
