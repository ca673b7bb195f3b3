package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Scan returns every item of the table, or of the index named with
// OnIndex, in no particular order. Nothing is sent until a method of the
// returned Results runs it, under ctx. Options: OnIndex, Filter, Project,
// PageSize, Consistent, Parallel, Segment, HideExpired, ShowExpired and
// ConsumedCapacity.
//
//	for order, err := range orders.Scan(ctx, ddb.Parallel(4)).All() { ... }
func (t *Table[T]) Scan(ctx context.Context, opts ...ScanOption) *Results[T] {
	r, _ := t.newSearch(ctx, "Scan", applyAll(opts, ScanOption.applyScan))
	if r.err != nil {
		return r
	}
	r.compile = func(count bool) (fetcher, error) {
		b := newExprBuilder(t.schema)
		texts, err := b.build(r.filter(t.schema, t.db), r.params.projectionPart(count))
		if err != nil {
			return fetcher{}, err
		}
		in := dynamodb.ScanInput{
			TableName:                 t.schema.tableName,
			IndexName:                 optional(r.params.index),
			FilterExpression:          optional(texts[0]),
			ProjectionExpression:      optional(texts[1]),
			ExpressionAttributeNames:  b.attributeNames(),
			ExpressionAttributeValues: b.attributeValues(),
			ConsistentRead:            consistentRead(r.params.consistent),
			ReturnConsumedCapacity:    r.params.capacity.mode(),
			Select:                    r.params.selectFor(count),
		}
		if r.params.segments > 0 {
			in.TotalSegments = aws.Int32(int32(r.params.segments))
		}
		fetch := pageFetch(t, r, in, scanPage, API.Scan, dynamo.PageEncodedReader.ScanEncoded, dynamo.PageJSONReader.ScanJSON)
		return fetcher{fetch, texts[0] != ""}, nil
	}
	return r
}

// scanPage makes req the request of a Scan's page of segment (when the
// scan has segments) starting at start and evaluating at most limit items
// (0: no limit).
func scanPage(req *dynamodb.ScanInput, segment int, start position, limit int32) {
	req.ExclusiveStartKey, req.Limit = start.key, pageLimit(limit)
	if req.TotalSegments != nil {
		req.Segment = aws.Int32(int32(segment))
	}
}

// maxSegments is DynamoDB's limit on TotalSegments.
const maxSegments = 1000000

// scanSplit records which of the options Parallel and Segment split a
// scan; both together are a mistake.
type scanSplit uint8

const (
	splitParallel scanSplit = 1 << iota // Parallel: every segment, at once
	splitSegment                        // Segment: one segment
)

// parallel reports whether the scan reads every segment at once.
func (p *searchParams) parallel() bool { return p.split == splitParallel }

// checkSegments validates the Parallel or Segment option.
func (p *searchParams) checkSegments() error {
	switch {
	case p.split == 0:
		return nil
	case p.split == splitParallel|splitSegment:
		return invalid("", "Parallel scans every segment and Segment one of them; give one or the other")
	case p.segments < 1 || p.segments > maxSegments:
		return invalid("", "the number of segments must be from 1 to %d, got %d", maxSegments, p.segments)
	case p.segment < 0 || p.segment >= p.segments:
		return invalid("", "segment %d is not one of the %d segments (0 to %d)", p.segment, p.segments, p.segments-1)
	}
	return nil
}
