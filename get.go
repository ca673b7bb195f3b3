package ddb

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Get reads the item with the given key. It returns an error matching
// ErrNotFound when there is none. Options: Consistent, Project and
// ConsumedCapacity.
func (t *Table[T]) Get(ctx context.Context, key ItemKey, opts ...GetOption) (T, error) {
	var zero T
	var p getParams
	for _, opt := range opts {
		opt.applyGet(&p)
	}
	k, err := t.schema.key(key)
	if err != nil {
		return zero, t.fail("GetItem", err)
	}
	in := &dynamodb.GetItemInput{TableName: aws.String(t.schema.name), Key: k, ReturnConsumedCapacity: p.capacity.mode()}
	if p.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	if len(p.projection) > 0 {
		b := newExprBuilder()
		texts, err := b.build(projection(p.projection))
		if err != nil {
			return zero, t.fail("GetItem", err)
		}
		in.ProjectionExpression = aws.String(texts[0])
		in.ExpressionAttributeNames = b.attributeNames()
	}
	out, err := t.db.api.GetItem(ctx, in)
	if err != nil {
		return zero, wrapError("GetItem", t.schema.name, err)
	}
	p.capacity.addOne(false, out.ConsumedCapacity)
	if out.Item == nil {
		return zero, t.fail("GetItem", ErrNotFound)
	}
	var item T
	if err := decodeInto(out.Item, &item); err != nil {
		return zero, t.fail("GetItem", err)
	}
	return item, nil
}

// projection is a list of document paths, rendered as a
// ProjectionExpression.
type projection []string

func (projection) reserve(*exprBuilder) error { return nil }

func (p projection) render(b *exprBuilder) (string, error) {
	texts := make([]string, len(p))
	for i, path := range p {
		text, err := b.parsedPath(path)
		if err != nil {
			return "", err
		}
		texts[i] = text
	}
	return strings.Join(texts, ", "), nil
}
