package engine

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb/internal/av"
)

func TestListTablesPages(t *testing.T) {
	db := openMemory(t)
	for _, name := range []string{"ccc", "aaa", "bbb", "ddd"} {
		in := indexedTableInput(name)
		in.LocalSecondaryIndexes, in.GlobalSecondaryIndexes = nil, nil
		in.AttributeDefinitions = in.AttributeDefinitions[:2]
		mustCreate(t, db, in)
	}
	tests := []struct {
		start *string
		limit *int32
		want  []string
		last  *string
		err   string
	}{
		{want: []string{"aaa", "bbb", "ccc", "ddd"}},
		{limit: aws.Int32(2), want: []string{"aaa", "bbb"}, last: aws.String("bbb")},
		{start: aws.String("bbb"), limit: aws.Int32(2), want: []string{"ccc", "ddd"}},
		{start: aws.String("bba"), want: []string{"bbb", "ccc", "ddd"}},
		{limit: aws.Int32(0), err: "ValidationException: 1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{limit: aws.Int32(101), err: "ValidationException: 1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			out, err := db.ListTables(ctx, &dynamodb.ListTablesInput{ExclusiveStartTableName: tt.start, Limit: tt.limit})
			if got := errText(err); got != tt.err {
				t.Fatalf("error %q, want %q", got, tt.err)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(tt.want, out.TableNames); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
			if aws.ToString(out.LastEvaluatedTableName) != aws.ToString(tt.last) {
				t.Errorf("LastEvaluatedTableName = %v, want %v", aws.ToString(out.LastEvaluatedTableName), aws.ToString(tt.last))
			}
		})
	}
}

func TestDeleteTable(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("doomed"))
	put(t, db, "doomed", item{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("x"), "l": av.S("y")})
	out, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("doomed")})
	if err != nil {
		t.Fatal(err)
	}
	if out.TableDescription.TableStatus != types.TableStatusDeleting || *out.TableDescription.ItemCount != 1 {
		t.Errorf("DeleteTable: status %s, items %d; want DELETING, 1", out.TableDescription.TableStatus, *out.TableDescription.ItemCount)
	}
	_, err = db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("doomed")})
	if got, want := errText(err), "ResourceNotFoundException: Requested resource not found: Table: doomed not found"; got != want {
		t.Errorf("DescribeTable after delete: %s, want %s", got, want)
	}
	_, err = db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("doomed")})
	if got, want := errText(err), "ResourceNotFoundException: Requested resource not found: Table: doomed not found"; got != want {
		t.Errorf("second DeleteTable: %s, want %s", got, want)
	}
	_, err = db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("doomed"), Key: item{"pk": av.S("a"), "sk": av.N("1")}})
	if got, want := errText(err), "ResourceNotFoundException: Requested resource not found"; got != want {
		t.Errorf("GetItem after delete: %s, want %s", got, want)
	}
	// A new table of the same name starts empty.
	mustCreate(t, db, indexedTableInput("doomed"))
	got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("doomed"), Key: item{"pk": av.S("a"), "sk": av.N("1")}})
	if err != nil || got.Item != nil {
		t.Errorf("recreated table: item %v, error %v; want none", got.Item, err)
	}
	n := 0
	db.store.Scan([]byte{dataPrefix}, nil, false, func(_, _ []byte) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d rows left in storage after DeleteTable", n)
	}
}

// TestStatusDelay checks the CREATING and DELETING windows on the
// engine's clock, which stands still here but for the test's moves.
func TestStatusDelay(t *testing.T) {
	db, err := Open(Options{Now: frozen, StatusDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCreate(t, db, indexedTableInput("slow"))
	status := func() types.TableStatus {
		out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("slow")})
		if err != nil {
			return "gone"
		}
		return out.Table.TableStatus
	}
	if got := status(); got != types.TableStatusCreating {
		t.Errorf("right after CreateTable: %s, want CREATING", got)
	}
	if err := db.Clock().Advance(49 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != types.TableStatusCreating {
		t.Errorf("just before the delay ends: %s, want CREATING", got)
	}
	if err := db.Clock().Advance(time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != types.TableStatusActive {
		t.Errorf("after the delay: %s, want ACTIVE", got)
	}
	if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("slow")}); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != types.TableStatusDeleting {
		t.Errorf("right after DeleteTable: %s, want DELETING", got)
	}
	if err := db.Clock().Advance(49 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != types.TableStatusDeleting {
		t.Errorf("just before the delay ends: %s, want DELETING", got)
	}
	if err := db.Clock().Advance(time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "gone" {
		t.Errorf("after the delay: %s, want gone", got)
	}
}

func TestUpdateTable(t *testing.T) {
	db := openMemory(t)
	in := indexedTableInput("updated")
	in.LocalSecondaryIndexes = nil
	in.AttributeDefinitions = defs("pk", "S", "sk", "N", "g", "S")
	mustCreate(t, db, in)
	pt := func(r, w int64) *types.ProvisionedThroughput {
		return &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(r), WriteCapacityUnits: aws.Int64(w)}
	}
	gsiUpdate := func(r, w int64) []types.GlobalSecondaryIndexUpdate {
		return []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: aws.String("gsi1"), ProvisionedThroughput: pt(r, w)}}}
	}
	steps := []struct {
		name string
		in   dynamodb.UpdateTableInput
		err  string
		rcu  int64
		mode types.BillingMode
	}{
		{name: "nothing", err: "ValidationException: At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required"},
		{name: "throughput on demand", in: dynamodb.UpdateTableInput{ProvisionedThroughput: pt(1, 1)},
			err: "ValidationException: One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
		{name: "provisioned without throughput", in: dynamodb.UpdateTableInput{BillingMode: types.BillingModeProvisioned},
			err: "ValidationException: One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED"},
		{name: "provisioned without index throughput", in: dynamodb.UpdateTableInput{BillingMode: types.BillingModeProvisioned, ProvisionedThroughput: pt(5, 5)},
			err: "ValidationException: One or more parameter values were invalid: ProvisionedThroughput must be specified for index: gsi1 when BillingMode is PROVISIONED"},
		{name: "to provisioned", in: dynamodb.UpdateTableInput{BillingMode: types.BillingModeProvisioned, ProvisionedThroughput: pt(5, 5), GlobalSecondaryIndexUpdates: gsiUpdate(1, 1)},
			rcu: 5, mode: types.BillingModeProvisioned},
		{name: "same throughput", in: dynamodb.UpdateTableInput{ProvisionedThroughput: pt(5, 5)},
			err: "ValidationException: The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."},
		{name: "provisioned again without throughput", in: dynamodb.UpdateTableInput{BillingMode: types.BillingModeProvisioned},
			err: "ValidationException: One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED"},
		{name: "decrease", in: dynamodb.UpdateTableInput{ProvisionedThroughput: pt(2, 5)}, rcu: 2, mode: types.BillingModeProvisioned},
		{name: "create after an update, with a bad projection", in: dynamodb.UpdateTableInput{AttributeDefinitions: defs("g", "S"),
			GlobalSecondaryIndexUpdates: append(gsiUpdate(2, 2), types.GlobalSecondaryIndexUpdate{Create: &types.CreateGlobalSecondaryIndexAction{IndexName: aws.String("gsi2"),
				KeySchema: keySchema("g"), Projection: &types.Projection{ProjectionType: "SOME"}, ProvisionedThroughput: pt(1, 1)}})},
			err: "ValidationException: 1 validation error detected: Value 'SOME' at 'globalSecondaryIndexUpdates.2.member.create.projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, KEYS_ONLY, INCLUDE]"},
		{name: "create after an update, with a bad key type", in: dynamodb.UpdateTableInput{AttributeDefinitions: defs("g", "S"),
			GlobalSecondaryIndexUpdates: append(gsiUpdate(2, 2), types.GlobalSecondaryIndexUpdate{Create: &types.CreateGlobalSecondaryIndexAction{IndexName: aws.String("gsi2"),
				KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("g"), KeyType: "PRIMARY"}}, Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}, ProvisionedThroughput: pt(1, 1)}})},
			err: "ValidationException: 1 validation error detected: Value 'PRIMARY' at 'globalSecondaryIndexUpdates.2.member.create.keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"},
		{name: "delete missing index", in: dynamodb.UpdateTableInput{GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: aws.String("nope")}}}},
			err: "ResourceNotFoundException: Requested resource not found"},
		{name: "to on demand", in: dynamodb.UpdateTableInput{BillingMode: types.BillingModePayPerRequest}, rcu: 0, mode: types.BillingModePayPerRequest},
	}
	for _, st := range steps {
		in := st.in
		in.TableName = aws.String("updated")
		out, err := db.UpdateTable(ctx, &in)
		if got := errText(err); got != st.err {
			t.Fatalf("%s: error %q, want %q", st.name, got, st.err)
		}
		if err != nil {
			continue
		}
		if out.TableDescription.TableStatus != types.TableStatusUpdating {
			t.Errorf("%s: status %s, want UPDATING", st.name, out.TableDescription.TableStatus)
		}
		d, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("updated")})
		if got := *d.Table.ProvisionedThroughput.ReadCapacityUnits; got != st.rcu {
			t.Errorf("%s: RCU %d, want %d", st.name, got, st.rcu)
		}
		if got := d.Table.BillingModeSummary.BillingMode; got != st.mode {
			t.Errorf("%s: billing %s, want %s", st.name, got, st.mode)
		}
		if st.name == "decrease" && *d.Table.ProvisionedThroughput.NumberOfDecreasesToday != 1 {
			t.Errorf("NumberOfDecreasesToday = %d, want 1", *d.Table.ProvisionedThroughput.NumberOfDecreasesToday)
		}
	}
}

// TestOnDemandThroughput follows the maximum request units of an on-demand
// table and of its global secondary indexes through creation and updates:
// an index keeps its own, and an update changes only the members it gives
// (-1 removes a limit).
func TestOnDemandThroughput(t *testing.T) {
	db := openMemory(t)
	limits := func(r, w int64) *types.OnDemandThroughput {
		return &types.OnDemandThroughput{MaxReadRequestUnits: aws.Int64(r), MaxWriteRequestUnits: aws.Int64(w)}
	}
	in := indexedTableInput("ondemand")
	in.GlobalSecondaryIndexes[0].OnDemandThroughput = limits(5, 6)
	mustCreate(t, db, in)
	update := func(in dynamodb.UpdateTableInput) {
		t.Helper()
		in.TableName = aws.String("ondemand")
		if _, err := db.UpdateTable(ctx, &in); err != nil {
			t.Fatal(err)
		}
	}
	update(dynamodb.UpdateTableInput{OnDemandThroughput: &types.OnDemandThroughput{MaxReadRequestUnits: aws.Int64(7)}})
	update(dynamodb.UpdateTableInput{OnDemandThroughput: &types.OnDemandThroughput{MaxWriteRequestUnits: aws.Int64(3)}})
	update(dynamodb.UpdateTableInput{GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{
		IndexName: aws.String("gsi1"), OnDemandThroughput: &types.OnDemandThroughput{MaxReadRequestUnits: aws.Int64(-1)}}}}})
	update(dynamodb.UpdateTableInput{AttributeDefinitions: defs("h", "S"), GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
		IndexName: aws.String("gsi2"), KeySchema: keySchema("h"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}, OnDemandThroughput: limits(8, -1)}}}})
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("ondemand")})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*types.OnDemandThroughput{"": out.Table.OnDemandThroughput}
	for _, g := range out.Table.GlobalSecondaryIndexes {
		got[*g.IndexName] = g.OnDemandThroughput
	}
	want := map[string]*types.OnDemandThroughput{"": limits(7, 3), "gsi1": limits(-1, 6), "gsi2": limits(8, -1)}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(types.OnDemandThroughput{})); diff != "" {
		t.Errorf("OnDemandThroughput (-want +got):\n%s", diff)
	}
}

// TestClosed checks that a closed database's calls, and a second Close,
// fail with ErrClosed rather than an internal server error.
func TestClosed(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "closing")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("closing"), Item: item{"id": av.S("a")}})
	if !errors.Is(err, ErrClosed) {
		t.Errorf("PutItem after Close: %v, want ErrClosed", err)
	}
	if _, err := db.ListTables(ctx, &dynamodb.ListTablesInput{}); !errors.Is(err, ErrClosed) {
		t.Errorf("ListTables after Close: %v, want ErrClosed", err)
	}
	if err := db.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
}

// provisionedInput is indexedTableInput billed by provisioned throughput:
// the table read, write and its index at index.
func provisionedInput(name string, read, write int64, index *types.ProvisionedThroughput) *dynamodb.CreateTableInput {
	in := indexedTableInput(name)
	in.BillingMode = types.BillingModeProvisioned
	in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(read), WriteCapacityUnits: aws.Int64(write)}
	in.GlobalSecondaryIndexes[0].ProvisionedThroughput = index
	return in
}

// TestProvisionedThroughputQuota checks that no table or global secondary
// index is given more than the 40,000 units per table DescribeLimits
// reports, whether created or updated.
func TestProvisionedThroughputQuota(t *testing.T) {
	db := openMemory(t)
	pt := func(r, w int64) *types.ProvisionedThroughput {
		return &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(r), WriteCapacityUnits: aws.Int64(w)}
	}
	mustCreate(t, db, provisionedInput("atquota", 40000, 40000, pt(40000, 40000)))
	const (
		tableErr = "ValidationException: Cannot increase provisioned throughput to more than 40,000 units per table"
		indexErr = "ValidationException: Cannot increase provisioned throughput to more than 40,000 units per global secondary index"
	)
	update := func(in *dynamodb.UpdateTableInput) error {
		in.TableName = aws.String("atquota")
		_, err := db.UpdateTable(ctx, in)
		return err
	}
	for _, tt := range []struct {
		name string
		call func() error
		want string
	}{
		{"create: read", func() error { _, err := db.CreateTable(ctx, provisionedInput("over", 50000, 5, pt(5, 5))); return err }, tableErr},
		{"create: write", func() error { _, err := db.CreateTable(ctx, provisionedInput("over", 5, 40001, pt(5, 5))); return err }, tableErr},
		{"create: index", func() error { _, err := db.CreateTable(ctx, provisionedInput("over", 5, 5, pt(50000, 5))); return err }, indexErr},
		{"update: table", func() error { return update(&dynamodb.UpdateTableInput{ProvisionedThroughput: pt(5, 90000)}) }, tableErr},
		{"update: index", func() error {
			return update(&dynamodb.UpdateTableInput{GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{
				IndexName: aws.String("gsi1"), ProvisionedThroughput: pt(90000, 5)}}}})
		}, indexErr},
		{"update: new index", func() error {
			return update(&dynamodb.UpdateTableInput{AttributeDefinitions: defs("h", "S"), GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
				IndexName: aws.String("gsi2"), KeySchema: keySchema("h"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}, ProvisionedThroughput: pt(5, 40001)}}}})
		}, indexErr},
	} {
		if got := errText(tt.call()); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestProvisionedThroughputDecreases checks DynamoDB's allowance of
// decreases, per table and per index: four at any time of a UTC day, then
// one an hour after the last.
func TestProvisionedThroughputDecreases(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 10, 9, 0, 21, 34, 0, time.UTC)}
	db, err := Open(Options{Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mustCreate(t, db, provisionedInput("dec", 100, 100, &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(100), WriteCapacityUnits: aws.Int64(100)}))
	units := int64(100)
	decrease := func() error {
		t.Helper()
		units--
		_, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("dec"),
			ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(units), WriteCapacityUnits: aws.Int64(100)}})
		if err != nil {
			units++
		}
		return err
	}
	for i := range 4 {
		if err := decrease(); err != nil {
			t.Fatalf("decrease %d: %v", i+1, err)
		}
		clock.advance(time.Second)
	}
	// As AWS answered in 2026, to the second.
	const refused = "LimitExceededException: Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. " +
		"After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. " +
		"Number of decreases today: 4. Last decrease at Friday, October 9, 2026 at 12:21:37 AM Coordinated Universal Time. " +
		"Next decrease can be made at Friday, October 9, 2026 at 1:21:37 AM Coordinated Universal Time"
	if got := errText(decrease()); got != refused {
		t.Errorf("fifth decrease: %s\nwant %s", got, refused)
	}
	// The index has an allowance of its own.
	_, err = db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("dec"), GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{
		IndexName: aws.String("gsi1"), ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(50), WriteCapacityUnits: aws.Int64(50)}}}}})
	if err != nil {
		t.Errorf("decrease of the index: %v", err)
	}
	clock.advance(time.Hour - 2*time.Second) // 59:59 after the last
	if err := decrease(); err == nil {
		t.Error("a decrease 59:59 after the last was allowed")
	}
	clock.advance(time.Second)
	if err := decrease(); err != nil {
		t.Errorf("a decrease an hour after the last: %v", err)
	}
	if err := decrease(); err == nil {
		t.Error("a second decrease within the hour was allowed")
	}
	clock.advance(24 * time.Hour) // the next UTC day
	if n := decreasesReported(t, db); n != 0 {
		t.Errorf("NumberOfDecreasesToday the next day = %d, want 0", n)
	}
	for i := range 4 {
		if err := decrease(); err != nil {
			t.Fatalf("decrease %d of the next day: %v", i+1, err)
		}
	}
	if n := decreasesReported(t, db); n != 4 {
		t.Errorf("NumberOfDecreasesToday = %d, want 4", n)
	}
}

// decreasesReported returns the NumberOfDecreasesToday of table "dec".
func decreasesReported(t *testing.T, db *DB) int64 {
	t.Helper()
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("dec")})
	if err != nil {
		t.Fatal(err)
	}
	return *d.Table.ProvisionedThroughput.NumberOfDecreasesToday
}
