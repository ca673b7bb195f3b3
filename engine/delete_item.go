package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// DeleteItem deletes an item, optionally under a condition. Deleting an
// item that does not exist succeeds (if the condition holds).
func (db *DB) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	in, err := legacyDelete(in)
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
	key, err := t.checkKey(in.Key)
	if err != nil {
		return nil, err
	}

	rowKey := t.rowKey(key)
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
	used := usage{table: writeUnits(0)}
	if old != nil {
		if used, err = db.writeItem(t, rowKey, old, nil); err != nil {
			return nil, err
		}
	}
	metrics, err := db.itemCollectionMetrics(t, ret.collections, key)
	if err != nil {
		return nil, err
	}
	return &dynamodb.DeleteItemOutput{
		Attributes:            ret.attributes(old, nil, nil),
		ConsumedCapacity:      t.consumed(ret.capacity, used),
		ItemCollectionMetrics: metrics,
	}, nil
}
