package engine

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// TestDiskRestart checks that tables, items, index rows and counts survive
// closing and reopening an on-disk database.
func TestDiskRestart(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, indexedTableInput("kept"))
	mustCreate(t, db, indexedTableInput("dropped"))
	it := item{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("x"), "l": av.S("y"), "a": av.S("z")}
	put(t, db, "kept", it)
	put(t, db, "kept", item{"pk": av.S("b"), "sk": av.N("2")})
	if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("dropped")}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"kept"}, list.TableNames); diff != "" {
		t.Errorf("tables after restart (-want +got):\n%s", diff)
	}
	if got := get(t, db, "kept", item{"pk": av.S("a"), "sk": av.N("1")}); !cmp.Equal(got, it, cmpAV) {
		t.Errorf("item after restart = %v, want %v", got, it)
	}
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("kept")})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Table.ItemCount != 2 || *d.Table.GlobalSecondaryIndexes[0].ItemCount != 1 || *d.Table.TableSizeBytes == 0 {
		t.Errorf("after restart: %d items (%d bytes), gsi %d items; want 2, >0, 1",
			*d.Table.ItemCount, *d.Table.TableSizeBytes, *d.Table.GlobalSecondaryIndexes[0].ItemCount)
	}
	// New keyspaces do not collide with the old ones.
	mustCreate(t, db, indexedTableInput("fresh"))
	if got := get(t, db, "fresh", item{"pk": av.S("a"), "sk": av.N("1")}); got != nil {
		t.Errorf("new table sees an old item: %v", got)
	}
}

// TestDiskLocked checks that a directory in use by one DB cannot be opened
// by another until the first is closed, and that the error says so.
func TestDiskLocked(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open of a directory in use: %v, want ErrLocked", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	again.Close()
}
