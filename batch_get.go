package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// batchGetSize is DynamoDB's limit of keys per BatchGetItem request.
const batchGetSize = 100

// BatchGet reads the items with the given keys, in requests of up to 100
// keys, retrying the keys DynamoDB leaves unprocessed with exponential
// backoff (see ErrUnprocessed). It returns the items found, in no
// particular order; keys without an item have none, and a key given twice
// is read once. On error it returns the items read so far; once ctx ends,
// it sends no further request and returns its error. Options: Consistent,
// Project and ConsumedCapacity.
func (t *Table[T]) BatchGet(ctx context.Context, keys []ItemKey, opts ...BatchGetOption) ([]T, error) {
	p := applyAll(opts, BatchGetOption.applyBatchGet)
	encoded, err := t.uniqueKeys(keys)
	if err == nil {
		err = p.check()
	}
	if err != nil {
		return nil, t.fail("BatchGetItem", err)
	}
	request := types.KeysAndAttributes{ConsistentRead: consistentRead(p.consistent)}
	if request.ProjectionExpression, request.ExpressionAttributeNames, err = compileProjection(t.schema.readProjection(p.projection)); err != nil {
		return nil, t.fail("BatchGetItem", err)
	}
	var d itemReader[T]
	items := make([]T, 0, len(encoded))
	for from := 0; from < len(encoded); from += batchGetSize {
		if from > 0 {
			if err := ctx.Err(); err != nil {
				return items, t.fail("BatchGetItem", err)
			}
		}
		pending := encoded[from:min(from+batchGetSize, len(encoded))]
		retry := backoff{policy: t.db.retry}
		for len(pending) > 0 {
			request.Keys = pending
			out, err := t.db.api.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
				RequestItems:           map[string]types.KeysAndAttributes{t.schema.name: request},
				ReturnConsumedCapacity: p.capacity.mode(),
			})
			if err != nil {
				return items, wrapError("BatchGetItem", t.schema.name, err)
			}
			p.capacity.add(false, out.ConsumedCapacity...)
			for _, raw := range out.Responses[t.schema.name] {
				raw, err := t.schema.admit(raw)
				if err != nil && !p.reportOther {
					continue
				}
				if err != nil {
					return items, t.fail("BatchGetItem", err)
				}
				item, err := d.decode(raw)
				if err != nil {
					return items, t.fail("BatchGetItem", err)
				}
				items = append(items, item)
			}
			left := out.UnprocessedKeys[t.schema.name].Keys
			if len(left) > 0 {
				if err := retry.wait(ctx, len(left), len(left) < len(pending)); err != nil {
					return items, t.fail("BatchGetItem", err)
				}
			}
			pending = left
		}
	}
	return items, nil
}

// uniqueKeys encodes keys, dropping repeated ones.
func (t *Table[T]) uniqueKeys(keys []ItemKey) ([]Item, error) {
	out := make([]Item, 0, len(keys))
	seen := make(map[string]bool, len(keys))
	for _, key := range keys {
		k, err := t.schema.key(key)
		if err != nil {
			return nil, err
		}
		if id := t.schema.keyText(k); !seen[id] {
			seen[id] = true
			out = append(out, k)
		}
	}
	return out, nil
}
