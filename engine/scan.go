package engine

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// maxTotalSegments is the largest TotalSegments of a parallel scan.
const maxTotalSegments = 1000000

// Scan reads every item of a table or index, a page at a time, in storage
// order. A parallel scan (Segment, TotalSegments) reads one segment: a
// contiguous range of partition-key hashes, so that every item belongs to
// exactly one segment.
func (db *DB) Scan(ctx context.Context, in *dynamodb.ScanInput, _ ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	in = orEmpty(in)
	return pageItems(db.scan(ctx, in))
}

// ScanEncoded is Scan with the page's items (filtered and projected) left in
// the engine's storage encoding: nil for Select COUNT, else never nil; the
// output's Items is nil. The caller owns the encodings. It is the fast path
// of the engine's HTTP server (engine/server), and of the library's typed
// scans in-process, as for QueryEncoded; other callers want Scan.
func (db *DB) ScanEncoded(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, [][]byte, error) {
	in = orEmpty(in)
	return pageEncoded(db.scan(ctx, in))
}

// ScanJSON is QueryJSON for Scan.
func (db *DB) ScanJSON(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, [][]byte, error) {
	in = orEmpty(in)
	return pageJSON(db.scan(ctx, in))
}

// scan runs a Scan and returns its output but the items, and its page.
func (db *DB) scan(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, *page, error) {
	return search[dynamodb.ScanOutput](db, ctx, "Scan", in, checkScanInput, func(in *dynamodb.ScanInput) (*table, *searchPlan, error) {
		return db.prepareScan(in, fromRequest)
	})
}

// prepareScan validates a Scan request (or a SELECT statement's) and
// plans its page.
func (db *DB) prepareScan(in *dynamodb.ScanInput, from origin) (*table, *searchPlan, error) {
	attrsToGet := in.AttributesToGet != nil
	in, err := translate(in, &from, legacyScan)
	if err != nil {
		return nil, nil, err
	}
	if err := checkSegment(in.Segment, in.TotalSegments); err != nil {
		return nil, nil, err
	}
	plan := &searchPlan{limit: int(deref(in.Limit)), capacity: in.ReturnConsumedCapacity}
	opts := &searchOptions{index: in.IndexName, sel: in.Select, limit: in.Limit, consistent: in.ConsistentRead, attrsToGet: attrsToGet}
	t, err := db.prepareSearch(searchRequest{
		exprs: exprInput{in.ExpressionAttributeNames, in.ExpressionAttributeValues, []namedExpr{
			{"FilterExpression", in.FilterExpression, true},
			{"ProjectionExpression", in.ProjectionExpression, false},
		}, from},
		table: in.TableName, filter: in.FilterExpression, projection: in.ProjectionExpression,
	}, plan, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := opts.selection(plan); err != nil {
		return nil, nil, err
	}
	plan.segment(in.Segment, in.TotalSegments)
	row, err := plan.src.startRow(in.ExclusiveStartKey)
	if err != nil {
		return nil, nil, err
	}
	if row != nil {
		if bytes.Compare(row, plan.start) < 0 || bytes.Compare(row, plan.end) >= 0 {
			return nil, nil, errSegmentStartKey(aws.ToInt32(in.Segment), aws.ToInt32(in.TotalSegments))
		}
		plan.start = after(row)
	}
	return t, plan, nil
}

// errSegmentStartKey is DynamoDB's refusal of a parallel scan's starting
// key that lies outside its segment (as dynalite's tests, run against
// DynamoDB, have it; DynamoDB Local words it "Exclusive start key must lie
// within the segment").
func errSegmentStartKey(segment, total int32) error {
	return apierr.Validation(fmt.Sprintf("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: %d Segment: %d", total, segment))
}

// checkSegment validates the parallel-scan parameters, with DynamoDB's
// messages (DynamoDB Local words all three differently).
func checkSegment(segment, total *int32) error {
	switch {
	case segment != nil && total == nil:
		return apierr.Validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
	case segment == nil && total != nil:
		return apierr.Validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
	case segment != nil && *segment >= *total:
		return apierr.Validationf("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: %d is not less than TotalSegments: %d", *segment, *total)
	}
	return nil
}

// segment sets the plan's range to the whole source, or to one segment of
// it: the rows whose partition hash lies in the segment's share of the
// 32-bit hash space.
func (p *searchPlan) segment(segment, total *int32) {
	id := p.src.id()
	p.start, p.end = keyspace(id), keyspaceEnd(id)
	if segment == nil {
		return
	}
	bound := func(i int32) []byte {
		h := uint64(i) << 32 / uint64(*total)
		return binary.BigEndian.AppendUint32(keyspace(id), uint32(h))
	}
	p.start = bound(*segment)
	if *segment+1 < *total {
		p.end = bound(*segment + 1)
	}
}
