package ddb

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// writeRequest is what Put, Update and Delete share: the compiled condition
// (and update) with their placeholders, and the return-value settings.
type writeRequest struct {
	condition *string
	update    *string
	names     map[string]string
	values    map[string]types.AttributeValue
	ret       types.ReturnValue
	dst       any
}

// newWriteRequest compiles the condition of p and, when update is not nil,
// the update expression.
func newWriteRequest(s *Schema, p *writeParams, update exprPart) (*writeRequest, error) {
	b := newExprBuilder()
	texts, err := b.build(p.condition(s).part(), update)
	if err != nil {
		return nil, err
	}
	return &writeRequest{
		condition: optional(texts[0]),
		update:    optional(texts[1]),
		names:     b.attributeNames(),
		values:    b.attributeValues(),
		ret:       p.ret,
		dst:       p.dst,
	}, nil
}

// finish wraps a service error and decodes returned attributes into the
// destination of a Return option.
func (w *writeRequest) finish(op, table string, attrs Item, err error) error {
	if err != nil {
		return wrapError(op, table, err)
	}
	if w.dst == nil || len(attrs) == 0 {
		return nil
	}
	if err := decodeInto(attrs, w.dst); err != nil {
		return annotate("ddb: "+op+" "+table+": returned item", err)
	}
	return nil
}
