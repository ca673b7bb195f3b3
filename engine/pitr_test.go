package engine

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// enablePITR turns point-in-time recovery on for a table.
func enablePITR(t *testing.T, db *DB, table string, days ...int32) *types.PointInTimeRecoveryDescription {
	t.Helper()
	spec := &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}
	if len(days) > 0 {
		spec.RecoveryPeriodInDays = aws.Int32(days[0])
	}
	out, err := db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(table), PointInTimeRecoverySpecification: spec})
	if err != nil {
		t.Fatal(err)
	}
	return out.ContinuousBackupsDescription.PointInTimeRecoveryDescription
}

// restoreAt restores table source as it was at `at` into target and
// returns the target's items.
func restoreAt(t *testing.T, db *DB, source, target string, at time.Time) []string {
	t.Helper()
	_, err := db.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{
		SourceTableName: aws.String(source), TargetTableName: aws.String(target), RestoreDateTime: aws.Time(at),
	})
	if err != nil {
		t.Fatalf("restore to %v: %v", at, err)
	}
	waitActive(t, db, target)
	return tableItems(t, db, target)
}

// pitrHistory writes a history to table "hist" (indexed) on clock: at
// t0+1m a=1; at t0+2m b=1 and a=2; at t0+3m a deleted; at t0+4m c=1 with
// b=2. It returns the expected items at times between those changes.
func pitrHistory(t *testing.T, db *DB, clock *fakeClock) (t0 time.Time, want map[time.Duration][]string) {
	t.Helper()
	t0 = clock.now()
	key := func(pk string) item { return item{"pk": av.S(pk), "sk": av.N("1")} }
	with := func(pk, v, g string) item { return item{"pk": av.S(pk), "sk": av.N("1"), "v": av.N(v), "g": av.S(g)} }
	clock.advance(time.Minute)
	put(t, db, "hist", with("a", "1", "ga"))
	clock.advance(time.Minute)
	put(t, db, "hist", with("b", "1", "gb"))
	if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("hist"), Key: key("a"),
		UpdateExpression: aws.String("SET v = :v"), ExpressionAttributeValues: item{":v": av.N("2")}}); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Minute)
	if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("hist"), Key: key("a")}); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Minute)
	put(t, db, "hist", with("c", "1", "gc"))
	put(t, db, "hist", with("b", "2", "gb2"))
	clock.advance(30 * time.Minute)
	return t0, map[time.Duration][]string{
		0:                              orNone(nil),
		90 * time.Second:               itemLines(with("a", "1", "ga")),
		150 * time.Second:              itemLines(with("a", "2", "ga"), with("b", "1", "gb")),
		210 * time.Second:              itemLines(with("b", "1", "gb")),
		4*time.Minute + 30*time.Second: itemLines(with("b", "2", "gb2"), with("c", "1", "gc")),
	}
}

// TestPointInTimeRestore restores a table to several points of its
// history: each restore holds exactly the items of that time, with their
// index rows.
func TestPointInTimeRestore(t *testing.T) {
	forEachStore(t, func(t *testing.T, opts Options) {
		db, clock := openClocked(t, opts)
		mustCreate(t, db, indexedTableInput("hist"))
		put(t, db, "hist", item{"pk": av.S("before"), "sk": av.N("1")})
		if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("hist"), Key: item{"pk": av.S("before"), "sk": av.N("1")}}); err != nil {
			t.Fatal(err)
		}
		d := enablePITR(t, db, "hist")
		if d.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusEnabled || !d.EarliestRestorableDateTime.Equal(clock.now()) ||
			!d.LatestRestorableDateTime.Equal(clock.now()) || *d.RecoveryPeriodInDays != 35 {
			t.Errorf("after enabling: %+v", d)
		}
		t0, want := pitrHistory(t, db, clock)
		i := 0
		for offset, items := range want {
			i++
			got := restoreAt(t, db, "hist", "at"+string(rune('a'+i)), t0.Add(offset))
			if diff := cmp.Diff(items, orNone(got)); diff != "" {
				t.Errorf("restored to t0+%v (-want +got):\n%s", offset, diff)
			}
		}
		// The latest restorable time lags five minutes behind, as on AWS.
		out, err := db.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{
			SourceTableName: aws.String("hist"), TargetTableName: aws.String("latest"), UseLatestRestorableTime: aws.Bool(true),
		})
		if err != nil {
			t.Fatal(err)
		}
		if at := *out.TableDescription.RestoreSummary.RestoreDateTime; !at.Equal(clock.now().Add(-5 * time.Minute)) {
			t.Errorf("RestoreDateTime of the latest restore = %v, want now - 5m = %v", at, clock.now().Add(-5*time.Minute))
		}
		waitActive(t, db, "latest")
		if diff := cmp.Diff(want[4*time.Minute+30*time.Second], tableItems(t, db, "latest")); diff != "" {
			t.Errorf("latest restore (-want +got):\n%s", diff)
		}
		gsi := scanLines(t, db, &dynamodb.ScanInput{TableName: aws.String("latest"), IndexName: aws.String("gsi1")})
		if len(gsi) != 2 {
			t.Errorf("global index of the restored table holds %d rows, want 2: %v", len(gsi), gsi)
		}
		// Once done, the restore's checkpoints are gone.
		waitCheckpointsGone(t, db)
	})
}

// TestPointInTimeRestoreAfterRestart checks that a disk database keeps the
// history of a table with point-in-time recovery across a restart, and
// that records made after it, even in the same millisecond as records made
// before it, do not overwrite them.
func TestPointInTimeRestoreAfterRestart(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := Options{Dir: t.TempDir(), Now: clock.now}
	db, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, indexedTableInput("hist"))
	simpleTable(t, db, "same")
	enablePITR(t, db, "hist")
	enablePITR(t, db, "same")
	start := clock.now()
	clock.advance(time.Minute)
	put(t, db, "same", item{"id": av.S("x")})
	t0, want := pitrHistory(t, db, clock)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openWith(t, opts)
	if diff := cmp.Diff(want[150*time.Second], restoreAt(t, db, "hist", "mid", t0.Add(150*time.Second))); diff != "" {
		t.Errorf("restored after restart (-want +got):\n%s", diff)
	}
	// In the millisecond of "same"'s last record before the restart.
	clock.t = start.Add(time.Minute)
	put(t, db, "same", item{"id": av.S("y")})
	clock.advance(time.Hour)
	if got := restoreAt(t, db, "same", "start", start); len(got) != 0 {
		t.Errorf("restored to before any write: %v", got)
	}
}

// TestPointInTimeRecoveryWindow checks the recovery window: times outside
// it are refused, and records older than it are deleted by the sweep while
// restores inside it stay exact.
func TestPointInTimeRecoveryWindow(t *testing.T) {
	db, clock := openClocked(t, Options{})
	simpleTable(t, db, "win")
	enablePITR(t, db, "win", 1)
	start := clock.now()
	put(t, db, "win", item{"id": av.S("x"), "v": av.N("1")})
	clock.advance(12 * time.Hour)
	put(t, db, "win", item{"id": av.S("x"), "v": av.N("2")})
	clock.advance(24 * time.Hour)
	put(t, db, "win", item{"id": av.S("x"), "v": av.N("3")})
	clock.advance(time.Hour)
	now := clock.now()

	out, err := db.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String("win")})
	if err != nil {
		t.Fatal(err)
	}
	d := out.ContinuousBackupsDescription.PointInTimeRecoveryDescription
	if !d.EarliestRestorableDateTime.Equal(now.Add(-24*time.Hour)) || !d.LatestRestorableDateTime.Equal(now.Add(-5*time.Minute)) || *d.RecoveryPeriodInDays != 1 {
		t.Errorf("window = %v .. %v (%d days), want %v .. %v", d.EarliestRestorableDateTime, d.LatestRestorableDateTime, *d.RecoveryPeriodInDays,
			now.Add(-24*time.Hour), now.Add(-5*time.Minute))
	}
	for _, at := range []time.Time{start, now.Add(-24*time.Hour - time.Millisecond), now.Add(-4 * time.Minute), now.Add(time.Hour)} {
		_, err := db.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{
			SourceTableName: aws.String("win"), TargetTableName: aws.String("out"), RestoreDateTime: aws.Time(at),
		})
		if code := errCode(err); code != "InvalidRestoreTimeException" {
			t.Errorf("restore to %v: %v, want InvalidRestoreTimeException", at, err)
		}
	}
	records := func() int {
		n := 0
		span := pitrLogSpan(db.tables["win"].id)
		db.store.Scan(span.Start, span.End, false, func(_, _ []byte) bool { n++; return true })
		return n
	}
	if n := records(); n != 3 {
		t.Fatalf("%d records before the sweep, want 3", n)
	}
	db.sweepRecovery(now)
	if n := records(); n != 1 {
		t.Errorf("%d records after the sweep, want 1 (the two older than the window deleted)", n)
	}
	v2 := itemLines(item{"id": av.S("x"), "v": av.N("2")})
	if diff := cmp.Diff(v2, restoreAt(t, db, "win", "early", now.Add(-24*time.Hour))); diff != "" {
		t.Errorf("restore to the earliest time after the sweep (-want +got):\n%s", diff)
	}
}

// TestContinuousBackupsSettings checks enabling, disabling and the
// recovery period, and the errors of the operations.
func TestContinuousBackupsSettings(t *testing.T) {
	db, clock := openClocked(t, Options{})
	simpleTable(t, db, "set")
	describe := func() *types.PointInTimeRecoveryDescription {
		out, err := db.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String("set")})
		if err != nil {
			t.Fatal(err)
		}
		if out.ContinuousBackupsDescription.ContinuousBackupsStatus != types.ContinuousBackupsStatusEnabled {
			t.Errorf("ContinuousBackupsStatus = %s", out.ContinuousBackupsDescription.ContinuousBackupsStatus)
		}
		return out.ContinuousBackupsDescription.PointInTimeRecoveryDescription
	}
	if d := describe(); d.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusDisabled || d.EarliestRestorableDateTime != nil {
		t.Errorf("a new table: %+v", d)
	}
	enablePITR(t, db, "set", 7)
	enabled := clock.now()
	clock.advance(time.Hour)
	if d := enablePITR(t, db, "set", 3); !d.EarliestRestorableDateTime.Equal(enabled) || *d.RecoveryPeriodInDays != 3 {
		t.Errorf("changing the period moved the window or kept the period: %+v", d)
	}
	_, err := db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("set"),
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(false)}})
	if err != nil {
		t.Fatal(err)
	}
	if d := describe(); d.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusDisabled {
		t.Errorf("after disabling: %+v", d)
	}
	clock.advance(time.Hour)
	if d := enablePITR(t, db, "set"); !d.EarliestRestorableDateTime.Equal(clock.now()) || *d.RecoveryPeriodInDays != 35 {
		t.Errorf("enabling again: %+v, want the window to start now with 35 days", d)
	}
	tests := []struct {
		name string
		in   *dynamodb.UpdateContinuousBackupsInput
		want string
	}{
		{"no specification", &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("set")},
			"ValidationException: 1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null"},
		{"period too long", &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("set"), PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: aws.Bool(true), RecoveryPeriodInDays: aws.Int32(36)}},
			"ValidationException: 1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35"},
		{"period when disabling", &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("set"), PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: aws.Bool(false), RecoveryPeriodInDays: aws.Int32(7)}},
			"ValidationException: Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."},
		{"missing table", &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("nope"), PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: aws.Bool(true)}},
			"TableNotFoundException: Table not found: nope"},
	}
	for _, tt := range tests {
		if _, err := db.UpdateContinuousBackups(ctx, tt.in); errText(err) != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.name, errText(err), tt.want)
		}
	}
}

// TestRestoreToPointInTimeErrors checks the errors of
// RestoreTableToPointInTime, in DynamoDB's order of checks.
func TestRestoreToPointInTimeErrors(t *testing.T) {
	db, clock := openClocked(t, Options{})
	simpleTable(t, db, "yes")
	simpleTable(t, db, "nope2")
	enablePITR(t, db, "yes")
	clock.advance(time.Hour)
	latest := aws.Bool(true)
	tests := []struct {
		name string
		in   dynamodb.RestoreTableToPointInTimeInput
		want string
	}{
		{"no source", dynamodb.RestoreTableToPointInTimeInput{TargetTableName: aws.String("xxx"), UseLatestRestorableTime: latest},
			"ValidationException: The parameter 'TableName' is required but was not present in the request"},
		{"both sources", dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("yes"), SourceTableArn: aws.String(arnPrefix + "yes"), TargetTableName: aws.String("xxx"), UseLatestRestorableTime: latest},
			"ValidationException: Must provide exactly one of: sourceTableArn, sourceTableName"},
		{"no time", dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("yes"), TargetTableName: aws.String("xxx")},
			"ValidationException: Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both"},
		{"bad target", dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("yes"), TargetTableName: aws.String("bad name!"), UseLatestRestorableTime: latest},
			"ValidationException: 1 validation error detected: Value 'bad name!' at 'targetTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"missing source", dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("nope"), TargetTableName: aws.String("yes"), UseLatestRestorableTime: latest},
			"TableNotFoundException: Table not found: nope"},
		{"recovery off", dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("nope2"), TargetTableName: aws.String("yes"), UseLatestRestorableTime: latest},
			"PointInTimeRecoveryUnavailableException: Point in time recovery is not enabled for table 'nope2'"},
		{"time before the window", dynamodb.RestoreTableToPointInTimeInput{SourceTableArn: aws.String(arnPrefix + "yes"), TargetTableName: aws.String("yes"), RestoreDateTime: aws.Time(clock.now().Add(-2 * time.Hour))},
			"InvalidRestoreTimeException: RestoreDateTime '2026-03-01T11:00:00Z' must be within EarliestRestorableDateTime '2026-03-01T12:00:00Z' and LatestRestorableDateTime '2026-03-01T12:55:00Z'"},
		{"target exists", dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("yes"), TargetTableName: aws.String("yes"), UseLatestRestorableTime: latest},
			"TableAlreadyExistsException: Table already exists: yes"},
	}
	for _, tt := range tests {
		if _, err := db.RestoreTableToPointInTime(ctx, &tt.in); errText(err) != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.name, errText(err), tt.want)
		}
	}
}

// TestSystemBackupOfDeletedTable checks that deleting a table with
// point-in-time recovery leaves a system backup, listed only when asked
// for, restorable, undeletable, and gone after 35 days.
func TestSystemBackupOfDeletedTable(t *testing.T) {
	db, clock := openClocked(t, Options{})
	simpleTable(t, db, "old")
	enablePITR(t, db, "old")
	items := numbered(10, "v")
	for _, it := range items {
		put(t, db, "old", it)
	}
	if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	list := func(typ types.BackupTypeFilter) []types.BackupSummary {
		out, err := db.ListBackups(ctx, &dynamodb.ListBackupsInput{BackupType: typ})
		if err != nil {
			t.Fatal(err)
		}
		return out.BackupSummaries
	}
	if got := list(""); len(got) != 0 {
		t.Errorf("ListBackups lists %d backups by default, want none (USER)", len(got))
	}
	sys := list(types.BackupTypeFilterSystem)
	if len(sys) != 1 || *sys[0].BackupName != "old$DeletedTableBackup" || sys[0].BackupType != types.BackupTypeSystem ||
		!sys[0].BackupExpiryDateTime.Equal(clock.now().Add(35*24*time.Hour)) || *sys[0].BackupArn != arnPrefix+"old/backup/01772366400000-00000000" {
		t.Fatalf("system backups = %+v", sys)
	}
	arn := *sys[0].BackupArn
	_, err := db.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: aws.String(arn)})
	if want := "ValidationException: User is not allowed to delete the system backup with arn " + arn + ". It will automatically expire on 2026-04-05T12:00:00Z"; errText(err) != want {
		t.Errorf("DeleteBackup of a system backup: %s\nwant %s", errText(err), want)
	}
	restoreBackup(t, db, arn, "old")
	if diff := cmp.Diff(itemLines(items...), tableItems(t, db, "old")); diff != "" {
		t.Errorf("restored from the system backup (-want +got):\n%s", diff)
	}
	clock.advance(35 * 24 * time.Hour)
	db.sweepRecovery(clock.now())
	if got := list(types.BackupTypeFilterAll); len(got) != 0 {
		t.Errorf("after 35 days: %+v", got)
	}
}

// TestSystemBackupKeepsSettings checks that the system backup of a deleted
// table keeps what a user backup taken just before the deletion keeps (its
// global and local secondary indexes, stream, time to live, encryption,
// billing and throughput), in DescribeBackup and in the restored table:
// "System backups allow you to restore the deleted table to the state it
// was in just before the point of deletion" (Developer Guide). It lost
// every global secondary index, described DELETING by DeleteTable.
func TestSystemBackupKeepsSettings(t *testing.T) {
	db, _ := openClocked(t, Options{})
	in := indexedTableInput("old")
	in.BillingMode = types.BillingModeProvisioned
	in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(6)}
	in.GlobalSecondaryIndexes[0].ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(3), WriteCapacityUnits: aws.Int64(4)}
	in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeKeysOnly}
	in.SSESpecification = &types.SSESpecification{Enabled: aws.Bool(true)}
	mustCreate(t, db, in)
	if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("old"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{Enabled: aws.Bool(true), AttributeName: aws.String("exp")}}); err != nil {
		t.Fatal(err)
	}
	enablePITR(t, db, "old")
	it := item{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("x"), "g": av.S("y"), "a": av.S("z")}
	put(t, db, "old", it)
	user := backupOf(t, db, "old", "before")
	if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListBackups(ctx, &dynamodb.ListBackupsInput{BackupType: types.BackupTypeFilterSystem})
	if err != nil || len(list.BackupSummaries) != 1 {
		t.Fatalf("system backups: %+v, %v", list, err)
	}
	system := *list.BackupSummaries[0].BackupArn
	describe := func(arn string) string {
		out, err := db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent([]any{out.BackupDescription.SourceTableDetails, out.BackupDescription.SourceTableFeatureDetails}, "", " ")
		return string(b)
	}
	if diff := cmp.Diff(describe(user), describe(system)); diff != "" {
		t.Errorf("DescribeBackup's source table, user backup (-) and system backup (+):\n%s", diff)
	}
	restored := func(arn, target string) string {
		restoreBackup(t, db, arn, target)
		d := waitActive(t, db, target)
		for i := range d.GlobalSecondaryIndexes {
			d.GlobalSecondaryIndexes[i].IndexArn = nil
		}
		for i := range d.LocalSecondaryIndexes {
			d.LocalSecondaryIndexes[i].IndexArn = nil
		}
		b, _ := json.MarshalIndent([]any{d.BillingModeSummary, d.ProvisionedThroughput, d.SSEDescription, d.GlobalSecondaryIndexes, d.LocalSecondaryIndexes}, "", " ")
		return string(b)
	}
	if diff := cmp.Diff(restored(user, "fromUser"), restored(system, "fromSystem")); diff != "" {
		t.Errorf("restored from the user backup (-) and from the system backup (+):\n%s", diff)
	}
	gsi := scanLines(t, db, &dynamodb.ScanInput{TableName: aws.String("fromSystem"), IndexName: aws.String("gsi1")})
	if len(gsi) != 1 {
		t.Errorf("gsi1 of the table restored from the system backup holds %q, want one item", gsi)
	}
}
