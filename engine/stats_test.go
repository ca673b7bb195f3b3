package engine

import (
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/av"
)

// Item counts survive a restart without a scan: they come from the stripe
// counters alone, so removing the counters (and only them) zeroes them.
func TestCountsPersistWithoutScan(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, indexedTableInput("counted"))
	for i := range 300 {
		mustPut(t, db, "counted", item{"pk": av.S(strconv.Itoa(i % 7)), "sk": av.N(strconv.Itoa(i)), "l": av.S("x"), "g": av.S(strconv.Itoa(i % 3))})
	}
	for i := range 100 {
		if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("counted"), Key: item{"pk": av.S(strconv.Itoa(i % 7)), "sk": av.N(strconv.Itoa(i))}}); err != nil {
			t.Fatal(err)
		}
	}
	describe := func(db *DB) [3]int64 {
		d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("counted")})
		if err != nil {
			t.Fatal(err)
		}
		return [3]int64{*d.Table.ItemCount, *d.Table.LocalSecondaryIndexes[0].ItemCount, *d.Table.GlobalSecondaryIndexes[0].ItemCount}
	}
	before := describe(db)
	if before != [3]int64{200, 200, 200} {
		t.Fatalf("counts %v, want 200 each", before)
	}
	db.Close()
	db, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if after := describe(db); after != before {
		t.Errorf("counts after reopening %v, want %v", after, before)
	}
	if err := db.dropRange(call{ctx: ctx, op: "test"}, statsPrefix, prefixEnd(statsPrefix)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := describe(db); got != [3]int64{} {
		t.Errorf("counts without counter records %v, want zero: Open must not scan", got)
	}
}
