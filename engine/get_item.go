package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine/internal/expr"
)

// GetItem reads one item by its primary key. Every read is strongly
// consistent; an eventually consistent read is charged half, as in DynamoDB.
func (db *DB) GetItem(ctx context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	in = orEmpty(in)
	out, enc, err := db.GetItemEncoded(ctx, in)
	if err != nil || enc == nil {
		return out, err
	}
	if out.Item, err = decodeItem(enc); err != nil {
		return nil, err
	}
	return out, nil
}

// GetItemJSON is GetItem with the item as its DynamoDB JSON (an object of
// attribute values, as on the wire), nil when there is none; the output's
// Item is nil. It serves callers that want the wire form
// (dynamo.ItemJSONReader); the library's typed reads in-process prefer
// GetItemEncoded.
func (db *DB) GetItemJSON(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	in = orEmpty(in)
	out, enc, err := db.GetItemEncoded(ctx, in)
	if err != nil || enc == nil {
		return out, nil, err
	}
	js, err := appendJSON(make([]byte, 0, jsonSize(len(enc))), enc)
	if err != nil {
		return nil, nil, err
	}
	return out, js, nil
}

// GetItemEncoded is GetItem with the item (projected, if asked) left in the
// engine's storage encoding (internal/itemenc), nil when there is none; the
// output's Item is nil. The caller owns the encoding. It is the fast path
// of the engine's HTTP server (engine/server), which writes the encoding as
// JSON, and of the library's typed reads in-process
// (dynamo.ItemEncodedReader), which decode it into structs, neither
// building SDK values; other callers want GetItem.
func (db *DB) GetItemEncoded(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "GetItem", in); err != nil {
		return nil, nil, err
	}
	if err := checkGetItemInput(in); err != nil {
		return nil, nil, err
	}
	from := fromRequest
	in, err := translate(in, &from, legacyGet)
	if err != nil {
		return nil, nil, err
	}
	var proj *expr.Projection
	t, err := db.compile(exprInput{names: in.ExpressionAttributeNames, exprs: []namedExpr{
		{"ProjectionExpression", in.ProjectionExpression, false},
	}, from: from}, in.TableName, func(p *expr.Params) (err error) {
		proj, err = projection(p, in.ProjectionExpression)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	key, err := t.checkKey(in.Key)
	if err != nil {
		return nil, nil, err
	}
	enc, err := db.readEncoded(t.rowKey(key))
	if err != nil {
		return nil, nil, err
	}
	out := &dynamodb.GetItemOutput{}
	if reportsCapacity(in.ReturnConsumedCapacity) { // measuring the item is not free
		size := 0
		if enc != nil {
			if size, err = encodedSize(enc); err != nil {
				return nil, nil, err
			}
		}
		consistent := in.ConsistentRead != nil && *in.ConsistentRead
		out.ConsumedCapacity = t.consumed(in.ReturnConsumedCapacity, usage{table: readUnits(size, consistent)})
	}
	if enc != nil {
		if enc, err = newEncodedProjection(proj).apply(enc); err != nil {
			return nil, nil, err
		}
	}
	return out, enc, nil
}
