package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// maxBatchWrites is the most writes one BatchWriteItem may carry.
const maxBatchWrites = 25

// errDuplicateKeys is the error of a batch naming one item twice.
var errDuplicateKeys = apierr.Validation("Provided list of item keys contains duplicates")

// BatchWriteItem puts or deletes up to 25 items across tables. Every write
// is validated, exactly as PutItem or DeleteItem would, before any is made;
// the writes are then stored together (runBatch), but the batch is not a
// transaction: it has no conditions and reports no cancellation.
// UnprocessedItems is empty, unless fault rules (see Faults) leave items
// unprocessed.
func (db *DB) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "BatchWriteItem", in)
	if err != nil {
		return nil, err
	}
	if err := checkBatchWriteItemInput(in); err != nil {
		return nil, err
	}
	total := 0
	for _, name := range sortedKeys(in.RequestItems) {
		if len(in.RequestItems[name]) == 0 {
			return nil, apierr.Validation("The batch write request list for a table cannot be null or empty: " + name)
		}
		total += len(in.RequestItems[name])
	}
	if total > maxBatchWrites {
		return nil, apierr.Validation("Too many items requested for the BatchWriteItem call")
	}

	var writes []*itemWrite
	unprocessed := map[string][]types.WriteRequest{}
	seen := map[string]bool{}
	i := 0
	for _, name := range sortedKeys(in.RequestItems) {
		for _, r := range in.RequestItems[name] {
			w, err := db.prepareBatchWrite(name, r)
			if err != nil {
				return nil, firstItemError(in.RequestItems, err)
			}
			if seen[string(w.rowKey)] {
				return nil, firstItemError(in.RequestItems, errDuplicateKeys)
			}
			seen[string(w.rowKey)] = true
			if c.skipped(i) {
				unprocessed[name] = append(unprocessed[name], r)
			} else {
				writes = append(writes, w)
			}
			i++
		}
	}

	outcomes, err := db.runBatch(c, writes)
	if err != nil {
		return nil, err
	}
	var used tableUsage
	var metrics map[string][]types.ItemCollectionMetrics
	for i, w := range writes {
		used.add(w.t, outcomes[i].used, 1)
		m, err := db.itemCollectionMetrics(w.t, in.ReturnItemCollectionMetrics, w.key)
		if err != nil {
			return nil, err
		}
		if m != nil {
			if metrics == nil {
				metrics = map[string][]types.ItemCollectionMetrics{}
			}
			metrics[w.t.name] = append(metrics[w.t.name], *m)
		}
	}
	return &dynamodb.BatchWriteItemOutput{
		UnprocessedItems:      unprocessed,
		ConsumedCapacity:      used.consumed(in.ReturnConsumedCapacity, anyUnits),
		ItemCollectionMetrics: metrics,
	}, nil
}

// firstItemError returns the error a batch that failed with err reports.
// DynamoDB Local checks the values of every put's item and delete's key,
// and the size of every item, as PutItem checks them before its table,
// ahead of any table, key schema or duplicate: the first invalid one, in
// the order the requests are checked, is reported instead of err, unless
// a request malformed before it is err itself. Only a batch that fails
// pays for the second look.
func firstItemError(requests map[string][]types.WriteRequest, err error) error {
	for _, name := range sortedKeys(requests) {
		for _, r := range requests[name] {
			switch {
			case checkWriteRequest(r) != nil:
				return err
			case r.DeleteRequest != nil:
				if _, invalid := attr.NormalizeItem(r.DeleteRequest.Key); invalid != nil {
					return invalid
				}
			default:
				item, invalid := attr.NormalizeItem(r.PutRequest.Item)
				if invalid == nil && attr.ItemSize(item) > attr.MaxItemSize {
					invalid = errItemSize
				}
				if invalid != nil {
					return invalid
				}
			}
		}
	}
	return err
}

// runBatch performs the writes of a BatchWriteItem under the locks of all
// their items, then stores them in one atomic storage write: on disk, one
// fsync for the whole batch instead of one per item. The writes name
// distinct items, so each is evaluated exactly as if it ran alone. A batch
// whose context ends before the commit writes none of its items and fails
// as a whole: DynamoDB may process any part of a batch, and processing none
// of it is the one outcome a caller never has to reconcile.
func (db *DB) runBatch(c call, writes []*itemWrite) ([]outcome, error) {
	rowKeys := make([][]byte, len(writes))
	for i, w := range writes {
		rowKeys[i] = w.rowKey
	}
	var rw rowWrites
	defer db.deliver(&rw)
	h, err := db.locks.lockAll(c, rowKeys)
	if err != nil {
		return nil, err
	}
	outcomes, err := db.evaluateAll(c, writes, &rw)
	if err == nil {
		err = db.commit(c, &rw)
	}
	if err := db.finish(&h, &rw, err); err != nil {
		return nil, err
	}
	return outcomes, nil
}

// evaluateAll evaluates the writes of a batch into rw, checking c's context
// before each.
func (db *DB) evaluateAll(c call, writes []*itemWrite, rw *rowWrites) ([]outcome, error) {
	outcomes := make([]outcome, len(writes))
	for i, w := range writes {
		if err := c.check(); err != nil {
			return nil, err
		}
		o, err := db.evaluate(w, rw)
		if err != nil {
			return nil, err
		}
		outcomes[i] = o
	}
	return outcomes, nil
}

// Errors of a malformed WriteRequest.
var (
	errWriteRequestKind = apierr.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
	errWriteRequestNull = apierr.Validation("The supplied Item contains a null AttributeValue")
)

// prepareBatchWrite validates one write of BatchWriteItem on the named
// table, as PutItem or DeleteItem.
func (db *DB) prepareBatchWrite(name string, r types.WriteRequest) (*itemWrite, error) {
	if err := checkWriteRequest(r); err != nil {
		return nil, err
	}
	if r.PutRequest == nil {
		return db.prepareDelete(&dynamodb.DeleteItemInput{TableName: &name, Key: r.DeleteRequest.Key}, fromRequest)
	}
	t, err := db.lookup(&name)
	if err != nil {
		return nil, err
	}
	if t.keyTypeMismatch(r.PutRequest.Item) {
		return nil, errKeyMismatch // where PutItem names the key and both types
	}
	return db.preparePut(&dynamodb.PutItemInput{TableName: &name, Item: r.PutRequest.Item}, fromRequest, nil)
}

// checkWriteRequest checks the shape of a write request: exactly one of
// PutRequest and DeleteRequest, with its item or key.
func checkWriteRequest(r types.WriteRequest) error {
	switch {
	case (r.PutRequest == nil) == (r.DeleteRequest == nil):
		return errWriteRequestKind
	case r.PutRequest != nil && r.PutRequest.Item == nil, r.DeleteRequest != nil && r.DeleteRequest.Key == nil:
		return errWriteRequestNull
	}
	return nil
}
