package ddb

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// batchGetSize is DynamoDB's limit of keys per BatchGetItem request.
const batchGetSize = 100

// GetBatch is a set of reads by key on one or more tables of one DB, sent
// by Run. Build one with BatchGet.
type GetBatch struct {
	tables batchTables
	reads  map[string]*batchRead // by table name
	keys   []batchKey
	err    error // the first mistake in adding a read
}

// batchRead is what a batch reads from one table and where it puts it.
type batchRead struct {
	schema      *Schema
	request     types.KeysAndAttributes // without the keys
	expiry      *expiryRead
	reportOther bool                           // ReportOtherTypes
	bodies      bool                           // the items can be decoded from their bodies (readsJSON)
	add         func(Item, []byte, bool) error // decodes an item and appends it to the destination
}

// batchKey is one key to read.
type batchKey struct {
	table string
	key   Item
}

// BatchGet starts a batch of reads by key on tables of db:
//
//	var orders []Order
//	var customers []Customer
//	err := ddb.BatchGet(db).
//		Get(ordersTable, []ddb.ItemKey{ddb.Key("ann", 1), ddb.Key("ann", 2)}, &orders).
//		Get(customersTable, []ddb.ItemKey{ddb.Key("ann")}, &customers, ddb.Project("name")).
//		Run(ctx)
func BatchGet(db *DB) *GetBatch { return &GetBatch{tables: batchTables{db: db}} }

// Get adds reads of the items of table with the given keys: Run appends
// the items found to dst, a *[]T for a table of T, in no particular order.
// Keys without an item have none, and a key given twice is read once. A
// table is read by one Get per batch. Options: Consistent, Project,
// HideExpired, ShowExpired and ReportOtherTypes (the batch reads every key
// and reports each item of another entity type as an *EntityTypeError,
// joined with errors.Join, and with the *UnprocessedError of keys left).
func (b *GetBatch) Get(table AnyTable, keys []ItemKey, dst any, opts ...BatchGetOption) *GetBatch {
	if b.err != nil {
		return b
	}
	if err := checkTable(table); err != nil {
		b.err = failed("BatchGetItem", "", err)
		return b
	}
	fail := func(err error) *GetBatch {
		b.err = failed("BatchGetItem", table.Name(), err)
		return b
	}
	p := applyAll(opts, BatchGetOption.applyBatchGet)
	switch {
	case b.reads[table.Name()] != nil:
		return fail(invalid("", "table %s is read twice in one batch; give all its keys to one Get", table.Name()))
	case p.capacity != nil:
		return fail(invalid("", "give ConsumedCapacity to Run, not to a Get"))
	}
	if err := b.tables.add(table); err != nil {
		return fail(err)
	}
	add, err := table.appender(dst)
	if err != nil {
		return fail(err)
	}
	expiry, paths, err := table.Schema().expiryRead(&p, table.DB().Now)
	if err != nil {
		return fail(err)
	}
	read := &batchRead{schema: table.Schema(), request: types.KeysAndAttributes{ConsistentRead: consistentRead(p.consistent)},
		expiry: expiry, reportOther: p.reportOther, bodies: expiry == nil && table.readsJSON(), add: add}
	if read.request.ProjectionExpression, read.request.ExpressionAttributeNames, err = compileProjection(table.Schema().readProjection(paths)); err != nil {
		return fail(err)
	}
	seen := make(map[string]bool, len(keys))
	for _, key := range keys {
		k, err := table.Schema().key(key)
		if err != nil {
			return fail(err)
		}
		if id := table.Schema().keyText(k); !seen[id] {
			seen[id] = true
			b.keys = append(b.keys, batchKey{table.Name(), k})
		}
	}
	if b.reads == nil {
		b.reads = map[string]*batchRead{}
	}
	b.reads[table.Name()] = read
	return b
}

// Run sends the reads in requests of up to 100 keys, several at once (see
// Concurrency), resending the keys DynamoDB leaves unprocessed with
// jittered exponential backoff, and appends the items found to the
// destinations of the Gets. On error the destinations hold the items read
// so far, and the error, an *UnprocessedError, holds the keys not read
// (see UnprocessedKeys). Once ctx ends, Run starts no further request.
// Options: ConsumedCapacity and Concurrency.
func (b *GetBatch) Run(ctx context.Context, opts ...BatchOption) error {
	if b.err != nil {
		return b.err
	}
	return b.run(ctx, applyAll(opts, BatchOption.applyBatch))
}

// run runs the batch with the settings p.
func (b *GetBatch) run(ctx context.Context, p batchParams) error {
	if err := p.check(); err != nil {
		return failed("BatchGetItem", onlyTable(b.reads), err)
	}
	db := b.tables.db
	chunks := (len(b.keys) + batchGetSize - 1) / batchGetSize
	left := &UnprocessedError{Op: "BatchGetItem", Keys: map[string][]Item{}}
	var others []error // the items of other entity types, under ReportOtherTypes
	var mu sync.Mutex  // guards left, others and the destinations
	keep := func(requests map[string]types.KeysAndAttributes) {
		mu.Lock()
		defer mu.Unlock()
		for name, r := range requests {
			left.Keys[name] = append(left.Keys[name], r.Keys...)
		}
	}
	deliver := func(responses map[string][]Item, bodies map[string][][]byte, stored bool) error {
		mu.Lock()
		defer mu.Unlock()
		for name, items := range responses {
			read := b.reads[name]
			for _, raw := range items {
				var other *EntityTypeError
				switch err := read.deliver(raw); {
				case errors.As(err, &other):
					others = append(others, failed("BatchGetItem", name, err))
				case err != nil:
					return failed("BatchGetItem", name, err)
				}
			}
		}
		for name, items := range bodies {
			read := b.reads[name]
			for _, item := range items {
				if err := read.add(nil, item, stored); err != nil {
					return failed("BatchGetItem", name, err)
				}
			}
		}
		return nil
	}
	chunk := func(i int) map[string]types.KeysAndAttributes {
		requests := map[string]types.KeysAndAttributes{}
		for _, k := range b.keys[i*batchGetSize : min((i+1)*batchGetSize, len(b.keys))] {
			r, ok := requests[k.table]
			if !ok {
				r = b.reads[k.table].request
			}
			r.Keys = append(r.Keys, k.key)
			requests[k.table] = r
		}
		return requests
	}
	storedAPI, jsonAPI := b.bodyReaders()
	send := func(ctx context.Context, pending map[string]types.KeysAndAttributes) (map[string]types.KeysAndAttributes, error) {
		in := &dynamodb.BatchGetItemInput{RequestItems: pending, ReturnConsumedCapacity: p.capacity.mode()}
		var out *dynamodb.BatchGetItemOutput
		var bodies map[string][][]byte
		var err error
		switch {
		case storedAPI != nil:
			out, bodies, err = storedAPI.BatchGetItemEncoded(ctx, in)
		case jsonAPI != nil:
			out, bodies, err = jsonAPI.BatchGetItemJSON(ctx, in)
		default:
			out, err = db.api.BatchGetItem(ctx, in)
		}
		if err != nil {
			return pending, wrapError("BatchGetItem", onlyTable(pending), err)
		}
		p.capacity.add(false, out.ConsumedCapacity...)
		return b.resend(out.UnprocessedKeys), deliver(out.Responses, bodies, storedAPI != nil)
	}
	if err := runBatch(ctx, db, p, chunks, chunk, send, countKeys, keep); err != nil {
		left.Err = err
		others = append([]error{left}, others...)
	}
	if len(others) == 1 {
		return others[0]
	}
	return errors.Join(others...)
}

// bodyReaders returns, when every read of the batch can decode its items
// from their bodies, the API's BatchEncodedReader, or else its
// BatchJSONReader; both nil otherwise.
func (b *GetBatch) bodyReaders() (dynamo.BatchEncodedReader, dynamo.BatchJSONReader) {
	for _, read := range b.reads {
		if !read.bodies {
			return nil, nil
		}
	}
	return batchBodyReaders(b.tables.db)
}

// batchBodyReaders returns db's API as a BatchEncodedReader, or else as a
// BatchJSONReader; both nil when it is neither.
func batchBodyReaders(db *DB) (dynamo.BatchEncodedReader, dynamo.BatchJSONReader) {
	if api, ok := db.api.(dynamo.BatchEncodedReader); ok {
		return api, nil
	}
	api, _ := db.api.(dynamo.BatchJSONReader)
	return nil, api
}

// deliver adds an item read to the destination, unless it has expired
// (under HideExpired) or is of another entity type (unless reported).
func (r *batchRead) deliver(raw Item) error {
	item, ok := r.expiry.admit(raw)
	if !ok {
		return nil
	}
	item, err := r.schema.admit(item)
	switch {
	case err != nil && !r.reportOther:
		return nil
	case err != nil:
		return err
	}
	return r.add(item, nil, false)
}

// resend returns the request for the keys a response left unprocessed,
// with the settings of their tables' reads.
func (b *GetBatch) resend(unprocessed map[string]types.KeysAndAttributes) map[string]types.KeysAndAttributes {
	if len(unprocessed) == 0 {
		return nil
	}
	requests := make(map[string]types.KeysAndAttributes, len(unprocessed))
	for name, r := range unprocessed {
		req := b.reads[name].request
		req.Keys = r.Keys
		requests[name] = req
	}
	return requests
}

// countKeys counts the keys of a request.
func countKeys(requests map[string]types.KeysAndAttributes) int {
	n := 0
	for _, r := range requests {
		n += len(r.Keys)
	}
	return n
}

// BatchGet reads the items with the given keys (see the BatchGet function
// for batches across tables), in requests of up to 100 keys, several at
// once, resending the keys DynamoDB leaves unprocessed with backoff. It
// returns the items found, in no particular order; keys without an item
// have none, and a key given twice is read once. On error it returns the
// items read so far, and an *UnprocessedError holding the keys not read;
// once ctx ends, it starts no further request. Options: Consistent,
// Project, HideExpired, ShowExpired, ReportOtherTypes (see GetBatch.Get),
// ConsumedCapacity and Concurrency.
func (t *Table[T]) BatchGet(ctx context.Context, keys []ItemKey, opts ...BatchGetOption) ([]T, error) {
	var run batchParams
	var perTable []BatchGetOption
	for _, opt := range opts {
		if o, ok := opt.(BatchOption); ok {
			o.applyBatch(&run)
		} else {
			perTable = append(perTable, opt)
		}
	}
	items := make([]T, 0, len(keys))
	b := BatchGet(t.db).Get(t, keys, &items, perTable...)
	if b.err != nil {
		return nil, b.err
	}
	err := b.run(ctx, run)
	return items, err
}
