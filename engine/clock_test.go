package engine

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// frozen is a clock source that stands still at t0.
var t0 = time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)

func frozen() time.Time { return t0 }

func TestClockMovesForwardOnly(t *testing.T) {
	db := openMemory(t)
	c := db.Clock()
	before := c.Now()
	if err := c.Advance(time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := c.Now().Sub(before); got < time.Hour || got > time.Hour+time.Minute {
		t.Errorf("advanced by %v, want an hour (and the time the test took)", got)
	}
	if err := c.Advance(-time.Second); !errors.Is(err, ErrClockBackwards) {
		t.Errorf("Advance(-1s) = %v, want ErrClockBackwards", err)
	}
	if err := c.Set(before); !errors.Is(err, ErrClockBackwards) {
		t.Errorf("Set(the past) = %v, want ErrClockBackwards", err)
	}
	later := c.Now().Add(48 * time.Hour)
	if err := c.Set(later); err != nil {
		t.Fatal(err)
	}
	if got := c.Now(); got.Before(later) || got.Sub(later) > time.Minute {
		t.Errorf("Now() = %v after Set(%v)", got, later)
	}
}

func TestClockTableTimestamps(t *testing.T) {
	db, err := Open(Options{Now: frozen, StatusDelay: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t1 := t0.Add(100 * 24 * time.Hour)
	if err := db.Clock().Set(t1); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("tab"), AttributeDefinitions: defs("pk", "S"), KeySchema: keySchema("pk"),
		BillingMode: types.BillingModePayPerRequest,
	})
	describe := func() *types.TableDescription {
		t.Helper()
		out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("tab")})
		if err != nil {
			t.Fatal(err)
		}
		return out.Table
	}
	d := describe()
	if !d.CreationDateTime.Equal(t1) || d.TableStatus != types.TableStatusCreating {
		t.Errorf("created at %v, %s; want %v, CREATING", d.CreationDateTime, d.TableStatus, t1)
	}
	// The status delay follows the clock too.
	if err := db.Clock().Advance(time.Minute); err != nil {
		t.Fatal(err)
	}
	if d := describe(); d.TableStatus != types.TableStatusActive || !d.CreationDateTime.Equal(t1) {
		t.Errorf("a minute later: %s, created at %v; want ACTIVE, %v", d.TableStatus, d.CreationDateTime, t1)
	}
}

func TestClockAdvanceExpiresTTL(t *testing.T) {
	// The background sweep would take 5 seconds; the clock's move sweeps.
	db, err := Open(Options{Now: frozen})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	createStreamTable(t, db, "tab", types.StreamViewTypeNewAndOldImages)
	if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("tab"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	// More than one sweep's worth expires at once.
	const n = maxExpiredPerSweep + 5
	exp := av.N(fmt.Sprint(t0.Add(24 * time.Hour).Unix()))
	for i := range n {
		put(t, db, "tab", item{"pk": av.S(fmt.Sprint(i)), "exp": exp})
	}
	put(t, db, "tab", item{"pk": av.S("forever")})
	count := func() int {
		t.Helper()
		out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("tab"), Select: types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		return int(out.Count)
	}
	if err := db.Clock().Advance(23 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != n+1 {
		t.Fatalf("after 23 hours: %d items, want %d", got, n+1)
	}
	if err := db.Clock().Advance(time.Hour + time.Second); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 1 {
		t.Fatalf("after 24 hours: %d items, want 1", got)
	}
	recs := readAll(t, db, streamArn(t, db, "tab"))
	removes := 0
	for _, r := range recs {
		if r.EventName != streamtypes.OperationTypeRemove {
			continue
		}
		removes++
		want := &streamtypes.Identity{PrincipalId: aws.String("dynamodb.amazonaws.com"), Type: aws.String("Service")}
		if diff := cmp.Diff(want, r.UserIdentity, cmp.AllowUnexported(streamtypes.Identity{})); diff != "" {
			t.Fatalf("REMOVE record's identity (-want +got):\n%s", diff)
		}
		if got := *r.Dynamodb.ApproximateCreationDateTime; got.Before(t0.Add(24 * time.Hour)) {
			t.Fatalf("REMOVE record made at %v, before the item expired", got)
		}
	}
	if removes != n {
		t.Errorf("%d REMOVE records, want %d", removes, n)
	}
}

func TestClockStreamRetentionAndIteratorExpiry(t *testing.T) {
	db, err := Open(Options{Now: frozen, ShardRollover: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	createStreamTable(t, db, "tab", types.StreamViewTypeKeysOnly)
	put(t, db, "tab", item{"pk": av.S("old")})
	arn := streamArn(t, db, "tab")
	d, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	shard := d.StreamDescription.Shards[0].ShardId
	iterator := func(typ streamtypes.ShardIteratorType, seq *string) (*string, error) {
		out, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard, ShardIteratorType: typ, SequenceNumber: seq})
		if err != nil {
			return nil, err
		}
		return out.ShardIterator, nil
	}
	horizon, err := iterator(streamtypes.ShardIteratorTypeTrimHorizon, nil)
	if err != nil {
		t.Fatal(err)
	}
	old, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: horizon})
	if err != nil || len(old.Records) != 1 {
		t.Fatalf("GetRecords: %v, %v", old, err)
	}

	// Iterators expire after 15 minutes.
	if err := db.Clock().Advance(15*time.Minute + time.Second); err != nil {
		t.Fatal(err)
	}
	var expired *streamtypes.ExpiredIteratorException
	if _, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: horizon}); !errors.As(err, &expired) {
		t.Errorf("a 15-minute-old iterator: %v, want ExpiredIteratorException", err)
	}

	// Records are trimmed after 24 hours.
	if err := db.Clock().Advance(12 * time.Hour); err != nil {
		t.Fatal(err)
	}
	put(t, db, "tab", item{"pk": av.S("new")})
	if err := db.Clock().Advance(12 * time.Hour); err != nil {
		t.Fatal(err)
	}
	var trimmed *streamtypes.TrimmedDataAccessException
	if _, err := iterator(streamtypes.ShardIteratorTypeAtSequenceNumber, old.Records[0].Dynamodb.SequenceNumber); !errors.As(err, &trimmed) {
		t.Errorf("an iterator at a 24-hour-old record: %v, want TrimmedDataAccessException", err)
	}
	horizon, err = iterator(streamtypes.ShardIteratorTypeTrimHorizon, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: horizon})
	if err != nil || len(out.Records) != 1 || out.Records[0].Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS).Value != "new" {
		t.Errorf("TRIM_HORIZON after 24 hours read %+v, %v; want the new record alone", out, err)
	}
}

func TestClockTokenLifetime(t *testing.T) {
	db := openFaults(t, Options{Now: frozen})
	write := func(pk string) error {
		_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
			ClientRequestToken: aws.String("token"),
			TransactItems:      []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String("aaa"), Item: key(pk, 1)}}},
		})
		return err
	}
	if err := write("x"); err != nil {
		t.Fatal(err)
	}
	var mismatch *types.IdempotentParameterMismatchException
	if err := write("y"); !errors.As(err, &mismatch) {
		t.Errorf("the token reused with other items: %v, want IdempotentParameterMismatchException", err)
	}
	if err := db.Clock().Advance(10*time.Minute + time.Second); err != nil {
		t.Fatal(err)
	}
	if err := write("y"); err != nil {
		t.Errorf("the token reused after 10 minutes: %v", err)
	}
}

func TestClockShardRollover(t *testing.T) {
	db, err := Open(Options{Now: frozen})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	createStreamTable(t, db, "tab", types.StreamViewTypeKeysOnly)
	arn := streamArn(t, db, "tab")
	shards := func() int {
		t.Helper()
		d, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
		if err != nil {
			t.Fatal(err)
		}
		return len(d.StreamDescription.Shards)
	}
	put(t, db, "tab", item{"pk": av.S("a")})
	if err := db.Clock().Advance(4*time.Hour - time.Second); err != nil {
		t.Fatal(err)
	}
	put(t, db, "tab", item{"pk": av.S("b")})
	if got := shards(); got != 1 {
		t.Fatalf("%d shards before 4 hours, want 1", got)
	}
	// A shard stays open 4 hours; the first write after that opens a child.
	if err := db.Clock().Advance(time.Second); err != nil {
		t.Fatal(err)
	}
	put(t, db, "tab", item{"pk": av.S("c")})
	if got := shards(); got != 2 {
		t.Errorf("%d shards after 4 hours, want 2", got)
	}
}

// TestClockMoveSurvivesRestart checks that a database reopened from disk
// runs as far ahead of its source as it was moved: a clock that went back
// on restart would give a table a creation time after the time it reads,
// and expire every shard iterator made after the move.
func TestClockMoveSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir, Now: frozen})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Clock().Advance(25 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.Clock().Set(t0.Add(48 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(Options{Dir: dir, Now: frozen})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := db.Clock().Now(), t0.Add(48*time.Hour); !got.Equal(want) {
		t.Errorf("clock after restart = %v, want %v", got, want)
	}
}
