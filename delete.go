package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Delete deletes the item with the given key; deleting a missing item
// succeeds. Options: If, IfExists (fail when missing), IfNotExists,
// ReturnOld, ReturnOldOnConditionFailure and ConsumedCapacity.
func (t *Table[T]) Delete(ctx context.Context, key ItemKey, opts ...DeleteOption) error {
	target := func() (Item, error) { return t.schema.key(key) }
	return t.write(ctx, "DeleteItem", applyAll(opts, DeleteOption.applyDelete), target, nil,
		func(ctx context.Context, k Item, w writeRequest) (Item, *types.ConsumedCapacity, error) {
			in := &dynamodb.DeleteItemInput{TableName: t.schema.tableName, Key: k, ReturnValues: w.ret, ReturnConsumedCapacity: w.capacity.mode()}
			w.setExpressions(&in.ConditionExpression, &in.ExpressionAttributeNames, &in.ExpressionAttributeValues, &in.ReturnValuesOnConditionCheckFailure)
			out, err := t.db.api.DeleteItem(ctx, in)
			if out == nil {
				return nil, nil, err
			}
			return out.Attributes, out.ConsumedCapacity, err
		})
}
