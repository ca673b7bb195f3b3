package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/expr"
)

// DeleteItem deletes an item, optionally under a condition. Deleting an
// item that does not exist succeeds (if the condition holds).
func (db *DB) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "DeleteItem", in)
	if err != nil {
		return nil, err
	}
	if err := checkDeleteItemInput(in); err != nil {
		return nil, err
	}
	w, err := db.prepareDelete(in, fromRequest)
	if err != nil {
		return nil, err
	}
	r, err := db.writeOne(c, w)
	if err != nil {
		return nil, err
	}
	return &dynamodb.DeleteItemOutput{Attributes: r.attributes, ConsumedCapacity: r.consumed, ItemCollectionMetrics: r.metrics}, nil
}

// deleteItem is the apply of a delete.
func deleteItem(map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	return nil, nil
}

// prepareDelete validates a DeleteItem request (or an item of
// BatchWriteItem or TransactWriteItems).
func (db *DB) prepareDelete(in *dynamodb.DeleteItemInput, from origin) (*itemWrite, error) {
	in, err := translate(in, &from, legacyDelete)
	if err != nil {
		return nil, err
	}
	ret := returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}
	if err := ret.check(returnOld); err != nil {
		return nil, err
	}
	return db.prepareKeyed(in.TableName, in.Key, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, ret, from, deleteItem)
}

// prepareKeyed validates a write addressed by key under an optional
// condition: a delete, or a ConditionCheck (apply nil).
func (db *DB) prepareKeyed(table *string, key map[string]types.AttributeValue, condExpr *string,
	names map[string]string, values map[string]types.AttributeValue, ret returnSettings, from origin,
	apply func(map[string]types.AttributeValue) (map[string]types.AttributeValue, error)) (*itemWrite, error) {
	var cond *expr.Condition
	t, err := db.compile(exprInput{names, values, []namedExpr{{"ConditionExpression", condExpr, true}}, from}, table,
		func(p *expr.Params) (err error) {
			cond, err = condition(p, condExpr)
			return err
		})
	if err != nil {
		return nil, err
	}
	if key, err = t.checkKey(key); err != nil {
		return nil, err
	}
	return &itemWrite{t: t, key: key, rowKey: t.rowKey(key), cond: cond, ret: ret, apply: apply}, nil
}
