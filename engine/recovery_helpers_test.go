package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/itemio"
)

// forEachStore runs test with the options of a memory database and of a
// disk database (opts.Dir set), each on its own.
func forEachStore(t *testing.T, test func(t *testing.T, opts Options)) {
	t.Run("memory", func(t *testing.T) { test(t, Options{}) })
	t.Run("disk", func(t *testing.T) { test(t, Options{Dir: t.TempDir()}) })
}

// openWith opens a database with opts, closed at the end of the test.
func openWith(t *testing.T, opts Options) *DB {
	t.Helper()
	db, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// eventually calls check until it reports done, and returns what it
// returned then; after 20 seconds it fails the test, saying what was
// awaited.
func eventually[T any](t *testing.T, what string, check func() (T, bool)) T {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		if v, done := check(); done {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
	}
}

// waitCheckpointsGone waits until the store holds no checkpoint: a job
// that is done deletes its checkpoint just after it records that it is
// done.
func waitCheckpointsGone(t *testing.T, db *DB) {
	t.Helper()
	eventually(t, "no checkpoint left", func() (int, bool) {
		names, err := db.store.Checkpoints()
		if err != nil {
			t.Fatal(err)
		}
		return len(names), len(names) == 0
	})
}

// waitActive waits until the named table is ACTIVE, and returns its
// description.
func waitActive(t *testing.T, db *DB, name string) *types.TableDescription {
	t.Helper()
	return eventually(t, "table "+name+" to be ACTIVE", func() (*types.TableDescription, bool) {
		out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Table, out.Table.TableStatus == types.TableStatusActive
	})
}

// openClocked opens a database with opts on a fake clock at 2026-03-01
// 12:00 UTC, with a directory standing in for S3 holding the given buckets
// (when there are any), closed at the end of the test.
func openClocked(t *testing.T, opts Options, buckets ...string) (*DB, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts.Now = clock.now
	if len(buckets) > 0 {
		opts.S3Dir = t.TempDir()
		for _, b := range buckets {
			if err := os.Mkdir(filepath.Join(opts.S3Dir, b), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	return openWith(t, opts), clock
}

// tableItems returns every item of a table as DynamoDB JSON lines, sorted,
// for readable comparisons.
func tableItems(t *testing.T, db *DB, name string) []string {
	t.Helper()
	return scanLines(t, db, &dynamodb.ScanInput{TableName: aws.String(name)})
}

// scanLines runs a Scan to its end and returns its items as sorted
// DynamoDB JSON lines.
func scanLines(t *testing.T, db *DB, in *dynamodb.ScanInput) []string {
	t.Helper()
	var lines []string
	for {
		out, err := db.Scan(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range out.Items {
			lines = append(lines, dynamoJSON(it))
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	slices.Sort(lines)
	return lines
}

// itemLines returns items as sorted DynamoDB JSON lines.
func itemLines(items ...item) []string {
	lines := []string{}
	for _, it := range items {
		lines = append(lines, dynamoJSON(it))
	}
	slices.Sort(lines)
	return lines
}

// dynamoJSON returns the DynamoDB JSON of an item.
func dynamoJSON(it item) string {
	b, err := itemio.AppendDynamoJSON(nil, it)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// orNone returns lines, or an empty list for nil, so that an empty table
// compares equal to no items.
func orNone(lines []string) []string {
	if lines == nil {
		return []string{}
	}
	return lines
}

// errCode returns the error code of an API error ("" for nil).
func errCode(err error) string {
	code, _, _ := strings.Cut(errText(err), ":")
	return code
}

// backupOf backs up a table and returns the backup's ARN.
func backupOf(t *testing.T, db *DB, table, name string) string {
	t.Helper()
	out, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String(table), BackupName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return *out.BackupDetails.BackupArn
}

// restoreBackup restores a backup into target and waits until it is ACTIVE.
func restoreBackup(t *testing.T, db *DB, arn, target string) {
	t.Helper()
	if _, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String(target)}); err != nil {
		t.Fatal(err)
	}
	waitActive(t, db, target)
}

// numbered returns n items of simpleTable's shape: id "k000", "k001"...
// with attribute v.
func numbered(n int, v string) []item {
	var items []item
	for i := range n {
		items = append(items, item{"id": &types.AttributeValueMemberS{Value: fmt.Sprintf("k%03d", i)}, "v": &types.AttributeValueMemberS{Value: v}})
	}
	return items
}
