package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// newSearch returns the Results of a Query or Scan (op) of the table with
// the settings params, and the key attributes of the table or index it
// reads. When the settings are wrong, the Results holds the error (its err
// is set) and runs nothing; the caller then returns it as it is.
func (t *Table[T]) newSearch(ctx context.Context, op string, params searchParams) (*Results[T], readKeyNames) {
	r := &Results[T]{ctx: ctx, op: op, table: t.schema.name, schema: t.schema, params: params}
	r.params.entityRead(t.schema)
	keys, err := t.schema.readKeys(r.params.index)
	if err == nil {
		err = r.params.check(t.schema)
	}
	if err == nil {
		r.hideExpired, err = t.schema.hidesExpired(r.params.hideExpired)
		r.hideExpired = r.hideExpired && t.schema.filtersExpiry(op, keys)
	}
	if err != nil {
		r.err = r.fail(err)
		return r, keys
	}
	r.cursor = keyCursor{t.schema, keys}
	return r, keys
}

// searchOutput is the output of a Query or a Scan. aws-sdk-go-v2 declares
// the two with the same fields, so a value of either converts to the
// other: pageFetch reads both as a QueryOutput.
type searchOutput interface {
	dynamodb.QueryOutput | dynamodb.ScanOutput
}

// pageFetch returns the fetch of the pages of r, a Query or Scan of t
// whose request is in. For each page it copies in, lets page make the copy
// that page's request (its ExclusiveStartKey, Limit and, for a Scan,
// Segment), sends it with send, or, when the table reads items from their
// bodies (Table.pageReaders), with sendStored or sendJSON, and adds the
// capacity the page consumed to r's.
func pageFetch[T, In any, Out searchOutput](t *Table[T], r *Results[T], in In,
	page func(req *In, segment int, start position, limit int32),
	send func(API, context.Context, *In, ...func(*dynamodb.Options)) (*Out, error),
	sendStored func(dynamo.PageEncodedReader, context.Context, *In) (*Out, [][]byte, error),
	sendJSON func(dynamo.PageJSONReader, context.Context, *In) (*Out, [][]byte, error),
) func(ctx context.Context, segment int, start position, limit int32) (rawPage, error) {
	storedAPI, jsonAPI := t.pageReaders()
	return func(ctx context.Context, segment int, start position, limit int32) (rawPage, error) {
		req := in
		page(&req, segment, start, limit)
		var out *Out
		var bodies [][]byte
		var err error
		switch {
		case storedAPI != nil:
			out, bodies, err = sendStored(storedAPI, ctx, &req)
		case jsonAPI != nil:
			out, bodies, err = sendJSON(jsonAPI, ctx, &req)
		default:
			out, err = send(t.db.api, ctx, &req)
		}
		if err != nil {
			return rawPage{}, wrapError(r.op, r.table, err)
		}
		o := dynamodb.QueryOutput(*out)
		r.params.capacity.addOne(false, o.ConsumedCapacity)
		return rawPage{o.Items, bodies, storedAPI != nil, position{key: o.LastEvaluatedKey}, int(o.Count), int(o.ScannedCount)}, nil
	}
}

// pageLimit is the Limit of a page's request evaluating at most limit
// items: nil for no limit (0).
func pageLimit(limit int32) *int32 {
	if limit > 0 {
		return aws.Int32(limit)
	}
	return nil
}
