package ddb

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// writeRequest is what Put, Update and Delete share: the write's settings
// and its compiled condition (and update) with their placeholders.
type writeRequest struct {
	*writeParams
	condition *string
	update    *string
	names     map[string]string
	values    map[string]types.AttributeValue
}

// newWriteRequest compiles the condition of p and, when update is not nil,
// the update expression.
func newWriteRequest(s *Schema, p *writeParams, update exprPart) (*writeRequest, error) {
	b := newExprBuilder()
	texts, err := b.build(p.condition(s), update)
	if err != nil {
		return nil, err
	}
	return &writeRequest{
		writeParams: p,
		condition:   optional(texts[0]),
		update:      optional(texts[1]),
		names:       b.attributeNames(),
		values:      b.attributeValues(),
	}, nil
}

// returnOnFailure is the ReturnValuesOnConditionCheckFailure setting.
func (w *writeRequest) returnOnFailure() types.ReturnValuesOnConditionCheckFailure {
	if w.failed == nil {
		return ""
	}
	return types.ReturnValuesOnConditionCheckFailureAllOld
}

// finish wraps a service error and decodes returned attributes into the
// destination of a Return option.
func (w *writeRequest) finish(op, table string, attrs Item, err error) error {
	var failure *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return decodeReturned(op, table, attrs, w.dst)
	case errors.As(err, &failure):
		if err := decodeReturned(op, table, failure.Item, w.failed); err != nil {
			return err
		}
	}
	return wrapError(op, table, err)
}

// decodeReturned decodes the attributes op returned into dst, when both are
// present.
func decodeReturned(op, table string, attrs Item, dst any) error {
	if dst == nil || len(attrs) == 0 {
		return nil
	}
	if err := decodeInto(attrs, dst); err != nil {
		return annotate("ddb: "+op+" "+table+": returned item", err)
	}
	return nil
}
