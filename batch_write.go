package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// batchWriteSize is DynamoDB's limit of writes per BatchWriteItem request.
const batchWriteSize = 25

// BatchWriteOption configures BatchWrite.Run.
type BatchWriteOption interface{ applyBatchWrite(*batchWriteParams) }

// batchWriteParams are the settings of one batch write.
type batchWriteParams struct {
	capacity *capacitySink
}

// BatchWrite is a set of unconditional puts and deletes on one table, sent
// by Run. Batches are not transactions: each write succeeds or fails on its
// own, and there are no conditions (see WriteTx for both).
type BatchWrite[T any] struct {
	table   *Table[T]
	puts    []T
	deletes []ItemKey
}

// BatchWrite starts a batch of writes on the table.
//
//	err := orders.BatchWrite().Put(a, b, c).Delete(ddb.Key("ann", 1)).Run(ctx)
func (t *Table[T]) BatchWrite() *BatchWrite[T] { return &BatchWrite[T]{table: t} }

// Put adds items to write, each replacing any item with its key.
func (w *BatchWrite[T]) Put(items ...T) *BatchWrite[T] {
	w.puts = append(w.puts, items...)
	return w
}

// Delete adds keys of items to delete.
func (w *BatchWrite[T]) Delete(keys ...ItemKey) *BatchWrite[T] {
	w.deletes = append(w.deletes, keys...)
	return w
}

// Run sends the writes in requests of up to 25, retrying the writes
// DynamoDB leaves unprocessed with exponential backoff (see
// ErrUnprocessed). An item may be written only once per batch: a key put or
// deleted twice is an error, found before anything is sent. Once ctx ends,
// Run sends no further request and returns its error. A batch is not a
// transaction: when Run fails, the writes of the requests answered before
// stay made. Options: ConsumedCapacity.
func (w *BatchWrite[T]) Run(ctx context.Context, opts ...BatchWriteOption) error {
	var p batchWriteParams
	for _, opt := range opts {
		opt.applyBatchWrite(&p)
	}
	t := w.table
	requests, err := w.requests()
	if err == nil {
		err = checkCapacity(p.capacity)
	}
	if err != nil {
		return t.fail("BatchWriteItem", err)
	}
	for from := 0; from < len(requests); from += batchWriteSize {
		if from > 0 {
			if err := ctx.Err(); err != nil {
				return t.fail("BatchWriteItem", err)
			}
		}
		pending := requests[from:min(from+batchWriteSize, len(requests))]
		retry := backoff{policy: t.db.retry}
		for len(pending) > 0 {
			out, err := t.db.api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
				RequestItems:           map[string][]types.WriteRequest{t.schema.name: pending},
				ReturnConsumedCapacity: p.capacity.mode(),
			})
			if err != nil {
				return wrapError("BatchWriteItem", t.schema.name, err)
			}
			p.capacity.add(true, out.ConsumedCapacity...)
			left := out.UnprocessedItems[t.schema.name]
			if len(left) > 0 {
				if err := retry.wait(ctx, len(left), len(left) < len(pending)); err != nil {
					return t.fail("BatchWriteItem", err)
				}
			}
			pending = left
		}
	}
	return nil
}

// requests encodes the writes, rejecting a key written twice.
func (w *BatchWrite[T]) requests() ([]types.WriteRequest, error) {
	s := w.table.schema
	out := make([]types.WriteRequest, 0, len(w.puts)+len(w.deletes))
	seen := make(map[string]bool, cap(out))
	once := func(key Item) error {
		id := s.keyText(key)
		if seen[id] {
			return invalid("", "batch writes the item with key %s twice", id)
		}
		seen[id] = true
		return nil
	}
	for i := range w.puts {
		av, err := w.table.encode(&w.puts[i])
		if err != nil {
			return nil, err
		}
		if err := once(av); err != nil {
			return nil, err
		}
		out = append(out, types.WriteRequest{PutRequest: &types.PutRequest{Item: av}})
	}
	for _, key := range w.deletes {
		k, err := s.key(key)
		if err != nil {
			return nil, err
		}
		if err := once(k); err != nil {
			return nil, err
		}
		out = append(out, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}})
	}
	return out, nil
}
