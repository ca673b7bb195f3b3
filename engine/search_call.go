package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// searchOutput is the output of a Query or a Scan. aws-sdk-go-v2 declares
// the two with the same fields, so a value of either converts to the
// other: the code both share builds and fills them as a QueryOutput.
type searchOutput interface {
	dynamodb.QueryOutput | dynamodb.ScanOutput
}

// search runs one Query or Scan call (op, with input in): it begins the
// call, checks the input's members (check), validates the request and
// plans its page (prepare), reads the page, and returns the output but the
// items, and the page. Query and Scan state only what tells them apart:
// their checks and how a request becomes a plan.
func search[Out searchOutput, In any](db *DB, ctx context.Context, op string, in *In, check func(*In) error, prepare func(*In) (*table, *searchPlan, error)) (*Out, *page, error) {
	c, err := db.begin(ctx, op, in)
	if err != nil {
		return nil, nil, err
	}
	if err := check(in); err != nil {
		return nil, nil, err
	}
	t, plan, err := prepare(in)
	if err != nil {
		return nil, nil, err
	}
	pg, err := db.searchPage(c, plan)
	if err != nil {
		return nil, nil, err
	}
	out := Out(dynamodb.QueryOutput{
		Count:            pg.count,
		ScannedCount:     pg.scanned,
		LastEvaluatedKey: pg.last,
		ConsumedCapacity: t.consumed(plan.capacity, pg.used),
	})
	return &out, pg, nil
}

// pageItems returns the output of a Query or Scan (query, scan) with its
// page's items decoded into its Items, and recycles the page: what Query
// and Scan return.
func pageItems[Out searchOutput](out *Out, pg *page, err error) (*Out, error) {
	if err != nil {
		return nil, err
	}
	defer pg.release()
	o := dynamodb.QueryOutput(*out)
	if o.Items, err = decodeItems(pg.items); err != nil {
		return nil, err
	}
	*out = Out(o)
	return out, nil
}

// pageEncoded returns the output of a Query or Scan (query, scan) with its
// page's items in their storage encoding, copied out of the page's row
// buffers into one of their size, and recycles the page: what
// QueryEncoded and ScanEncoded return.
func pageEncoded[Out searchOutput](out *Out, pg *page, err error) (*Out, [][]byte, error) {
	if err != nil {
		return nil, nil, err
	}
	defer pg.release()
	return out, itemsCopied(pg.items), nil
}

// pageJSON returns the output of a Query or Scan (query, scan) with its
// page's items as their DynamoDB JSON, and recycles the page: what
// QueryJSON and ScanJSON return.
func pageJSON[Out searchOutput](out *Out, pg *page, err error) (*Out, [][]byte, error) {
	if err != nil {
		return nil, nil, err
	}
	defer pg.release()
	items, err := itemsJSON(pg.items)
	if err != nil {
		return nil, nil, err
	}
	return out, items, nil
}
