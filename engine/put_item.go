package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// PutItem creates or replaces an item, optionally under a condition.
func (db *DB) PutItem(ctx context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	c, err := db.begin(ctx, "PutItem", in)
	if err != nil {
		return nil, err
	}
	if err := checkPutItemInput(in); err != nil {
		return nil, err
	}
	w, err := db.preparePut(in, fromRequest)
	if err != nil {
		return nil, err
	}
	r, err := db.writeOne(c, w)
	if err != nil {
		return nil, err
	}
	return &dynamodb.PutItemOutput{Attributes: r.attributes, ConsumedCapacity: r.consumed, ItemCollectionMetrics: r.metrics}, nil
}

// preparePut validates a PutItem request (or an item of BatchWriteItem or
// TransactWriteItems).
func (db *DB) preparePut(in *dynamodb.PutItemInput, from origin) (*itemWrite, error) {
	in, err := translate(in, &from, legacyPut)
	if err != nil {
		return nil, err
	}
	ret := returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}
	if err := ret.check(returnOld); err != nil {
		return nil, err
	}
	p, err := exprInput{in.ExpressionAttributeNames, in.ExpressionAttributeValues, []namedExpr{
		{"ConditionExpression", in.ConditionExpression, true},
	}, from}.params()
	if err != nil {
		return nil, err
	}
	if in.Item == nil {
		return nil, nullField("item")
	}
	// The item's values and size are checked before its expressions and
	// table, as dynalite's validation (whose tests ran against DynamoDB)
	// does: its tests get these errors for tables that do not exist. Its
	// keys need the table's key schema.
	item, err := attr.NormalizeItem(in.Item)
	if err != nil {
		return nil, err
	}
	if err := checkItemSize(item, errItemSize); err != nil {
		return nil, err
	}
	var cond *expr.Condition
	t, err := db.compileWith(p, in.TableName, func(p *expr.Params) (err error) {
		cond, err = condition(p, in.ConditionExpression)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := t.checkKeys(item); err != nil {
		return nil, err
	}
	return &itemWrite{
		t: t, key: item, rowKey: t.rowKey(item), cond: cond, ret: ret,
		blind: cond == nil && ret.values != types.ReturnValueAllOld,
		apply: func(map[string]types.AttributeValue) (map[string]types.AttributeValue, error) { return item, nil },
	}, nil
}
