package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// GetRecords returns up to Limit (1000 by default) records of a shard from
// an iterator's position, at most 1 MB of them (maxRecordsBytes), and the
// iterator to continue with after the last one returned; once a closed
// shard has been read to its end there is none, and the consumer moves on
// to the shard's children. An iterator older than 15 minutes is expired; one
// whose next record retention has trimmed fails with
// TrimmedDataAccessException.
func (db *DB) GetRecords(ctx context.Context, in *dynamodbstreams.GetRecordsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error) {
	in = orEmpty(in)
	if err := beginStreams(ctx, "GetRecords"); err != nil {
		return nil, err
	}
	it, err := checkGetRecordsInput(in)
	if err != nil {
		return nil, err
	}
	now := db.now()
	if now.Sub(it.issued) > iteratorLifetime || it.issued.Sub(now) > iteratorLifetime {
		return nil, &streamtypes.ExpiredIteratorException{Message: ptr("Iterator expired. The iterator was created at time " +
			it.issued.UTC().Format(javaDate) + " while right now it is " + now.UTC().Format(javaDate) +
			" which is further in the future than the tolerated delay of 900000 milliseconds.")}
	}
	if err := checkLimit(in.Limit, maxGetRecords, "Limit should be less than or equal to "); err != nil {
		return nil, err
	}
	limit := maxGetRecords
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	s := db.streamByARN(it.arn, now)
	if s == nil {
		return nil, errIteratorShardGone
	}
	m, visible := s.snapshot()
	sh := findShard(&m, it.shard, now)
	if sh == nil {
		return nil, errIteratorShardGone
	}
	if it.pos < m.Floor {
		return nil, errTrimmed
	}
	end := visible
	if !sh.open() {
		end = min(end, sh.End+1)
	}
	out := &dynamodbstreams.GetRecordsOutput{Records: []streamtypes.Record{}}
	next := max(it.pos, end)
	trimmed := false
	size := int64(0)
	err = db.readRecords(m.ID, it.pos, end, func(r *storedRecord) bool {
		if len(out.Records) == 0 && now.Sub(r.created) >= streamRetention {
			trimmed = true
			return false
		}
		if len(out.Records) == limit {
			next = r.seq
			return false
		}
		rec := apiRecord(&m, r)
		size += *rec.Dynamodb.SizeBytes
		if len(out.Records) > 0 && size > maxRecordsBytes {
			next = r.seq
			return false
		}
		out.Records = append(out.Records, rec)
		return true
	})
	switch {
	case err != nil:
		return nil, internalStreamError(err)
	case trimmed:
		return nil, errTrimmed
	}
	if sh.open() || next <= sh.End {
		n := shardIterator{arn: m.ARN, shard: sh.ID, pos: next, issued: now}
		out.NextShardIterator = ptr(n.String())
	}
	return out, nil
}

// maxRecordsBytes is the most data one GetRecords call returns: "1 MB of
// data or 1000 stream records, whichever comes first". Data is counted as
// the records' SizeBytes (keys and images, by DynamoDB's item size rules);
// the first record is returned whatever its size, so a reader always moves
// on.
const maxRecordsBytes = 1 << 20

// internalStreamError is the error of a stream read the store failed.
func internalStreamError(err error) error {
	return apierr.Internal("cannot read the stream: " + err.Error())
}

// javaDate is how Java prints a date, as DynamoDB's messages quote dates.
const javaDate = "Mon Jan 02 15:04:05 MST 2006"
