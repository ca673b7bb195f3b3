package ddb

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Query returns the items of one partition of the table, or of the index
// named with OnIndex, in sort key order, as selected by key (see
// Partition). Nothing is sent until a method of the returned Results runs
// it, under ctx. Options: OnIndex, Filter, Project, PageSize, Descending,
// Consistent, HideExpired, ShowExpired and ConsumedCapacity.
//
//	open, err := orders.Query(ctx, ddb.Partition("ann").SortGreaterThan(100),
//		ddb.Filter(ddb.Attr("status").Equal("open"))).Collect(10)
func (t *Table[T]) Query(ctx context.Context, key KeyCondition, opts ...QueryOption) *Results[T] {
	r := &Results[T]{ctx: ctx, op: "Query", table: t.schema.name, schema: t.schema, params: applyAll(opts, QueryOption.applyQuery)}
	r.params.entityRead(t.schema)
	keys, err := t.schema.readKeys(r.params.index)
	if err == nil {
		err = r.params.check(t.schema)
	}
	if err == nil {
		r.hideExpired, err = t.schema.hidesExpired(r.params.hideExpired)
	}
	if err != nil {
		r.err = r.fail(err)
		return r
	}
	r.cursor = keyCursor{t.schema, keys}
	keyCond := keyConditionPart{t.schema.entityKeyCondition(key.keyCondition(), keys), keys, t.schema}
	r.compile = func(count bool) (fetcher, error) {
		in := dynamodb.QueryInput{
			TableName:              t.schema.tableName,
			IndexName:              optional(r.params.index),
			ConsistentRead:         consistentRead(r.params.consistent),
			ReturnConsumedCapacity: r.params.capacity.mode(),
			Select:                 r.params.selectFor(count),
		}
		if r.params.descending {
			in.ScanIndexForward = aws.Bool(false)
		}
		var err error
		projection := r.params.projectionPart(count)
		filter := r.filter(t.schema, t.db)
		if filter.IsZero() && projection == nil {
			in.KeyConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, err = keyCond.alone()
		} else {
			b := newExprBuilder(t.schema)
			var texts []string
			texts, err = b.build(keyCond, filter, projection)
			if err == nil {
				in.KeyConditionExpression, in.FilterExpression, in.ProjectionExpression = aws.String(texts[0]), optional(texts[1]), optional(texts[2])
				in.ExpressionAttributeNames, in.ExpressionAttributeValues = b.attributeNames(), b.attributeValues()
			}
		}
		if err != nil {
			return fetcher{}, err
		}
		jsonAPI := t.pageJSON()
		fetch := func(ctx context.Context, _ int, start position, limit int32) (rawPage, error) {
			req := in
			req.ExclusiveStartKey = start.key
			if limit > 0 {
				req.Limit = aws.Int32(limit)
			}
			var out *dynamodb.QueryOutput
			var items [][]byte
			var err error
			if jsonAPI != nil {
				out, items, err = jsonAPI.QueryJSON(ctx, &req)
			} else {
				out, err = t.db.api.Query(ctx, &req)
			}
			if err != nil {
				return rawPage{}, wrapError("Query", t.schema.name, err)
			}
			r.params.capacity.addOne(false, out.ConsumedCapacity)
			return rawPage{out.Items, items, position{key: out.LastEvaluatedKey}, int(out.Count), int(out.ScannedCount)}, nil
		}
		return fetcher{fetch, in.FilterExpression != nil}, nil
	}
	return r
}

// readKeyNames are the key attributes of the table or index a Query or
// Scan reads: one partition key attribute and at most one sort key
// attribute, or up to four of each for an index's multi-attribute key.
type readKeyNames struct {
	index     string // "" for the table
	hash, rng []string
}

// readKeys returns the key attributes of the table (index "") or of the
// declared index.
func (s *Schema) readKeys(index string) (readKeyNames, error) {
	if index == "" {
		return readKeyNames{hash: s.keyNames[:1], rng: s.keyNames[1:]}, nil
	}
	for _, ix := range s.def.Indexes {
		if ix.Name == index {
			hash, rng := ix.KeyAttributes()
			return readKeyNames{index, hash, rng}, nil
		}
	}
	names := make([]string, len(s.def.Indexes))
	for i, ix := range s.def.Indexes {
		names[i] = ix.Name
	}
	return readKeyNames{}, invalid(index, "no index %s is declared (indexes: %v)", index, names)
}

// cursorKeys returns the attributes of a LastEvaluatedKey when reading the
// table or index with the given keys: the table's keys and the index's.
func (s *Schema) cursorKeys(keys readKeyNames) []string {
	var out []string
	for _, k := range slices.Concat(s.keyNames, keys.hash, keys.rng) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
