package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Put writes item, replacing any item with the same key. Options: If,
// IfExists, IfNotExists (never overwrite), ReturnOld,
// ReturnOldOnConditionFailure and ConsumedCapacity.
func (t *Table[T]) Put(ctx context.Context, item T, opts ...PutOption) error {
	var p writeParams
	for _, opt := range opts {
		opt.applyPut(&p)
	}
	av, err := t.encode(item)
	if err != nil {
		return t.fail("PutItem", err)
	}
	w, err := newWriteRequest(t.schema, &p, nil)
	if err != nil {
		return t.fail("PutItem", err)
	}
	out, err := t.db.api.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                           aws.String(t.schema.name),
		Item:                                av,
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
	return w.finish("PutItem", t.schema.name, attrs, err)
}
