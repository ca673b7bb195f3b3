package engine

import (
	"context"
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine/apierr"
	"github.com/ddbkit/ddb/engine/expr"
)

// errUpdateSize is the error of an update that makes an item too large.
var errUpdateSize = apierr.Validation("Item size to update has exceeded the maximum allowed size")

// UpdateItem edits an item's attributes with an update expression, creating
// the item if it does not exist, optionally under a condition.
func (db *DB) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	legacy := in.AttributeUpdates != nil
	in, err := legacyUpdate(in)
	if err != nil {
		return nil, err
	}
	ret := returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}
	if err := ret.check(returnAll); err != nil {
		return nil, err
	}
	p, err := exprInput{in.ExpressionAttributeNames, in.ExpressionAttributeValues, []namedExpr{
		{"UpdateExpression", in.UpdateExpression, true},
		{"ConditionExpression", in.ConditionExpression, true},
	}}.params()
	if err != nil {
		return nil, err
	}
	var upd *expr.Update
	if in.UpdateExpression != nil {
		if upd, err = p.Update(*in.UpdateExpression); err != nil {
			return nil, err
		}
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
	if upd != nil {
		for _, name := range upd.Attributes() {
			if t.isKey(name) {
				return nil, invalidParam("Cannot update attribute %s. This attribute is part of the key", name)
			}
		}
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
	item := old
	if item == nil {
		item = maps.Clone(key)
	}
	if upd != nil {
		if item, err = upd.Apply(item); err != nil {
			if legacy {
				err = legacyUpdateError(err)
			}
			return nil, err
		}
		if err := t.checkIndexKeys(item, errUpdateSize); err != nil {
			return nil, err
		}
	}
	used, err := db.writeItem(t, rowKey, old, item)
	if err != nil {
		return nil, err
	}
	metrics, err := db.itemCollectionMetrics(t, ret.collections, item)
	if err != nil {
		return nil, err
	}
	return &dynamodb.UpdateItemOutput{
		Attributes:            ret.attributes(old, item, upd),
		ConsumedCapacity:      t.consumed(ret.capacity, used),
		ItemCollectionMetrics: metrics,
	}, nil
}
