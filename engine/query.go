package engine

import (
	"bytes"
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// Query reads the items of one partition of a table or index whose sort key
// satisfies the key condition, in sort-key order (or reverse), a page at a
// time. It reads only the rows in the condition's key range.
func (db *DB) Query(ctx context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	in = orEmpty(in)
	return pageItems(db.query(ctx, in))
}

// QueryEncoded is Query with the page's items (filtered and projected) left in
// the engine's storage encoding: nil for Select COUNT, else never nil; the
// output's Items is nil. The caller owns the encodings. It is the fast path
// of the engine's HTTP server (engine/server), which writes the encodings
// as JSON, and of the library's typed queries in-process
// (dynamo.PageEncodedReader), which decode them into structs, neither
// building SDK values; other callers want Query.
func (db *DB) QueryEncoded(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, [][]byte, error) {
	in = orEmpty(in)
	return pageEncoded(db.query(ctx, in))
}

// QueryJSON is Query with the page's items as their DynamoDB JSON (an
// object of attribute values, as on the wire): nil for Select COUNT, else
// never nil; the output's Items is nil. It serves callers that want the
// wire form (dynamo.PageJSONReader); the library's typed queries
// in-process prefer QueryEncoded.
func (db *DB) QueryJSON(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, [][]byte, error) {
	in = orEmpty(in)
	return pageJSON(db.query(ctx, in))
}

// query runs a Query and returns its output but the items, and its page.
func (db *DB) query(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, *page, error) {
	return search[dynamodb.QueryOutput](db, ctx, "Query", in, checkQueryInput, func(in *dynamodb.QueryInput) (*table, *searchPlan, error) {
		return db.prepareQuery(in, fromRequest)
	})
}

// prepareQuery validates a Query request (or one of a SELECT statement's
// Queries, whose filter may name key attributes) and plans its page.
func (db *DB) prepareQuery(in *dynamodb.QueryInput, from origin) (*table, *searchPlan, error) {
	attrsToGet := in.AttributesToGet != nil
	in, err := translate(in, &from, func(in *dynamodb.QueryInput) (*dynamodb.QueryInput, error) {
		return legacyQuery(in, db.legacyKeyLimit(in))
	})
	if err != nil {
		return nil, nil, err
	}
	plan := &searchPlan{reverse: in.ScanIndexForward != nil && !*in.ScanIndexForward, limit: int(deref(in.Limit)), capacity: in.ReturnConsumedCapacity}
	opts := &searchOptions{index: in.IndexName, sel: in.Select, limit: in.Limit, consistent: in.ConsistentRead, attrsToGet: attrsToGet}
	var kc *expr.KeyCondition
	t, err := db.prepareSearch(searchRequest{
		exprs: exprInput{in.ExpressionAttributeNames, in.ExpressionAttributeValues, []namedExpr{
			{"FilterExpression", in.FilterExpression, true},
			{"KeyConditionExpression", in.KeyConditionExpression, true},
			{"ProjectionExpression", in.ProjectionExpression, false},
		}, from},
		table: in.TableName, filter: in.FilterExpression, projection: in.ProjectionExpression,
		keyCondition: func(p *expr.Params) (err error) {
			if in.KeyConditionExpression == nil {
				return apierr.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
			}
			kc, err = p.KeyCondition(*in.KeyConditionExpression)
			return err
		},
	}, plan, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := plan.keyRange(kc, from); err != nil {
		return nil, nil, err
	}
	if err := plan.startAfter(in.ExclusiveStartKey); err != nil {
		return nil, nil, err
	}
	if from != fromStatement {
		if err := plan.src.checkFilterKeys(plan.filter); err != nil {
			return nil, nil, err
		}
	}
	if err := plan.src.checkFilterProjected(plan.filter); err != nil {
		return nil, nil, err
	}
	if err := opts.selection(plan); err != nil {
		return nil, nil, err
	}
	return t, plan, nil
}

// legacyKeyLimit is the most KeyConditions a Query may give: two, or as
// many as the key attributes of the multi-attribute index it reads (AWS
// takes a condition on each of them).
func (db *DB) legacyKeyLimit(in *dynamodb.QueryInput) int {
	if len(in.KeyConditions) <= 2 || in.IndexName == nil {
		return 2
	}
	t, err := db.lookup(in.TableName)
	if err != nil {
		return 2
	}
	ix := t.index(*in.IndexName)
	if ix == nil {
		return 2
	}
	return max(2, len(ix.hash)+len(ix.rng))
}

// errKeyType is the error of a key condition value of the wrong type.
var errKeyType = invalidParam("Condition parameter type does not match schema type")

// keyRange matches a key condition against the source's key schema and sets
// the plan's range to the rows that satisfy it: one partition, and within
// it the rows whose sort key attributes equal the condition's prefix of
// equalities and satisfy its last condition. A request's sort key values
// are held to an item's limit on them; a statement's are not, as DynamoDB
// Local runs a SELECT comparing the sort key with a longer value.
func (p *searchPlan) keyRange(kc *expr.KeyCondition, from origin) error {
	hash, rng := p.src.keys()
	if err := kc.Match(keyNames(hash), keyNames(rng)); err != nil {
		return err
	}
	for i, v := range kc.Partition {
		if err := p.checkKeyValue(hash[i], v, 0); err != nil {
			return err
		}
	}
	sortLimit := maxSortKeySize
	if from == fromStatement {
		sortLimit = 0
	}
	for i, v := range kc.SortEqual {
		if err := p.checkKeyValue(rng[i], v, sortLimit); err != nil {
			return err
		}
	}
	for _, v := range kc.SortValues {
		if err := p.checkKeyValue(rng[len(kc.SortEqual)], v, sortLimit); err != nil {
			return err
		}
	}
	prefix := partitionPrefix(p.src.id(), kc.Partition...)
	for _, v := range kc.SortEqual {
		prefix = attr.AppendKey(prefix, v)
	}
	p.start, p.end = prefix, prefixEnd(prefix)
	if kc.SortName == "" {
		return nil
	}
	at := func(v types.AttributeValue) []byte { return attr.AppendKey(bytes.Clone(prefix), v) }
	v := kc.SortValues[0]
	switch kc.SortOp {
	case expr.SortEQ:
		p.start = at(v)
		p.end = prefixEnd(p.start)
	case expr.SortLT:
		p.end = at(v)
	case expr.SortLE:
		p.end = prefixEnd(at(v))
	case expr.SortGT:
		p.start = prefixEnd(at(v))
	case expr.SortGE:
		p.start = at(v)
	case expr.SortBetween:
		p.start = at(v)
		p.end = prefixEnd(at(kc.SortValues[1]))
	case expr.SortBeginsWith:
		p.start = at(v)
		if next := nextPrefix(v); next != nil {
			p.end = at(next)
		}
	}
	return nil
}

// checkKeyValue checks a value of key attribute k in a key condition: a sort
// key's value (of any type) within sortLimit bytes, unless that is 0, then
// its type, then that it is not an empty string or binary, as an item's key
// refuses it, naming the attribute as a key of the index read, if any, even
// a key the table shares. DynamoDB Local checks the attributes one after
// the other, the partition key first, and accepts a partition key's value
// of any size: its sortLimit is 0.
func (p *searchPlan) checkKeyValue(k keyAttr, v types.AttributeValue, sortLimit int) error {
	if sortLimit > 0 && attr.Size(v) > sortLimit {
		return errRangeKeySize
	}
	if scalarType(v) != k.typ {
		return errKeyType
	}
	kind := emptyKind(v)
	switch {
	case kind == "":
		return nil
	case p.src.ix == nil:
		return emptyKeyError(kind, k.name)
	}
	return emptyIndexKeyError(kind, p.src.ix.name, k.name)
}

// keyNames returns the names of key attributes.
func keyNames(ks []keyAttr) []string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.name
	}
	return names
}

// nextPrefix returns the smallest S or B value greater than every value
// beginning with v, or nil when there is none (v is all 0xff bytes).
func nextPrefix(v types.AttributeValue) types.AttributeValue {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		if next := prefixEnd([]byte(v.Value)); next != nil {
			return &types.AttributeValueMemberS{Value: string(next)}
		}
	case *types.AttributeValueMemberB:
		if next := prefixEnd(v.Value); next != nil {
			return &types.AttributeValueMemberB{Value: next}
		}
	}
	return nil
}

// errStartKeyRange is the error of an ExclusiveStartKey outside the key
// range of a Query.
var errStartKeyRange = apierr.Validation("The provided starting key does not match the range key predicate")

// startAfter narrows a Query's range to the rows after the row named by an
// ExclusiveStartKey, which must lie in the range.
func (p *searchPlan) startAfter(esk map[string]types.AttributeValue) error {
	row, err := p.src.startRow(esk)
	if err != nil || row == nil {
		return err
	}
	if bytes.Compare(row, p.start) < 0 || p.end != nil && bytes.Compare(row, p.end) >= 0 {
		return errStartKeyRange
	}
	if p.reverse {
		p.end = row
	} else {
		p.start = after(row)
	}
	return nil
}
