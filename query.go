package ddb

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/dynamo"
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
	r, keys := t.newSearch(ctx, "Query", applyAll(opts, QueryOption.applyQuery))
	if r.err == nil && key == nil {
		r.err = r.fail(invalid("key", "Query needs a key condition, such as ddb.Partition(value)"))
	}
	if r.err != nil {
		return r
	}
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
		fetch := pageFetch(t, r, in, queryPage, API.Query, dynamo.PageEncodedReader.QueryEncoded, dynamo.PageJSONReader.QueryJSON)
		return fetcher{fetch, in.FilterExpression != nil}, nil
	}
	return r
}

// queryPage makes req the request of a Query's page starting at start and
// evaluating at most limit items (0: no limit).
func queryPage(req *dynamodb.QueryInput, _ int, start position, limit int32) {
	req.ExclusiveStartKey, req.Limit = start.key, pageLimit(limit)
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
