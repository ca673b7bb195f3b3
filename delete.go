package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Delete deletes the item with the given key; deleting a missing item
// succeeds. Options: If, IfExists (fail when missing), IfNotExists,
// ReturnOld, ReturnOldOnConditionFailure and ConsumedCapacity.
func (t *Table[T]) Delete(ctx context.Context, key ItemKey, opts ...DeleteOption) error {
	var p writeParams
	for _, opt := range opts {
		opt.applyDelete(&p)
	}
	k, err := t.schema.key(key)
	if err != nil {
		return t.fail("DeleteItem", err)
	}
	w, err := newWriteRequest(t.schema, &p, nil)
	if err != nil {
		return t.fail("DeleteItem", err)
	}
	out, err := t.db.api.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                           aws.String(t.schema.name),
		Key:                                 k,
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
	return w.finish("DeleteItem", t.schema.name, attrs, err)
}
