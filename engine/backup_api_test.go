package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// TestListBackups checks ListBackups' filters (table, type, time range:
// lower bound included, upper excluded) and paging, whose cursor may name
// a backup deleted since.
func TestListBackups(t *testing.T) {
	db, clock := openClocked(t, Options{})
	simpleTable(t, db, "one")
	simpleTable(t, db, "two")
	var arns []string
	for i, table := range []string{"one", "two", "one", "one"} {
		arns = append(arns, backupOf(t, db, table, "bak"+string(rune('0'+i))))
		clock.advance(time.Second)
	}
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	list := func(in *dynamodb.ListBackupsInput) ([]string, string) {
		t.Helper()
		out, err := db.ListBackups(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range out.BackupSummaries {
			got = append(got, *s.BackupArn)
		}
		return got, deref(out.LastEvaluatedBackupArn)
	}
	tests := []struct {
		name string
		in   dynamodb.ListBackupsInput
		want []string
		last string
	}{
		{"all", dynamodb.ListBackupsInput{}, arns, ""},
		{"one table", dynamodb.ListBackupsInput{TableName: aws.String("one")}, []string{arns[0], arns[2], arns[3]}, ""},
		{"by table ARN", dynamodb.ListBackupsInput{TableName: aws.String(arnPrefix + "two")}, []string{arns[1]}, ""},
		{"time range", dynamodb.ListBackupsInput{TimeRangeLowerBound: aws.Time(start.Add(time.Second)), TimeRangeUpperBound: aws.Time(start.Add(3 * time.Second))},
			[]string{arns[1], arns[2]}, ""},
		{"page", dynamodb.ListBackupsInput{Limit: aws.Int32(2)}, arns[:2], arns[1]},
		{"next page", dynamodb.ListBackupsInput{Limit: aws.Int32(2), ExclusiveStartBackupArn: aws.String(arns[1])}, arns[2:], ""},
		{"system backups", dynamodb.ListBackupsInput{BackupType: types.BackupTypeFilterSystem}, nil, ""},
		{"missing table", dynamodb.ListBackupsInput{TableName: aws.String("nope")}, nil, ""},
	}
	for _, tt := range tests {
		got, last := list(&tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" || last != tt.last {
			t.Errorf("%s: (-want +got):\n%s\nlast %q, want %q", tt.name, diff, last, tt.last)
		}
	}
	// A cursor naming a deleted backup continues after its place.
	if _, err := db.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: aws.String(arns[1])}); err != nil {
		t.Fatal(err)
	}
	if got, _ := list(&dynamodb.ListBackupsInput{ExclusiveStartBackupArn: aws.String(arns[1])}); !cmp.Equal(got, arns[2:]) {
		t.Errorf("after a deleted backup's ARN: %v, want %v", got, arns[2:])
	}
}

// TestBackupErrors checks the errors of the backup operations. A table
// being created or deleted is TableInUseException for CreateBackup ("A
// target table with the specified name is either being created or
// deleted", API Reference; the messages are ddb's own), a table being
// created ContinuousBackupsUnavailableException for UpdateContinuousBackups
// ("Backups have not yet been enabled for this table", with the message AWS
// gives a table just created), and PointInTimeRecoveryUnavailableException
// for an export or a point-in-time restore (it cannot have point-in-time
// recovery yet); TableNotFoundException is for tables that do not exist,
// and for DescribeContinuousBackups, which documents no other error.
func TestBackupErrors(t *testing.T) {
	db := openWith(t, Options{StatusDelay: time.Hour})
	simpleTable(t, db, "creating")
	db.opts.StatusDelay = 0
	simpleTable(t, db, "ready")
	simpleTable(t, db, "gone")
	db.opts.StatusDelay = time.Hour
	if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("gone")}); err != nil {
		t.Fatal(err)
	}
	db.opts.StatusDelay = 0
	arn := backupOf(t, db, "ready", "bak1")
	missing := arnPrefix + "ready/backup/01234567890123-abcdef01"
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"CreateBackup: short name", func() error {
			_, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("nope"), BackupName: aws.String("b")})
			return err
		}, "ValidationException: 1 validation error detected: Value 'b' at 'backupName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"CreateBackup: table being created", func() error {
			_, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("creating"), BackupName: aws.String("bbb")})
			return err
		}, "TableInUseException: Table is being created: creating"},
		{"CreateBackup: table being deleted", func() error {
			_, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("gone"), BackupName: aws.String("bbb")})
			return err
		}, "TableInUseException: Table is being deleted: gone"},
		{"UpdateContinuousBackups: table being created", func() error {
			_, err := db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("creating"),
				PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
			return err
		}, "ContinuousBackupsUnavailableException: Backups are being enabled for the table: creating. Please retry later"},
		{"DescribeContinuousBackups: table being created", func() error {
			_, err := db.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String("creating")})
			return err
		}, "TableNotFoundException: Table not found: creating"},
		{"ExportTableToPointInTime: table being created", func() error {
			_, err := db.ExportTableToPointInTime(ctx, &dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arnPrefix + "creating"), S3Bucket: aws.String("bkt")})
			return err
		}, "PointInTimeRecoveryUnavailableException: Point in time recovery is not enabled for table 'creating'"},
		{"RestoreTableToPointInTime: source being created", func() error {
			_, err := db.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("creating"),
				TargetTableName: aws.String("target"), UseLatestRestorableTime: aws.Bool(true)})
			return err
		}, "PointInTimeRecoveryUnavailableException: Point in time recovery is not enabled for table 'creating'"},
		{"CreateBackup: no name", func() error {
			_, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("ready")})
			return err
		}, "ValidationException: 1 validation error detected: Value null at 'backupName' failed to satisfy constraint: Member must not be null"},
		{"DescribeBackup: missing", func() error {
			_, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(missing)})
			return err
		}, "BackupNotFoundException: Backup not found: " + missing},
		{"DescribeBackup: a table's ARN", func() error {
			_, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(arnPrefix + "ready" + strings.Repeat("x", 20))})
			return err
		}, "ValidationException: Invalid Backup ARN"},
		{"DescribeBackup: another service", func() error {
			_, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(strings.Replace(arn, ":dynamodb:", ":s3:", 1))})
			return err
		}, "ValidationException: BackupArn is not valid"},
		{"DescribeBackup: another account", func() error {
			_, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(strings.Replace(arn, ":000000000000:", ":123456789012:", 1))})
			return err
		}, "AccessDeniedException: Access is denied"},
		{"DescribeBackup: too short", func() error {
			_, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String("foo")})
			return err
		}, "ValidationException: 1 validation error detected: Value 'foo' at 'backupArn' failed to satisfy constraint: Member must have length greater than or equal to 37"},
		{"ListBackups: limit", func() error {
			_, err := db.ListBackups(ctx, &dynamodb.ListBackupsInput{Limit: aws.Int32(101)})
			return err
		}, "ValidationException: 1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
		{"ListBackups: type", func() error {
			_, err := db.ListBackups(ctx, &dynamodb.ListBackupsInput{BackupType: "user"})
			return err
		}, "ValidationException: 1 validation error detected: Value 'user' at 'backupType' failed to satisfy constraint: Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]"},
		{"ListBackups: inverted range", func() error {
			_, err := db.ListBackups(ctx, &dynamodb.ListBackupsInput{TimeRangeLowerBound: aws.Time(time.Unix(2, 0)), TimeRangeUpperBound: aws.Time(time.Unix(1, 0))})
			return err
		}, "ValidationException: Time range lower bound must be less than or equal to upper bound"},
		{"Restore: target exists", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("ready")})
			return err
		}, "TableAlreadyExistsException: Table already exists: ready"},
		{"Restore: missing backup", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(missing), TargetTableName: aws.String("new")})
			return err
		}, "BackupNotFoundException: Backup not found: " + missing},
		{"Restore: throughput without provisioned billing", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("new"),
				ProvisionedThroughputOverride: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}})
			return err
		}, "ValidationException: Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED"},
		{"Restore: provisioned billing without throughput", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("new"),
				BillingModeOverride: types.BillingModeProvisioned})
			return err
		}, "ValidationException: Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED"},
		{"Restore: throughput over the table quota", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("new"),
				BillingModeOverride:           types.BillingModeProvisioned,
				ProvisionedThroughputOverride: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(50000)}})
			return err
		}, "ValidationException: Cannot increase provisioned throughput to more than 40,000 units per table"},
		{"Restore: a new index", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("new"),
				GlobalSecondaryIndexOverride: []types.GlobalSecondaryIndex{{IndexName: aws.String("g"), KeySchema: keySchema("id"),
					Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}}})
			return err
		}, "ValidationException: Index g does not match a secondary index that existed in the source table and cannot be created during the restore operation"},
	}
	for _, tt := range tests {
		if got := errText(tt.call()); got != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.name, got, tt.want)
		}
	}
	if _, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("nope"), BackupName: aws.String("bbb")}); errText(err) != "TableNotFoundException: Table not found: nope" {
		t.Errorf("CreateBackup of a missing table: %s", errText(err))
	}
}

// TestBackupInUse holds a restore while it loads its table: the backup
// cannot be deleted nor feed a second restore, the target cannot be
// restored into nor deleted, and describes itself CREATING with its
// RestoreSummary.
func TestBackupInUse(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "src")
	put(t, db, "src", item{"id": av.S("a")})
	arn := backupOf(t, db, "src", "held")
	// The restore's loader waits for the item locks the test holds.
	for s := range db.locks.locks {
		db.locks.acquire(db.background(), s)
	}
	locked := true
	unlock := func() {
		if locked {
			for s := range db.locks.locks {
				<-db.locks.locks[s]
			}
			locked = false
		}
	}
	defer unlock()
	if _, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("dst")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"DeleteBackup", func() error {
			_, err := db.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: aws.String(arn)})
			return err
		}, "BackupInUseException: Backup is being used to restore table: " + arn},
		{"a second restore", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("dst2")})
			return err
		}, "BackupInUseException: Backup is being used to restore another table: " + arn},
		{"a restore into the target", func() error {
			_, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: aws.String(arn), TargetTableName: aws.String("dst")})
			return err
		}, "TableInUseException: Table: dst is already being restored from backup: " + arn},
		{"DeleteTable", func() error {
			_, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("dst")})
			return err
		}, "ResourceInUseException: Attempt to change a resource which is still in use: Table is being created: dst"},
		{"UpdateTable", func() error {
			_, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("dst"), DeletionProtectionEnabled: aws.Bool(true)})
			return err
		}, "ResourceNotFoundException: Requested resource not found: Table: dst not found"},
		{"PutItem", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("dst"), Item: item{"id": av.S("x")}})
			return err
		}, "ResourceNotFoundException: Requested resource not found"},
		{"CreateBackup", func() error {
			_, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("dst"), BackupName: aws.String("bbb")})
			return err
		}, "TableInUseException: Table is being created: dst"},
		{"UpdateContinuousBackups", func() error {
			_, err := db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("dst"),
				PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
			return err
		}, "ContinuousBackupsUnavailableException: Backups are being enabled for the table: dst. Please retry later"},
		{"ExportTableToPointInTime", func() error {
			_, err := db.ExportTableToPointInTime(ctx, &dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arnPrefix + "dst"), S3Bucket: aws.String("bkt")})
			return err
		}, "PointInTimeRecoveryUnavailableException: Point in time recovery is not enabled for table 'dst'"},
	}
	for _, tt := range tests {
		if got := errText(tt.call()); got != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.name, got, tt.want)
		}
	}
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("dst")})
	if err != nil {
		t.Fatal(err)
	}
	if out.Table.TableStatus != types.TableStatusCreating || out.Table.RestoreSummary == nil || !*out.Table.RestoreSummary.RestoreInProgress {
		t.Errorf("the target while restoring: %s, %+v", out.Table.TableStatus, out.Table.RestoreSummary)
	}
	unlock()
	waitActive(t, db, "dst")
	if _, err := db.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: aws.String(arn)}); err != nil {
		t.Errorf("DeleteBackup once the restore is done: %v", err)
	}
}

// TestRestoreOverrides checks what a restore keeps of its source, and how
// the overrides change it.
func TestRestoreOverrides(t *testing.T) {
	db := openMemory(t)
	in := indexedTableInput("src")
	in.BillingMode = types.BillingModeProvisioned
	in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(6)}
	in.GlobalSecondaryIndexes[0].ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(3), WriteCapacityUnits: aws.Int64(4)}
	in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeKeysOnly}
	in.DeletionProtectionEnabled = aws.Bool(true)
	in.SSESpecification = &types.SSESpecification{Enabled: aws.Bool(true)}
	mustCreate(t, db, in)
	put(t, db, "src", item{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("x"), "l": av.S("y")})
	arn := backupOf(t, db, "src", "full")
	src := waitActive(t, db, "src")

	restore := func(target string, in *dynamodb.RestoreTableFromBackupInput) *types.TableDescription {
		t.Helper()
		in.BackupArn, in.TargetTableName = aws.String(arn), aws.String(target)
		if _, err := db.RestoreTableFromBackup(ctx, in); err != nil {
			t.Fatal(err)
		}
		return waitActive(t, db, target)
	}
	same := restore("same", &dynamodb.RestoreTableFromBackupInput{})
	if same.StreamSpecification != nil || *same.DeletionProtectionEnabled || same.SSEDescription == nil ||
		*same.SSEDescription.KMSMasterKeyArn != *src.SSEDescription.KMSMasterKeyArn || *same.ProvisionedThroughput.ReadCapacityUnits != 5 ||
		*same.GlobalSecondaryIndexes[0].ProvisionedThroughput.WriteCapacityUnits != 4 || len(same.LocalSecondaryIndexes) != 1 {
		t.Errorf("restored without overrides: %+v", same)
	}
	bare := restore("bare", &dynamodb.RestoreTableFromBackupInput{
		GlobalSecondaryIndexOverride: []types.GlobalSecondaryIndex{}, LocalSecondaryIndexOverride: []types.LocalSecondaryIndex{},
		BillingModeOverride: types.BillingModePayPerRequest, SSESpecificationOverride: &types.SSESpecification{Enabled: aws.Bool(false)},
	})
	if bare.GlobalSecondaryIndexes != nil || bare.LocalSecondaryIndexes != nil || currentBilling(bare) != types.BillingModePayPerRequest ||
		bare.SSEDescription != nil || len(bare.AttributeDefinitions) != 2 {
		t.Errorf("restored without indexes, on demand: %+v", bare)
	}
	renamed := restore("renamed", &dynamodb.RestoreTableFromBackupInput{
		GlobalSecondaryIndexOverride: []types.GlobalSecondaryIndex{{IndexName: aws.String("byG"), KeySchema: keySchema("g"),
			Projection:            &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
			ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(9), WriteCapacityUnits: aws.Int64(9)}}},
		ProvisionedThroughputOverride: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(7), WriteCapacityUnits: aws.Int64(8)},
	})
	if g := renamed.GlobalSecondaryIndexes; len(g) != 1 || *g[0].IndexName != "byG" || *g[0].ProvisionedThroughput.ReadCapacityUnits != 9 ||
		*g[0].ItemCount != 1 || *renamed.ProvisionedThroughput.WriteCapacityUnits != 8 {
		t.Errorf("restored with a renamed index: %+v", renamed)
	}
}
