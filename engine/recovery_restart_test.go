package engine

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// holdSecondBatch takes the item-lock stripe of an item that the next
// table created will be loaded with in its second batch and not in its
// first, so that its loader writes one batch and then waits until the
// database closes. suffixes are the row keys, without keyspace, of the
// items in the order they are loaded.
func holdSecondBatch(t *testing.T, db *DB, suffixes [][]byte) {
	t.Helper()
	target := db.nextID // the id the next table will get
	first := map[int]bool{}
	for i, suffix := range suffixes {
		s := lockStripe(append(keyspace(target), suffix...))
		switch {
		case i < loadBatch:
			first[s] = true
		case !first[s]:
			db.locks.acquire(db.background(), s)
			return
		}
	}
	t.Fatal("no stripe of the second batch is free of the first")
}

// waitFirstBatch waits until the named table, being loaded, counts a batch
// of items.
func waitFirstBatch(t *testing.T, db *DB, name string) {
	t.Helper()
	db.mu.RLock()
	tab := db.tables[name]
	db.mu.RUnlock()
	eventually(t, "the first batch of "+name, func() (bool, bool) { return true, tab.stats.items.Load() == loadBatch })
}

// TestRestoreAndImportResumeAfterRestart closes a disk database while a
// restore, then an import, has written part of its table: the next Open
// resumes each, and it ends with exactly the items and counts it should
// have.
func TestRestoreAndImportResumeAfterRestart(t *testing.T) {
	db, _ := openClocked(t, Options{Dir: t.TempDir()}, "bkt")
	opts := db.opts
	simpleTable(t, db, "src")
	items := numbered(700, "v")
	for _, it := range items {
		put(t, db, "src", it)
	}
	arn := backupOf(t, db, "src", "before")
	var suffixes [][]byte
	span := tableSpan(db.tables["src"].id)
	db.store.Scan(span.Start, span.End, false, func(k, _ []byte) bool {
		suffixes = append(suffixes, append([]byte(nil), k[len(keyspace(0)):]...))
		return true
	})
	holdSecondBatch(t, db, suffixes)
	if _, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("restored")}); err != nil {
		t.Fatal(err)
	}
	waitFirstBatch(t, db, "restored")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openWith(t, opts)
	if tab := waitActive(t, db, "restored"); *tab.ItemCount != 700 || tab.RestoreSummary == nil || *tab.RestoreSummary.RestoreInProgress {
		t.Errorf("restored table = %d items, summary %+v", *tab.ItemCount, tab.RestoreSummary)
	}
	if diff := cmp.Diff(itemLines(items...), tableItems(t, db, "restored")); diff != "" {
		t.Errorf("restored items (-want +got):\n%s", diff)
	}
	if _, err := db.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: aws.String(arn)}); err != nil {
		t.Errorf("DeleteBackup after the restore: %v", err)
	}
	put(t, db, "restored", item{"id": av.S("new")})

	// An import of 300 items, each on two lines.
	var lines string
	suffixes = nil
	model := keyModel(keySchema("id"), defs("id", "S"))
	for _, it := range items[:300] {
		lines += `{"Item":` + dynamoJSON(it) + "}\n"
		suffixes = append(suffixes, rowSuffix(model, it))
	}
	putObject(t, opts.S3Dir, "bkt", "in/1.json", []byte(lines+lines))
	holdSecondBatch(t, db, suffixes)
	imp, err := db.ImportTable(ctx, &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("in/")}, InputFormat: types.InputFormatDynamodbJson,
		TableCreationParameters: &types.TableCreationParameters{TableName: aws.String("imported"), AttributeDefinitions: defs("id", "S"),
			KeySchema: keySchema("id"), BillingMode: types.BillingModePayPerRequest},
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFirstBatch(t, db, "imported")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openWith(t, opts)
	d := waitImport(t, db, *imp.ImportTableDescription.ImportArn)
	if d.ImportStatus != types.ImportStatusCompleted || d.ProcessedItemCount != 600 || d.ImportedItemCount != 600 || d.ErrorCount != 0 {
		t.Errorf("resumed import = %s processed %d imported %d errors %d", d.ImportStatus, d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount)
	}
	if tab := waitActive(t, db, "imported"); *tab.ItemCount != 300 {
		t.Errorf("imported table counts %d items, want 300", *tab.ItemCount)
	}
	if diff := cmp.Diff(itemLines(items[:300]...), tableItems(t, db, "imported")); diff != "" {
		t.Errorf("imported items (-want +got):\n%s", diff)
	}
}
