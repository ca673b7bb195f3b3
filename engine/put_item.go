package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/attr"
)

// PutItem creates or replaces an item, optionally under a condition.
func (db *DB) PutItem(ctx context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	if err := checkPutItemInput(in); err != nil {
		return nil, err
	}
	w, err := db.preparePut(in)
	if err != nil {
		return nil, err
	}
	o, err := db.run(w)
	if err != nil {
		return nil, err
	}
	metrics, err := db.metrics(w)
	if err != nil {
		return nil, err
	}
	return &dynamodb.PutItemOutput{
		Attributes:            w.ret.attributes(o.old, o.item, nil),
		ConsumedCapacity:      w.t.consumed(w.ret.capacity, o.used),
		ItemCollectionMetrics: metrics,
	}, nil
}

// preparePut validates a PutItem request (or an item of BatchWriteItem or
// TransactWriteItems).
func (db *DB) preparePut(in *dynamodb.PutItemInput) (*itemWrite, error) {
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
	return &itemWrite{
		t: t, key: item, rowKey: t.rowKey(item), cond: cond, ret: ret,
		blind: cond == nil && ret.values != types.ReturnValueAllOld,
		apply: func(map[string]types.AttributeValue) (map[string]types.AttributeValue, error) { return item, nil },
	}, nil
}
