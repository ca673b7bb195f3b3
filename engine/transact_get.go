package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
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
	in = orEmpty(in)
	c, err := db.begin(ctx, "TransactGetItems", in)
	if err != nil {
		return nil, err
	}
	return db.transactGetItems(c, in, fromRequest)
}

// transactGetItems runs TransactGetItems under c (which ExecuteTransaction
// names) and decodes its items.
func (db *DB) transactGetItems(c call, in *dynamodb.TransactGetItemsInput, from origin) (*dynamodb.TransactGetItemsOutput, error) {
	out, encs, err := db.transactGetEncoded(c, in, from)
	if err != nil {
		return nil, err
	}
	out.Responses = make([]types.ItemResponse, len(encs))
	for i, enc := range encs {
		if enc == nil {
			continue
		}
		if out.Responses[i].Item, err = decodeItem(enc); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TransactGetItemsJSON is TransactGetItems with the items as their
// DynamoDB JSON (an object of attribute values, as on the wire), one per
// Get, nil for an item that does not exist; the output's Responses is nil.
// It serves callers that want the wire form (dynamo.BatchJSONReader); the
// library's typed transaction reads in-process prefer
// TransactGetItemsEncoded.
func (db *DB) TransactGetItemsJSON(ctx context.Context, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, [][]byte, error) {
	in = orEmpty(in)
	out, encs, err := db.TransactGetItemsEncoded(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	items, err := itemsJSON(encs)
	if err != nil {
		return nil, nil, err
	}
	return out, items, nil
}

// TransactGetItemsEncoded is TransactGetItems with the items (projected, if
// asked) left in the engine's storage encoding, one per Get, nil for an
// item that does not exist; the output's Responses is nil. It is the fast
// path of the engine's HTTP server (engine/server), which writes the
// encodings as JSON without building SDK values; other callers want
// TransactGetItems.
func (db *DB) TransactGetItemsEncoded(ctx context.Context, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, [][]byte, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "TransactGetItems", in)
	if err != nil {
		return nil, nil, err
	}
	return db.transactGetEncoded(c, in, fromRequest)
}

// transactGetEncoded runs TransactGetItems under c, its items encoded.
func (db *DB) transactGetEncoded(c call, in *dynamodb.TransactGetItemsInput, from origin) (*dynamodb.TransactGetItemsOutput, [][]byte, error) {
	if err := checkTransactGetItemsInput(in); err != nil {
		return nil, nil, err
	}
	gets := make([]transactGet, len(in.TransactItems))
	reasons := make([]types.CancellationReason, len(in.TransactItems))
	invalid := false
	seen := map[string]bool{}
	for i, ti := range in.TransactItems {
		g, err := db.prepareGet(i, ti, from)
		if err != nil {
			if !itemInvalid(err) {
				return nil, nil, err
			}
			reasons[i], invalid = validationReason(err), true
			continue
		}
		if seen[string(g.rowKey)] {
			return nil, nil, errTransactSameKey
		}
		seen[string(g.rowKey)] = true
		gets[i] = g
	}
	if invalid {
		return nil, nil, cancelled(reasons)
	}

	rowKeys := make([][]byte, len(gets))
	for i, g := range gets {
		rowKeys[i] = g.rowKey
	}
	h, err := db.locks.lockAll(c, rowKeys)
	if err != nil {
		return nil, nil, err
	}
	items, err := db.readAll(c, gets)
	if err := db.finish(&h, &rowWrites{}, err); err != nil {
		return nil, nil, err
	}

	out := &dynamodb.TransactGetItemsOutput{}
	var used tableUsage
	payload := 0
	for i, g := range gets {
		size := 0
		if items[i] != nil {
			if size, err = encodedSize(items[i]); err != nil {
				return nil, nil, err
			}
			projected := size
			if g.proj != nil {
				if items[i], err = newEncodedProjection(g.proj).apply(items[i]); err != nil {
					return nil, nil, err
				}
				if projected, err = encodedSize(items[i]); err != nil {
					return nil, nil, err
				}
			}
			if payload += projected; payload > maxTransactPayload {
				return nil, nil, errTransactGetPayload(payload)
			}
		}
		used.add(g.t, usage{table: readUnits(size, true)}, transactFactor)
	}
	out.ConsumedCapacity = used.consumed(in.ReturnConsumedCapacity, readUnitsKind)
	return out, items, nil
}

// errTransactGetPayload is the error of a transaction whose items, as
// returned (projected), add up to more than 4 MB by the time one of size
// total is read: AWS rejects the whole request ("The aggregate size of the
// items in the transaction exceeded 4 MB"); the message is DynamoDB
// Local's, AWS's own wording not being documented.
func errTransactGetPayload(total int) error {
	return apierr.Validationf("Payload in response is too large.%d", total)
}

// readAll reads the items of a transaction's gets, checking c's context
// after each.
func (db *DB) readAll(c call, gets []transactGet) ([][]byte, error) {
	items := make([][]byte, len(gets))
	for i, g := range gets {
		item, err := db.readEncoded(g.rowKey)
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
func (db *DB) prepareGet(i int, ti types.TransactGetItem, from origin) (transactGet, error) {
	g := ti.Get // present: checked by checkTransactGetItemsInput
	p, err := exprInput{names: g.ExpressionAttributeNames, exprs: []namedExpr{
		{"ProjectionExpression", g.ProjectionExpression, false},
	}, from: from}.params()
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
