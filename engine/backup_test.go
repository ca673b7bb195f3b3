package engine

import (
	"fmt"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// backupARNPattern is the form of a backup's ARN on DynamoDB.
var backupARNPattern = regexp.MustCompile(`^arn:aws:dynamodb:ddblocal:000000000000:table/[a-zA-Z0-9_.-]+/backup/[0-9]{14}-[0-9a-f]{8}$`)

// TestBackupAndRestore backs up a table with indexes, changes the table,
// and restores the backup: the restored table holds the items as they were,
// with their index rows, whatever happened to the table since.
func TestBackupAndRestore(t *testing.T) {
	forEachStore(t, func(t *testing.T, opts Options) {
		db := openWith(t, opts)
		mustCreate(t, db, indexedTableInput("src"))
		before := []item{
			{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("l1"), "g": av.S("g1"), "a": av.S("x"), "b": av.N("7")},
			{"pk": av.S("a"), "sk": av.N("2"), "l": av.S("l2"), "b": av.B("\x01\x02")},
			{"pk": av.S("b"), "sk": av.N("1"), "g": av.S("g1"), "set": av.SS("p", "q")},
		}
		for _, it := range before {
			put(t, db, "src", it)
		}
		out, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("src"), BackupName: aws.String("first")})
		if err != nil {
			t.Fatal(err)
		}
		d := out.BackupDetails
		if d.BackupStatus != types.BackupStatusCreating || d.BackupType != types.BackupTypeUser || *d.BackupName != "first" ||
			!backupARNPattern.MatchString(*d.BackupArn) || *d.BackupSizeBytes == 0 || d.BackupExpiryDateTime != nil {
			t.Errorf("CreateBackup details = %+v", d)
		}
		arn := *d.BackupArn

		// The table changes; the backup does not.
		put(t, db, "src", item{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("g2")})
		put(t, db, "src", item{"pk": av.S("c"), "sk": av.N("9")})
		if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("src"), Key: item{"pk": av.S("b"), "sk": av.N("1")}}); err != nil {
			t.Fatal(err)
		}

		desc, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		bd := desc.BackupDescription
		if bd.BackupDetails.BackupStatus != types.BackupStatusAvailable || *bd.SourceTableDetails.ItemCount != 3 ||
			*bd.SourceTableDetails.TableName != "src" || bd.SourceTableDetails.BillingMode != types.BillingModePayPerRequest ||
			len(bd.SourceTableFeatureDetails.GlobalSecondaryIndexes) != 1 || len(bd.SourceTableFeatureDetails.LocalSecondaryIndexes) != 1 ||
			!bd.BackupDetails.BackupCreationDateTime.Equal(*d.BackupCreationDateTime) {
			t.Errorf("DescribeBackup = %+v %+v %+v", bd.BackupDetails, bd.SourceTableDetails, bd.SourceTableFeatureDetails)
		}

		restore, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("copy")})
		if err != nil {
			t.Fatal(err)
		}
		rd := restore.TableDescription
		if rd.TableStatus != types.TableStatusCreating || rd.RestoreSummary == nil || *rd.RestoreSummary.SourceBackupArn != arn ||
			!*rd.RestoreSummary.RestoreInProgress || *rd.RestoreSummary.SourceTableArn != arnPrefix+"src" || *rd.TableName != "copy" {
			t.Errorf("RestoreTableFromBackup = %+v, summary %+v", rd, rd.RestoreSummary)
		}
		active := waitActive(t, db, "copy")
		if active.RestoreSummary == nil || *active.RestoreSummary.RestoreInProgress || *active.ItemCount != 3 || *active.GlobalSecondaryIndexes[0].ItemCount != 2 ||
			*active.LocalSecondaryIndexes[0].ItemCount != 2 || *active.TableArn != arnPrefix+"copy" {
			t.Errorf("restored table = %+v", active)
		}
		if diff := cmp.Diff(itemLines(before...), tableItems(t, db, "copy")); diff != "" {
			t.Errorf("restored items (-want +got):\n%s", diff)
		}
		gsi := scanLines(t, db, &dynamodb.ScanInput{TableName: aws.String("copy"), IndexName: aws.String("gsi1")})
		want := itemLines(item{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("g1")}, item{"pk": av.S("b"), "sk": av.N("1"), "g": av.S("g1")})
		if diff := cmp.Diff(want, gsi); diff != "" {
			t.Errorf("restored global index (-want +got):\n%s", diff)
		}
		lsi := scanLines(t, db, &dynamodb.ScanInput{TableName: aws.String("copy"), IndexName: aws.String("lsi1")})
		want = itemLines(item{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("l1"), "a": av.S("x")}, item{"pk": av.S("a"), "sk": av.N("2"), "l": av.S("l2")})
		if diff := cmp.Diff(want, lsi); diff != "" {
			t.Errorf("restored local index (-want +got):\n%s", diff)
		}
		// The restored table is an ordinary table.
		put(t, db, "copy", item{"pk": av.S("z"), "sk": av.N("1")})
	})
}

// TestRestoreDeletedTable restores the backup of a table deleted since,
// under the table's own name.
func TestRestoreDeletedTable(t *testing.T) {
	forEachStore(t, func(t *testing.T, opts Options) {
		db := openWith(t, opts)
		simpleTable(t, db, "gone")
		items := numbered(600, "v")
		for _, it := range items {
			put(t, db, "gone", it)
		}
		arn := backupOf(t, db, "gone", "last")
		if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("gone")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(arn)}); err != nil {
			t.Fatalf("the backup of a deleted table: %v", err)
		}
		restoreBackup(t, db, arn, "gone")
		if diff := cmp.Diff(itemLines(items...), tableItems(t, db, "gone")); diff != "" {
			t.Errorf("restored items (-want +got):\n%s", diff)
		}
	})
}

// TestBackupSurvivesRestart checks that a disk database keeps its backups,
// and restores them, after a restart.
func TestBackupSurvivesRestart(t *testing.T) {
	opts := Options{Dir: t.TempDir()}
	db, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	simpleTable(t, db, "kept")
	items := numbered(50, "old")
	for _, it := range items {
		put(t, db, "kept", it)
	}
	arn := backupOf(t, db, "kept", "nightly")
	for _, it := range numbered(50, "new") {
		put(t, db, "kept", it)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openWith(t, opts)
	list, err := db.ListBackups(ctx, &dynamodb.ListBackupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.BackupSummaries) != 1 || *list.BackupSummaries[0].BackupArn != arn {
		t.Fatalf("ListBackups after restart = %+v", list.BackupSummaries)
	}
	restoreBackup(t, db, arn, "restored")
	if diff := cmp.Diff(itemLines(items...), tableItems(t, db, "restored")); diff != "" {
		t.Errorf("restored items (-want +got):\n%s", diff)
	}
	if _, err := db.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	if names, err := db.store.Checkpoints(); err != nil || len(names) != 0 {
		t.Errorf("checkpoints after DeleteBackup = %q, %v", names, err)
	}
}

// TestBackupDuringWrites takes a backup while writers run: each writer
// writes pairs of items in transactions, and new items one at a time. The
// backup holds both items of every pair at one version, and for each writer
// a prefix of its new items, at least those acknowledged before
// CreateBackup was called and none written after it returned.
func TestBackupDuringWrites(t *testing.T) {
	forEachStore(t, func(t *testing.T, opts Options) {
		db := openWith(t, opts)
		simpleTable(t, db, "busy")
		const writers = 4
		var acked, started [writers]atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := int64(1); ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					started[w].Store(i)
					v := av.N(fmt.Sprint(i))
					_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
						{Put: &types.Put{TableName: aws.String("busy"), Item: item{"id": av.S(fmt.Sprintf("w%d-a", w)), "v": v}}},
						{Put: &types.Put{TableName: aws.String("busy"), Item: item{"id": av.S(fmt.Sprintf("w%d-b", w)), "v": v}}},
						{Put: &types.Put{TableName: aws.String("busy"), Item: item{"id": av.S(fmt.Sprintf("w%d-n%06d", w, i))}}},
					}})
					if err != nil {
						t.Error(err)
						return
					}
					acked[w].Store(i)
				}
			})
		}
		for acked[0].Load() < 20 || acked[writers-1].Load() < 20 {
			time.Sleep(time.Millisecond)
		}
		var low, high [writers]int64
		for w := range writers {
			low[w] = acked[w].Load()
		}
		arn := backupOf(t, db, "busy", "during")
		for w := range writers {
			high[w] = started[w].Load()
		}
		close(stop)
		wg.Wait()
		restoreBackup(t, db, arn, "snapshot")
		for w := range writers {
			a := get(t, db, "snapshot", item{"id": av.S(fmt.Sprintf("w%d-a", w))})
			b := get(t, db, "snapshot", item{"id": av.S(fmt.Sprintf("w%d-b", w))})
			if (a == nil) != (b == nil) || !cmp.Equal(a["v"], b["v"], cmpAV) {
				t.Errorf("writer %d: the backup holds its pair at versions %v and %v", w, a["v"], b["v"])
			}
			var version int64 // 0: the writer's first pair is not in the backup
			if a != nil {
				fmt.Sscan(a["v"].(*types.AttributeValueMemberN).Value, &version)
			}
			if version < low[w] || version > high[w] {
				t.Errorf("writer %d: the backup holds version %d; %d was acknowledged before it and %d begun before it ended", w, version, low[w], high[w])
			}
			for i := int64(1); i <= high[w]; i++ {
				got := get(t, db, "snapshot", item{"id": av.S(fmt.Sprintf("w%d-n%06d", w, i))}) != nil
				if got != (i <= version) {
					t.Fatalf("writer %d: new item %d in the backup: %v, but the pair is at version %d", w, i, got, version)
				}
			}
		}
	})
}

// TestRestoreSummaryStays checks that a restored table keeps its
// RestoreSummary once ACTIVE, with RestoreInProgress false, and after a
// restart: the API Reference's RestoreSummary has RestoreInProgress
// ("Indicates if a restore is in progress or not", required) and
// DescribeTable shows it of every restored table. It disappeared when the
// restore completed.
func TestRestoreSummaryStays(t *testing.T) {
	db, clock := openClocked(t, Options{Dir: t.TempDir()})
	simpleTable(t, db, "src")
	put(t, db, "src", item{"id": av.S("a")})
	enablePITR(t, db, "src")
	arn := backupOf(t, db, "src", "bak")
	created := clock.now()
	restoreBackup(t, db, arn, "fromBackup")
	clock.advance(time.Minute)
	at := clock.now().Add(-time.Minute)
	restoreAt(t, db, "src", "fromTime", at)
	want := map[string]types.RestoreSummary{
		"fromBackup": {SourceBackupArn: aws.String(arn), SourceTableArn: aws.String(arnPrefix + "src"), RestoreDateTime: aws.Time(created), RestoreInProgress: aws.Bool(false)},
		"fromTime":   {SourceTableArn: aws.String(arnPrefix + "src"), RestoreDateTime: aws.Time(at), RestoreInProgress: aws.Bool(false)},
	}
	check := func(when string) {
		t.Helper()
		for name, w := range want {
			got := waitActive(t, db, name).RestoreSummary
			if got == nil || deref(got.SourceBackupArn) != deref(w.SourceBackupArn) || *got.SourceTableArn != *w.SourceTableArn ||
				!got.RestoreDateTime.Equal(*w.RestoreDateTime) || got.RestoreInProgress == nil || *got.RestoreInProgress {
				t.Errorf("%s: RestoreSummary of %s = %+v, want %+v", when, name, got, w)
			}
		}
	}
	check("once ACTIVE")
	opts := db.opts
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openWith(t, opts)
	check("after a restart")
}
