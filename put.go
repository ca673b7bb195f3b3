package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Put writes item, replacing any item with the same key. Options: If,
// IfExists, IfNotExists (never overwrite), ReturnOld,
// ReturnOldOnConditionFailure and ConsumedCapacity.
func (t *Table[T]) Put(ctx context.Context, item T, opts ...PutOption) error {
	target := func() (Item, error) { return t.encode(&item) }
	return t.write(ctx, "PutItem", applyAll(opts, PutOption.applyPut), target, nil,
		func(ctx context.Context, av Item, w writeRequest) (Item, *types.ConsumedCapacity, error) {
			in := &dynamodb.PutItemInput{TableName: t.schema.tableName, Item: av, ReturnValues: w.ret, ReturnConsumedCapacity: w.capacity.mode()}
			w.setExpressions(&in.ConditionExpression, &in.ExpressionAttributeNames, &in.ExpressionAttributeValues, &in.ReturnValuesOnConditionCheckFailure)
			out, err := t.db.api.PutItem(ctx, in)
			if out == nil {
				return nil, nil, err
			}
			return out.Attributes, out.ConsumedCapacity, err
		})
}
