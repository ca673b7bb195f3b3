package engine

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// Return-value settings each write operation accepts.
var (
	returnOld = []types.ReturnValue{types.ReturnValueNone, types.ReturnValueAllOld}
	returnAll = types.ReturnValue("").Values()
)

// returnSettings are a write request's Return* parameters.
type returnSettings struct {
	values      types.ReturnValue
	onFailure   types.ReturnValuesOnConditionCheckFailure
	capacity    types.ReturnConsumedCapacity
	collections types.ReturnItemCollectionMetrics
}

// check validates the settings; allowed lists the ReturnValues the
// operation supports.
func (r returnSettings) check(allowed []types.ReturnValue) error {
	var v violations
	enum(&v, "returnConsumedCapacity", r.capacity, enumReturnCapacity)
	v.returnOptions(r)
	if err := v.err(); err != nil {
		return err
	}
	if r.values != "" && !slices.Contains(allowed, r.values) {
		return apierr.Validation("Return values set to invalid value")
	}
	return nil
}

// conditionFailed is the error of a write whose condition does not hold;
// it carries the old item when the request asked for it.
func (r returnSettings) conditionFailed(old map[string]types.AttributeValue) error {
	e := &types.ConditionalCheckFailedException{Message: ptr("The conditional request failed")}
	if r.onFailure == types.ReturnValuesOnConditionCheckFailureAllOld && old != nil {
		e.Item = old
	}
	return e
}

// attributes returns the Attributes a write returns, given the item before
// and after it and the update expression (UpdateItem only).
func (r returnSettings) attributes(old, item map[string]types.AttributeValue, upd *expr.Update) map[string]types.AttributeValue {
	var out map[string]types.AttributeValue
	switch r.values {
	case types.ReturnValueAllOld:
		out = old
	case types.ReturnValueAllNew:
		out = item
	case types.ReturnValueUpdatedOld:
		if upd != nil && old != nil {
			out = upd.Updated(old)
		}
	case types.ReturnValueUpdatedNew:
		if upd != nil && item != nil {
			out = upd.Updated(item)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
