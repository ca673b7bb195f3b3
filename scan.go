package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Scan returns every item of the table, or of the index named with
// OnIndex, in no particular order. Nothing is sent until a method of the
// returned Results runs it, under ctx. Options: OnIndex, Filter, Project,
// PageSize, Consistent, Parallel, Segment, HideExpired, ShowExpired and
// ConsumedCapacity.
//
//	for order, err := range orders.Scan(ctx, ddb.Parallel(4)).All() { ... }
func (t *Table[T]) Scan(ctx context.Context, opts ...ScanOption) *Results[T] {
	r := &Results[T]{ctx: ctx, op: "Scan", table: t.schema.name, schema: t.schema, params: applyAll(opts, ScanOption.applyScan)}
	r.params.entityRead(t.schema)
	keys, err := t.schema.readKeys(r.params.index)
	if err == nil {
		err = r.params.checkSegments()
	}
	if err == nil {
		err = r.params.check(t.schema)
	}
	if err == nil {
		r.hideExpired, err = t.schema.hidesExpired(r.params.hideExpired)
	}
	if err != nil {
		r.err = r.fail(err)
		return r
	}
	r.cursor = keyCursor{t.schema, keys}
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
		jsonAPI := t.pageJSON()
		fetch := func(ctx context.Context, segment int, start position, limit int32) (rawPage, error) {
			req := in
			req.ExclusiveStartKey = start.key
			if limit > 0 {
				req.Limit = aws.Int32(limit)
			}
			if req.TotalSegments != nil {
				req.Segment = aws.Int32(int32(segment))
			}
			var out *dynamodb.ScanOutput
			var items [][]byte
			var err error
			if jsonAPI != nil {
				out, items, err = jsonAPI.ScanJSON(ctx, &req)
			} else {
				out, err = t.db.api.Scan(ctx, &req)
			}
			if err != nil {
				return rawPage{}, wrapError("Scan", t.schema.name, err)
			}
			r.params.capacity.addOne(false, out.ConsumedCapacity)
			return rawPage{out.Items, items, position{key: out.LastEvaluatedKey}, int(out.Count), int(out.ScannedCount)}, nil
		}
		return fetcher{fetch, texts[0] != ""}, nil
	}
	return r
}

// maxSegments is DynamoDB's limit on TotalSegments.
const maxSegments = 1000000

// checkSegments validates the Parallel or Segment option.
func (p *searchParams) checkSegments() error {
	switch {
	case p.segments == 0 && p.segment == 0:
		return nil
	case p.segments < 1 || p.segments > maxSegments:
		return invalid("", "the number of segments must be from 1 to %d, got %d", maxSegments, p.segments)
	case p.segment >= p.segments || p.segment < -1:
		return invalid("", "segment %d is not one of the %d segments", p.segment, p.segments)
	}
	return nil
}
