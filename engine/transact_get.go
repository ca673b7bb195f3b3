package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// transactGet is one validated Get of TransactGetItems.
type transactGet struct {
	t      *table
	rowKey []byte
	proj   *expr.Projection
}

// TransactGetItems reads up to 100 items as one consistent snapshot: it
// holds the locks of every item while reading them, so no transaction or
// write is half seen.
func (db *DB) TransactGetItems(ctx context.Context, in *dynamodb.TransactGetItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	c, err := db.begin(ctx, "TransactGetItems", in)
	if err != nil {
		return nil, err
	}
	return db.transactGetItems(c, in)
}

// transactGetItems runs TransactGetItems under c (which ExecuteTransaction names).
func (db *DB) transactGetItems(c call, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, error) {
	if err := checkTransactGetItemsInput(in); err != nil {
		return nil, err
	}
	gets := make([]transactGet, len(in.TransactItems))
	reasons := make([]types.CancellationReason, len(in.TransactItems))
	invalid := false
	seen := map[string]bool{}
	for i, ti := range in.TransactItems {
		g, err := db.prepareGet(i, ti)
		if err != nil {
			if !itemInvalid(err) {
				return nil, err
			}
			reasons[i], invalid = validationReason(err), true
			continue
		}
		if seen[string(g.rowKey)] {
			return nil, errTransactSameKey
		}
		seen[string(g.rowKey)] = true
		gets[i] = g
	}
	if invalid {
		return nil, cancelled(reasons)
	}

	rowKeys := make([][]byte, len(gets))
	for i, g := range gets {
		rowKeys[i] = g.rowKey
	}
	h, err := db.locks.lockAll(c, rowKeys)
	if err != nil {
		return nil, err
	}
	items, err := db.readAll(c, gets)
	if err := db.finish(&h, &rowWrites{}, err); err != nil {
		return nil, err
	}

	out := &dynamodb.TransactGetItemsOutput{Responses: make([]types.ItemResponse, len(gets))}
	var used tableUsage
	for i, g := range gets {
		used.add(g.t, usage{table: readUnits(attr.ItemSize(items[i]), true)}, transactFactor)
		if items[i] != nil && g.proj != nil {
			items[i] = g.proj.Apply(items[i])
		}
		out.Responses[i].Item = items[i]
	}
	out.ConsumedCapacity = used.consumed(in.ReturnConsumedCapacity, readUnitsKind)
	return out, nil
}

// readAll reads the items of a transaction's gets, checking c's context
// after each.
func (db *DB) readAll(c call, gets []transactGet) ([]map[string]types.AttributeValue, error) {
	items := make([]map[string]types.AttributeValue, len(gets))
	for i, g := range gets {
		item, err := db.readItem(g.rowKey)
		if err == nil {
			err = c.check()
		}
		if err != nil {
			return nil, err
		}
		items[i] = item
	}
	return items, nil
}

// prepareGet validates Get i of a transaction.
func (db *DB) prepareGet(i int, ti types.TransactGetItem) (transactGet, error) {
	g := ti.Get // present: checked by checkTransactGetItemsInput
	p, err := exprInput{names: g.ExpressionAttributeNames, exprs: []namedExpr{
		{"ProjectionExpression", g.ProjectionExpression, false},
	}}.params()
	if err != nil {
		return transactGet{}, err
	}
	proj, err := projection(p, g.ProjectionExpression)
	if err != nil {
		return transactGet{}, err
	}
	if err := p.CheckUnused(); err != nil {
		return transactGet{}, err
	}
	t, err := db.lookup(g.TableName)
	if err != nil {
		return transactGet{}, err
	}
	key, err := t.checkKey(g.Key)
	if err != nil {
		return transactGet{}, err
	}
	return transactGet{t: t, rowKey: t.rowKey(key), proj: proj}, nil
}
