package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Update applies u to the item with the given key, creating the item when it
// does not exist (unless IfExists). Options: If, IfExists, IfNotExists,
// ReturnOld, ReturnNew, ReturnUpdatedOld, ReturnUpdatedNew,
// ReturnOldOnConditionFailure and ConsumedCapacity.
func (t *Table[T]) Update(ctx context.Context, key ItemKey, u Update, opts ...UpdateOption) error {
	target := func() (Item, error) { return t.schema.key(key) }
	return t.write(ctx, "UpdateItem", applyAll(opts, UpdateOption.applyUpdate), target, u,
		func(ctx context.Context, k Item, w writeRequest) (Item, *types.ConsumedCapacity, error) {
			in := &dynamodb.UpdateItemInput{TableName: t.schema.tableName, Key: k, UpdateExpression: w.update, ReturnValues: w.ret, ReturnConsumedCapacity: w.capacity.mode()}
			w.setExpressions(&in.ConditionExpression, &in.ExpressionAttributeNames, &in.ExpressionAttributeValues, &in.ReturnValuesOnConditionCheckFailure)
			out, err := t.db.api.UpdateItem(ctx, in)
			if out == nil {
				return nil, nil, err
			}
			return out.Attributes, out.ConsumedCapacity, err
		})
}
