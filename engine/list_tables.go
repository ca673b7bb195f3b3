package engine

import (
	"context"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/ddbkit/ddb/engine/apierr"
)

// maxListTables is the largest (and default) ListTables page.
const maxListTables = 100

// ListTables returns the names of the tables in name order, a page at a time.
func (db *DB) ListTables(ctx context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	limit := maxListTables
	if in.Limit != nil {
		n := int(*in.Limit)
		if n < 1 {
			return nil, apierr.Validationf("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", n)
		}
		if n > maxListTables {
			return nil, apierr.Validationf("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %s", n, strconv.Itoa(maxListTables))
		}
		limit = n
	}
	if in.ExclusiveStartTableName != nil {
		if err := validateTableName(*in.ExclusiveStartTableName); err != nil {
			return nil, err
		}
	}
	db.mu.RLock()
	names := make([]string, 0, len(db.tables)+len(db.deleting))
	for name := range db.tables {
		names = append(names, name)
	}
	for name := range db.deleting {
		names = append(names, name)
	}
	db.mu.RUnlock()
	slices.Sort(names)
	names = slices.Compact(names)
	if in.ExclusiveStartTableName != nil {
		start, _ := slices.BinarySearch(names, *in.ExclusiveStartTableName+"\x00")
		names = names[start:]
	}
	out := &dynamodb.ListTablesOutput{TableNames: names}
	if len(names) > limit {
		out.TableNames = names[:limit]
		out.LastEvaluatedTableName = ptr(names[limit-1])
	}
	return out, nil
}
