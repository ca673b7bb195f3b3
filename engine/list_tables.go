package engine

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// maxListTables is the largest (and default) ListTables page.
const maxListTables = 100

// ListTables returns the names of the tables in name order, a page at a time.
func (db *DB) ListTables(ctx context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "ListTables", in); err != nil {
		return nil, err
	}
	if err := checkListTablesInput(in); err != nil {
		return nil, err
	}
	limit := maxListTables
	if in.Limit != nil {
		limit = int(*in.Limit)
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
