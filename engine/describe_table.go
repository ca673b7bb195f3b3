package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DescribeTable returns the description of a table, with its current status,
// item count and size (exact, where DynamoDB refreshes them every six hours).
func (db *DB) DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "DescribeTable", in); err != nil {
		return nil, err
	}
	name, err := checkTableNameInput(in.TableName)
	if err != nil {
		return nil, err
	}
	now := db.now()
	db.mu.RLock()
	defer db.mu.RUnlock()
	if t := db.tables[name]; t != nil {
		return &dynamodb.DescribeTableOutput{Table: db.describe(t, now)}, nil
	}
	if d := db.deleting[name]; d != nil && now.Before(d.goneAt) {
		return &dynamodb.DescribeTableOutput{Table: cloneDescription(d.desc)}, nil
	}
	return nil, tableNotFound(name)
}

// describe returns a fresh description of t as of now. Callers hold db.mu.
func (db *DB) describe(t *table, now time.Time) *types.TableDescription {
	d := cloneDescription(t.desc)
	d.TableStatus = types.TableStatusActive
	if t.creating(db.now) {
		d.TableStatus = types.TableStatusCreating
	}
	d.ItemCount = ptr(t.stats.items.Load())
	d.TableSizeBytes = ptr(t.stats.bytes.Load())
	resetDecreases(d.ProvisionedThroughput, now)
	for i := range d.GlobalSecondaryIndexes {
		resetDecreases(d.GlobalSecondaryIndexes[i].ProvisionedThroughput, now)
	}
	for _, ix := range t.indexList() {
		count, size := ptr(ix.stats.items.Load()), ptr(ix.stats.bytes.Load())
		for i := range d.LocalSecondaryIndexes {
			if l := &d.LocalSecondaryIndexes[i]; *l.IndexName == ix.name {
				l.ItemCount, l.IndexSizeBytes = count, size
			}
		}
		for i := range d.GlobalSecondaryIndexes {
			if g := &d.GlobalSecondaryIndexes[i]; *g.IndexName == ix.name {
				g.ItemCount, g.IndexSizeBytes = count, size
				g.IndexStatus, g.Backfilling = types.IndexStatusActive, nil
				switch {
				case d.TableStatus == types.TableStatusCreating:
					g.IndexStatus = types.IndexStatusCreating
				case ix.backfilling():
					g.IndexStatus, g.Backfilling = types.IndexStatusCreating, ptr(true)
				}
			}
		}
	}
	return d
}

// resetDecreases makes the NumberOfDecreasesToday of pt (nil for none)
// count the decreases of now's UTC day only, as DynamoDB reports it.
func resetDecreases(pt *types.ProvisionedThroughputDescription, now time.Time) {
	if pt != nil && pt.NumberOfDecreasesToday != nil {
		pt.NumberOfDecreasesToday = ptr(decreasesToday(pt, now))
	}
}
