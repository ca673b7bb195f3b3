package engine

import (
	"context"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// errUpdateSize is the error of an update that makes an item too large. An
// update expression that writes too much before the item is read gets the
// same message from package expr, as another error value: a transaction
// tells the two apart by identity (see itemInvalid).
var errUpdateSize = apierr.Validation("Item size to update has exceeded the maximum allowed size")

// UpdateItem edits an item's attributes with an update expression, creating
// the item if it does not exist, optionally under a condition.
func (db *DB) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "UpdateItem", in)
	if err != nil {
		return nil, err
	}
	if err := checkUpdateItemInput(in); err != nil {
		return nil, err
	}
	w, err := db.prepareUpdate(in, fromRequest)
	if err != nil {
		return nil, err
	}
	r, err := db.writeOne(c, w)
	if err != nil {
		return nil, err
	}
	return &dynamodb.UpdateItemOutput{Attributes: r.attributes, ConsumedCapacity: r.consumed, ItemCollectionMetrics: r.metrics}, nil
}

// prepareUpdate validates an UpdateItem request (or an action of
// TransactWriteItems).
func (db *DB) prepareUpdate(in *dynamodb.UpdateItemInput, from origin) (*itemWrite, error) {
	legacy := in.AttributeUpdates != nil
	in, err := translate(in, &from, legacyUpdate)
	if err != nil {
		return nil, err
	}
	ret := returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}
	if err := ret.check(returnAll); err != nil {
		return nil, err
	}
	var upd *expr.Update
	var cond *expr.Condition
	t, err := db.compile(exprInput{in.ExpressionAttributeNames, in.ExpressionAttributeValues, []namedExpr{
		{"UpdateExpression", in.UpdateExpression, true},
		{"ConditionExpression", in.ConditionExpression, true},
	}, from}, in.TableName, func(p *expr.Params) (err error) {
		if in.UpdateExpression != nil {
			if upd, err = p.Update(*in.UpdateExpression); err != nil {
				return err
			}
		}
		cond, err = condition(p, in.ConditionExpression)
		return err
	})
	if err != nil {
		return nil, err
	}
	key, err := t.checkKey(in.Key)
	if err != nil {
		return nil, err
	}
	// An update of a key attribute fails once the condition holds (a
	// failed condition is reported first, as DynamoDB Local answers),
	// before the update is applied.
	var keyUpdate error
	if upd != nil {
		if i := slices.IndexFunc(upd.Attributes(), t.isKey); i >= 0 {
			keyUpdate = invalidParam("Cannot update attribute %s. This attribute is part of the key", upd.Attributes()[i])
		}
	}
	apply := func(old map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
		if keyUpdate != nil {
			return nil, keyUpdate
		}
		if old == nil {
			old = maps.Clone(key)
		}
		if upd == nil {
			return old, nil
		}
		item, err := upd.Apply(old)
		if err != nil {
			if legacy {
				err = legacyUpdateError(err)
			}
			return nil, err
		}
		if err := t.checkIndexKeys(item); err != nil {
			return nil, err
		}
		return item, checkItemSize(item, errUpdateSize)
	}
	return &itemWrite{t: t, key: key, rowKey: t.rowKey(key), cond: cond, ret: ret, upd: upd, apply: apply}, nil
}
