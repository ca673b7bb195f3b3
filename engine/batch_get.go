package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// BatchGetItem limits: keys per request, and response size.
const (
	maxBatchGets     = 100
	maxBatchGetBytes = 16 << 20
)

// batchTable is the validated request for one table of BatchGetItem.
type batchTable struct {
	name       string
	t          *table
	proj       *expr.Projection
	consistent bool
	keys       []map[string]types.AttributeValue // normalized
	req        types.KeysAndAttributes           // as requested, for UnprocessedKeys
}

// BatchGetItem reads up to 100 items by key across tables. Items come back
// in no particular order (here: the order of the tables' names, then of the
// keys). When the items read reach 16 MB, the keys not yet read are
// returned in UnprocessedKeys, in the shape of the request; so are the keys
// that fault rules (see Faults) leave unprocessed.
func (db *DB) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	in = orEmpty(in)
	out, encs, err := db.BatchGetItemEncoded(ctx, in)
	if err != nil {
		return nil, err
	}
	out.Responses = make(map[string][]map[string]types.AttributeValue, len(encs))
	for name, items := range encs {
		if out.Responses[name], err = decodeItems(items); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// BatchGetItemJSON is BatchGetItem with the items as their DynamoDB JSON
// (an object of attribute values, as on the wire), by table: every table
// requested has an entry, never nil; the output's Responses is nil. It
// serves callers that want the wire form (dynamo.BatchJSONReader); the
// library's typed batch reads in-process prefer BatchGetItemEncoded.
func (db *DB) BatchGetItemJSON(ctx context.Context, in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, map[string][][]byte, error) {
	in = orEmpty(in)
	out, encs, err := db.BatchGetItemEncoded(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	items := make(map[string][][]byte, len(encs))
	for name, l := range encs {
		if items[name], err = itemsJSON(l); err != nil {
			return nil, nil, err
		}
	}
	return out, items, nil
}

// BatchGetItemEncoded is BatchGetItem with the items (projected, if asked)
// left in the engine's storage encoding, by table: every table requested
// has an entry, never nil; the output's Responses is nil. It is the fast
// path of the engine's HTTP server (engine/server), which writes the
// encodings as JSON without building SDK values; other callers want
// BatchGetItem.
func (db *DB) BatchGetItemEncoded(ctx context.Context, in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, map[string][][]byte, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "BatchGetItem", in)
	if err != nil {
		return nil, nil, err
	}
	if err := checkBatchGetItemInput(in); err != nil {
		return nil, nil, err
	}
	total := 0
	for _, name := range sortedKeys(in.RequestItems) {
		if len(in.RequestItems[name].Keys) == 0 {
			return nil, nil, apierr.Validation("The list of keys in RequestItems for BatchGetItem is required: " + name + " has empty list")
		}
		total += len(in.RequestItems[name].Keys)
	}
	if total > maxBatchGets {
		return nil, nil, apierr.Validation("Too many items requested for the BatchGetItem call")
	}
	var attrsToGet, projection bool
	for _, ka := range in.RequestItems {
		attrsToGet = attrsToGet || ka.AttributesToGet != nil
		projection = projection || ka.ProjectionExpression != nil
	}
	// The forms may not be mixed across the tables of one request either.
	if err := checkMixing([]param{{"AttributesToGet", attrsToGet}}, []param{{"ProjectionExpression", projection}}); err != nil {
		return nil, nil, err
	}
	var tables []*batchTable
	for _, name := range sortedKeys(in.RequestItems) {
		bt, err := db.prepareBatchTable(name, in.RequestItems[name])
		if err != nil {
			return nil, nil, db.firstKeyError(in.RequestItems, err)
		}
		tables = append(tables, bt)
	}

	out := &dynamodb.BatchGetItemOutput{UnprocessedKeys: map[string]types.KeysAndAttributes{}}
	responses := make(map[string][][]byte, len(tables))
	var used tableUsage
	size, full := 0, false
	target := 0 // index of the key among all the request's keys
	for _, bt := range tables {
		items := [][]byte{}
		proj := newEncodedProjection(bt.proj)
		u := usage{}
		var left []map[string]types.AttributeValue // as requested
		for i, key := range bt.keys {
			skip := full || c.skipped(target)
			target++
			var item []byte
			n := 0
			if !skip {
				if err := c.check(); err != nil {
					return nil, nil, err
				}
				if item, err = db.readEncoded(bt.t.rowKey(key)); err != nil {
					return nil, nil, err
				}
				if item != nil {
					if n, err = encodedSize(item); err != nil {
						return nil, nil, err
					}
				}
				full = item != nil && size+n > maxBatchGetBytes
				skip = full
			}
			if skip {
				left = append(left, bt.req.Keys[i])
				continue
			}
			if item == nil {
				continue
			}
			size += n
			u.table += readUnits(n, bt.consistent)
			if item, err = proj.apply(item); err != nil {
				return nil, nil, err
			}
			items = append(items, item)
		}
		if left != nil {
			rest := bt.req
			rest.Keys = left
			out.UnprocessedKeys[bt.name] = rest
		}
		responses[bt.name] = items
		used.add(bt.t, u, 1)
	}
	out.ConsumedCapacity = used.consumed(in.ReturnConsumedCapacity, anyUnits)
	return out, responses, nil
}

// firstKeyError returns the error a BatchGetItem whose tables failed to
// validate with err reports. As DynamoDB Local does, it checks, across all
// the tables, every key's values and whether a key repeats an earlier one
// of its table attribute for attribute; then the legacy AttributesToGet
// (two equal names: dynalite's tests, run against DynamoDB, get this error
// for a table that does not exist); then every table and its keys against
// its schema; and only then the projection expressions. The first error in
// that order is reported instead of err. Only a request that fails pays
// for the second look.
func (db *DB) firstKeyError(requests map[string]types.KeysAndAttributes, err error) error {
	names := sortedKeys(requests)
	for _, name := range names {
		var seen []types.AttributeValue
		for _, k := range requests[name].Keys {
			key, invalid := attr.NormalizeItem(k)
			if invalid != nil {
				return invalid
			}
			m := &types.AttributeValueMemberM{Value: key}
			for _, earlier := range seen {
				if attr.Equal(earlier, m) {
					return errDuplicateKeys
				}
			}
			seen = append(seen, m)
		}
	}
	for _, name := range names {
		if _, legacy := legacyKeysAndAttributes(requests[name]); legacy != nil {
			return legacy
		}
	}
	for _, name := range names {
		t, missing := db.lookup(&name)
		if missing != nil {
			return missing
		}
		for _, k := range requests[name].Keys {
			if _, invalid := t.checkKey(k); invalid != nil {
				return invalid
			}
		}
	}
	return err
}

// prepareBatchTable validates the request for one table of BatchGetItem.
func (db *DB) prepareBatchTable(name string, req types.KeysAndAttributes) (*batchTable, error) {
	ka, err := legacyKeysAndAttributes(req)
	if err != nil {
		return nil, err
	}
	from := fromRequest
	if req.AttributesToGet != nil {
		from = fromLegacy
	}
	p, err := exprInput{names: ka.ExpressionAttributeNames, exprs: []namedExpr{
		{"ProjectionExpression", ka.ProjectionExpression, false},
	}, from: from}.params()
	if err != nil {
		return nil, err
	}
	proj, err := projection(p, ka.ProjectionExpression)
	if err != nil {
		return nil, err
	}
	if err := p.CheckUnused(); err != nil {
		return nil, err
	}
	t, err := db.lookup(&name)
	if err != nil {
		return nil, err
	}
	bt := &batchTable{name: name, t: t, proj: proj, consistent: ka.ConsistentRead != nil && *ka.ConsistentRead, req: req}
	seen := map[string]bool{}
	for _, k := range ka.Keys {
		key, err := t.checkKey(k)
		if err != nil {
			return nil, err
		}
		row := string(t.rowKey(key))
		if seen[row] {
			return nil, errDuplicateKeys
		}
		seen[row] = true
		bt.keys = append(bt.keys, key)
	}
	return bt, nil
}
