package ddb

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Get reads the item with the given key. It returns an error matching
// ErrNotFound when there is none. Options: Consistent, Project,
// HideExpired, ShowExpired and ConsumedCapacity.
func (t *Table[T]) Get(ctx context.Context, key ItemKey, opts ...GetOption) (T, error) {
	var zero T
	p := applyAll(opts, GetOption.applyGet)
	k, err := t.schema.key(key)
	if err == nil {
		err = p.check()
	}
	if err != nil {
		return zero, t.fail("GetItem", err)
	}
	expiry, paths, err := t.schema.expiryRead(&p, t.db.Now)
	if err != nil {
		return zero, t.fail("GetItem", err)
	}
	in := &dynamodb.GetItemInput{TableName: t.schema.tableName, Key: k, ConsistentRead: consistentRead(p.consistent), ReturnConsumedCapacity: p.capacity.mode()}
	if in.ProjectionExpression, in.ExpressionAttributeNames, err = compileProjection(t.schema.readProjection(paths)); err != nil {
		return zero, t.fail("GetItem", err)
	}
	if expiry == nil && t.readsJSON() {
		switch api := t.db.api.(type) {
		case dynamo.ItemEncodedReader:
			return t.getBody(ctx, api.GetItemEncoded, in, &p, true)
		case dynamo.ItemJSONReader:
			return t.getBody(ctx, api.GetItemJSON, in, &p, false)
		}
	}
	out, err := t.db.api.GetItem(ctx, in)
	if err != nil {
		return zero, wrapError("GetItem", t.schema.name, err)
	}
	p.capacity.addOne(false, out.ConsumedCapacity)
	raw, ok := expiry.admit(out.Item)
	if out.Item == nil || !ok {
		return zero, t.fail("GetItem", ErrNotFound)
	}
	raw, err = t.schema.admit(raw)
	if err != nil && !p.reportOther {
		err = ErrNotFound
	}
	if err != nil {
		return zero, t.fail("GetItem", err)
	}
	var d itemReader[T]
	item, err := d.decode(raw)
	if err != nil {
		return zero, t.fail("GetItem", err)
	}
	return item, nil
}

// getBody runs a Get through get, which returns the item's body rather
// than its attribute values: its stored encoding (stored) or its JSON.
func (t *Table[T]) getBody(ctx context.Context, get func(context.Context, *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error),
	in *dynamodb.GetItemInput, p *getParams, stored bool) (T, error) {
	var item T
	out, body, err := get(ctx, in)
	if err != nil {
		return item, wrapError("GetItem", t.schema.name, err)
	}
	p.capacity.addOne(false, out.ConsumedCapacity)
	if body == nil {
		return item, t.fail("GetItem", ErrNotFound)
	}
	var d itemReader[T]
	if item, err = d.readBody(body, stored); err != nil {
		return item, t.fail("GetItem", err)
	}
	return item, nil
}

// compileProjection renders the ProjectionExpression of paths with its
// names; both are nil when there are no paths.
func compileProjection(paths []string) (*string, map[string]string, error) {
	if len(paths) == 0 {
		return nil, nil, nil
	}
	b := newExprBuilder(nil)
	texts, err := b.build(projection(paths))
	if err != nil {
		return nil, nil, err
	}
	return aws.String(texts[0]), b.attributeNames(), nil
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
