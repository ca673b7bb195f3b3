package ddb

import (
	"context"
	"reflect"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// batchWriteSize is DynamoDB's limit of writes per BatchWriteItem request.
const batchWriteSize = 25

// WriteBatch is a set of unconditional puts and deletes on one or more
// tables of one DB, sent by Run. Batches are not transactions: each write
// succeeds or fails on its own, and there are no conditions (see WriteTx
// for both). Build one with BatchWrite.
type WriteBatch struct {
	tables batchTables
	writes []batchWrite
	seen   map[string]bool // "table\x00key" of every item written
	err    error           // the first mistake in adding a write
}

// batchWrite is one write of a batch.
type batchWrite struct {
	table string
	req   types.WriteRequest
}

// BatchWrite starts a batch of writes on tables of db:
//
//	err := ddb.BatchWrite(db).
//		Put(orders, order1, order2).
//		Delete(customers, ddb.Key("bob")).
//		Run(ctx)
//
// Versioned items (a field tagged version) are stored with the next
// version, and timestamps set, as Put does with IgnoreVersion: a batch
// cannot check versions. The items a failed Run leaves unput are handed
// back by UnprocessedItems with the version they were given, to be
// written again as they were.
func BatchWrite(db *DB) *WriteBatch { return &WriteBatch{tables: batchTables{db: db}} }

// Put adds items to write to table, each replacing any item with its key.
// An item is a value of, or pointer to, the table's item type, or a slice
// of them.
func (b *WriteBatch) Put(table AnyTable, items ...any) *WriteBatch {
	for _, item := range items {
		v := reflect.ValueOf(item)
		if v.Kind() == reflect.Slice && !isItem(item) {
			for i := range v.Len() {
				b.put(table, v.Index(i).Interface())
			}
			continue
		}
		b.put(table, item)
	}
	return b
}

// isItem reports whether v is an Item, which is a map and no slice of
// items.
func isItem(v any) bool {
	_, ok := v.(Item)
	return ok
}

// put adds one item.
func (b *WriteBatch) put(table AnyTable, item any) {
	b.add(table, func() (types.WriteRequest, Item, error) {
		av, err := table.encodeAny(item)
		if err != nil {
			return types.WriteRequest{}, nil, err
		}
		var p writeParams
		roles, err := table.Schema().applyRoles(writeBatch, &p, av, nil, table.DB().Now)
		return types.WriteRequest{PutRequest: &types.PutRequest{Item: roles.target}}, av, err
	})
}

// Delete adds keys of items of table to delete.
func (b *WriteBatch) Delete(table AnyTable, keys ...ItemKey) *WriteBatch {
	for _, key := range keys {
		b.add(table, func() (types.WriteRequest, Item, error) {
			k, err := table.Schema().key(key)
			return types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}}, k, err
		})
	}
	return b
}

// add encodes one write (returning the write and its key attributes),
// rejecting an item written twice; the first mistake is kept for Run.
func (b *WriteBatch) add(table AnyTable, encode func() (types.WriteRequest, Item, error)) {
	if b.err != nil {
		return
	}
	if err := checkTable(table); err != nil {
		b.err = failed("BatchWriteItem", "", err)
		return
	}
	fail := func(err error) {
		b.err = failed("BatchWriteItem", table.Name(), err)
	}
	if err := b.tables.add(table); err != nil {
		fail(err)
		return
	}
	req, key, err := encode()
	if err != nil {
		fail(err)
		return
	}
	id := table.Schema().keyText(key)
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	if b.seen[table.Name()+"\x00"+id] {
		fail(invalid("", "batch writes the item with key %s twice", id))
		return
	}
	b.seen[table.Name()+"\x00"+id] = true
	b.writes = append(b.writes, batchWrite{table.Name(), req})
}

// Run sends the writes in requests of up to 25, several at once (see
// Concurrency), resending the writes DynamoDB leaves unprocessed with
// jittered exponential backoff. An item may be written only once per
// batch: a key put or deleted twice is an error, found before anything is
// sent. A batch is not a transaction: when Run fails, the writes of the
// requests answered stay made, and the error, an *UnprocessedError, holds
// every write not known to be made (see UnprocessedItems and
// UnprocessedKeys). Once ctx ends, Run starts no further request. Options:
// ConsumedCapacity and Concurrency.
func (b *WriteBatch) Run(ctx context.Context, opts ...BatchOption) error {
	p := applyAll(opts, BatchOption.applyBatch)
	if b.err != nil {
		return b.err
	}
	if err := p.check(); err != nil {
		return failed("BatchWriteItem", "", err)
	}
	db := b.tables.db
	chunks := (len(b.writes) + batchWriteSize - 1) / batchWriteSize
	left := &UnprocessedError{Op: "BatchWriteItem", Writes: map[string][]types.WriteRequest{}}
	var mu sync.Mutex
	keep := func(requests map[string][]types.WriteRequest) {
		mu.Lock()
		defer mu.Unlock()
		for name, reqs := range requests {
			left.Writes[name] = append(left.Writes[name], reqs...)
		}
	}
	chunk := func(i int) map[string][]types.WriteRequest {
		requests := map[string][]types.WriteRequest{}
		for _, w := range b.writes[i*batchWriteSize : min((i+1)*batchWriteSize, len(b.writes))] {
			requests[w.table] = append(requests[w.table], w.req)
		}
		return requests
	}
	send := func(ctx context.Context, pending map[string][]types.WriteRequest) (map[string][]types.WriteRequest, error) {
		out, err := db.api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems:           pending,
			ReturnConsumedCapacity: p.capacity.mode(),
		})
		if err != nil {
			return pending, wrapError("BatchWriteItem", onlyTable(pending), err)
		}
		p.capacity.add(true, out.ConsumedCapacity...)
		return out.UnprocessedItems, nil
	}
	err := runBatch(ctx, db, p, chunks, chunk, send, countWrites, keep)
	if err == nil {
		return nil
	}
	left.Err = err
	return left
}

// countWrites counts the writes of a request.
func countWrites(requests map[string][]types.WriteRequest) int {
	n := 0
	for _, reqs := range requests {
		n += len(reqs)
	}
	return n
}

// onlyTable returns the name of the one table of a batch request, "" when
// it has several.
func onlyTable[V any](requests map[string]V) string {
	if len(requests) != 1 {
		return ""
	}
	for name := range requests {
		return name
	}
	return ""
}

// TableWriteBatch is a batch of writes on one table, with the table's item
// type: a WriteBatch made by Table.BatchWrite.
type TableWriteBatch[T any] struct {
	table *Table[T]
	batch *WriteBatch
}

// BatchWrite starts a batch of writes on the table (see the BatchWrite
// function for batches across tables):
//
//	err := orders.BatchWrite().Put(a, b, c).Delete(ddb.Key("ann", 1)).Run(ctx)
func (t *Table[T]) BatchWrite() *TableWriteBatch[T] {
	return &TableWriteBatch[T]{t, BatchWrite(t.db)}
}

// Put adds items to write, each replacing any item with its key.
func (w *TableWriteBatch[T]) Put(items ...T) *TableWriteBatch[T] {
	for i := range items {
		w.batch.put(w.table, &items[i])
	}
	return w
}

// Delete adds keys of items to delete.
func (w *TableWriteBatch[T]) Delete(keys ...ItemKey) *TableWriteBatch[T] {
	w.batch.Delete(w.table, keys...)
	return w
}

// Run sends the writes, as WriteBatch.Run does.
func (w *TableWriteBatch[T]) Run(ctx context.Context, opts ...BatchOption) error {
	err := w.batch.Run(ctx, opts...)
	if v, ok := err.(*ValidationError); ok && v.Table == "" {
		v.Table = w.table.Name()
	}
	return err
}
