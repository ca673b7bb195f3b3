package engine

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// TestTransactTokenSurvivesRestart checks that a disk database keeps its
// ClientRequestTokens across a restart, as DynamoDB keeps them for 10
// minutes whatever happens to its hosts: a retry after the restart is not
// applied again, and a retry with other parameters is refused. The tokens
// still expire after 10 minutes by the engine's clock, their records with
// them.
func TestTransactTokenSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	open := func() *DB {
		t.Helper()
		db, err := Open(Options{Dir: dir, Now: frozen})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() }) // ErrClosed if closed already
		return db
	}
	db := open()
	simpleTable(t, db, "tok")
	in := &dynamodb.TransactWriteItemsInput{
		ClientRequestToken: aws.String("retry"),
		TransactItems: []types.TransactWriteItem{{Update: &types.Update{TableName: aws.String("tok"), Key: item{"id": av.S("c")},
			UpdateExpression: aws.String("ADD n :one"), ExpressionAttributeValues: item{":one": av.N("1")}}}},
	}
	write := func(db *DB, in *dynamodb.TransactWriteItemsInput) error {
		_, err := db.TransactWriteItems(ctx, in)
		return err
	}
	count := func(db *DB, want string) {
		t.Helper()
		if got := get(t, db, "tok", item{"id": av.S("c")})["n"]; !cmp.Equal(got, av.N(want), cmpAV) {
			t.Errorf("n = %v, want %s", got, want)
		}
	}
	if err := write(db, in); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = open()
	if err := write(db, in); err != nil {
		t.Fatalf("the retry after a restart: %v", err)
	}
	count(db, "1")
	other := *in
	other.TransactItems = []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String("tok"), Item: item{"id": av.S("d")}}}}
	if err := write(db, &other); !errors.As(err, new(*types.IdempotentParameterMismatchException)) {
		t.Errorf("the token reused with other parameters after a restart: %v, want IdempotentParameterMismatchException", err)
	}
	if err := db.Clock().Advance(10*time.Minute + time.Second); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Expired: the retry applies again, and the old record is deleted.
	db = open()
	if err := write(db, in); err != nil {
		t.Fatal(err)
	}
	count(db, "2")
	if n := tokenRecords(t, db); n != 1 {
		t.Errorf("%d token records, want 1 (the expired one deleted)", n)
	}
	if err := db.Clock().Advance(10*time.Minute + time.Second); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open()
	if n := tokenRecords(t, db); n != 0 {
		t.Errorf("%d token records after Open past their expiry, want 0", n)
	}
}

// tokenRecords counts the token records in db's storage.
func tokenRecords(t *testing.T, db *DB) int {
	t.Helper()
	n := 0
	if err := db.store.Scan(tokenPrefix, prefixEnd(tokenPrefix), false, func(_, _ []byte) bool { n++; return true }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTransactTokenKeepsNoRequest checks that a remembered token does not
// keep its request: 16 transactions of 3 MB with distinct tokens leave
// the heap a few kilobytes larger, not 48 MB.
func TestTransactTokenKeepsNoRequest(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "big")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 16 {
		in := &dynamodb.TransactWriteItemsInput{ClientRequestToken: aws.String("token-" + itoa(i))}
		for j := range 3 {
			big := strings.Repeat(string(rune('a'+j)), 1<<20-64) + itoa(i)
			in.TransactItems = append(in.TransactItems, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
				TableName: aws.String("big"), Key: item{"id": av.S(itoa(j))},
				ConditionExpression: aws.String("attribute_not_exists(v) OR v <> :big"), ExpressionAttributeValues: item{":big": av.S(big)},
			}})
		}
		if _, err := db.TransactWriteItems(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 8<<20 {
		t.Errorf("the heap grew by %d MB over 16 remembered tokens", grown>>20)
	}
}
