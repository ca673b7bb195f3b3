package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// GetItem reads one item by its primary key. Every read is strongly
// consistent; an eventually consistent read is charged half, as in DynamoDB.
func (db *DB) GetItem(ctx context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	if _, err := db.begin(ctx, "GetItem", in); err != nil {
		return nil, err
	}
	if err := checkGetItemInput(in); err != nil {
		return nil, err
	}
	in, err := legacyGet(in)
	if err != nil {
		return nil, err
	}
	var proj *expr.Projection
	t, err := db.compile(exprInput{names: in.ExpressionAttributeNames, exprs: []namedExpr{
		{"ProjectionExpression", in.ProjectionExpression, false},
	}}, in.TableName, func(p *expr.Params) (err error) {
		proj, err = projection(p, in.ProjectionExpression)
		return err
	})
	if err != nil {
		return nil, err
	}
	key, err := t.checkKey(in.Key)
	if err != nil {
		return nil, err
	}
	item, err := db.readItem(t.rowKey(key))
	if err != nil {
		return nil, err
	}
	out := &dynamodb.GetItemOutput{Item: item}
	if reportsCapacity(in.ReturnConsumedCapacity) { // measuring the item is not free
		size := 0
		if item != nil {
			size = attr.ItemSize(item)
		}
		consistent := in.ConsistentRead != nil && *in.ConsistentRead
		out.ConsumedCapacity = t.consumed(in.ReturnConsumedCapacity, usage{table: readUnits(size, consistent)})
	}
	if item != nil && proj != nil {
		out.Item = proj.Apply(item)
	}
	return out, nil
}
