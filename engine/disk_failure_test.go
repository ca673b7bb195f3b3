package engine

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/av"
)

// TestDiskRemovedDirectoryFailsWrites removes the directory of an open
// database, as an in-process (file://) user might: the next write must
// fail, saying why, instead of being acknowledged into files that are gone,
// Failed must report it, and Close must return.
func TestDiskRemovedDirectoryFailsWrites(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, indexedTableInput("gone"))
	put(t, db, "gone", item{"pk": av.S("a"), "sk": av.N("1")})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("gone"), Item: item{"pk": av.S("b"), "sk": av.N("2")}})
	if err == nil || !strings.Contains(err.Error(), "was removed") {
		t.Fatalf("PutItem after the directory was removed: %v, want an error saying the log was removed", err)
	}
	select {
	case <-db.Failed():
	case <-time.After(10 * time.Second):
		t.Fatal("Failed() not closed after the directory was removed")
	}
	if !errors.Is(db.Err(), storage.ErrFailed) {
		t.Errorf("Err() = %v, want storage's ErrFailed", db.Err())
	}
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	select {
	case err := <-closed:
		if !errors.Is(err, storage.ErrFailed) {
			t.Errorf("Close of the failed database: %v, want the failure", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10s")
	}
}
