package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine/attr"
)

// PutItem creates or replaces an item, optionally under a condition.
func (db *DB) PutItem(ctx context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	in, err := legacyPut(in)
	if err != nil {
		return nil, err
	}
	ret := returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}
	if err := ret.check(returnOld); err != nil {
		return nil, err
	}
	p, err := exprInput{in.ExpressionAttributeNames, in.ExpressionAttributeValues, []namedExpr{
		{"ConditionExpression", in.ConditionExpression, true},
	}}.params()
	if err != nil {
		return nil, err
	}
	cond, err := condition(p, in.ConditionExpression)
	if err != nil {
		return nil, err
	}
	if err := p.CheckUnused(); err != nil {
		return nil, err
	}
	t, err := db.lookup(in.TableName)
	if err != nil {
		return nil, err
	}
	if in.Item == nil {
		return nil, nullField("item")
	}
	item, err := attr.NormalizeItem(in.Item)
	if err != nil {
		return nil, err
	}
	if err := t.checkItem(item); err != nil {
		return nil, err
	}

	rowKey := t.rowKey(item)
	mu := db.locks.lock(rowKey)
	defer mu.Unlock()
	old, err := db.readItem(rowKey)
	if err != nil {
		return nil, err
	}
	if ok, err := holds(cond, old); err != nil {
		return nil, err
	} else if !ok {
		return nil, ret.conditionFailed(old)
	}
	used, err := db.writeItem(t, rowKey, old, item)
	if err != nil {
		return nil, err
	}
	metrics, err := db.itemCollectionMetrics(t, ret.collections, item)
	if err != nil {
		return nil, err
	}
	return &dynamodb.PutItemOutput{
		Attributes:            ret.attributes(old, item, nil),
		ConsumedCapacity:      t.consumed(ret.capacity, used),
		ItemCollectionMetrics: metrics,
	}, nil
}
