package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Update applies u to the item with the given key, creating the item when it
// does not exist (unless IfExists). Options: If, IfExists, IfNotExists,
// ReturnOld, ReturnNew, ReturnUpdatedOld, ReturnUpdatedNew,
// ReturnOldOnConditionFailure and ConsumedCapacity.
func (t *Table[T]) Update(ctx context.Context, key ItemKey, u Update, opts ...UpdateOption) error {
	var p writeParams
	for _, opt := range opts {
		opt.applyUpdate(&p)
	}
	k, err := t.schema.key(key)
	if err != nil {
		return t.fail("UpdateItem", err)
	}
	w, err := newWriteRequest(t.schema, &p, u)
	if err != nil {
		return t.fail("UpdateItem", err)
	}
	out, err := t.db.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                           aws.String(t.schema.name),
		Key:                                 k,
		UpdateExpression:                    w.update,
		ConditionExpression:                 w.condition,
		ExpressionAttributeNames:            w.names,
		ExpressionAttributeValues:           w.values,
		ReturnValues:                        w.ret,
		ReturnValuesOnConditionCheckFailure: w.returnOnFailure(),
		ReturnConsumedCapacity:              w.capacity.mode(),
	})
	var attrs Item
	if out != nil {
		attrs = out.Attributes
		w.capacity.addOne(true, out.ConsumedCapacity)
	}
	return w.finish("UpdateItem", t.schema.name, attrs, err)
}
