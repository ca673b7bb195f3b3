package wire

import (
	"context"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// The client's item JSON forms of PutItem, GetItem, Query, Scan,
// BatchGetItem and TransactGetItems (dynamo.ItemJSONWriter,
// dynamo.ItemJSONReader, dynamo.PageJSONReader, dynamo.BatchJSONReader):
// the library's typed writes and reads hand over and take items as the
// JSON of the request and response bodies.

// putItemJSON is a PutItem input with its item as JSON.
type putItemJSON struct {
	in   *dynamodb.PutItemInput
	item []byte
}

// withJSON is an output with its items as JSON: one for a GetItem, the
// page's for a Query or Scan, the tables' for a BatchGetItem, one per Get
// for a TransactGetItems.
type withJSON[Out, Items any] struct {
	out   Out
	items Items
}

var (
	opPutItemJSON = newOperation(dynamoDB, "PutItem", writePutItemJSON, readPutItem,
		func(in *putItemJSON) (*string, []string) { return in.in.TableName, nil })
	opGetItemJSON = newOperation(dynamoDB, "GetItem", writeGetItem, readGetItemJSON, opGetItem.resources)
	opQueryJSON   = newOperation(dynamoDB, "Query", writeQuery, readQueryJSON, opQuery.resources)
	opScanJSON    = newOperation(dynamoDB, "Scan", writeScan, readScanJSON, opScan.resources)

	opBatchGetItemJSON     = newOperation(dynamoDB, "BatchGetItem", writeBatchGetItem, readBatchGetItemJSON, opBatchGetItem.resources)
	opTransactGetItemsJSON = newOperation(dynamoDB, "TransactGetItems", writeTransactGetItems, readTransactGetItemsJSON, opTransactGetItems.resources)
)

// PutItemJSON calls DynamoDB's PutItem with item, the JSON of the item,
// written into the request as it is; in.Item must be nil.
func (c *Client) PutItemJSON(ctx context.Context, in *dynamodb.PutItemInput, item []byte) (*dynamodb.PutItemOutput, error) {
	if in == nil {
		in = &dynamodb.PutItemInput{}
	}
	return invoke(ctx, &c.clientCore, c.settingsFor(nil), opPutItemJSON, &putItemJSON{in: in, item: item})
}

// GetItemJSON calls DynamoDB's GetItem and returns the item as the JSON of
// the response (nil when there is none) beside the other members.
func (c *Client) GetItemJSON(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	return invokeJSON(ctx, c, opGetItemJSON, in)
}

// QueryJSON calls DynamoDB's Query and returns the page's items as the
// JSON of the response (nil for a null item; the list is nil when the
// response has no Items) beside the other members.
func (c *Client) QueryJSON(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, [][]byte, error) {
	return invokeJSON(ctx, c, opQueryJSON, in)
}

// ScanJSON is QueryJSON for Scan.
func (c *Client) ScanJSON(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, [][]byte, error) {
	return invokeJSON(ctx, c, opScanJSON, in)
}

// BatchGetItemJSON calls DynamoDB's BatchGetItem and returns the items as
// the JSON of the response, by table as its Responses (nil for a null
// item), beside the other members.
func (c *Client) BatchGetItemJSON(ctx context.Context, in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, map[string][][]byte, error) {
	return invokeJSON(ctx, c, opBatchGetItemJSON, in)
}

// TransactGetItemsJSON calls DynamoDB's TransactGetItems and returns the
// items as the JSON of the response, one per response, nil where it has no
// item, beside the other members.
func (c *Client) TransactGetItemsJSON(ctx context.Context, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, [][]byte, error) {
	return invokeJSON(ctx, c, opTransactGetItemsJSON, in)
}

// invokeJSON runs an operation whose output carries items as JSON.
func invokeJSON[In, Out, Items any](ctx context.Context, c *Client, op *operation[In, withJSON[Out, Items]], in *In) (*Out, Items, error) {
	out, err := invoke(ctx, &c.clientCore, c.settingsFor(nil), op, in)
	if err != nil {
		var none Items
		return nil, none, err
	}
	return &out.out, out.items, nil
}

func writePutItemJSON(w *writer, in *putItemJSON) {
	writePutItem(w, in.in)
	w.key("Item")
	w.sep()
	w.buf = append(w.buf, in.item...)
}

func readGetItemJSON(r *reader, out *withJSON[dynamodb.GetItemOutput, []byte]) {
	readMembers(r, &out.out, func(k string) bool {
		if k != "Item" {
			return false
		}
		out.items = r.raw()
		return true
	})
}

func readQueryJSON(r *reader, out *withJSON[dynamodb.QueryOutput, [][]byte]) {
	o := &out.out
	readPage(r, o, func(n int) { out.items = r.rawItems(n) }, &o.LastEvaluatedKey, &o.Count, &o.ScannedCount)
}

func readScanJSON(r *reader, out *withJSON[dynamodb.ScanOutput, [][]byte]) {
	o := &out.out
	readPage(r, o, func(n int) { out.items = r.rawItems(n) }, &o.LastEvaluatedKey, &o.Count, &o.ScannedCount)
}

func readBatchGetItemJSON(r *reader, out *withJSON[dynamodb.BatchGetItemOutput, map[string][][]byte]) {
	readTableItems(r, &out.out, &out.items, func() [][]byte { return r.rawItems(0) })
}

func readTransactGetItemsJSON(r *reader, out *withJSON[dynamodb.TransactGetItemsOutput, [][]byte]) {
	readItemResponses(r, &out.out, &out.items, r.raw)
}

// raw reads an object (an item) and returns its JSON, which shares the
// body's bytes.
func (r *reader) raw() []byte {
	if r.Peek() != '{' {
		r.Mismatch("object")
		return nil
	}
	v := r.Raw()
	return unsafe.Slice(unsafe.StringData(v), len(v))
}

// rawItems reads a list of items as raw does each, nil for a null item;
// n is how many are expected, when known.
func (r *reader) rawItems(n int) [][]byte {
	r.Enter('[')
	l := make([][]byte, 0, min(max(n, 4), 1024))
	for first := true; r.More(']', first); first = false {
		if r.Null() {
			l = append(l, nil)
			continue
		}
		l = append(l, r.raw())
	}
	return l
}
