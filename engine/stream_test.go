package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// The engine serves the Streams API with the SDK client's signatures.
var (
	_ dynamo.StreamsAPI     = (*DB)(nil)
	_ dynamo.ItemJSONReader = (*DB)(nil)
)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openStreams opens an in-memory DB on a fake clock with table "tab" (hash
// key pk) streaming with the given view type.
func openStreams(t *testing.T, opts Options, view types.StreamViewType) (*DB, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	opts.Now = clock.now
	db, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	createStreamTable(t, db, "tab", view)
	return db, clock
}

func createStreamTable(t *testing.T, db *DB, name string, view types.StreamViewType) {
	t.Helper()
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(name), AttributeDefinitions: defs("pk", "S"), KeySchema: keySchema("pk"),
		BillingMode:         types.BillingModePayPerRequest,
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: view},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// streamArn returns the latest stream of a table.
func streamArn(t *testing.T, db *DB, table string) string {
	t.Helper()
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	return *out.Table.LatestStreamArn
}

// readAll reads every record of a stream, following shard lineage, from
// TRIM_HORIZON.
func readAll(t *testing.T, db *DB, arn string) []streamtypes.Record {
	t.Helper()
	d, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	var out []streamtypes.Record
	for _, sh := range d.StreamDescription.Shards {
		it, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: sh.ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatal(err)
		}
		iter := it.ShardIterator
		for iter != nil {
			r, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, r.Records...)
			if len(r.Records) == 0 {
				break // the open shard, read to its end
			}
			iter = r.NextShardIterator
		}
	}
	return out
}

// summary is what a test compares of a record.
type summary struct {
	Event    string
	Keys     map[string]types.AttributeValue
	New, Old map[string]types.AttributeValue
	Service  bool
}

func summarize(recs []streamtypes.Record) []summary {
	var out []summary
	for _, r := range recs {
		out = append(out, summary{
			Event: string(r.EventName), Keys: dynamo.FromStreamItem(r.Dynamodb.Keys),
			New: dynamo.FromStreamItem(r.Dynamodb.NewImage), Old: dynamo.FromStreamItem(r.Dynamodb.OldImage),
			Service: r.UserIdentity != nil && *r.UserIdentity.PrincipalId == "dynamodb.amazonaws.com" && *r.UserIdentity.Type == "Service",
		})
	}
	return out
}

func TestStreamRecordsEveryWriter(t *testing.T) {
	db, _ := openStreams(t, Options{TTLSweepInterval: -1}, types.StreamViewTypeNewAndOldImages)
	a1 := item{"pk": av.S("a"), "v": av.N("1")}
	a2 := item{"pk": av.S("a"), "v": av.N("2")}
	put(t, db, "tab", a1)
	put(t, db, "tab", a1) // identical: no record
	if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("tab"), Key: item{"pk": av.S("a")},
		UpdateExpression: aws.String("SET v = :v"), ExpressionAttributeValues: item{":v": av.N("1")}}); err != nil {
		t.Fatal(err) // changes nothing: no record
	}
	if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("tab"), Key: item{"pk": av.S("a")},
		UpdateExpression: aws.String("SET v = :v"), ExpressionAttributeValues: item{":v": av.N("2")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("tab"), Key: item{"pk": av.S("zz")}}); err != nil {
		t.Fatal(err) // deletes nothing: no record
	}
	if _, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"tab": {
		{PutRequest: &types.PutRequest{Item: item{"pk": av.S("b")}}},
		{DeleteRequest: &types.DeleteRequest{Key: item{"pk": av.S("a")}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("tab"), Item: item{"pk": av.S("c")}}},
		{Update: &types.Update{TableName: aws.String("tab"), Key: item{"pk": av.S("b")}, UpdateExpression: aws.String("SET x = :x"), ExpressionAttributeValues: item{":x": av.S("y")}}},
	}}); err != nil {
		t.Fatal(err)
	}
	// A cancelled transaction records nothing.
	db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("tab"), Item: item{"pk": av.S("d")}}},
		{ConditionCheck: &types.ConditionCheck{TableName: aws.String("tab"), Key: item{"pk": av.S("c")}, ConditionExpression: aws.String("attribute_not_exists(pk)")}},
	}})
	want := []summary{
		{Event: "INSERT", Keys: item{"pk": av.S("a")}, New: a1},
		{Event: "MODIFY", Keys: item{"pk": av.S("a")}, New: a2, Old: a1},
		{Event: "INSERT", Keys: item{"pk": av.S("b")}, New: item{"pk": av.S("b")}},
		{Event: "REMOVE", Keys: item{"pk": av.S("a")}, Old: a2},
		{Event: "INSERT", Keys: item{"pk": av.S("c")}, New: item{"pk": av.S("c")}},
		{Event: "MODIFY", Keys: item{"pk": av.S("b")}, New: item{"pk": av.S("b"), "x": av.S("y")}, Old: item{"pk": av.S("b")}},
	}
	recs := readAll(t, db, streamArn(t, db, "tab"))
	if diff := cmp.Diff(want, summarize(recs), avCmp); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	prev := ""
	for _, r := range recs {
		seq := *r.Dynamodb.SequenceNumber
		if len(seq) != 21 || seq <= prev {
			t.Errorf("sequence number %q after %q: want 21 digits, increasing", seq, prev)
		}
		prev = seq
		if *r.EventSource != "aws:dynamodb" || *r.EventVersion != "1.1" || *r.AwsRegion != "ddblocal" || r.EventID == nil ||
			r.Dynamodb.StreamViewType != streamtypes.StreamViewTypeNewAndOldImages || r.Dynamodb.ApproximateCreationDateTime == nil {
			t.Errorf("record fields: %+v", r)
		}
	}
	if got := *recs[1].Dynamodb.SizeBytes; got != 15 { // keys 3 + new 6 + old 6, as DynamoDB Local counts
		t.Errorf("SizeBytes = %d, want 15", got)
	}
}

func TestStreamViewTypes(t *testing.T) {
	old := item{"pk": av.S("a"), "v": av.N("1")}
	nu := item{"pk": av.S("a"), "v": av.N("2")}
	for _, c := range []struct {
		view     types.StreamViewType
		new, old map[string]types.AttributeValue
	}{
		{types.StreamViewTypeKeysOnly, nil, nil},
		{types.StreamViewTypeNewImage, nu, nil},
		{types.StreamViewTypeOldImage, nil, old},
		{types.StreamViewTypeNewAndOldImages, nu, old},
	} {
		t.Run(string(c.view), func(t *testing.T) {
			db, _ := openStreams(t, Options{}, c.view)
			put(t, db, "tab", old)
			put(t, db, "tab", nu)
			recs := readAll(t, db, streamArn(t, db, "tab"))
			want := summary{Event: "MODIFY", Keys: item{"pk": av.S("a")}, New: c.new, Old: c.old}
			if diff := cmp.Diff(want, summarize(recs)[1], avCmp); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestStreamTTLDeletionIsByService(t *testing.T) {
	db, clock := openStreams(t, Options{TTLSweepInterval: -1}, types.StreamViewTypeKeysOnly)
	if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("tab"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	put(t, db, "tab", item{"pk": av.S("a"), "exp": av.N(fmt.Sprint(clock.now().Unix() - 10))})
	db.expire(clock.now())
	got := summarize(readAll(t, db, streamArn(t, db, "tab")))
	want := []summary{
		{Event: "INSERT", Keys: item{"pk": av.S("a")}},
		{Event: "REMOVE", Keys: item{"pk": av.S("a")}, Service: true},
	}
	if diff := cmp.Diff(want, got, avCmp); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestStreamShardRollover(t *testing.T) {
	db, clock := openStreams(t, Options{ShardRollover: time.Minute, ShardMaxRecords: 3}, types.StreamViewTypeKeysOnly)
	for i := range 7 {
		put(t, db, "tab", item{"pk": av.S(fmt.Sprint(i))})
	}
	clock.advance(2 * time.Minute)
	put(t, db, "tab", item{"pk": av.S("7")})
	arn := streamArn(t, db, "tab")
	d, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	shards := d.StreamDescription.Shards
	if len(shards) != 4 {
		t.Fatalf("%d shards, want 4 (3+3+1 records, then a rollover by time)", len(shards))
	}
	for i, sh := range shards {
		if i > 0 && (sh.ParentShardId == nil || *sh.ParentShardId != *shards[i-1].ShardId) {
			t.Errorf("shard %d parent = %v, want %s", i, sh.ParentShardId, *shards[i-1].ShardId)
		}
		closed := sh.SequenceNumberRange.EndingSequenceNumber != nil
		if closed != (i < 3) {
			t.Errorf("shard %d closed = %v", i, closed)
		}
	}
	var keys []string
	for _, r := range readAll(t, db, arn) {
		keys = append(keys, r.Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS).Value)
	}
	if diff := cmp.Diff([]string{"0", "1", "2", "3", "4", "5", "6", "7"}, keys); diff != "" {
		t.Errorf("keys across shards (-want +got):\n%s", diff)
	}
	child, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn,
		ShardFilter: &streamtypes.ShardFilter{Type: streamtypes.ShardFilterTypeChildShards, ShardId: shards[1].ShardId}})
	if err != nil {
		t.Fatal(err)
	}
	if len(child.StreamDescription.Shards) != 1 || *child.StreamDescription.Shards[0].ShardId != *shards[2].ShardId {
		t.Errorf("CHILD_SHARDS of shard 1 = %+v", child.StreamDescription.Shards)
	}
	page, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn, Limit: aws.Int32(2), ExclusiveStartShardId: shards[0].ShardId})
	if err != nil {
		t.Fatal(err)
	}
	if got := page.StreamDescription; len(got.Shards) != 2 || *got.Shards[0].ShardId != *shards[1].ShardId || *got.LastEvaluatedShardId != *shards[2].ShardId {
		t.Errorf("page after shard 0: %+v", got)
	}
}

func TestStreamIterators(t *testing.T) {
	db, clock := openStreams(t, Options{}, types.StreamViewTypeKeysOnly)
	for i := range 5 {
		put(t, db, "tab", item{"pk": av.S(fmt.Sprint(i))})
	}
	arn := streamArn(t, db, "tab")
	d, _ := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	shard := d.StreamDescription.Shards[0].ShardId
	all := readAll(t, db, arn)
	iterAt := func(typ streamtypes.ShardIteratorType, seq *string) *string {
		t.Helper()
		it, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard, ShardIteratorType: typ, SequenceNumber: seq})
		if err != nil {
			t.Fatal(err)
		}
		return it.ShardIterator
	}
	first := func(it *string, limit int32) (string, *string) {
		t.Helper()
		r, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: &limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Records) == 0 {
			return "", r.NextShardIterator
		}
		return *r.Records[0].Dynamodb.SequenceNumber, r.NextShardIterator
	}
	if got, _ := first(iterAt(streamtypes.ShardIteratorTypeAtSequenceNumber, all[2].Dynamodb.SequenceNumber), 1); got != *all[2].Dynamodb.SequenceNumber {
		t.Errorf("AT_SEQUENCE_NUMBER read %s", got)
	}
	if got, _ := first(iterAt(streamtypes.ShardIteratorTypeAfterSequenceNumber, all[2].Dynamodb.SequenceNumber), 1); got != *all[3].Dynamodb.SequenceNumber {
		t.Errorf("AFTER_SEQUENCE_NUMBER read %s", got)
	}
	latest := iterAt(streamtypes.ShardIteratorTypeLatest, nil)
	if got, next := first(latest, 10); got != "" || next == nil {
		t.Errorf("LATEST read %q, next %v", got, next)
	}
	put(t, db, "tab", item{"pk": av.S("new")})
	if got, _ := first(latest, 10); got == "" {
		t.Error("LATEST did not see a later write")
	}
	clock.advance(16 * time.Minute)
	_, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: latest})
	var expired *streamtypes.ExpiredIteratorException
	if !errors.As(err, &expired) {
		t.Errorf("16-minute-old iterator: %v, want ExpiredIteratorException", err)
	}
}

func TestStreamRetention(t *testing.T) {
	db, clock := openStreams(t, Options{ShardRollover: 48 * time.Hour}, types.StreamViewTypeKeysOnly)
	put(t, db, "tab", item{"pk": av.S("old")})
	arn := streamArn(t, db, "tab")
	d, _ := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	shard := d.StreamDescription.Shards[0].ShardId
	trimHorizon, _ := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
	clock.advance(12 * time.Hour)
	put(t, db, "tab", item{"pk": av.S("new")})
	clock.advance(12*time.Hour + time.Second)
	// The old record expired: an iterator at it fails, whether or not the
	// sweep has deleted it yet.
	for _, sweep := range []bool{false, true} {
		if sweep {
			db.trimStreams(clock.now())
		}
		fresh, _ := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
		clock.advance(time.Millisecond)
		_, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: trimHorizon.ShardIterator})
		var trimmed *streamtypes.TrimmedDataAccessException
		var expired *streamtypes.ExpiredIteratorException
		if !errors.As(err, &trimmed) && !errors.As(err, &expired) {
			t.Errorf("sweep %v: iterator at a trimmed record: %v", sweep, err)
		}
		r, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: fresh.ShardIterator})
		if err != nil || len(r.Records) != 1 || r.Records[0].Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS).Value != "new" {
			t.Errorf("sweep %v: TRIM_HORIZON read %+v, %v", sweep, r, err)
		}
	}
	// A disabled stream stays readable for 24 hours, then is gone.
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("tab"), StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(false)}}); err != nil {
		t.Fatal(err)
	}
	clock.advance(23 * time.Hour)
	if _, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn}); err != nil {
		t.Errorf("disabled for 23 hours: %v", err)
	}
	clock.advance(time.Hour)
	db.trimStreams(clock.now())
	var rnf *streamtypes.ResourceNotFoundException
	if _, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn}); !errors.As(err, &rnf) {
		t.Errorf("disabled for 24 hours: %v, want ResourceNotFoundException", err)
	}
}

func TestStreamLifecycle(t *testing.T) {
	db, _ := openStreams(t, Options{}, types.StreamViewTypeKeysOnly)
	first := streamArn(t, db, "tab")
	put(t, db, "tab", item{"pk": av.S("a")})
	update := func(spec *types.StreamSpecification) error {
		_, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("tab"), StreamSpecification: spec})
		return err
	}
	on := &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage}
	off := &types.StreamSpecification{StreamEnabled: aws.Bool(false)}
	for _, c := range []struct {
		spec *types.StreamSpecification
		err  string
	}{
		{on, "Table already has an enabled stream: TableName: tab"},
		{&types.StreamSpecification{StreamEnabled: aws.Bool(true)}, "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required"},
		{&types.StreamSpecification{StreamEnabled: aws.Bool(false), StreamViewType: types.StreamViewTypeNewImage}, "One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified"},
		{&types.StreamSpecification{}, "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null"},
		{off, ""},
		{off, "Table has no stream to disable: TableName: tab"},
	} {
		err := update(c.spec)
		if (err == nil) != (c.err == "") || (err != nil && apiMessage(err) != c.err) {
			t.Errorf("UpdateTable %+v: %v, want %q", c.spec, err, c.err)
		}
	}
	d, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("tab")})
	if d.Table.StreamSpecification != nil || *d.Table.LatestStreamArn != first {
		t.Errorf("after disabling: StreamSpecification %v, LatestStreamArn %v", d.Table.StreamSpecification, *d.Table.LatestStreamArn)
	}
	put(t, db, "tab", item{"pk": av.S("unrecorded")})
	if err := update(on); err != nil {
		t.Fatal(err)
	}
	second := streamArn(t, db, "tab")
	if second == first {
		t.Fatal("re-enabling kept the stream ARN")
	}
	put(t, db, "tab", item{"pk": av.S("b")})
	if got := summarize(readAll(t, db, first)); len(got) != 1 || got[0].Keys["pk"].(*types.AttributeValueMemberS).Value != "a" {
		t.Errorf("first stream: %+v", got)
	}
	if got := summarize(readAll(t, db, second)); len(got) != 1 || got[0].New == nil {
		t.Errorf("second stream: %+v", got)
	}
	desc, _ := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &first})
	if desc.StreamDescription.StreamStatus != streamtypes.StreamStatusDisabled || desc.StreamDescription.Shards[0].SequenceNumberRange.EndingSequenceNumber == nil {
		t.Errorf("disabled stream: %+v", desc.StreamDescription)
	}
	list, err := db.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{TableName: aws.String("tab"), Limit: aws.Int32(1)})
	if err != nil || len(list.Streams) != 1 || *list.LastEvaluatedStreamArn != *list.Streams[0].StreamArn {
		t.Fatalf("ListStreams page 1: %+v, %v", list, err)
	}
	list2, err := db.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{TableName: aws.String("tab"), ExclusiveStartStreamArn: list.LastEvaluatedStreamArn})
	if err != nil || len(list2.Streams) != 1 || list2.LastEvaluatedStreamArn != nil || *list2.Streams[0].StreamArn == *list.Streams[0].StreamArn {
		t.Errorf("ListStreams page 2: %+v, %v", list2, err)
	}
	// Deleting the table disables its stream, which stays readable.
	if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("tab")}); err != nil {
		t.Fatal(err)
	}
	desc, err = db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &second})
	if err != nil || desc.StreamDescription.StreamStatus != streamtypes.StreamStatusDisabled {
		t.Errorf("stream of a deleted table: %+v, %v", desc, err)
	}
}

// A new stream of a table numbers its records past those of the table's
// earlier streams, so that a sequence number of the previous stream (a
// consumer's checkpoint, say) is not taken for a position in the new one.
func TestStreamSequenceNumbersOfANewStream(t *testing.T) {
	db, _ := openStreams(t, Options{}, types.StreamViewTypeKeysOnly)
	first := streamArn(t, db, "tab")
	for _, k := range []string{"a", "b", "c"} {
		put(t, db, "tab", item{"pk": av.S(k)})
	}
	old := readAll(t, db, first)
	for _, spec := range []*types.StreamSpecification{{StreamEnabled: aws.Bool(false)}, {StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeKeysOnly}} {
		if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("tab"), StreamSpecification: spec}); err != nil {
			t.Fatal(err)
		}
	}
	second := streamArn(t, db, "tab")
	for _, k := range []string{"d", "e", "f"} {
		put(t, db, "tab", item{"pk": av.S(k)})
	}
	recs := readAll(t, db, second)
	if len(recs) != 3 || *recs[0].Dynamodb.SequenceNumber <= *old[2].Dynamodb.SequenceNumber {
		t.Fatalf("the new stream's records %+v do not follow the old stream's last, %s", summarize(recs), *old[2].Dynamodb.SequenceNumber)
	}
	d, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &second})
	if err != nil {
		t.Fatal(err)
	}
	shard := d.StreamDescription.Shards[0].ShardId
	for _, r := range old {
		_, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &second, ShardId: shard,
			ShardIteratorType: streamtypes.ShardIteratorTypeAtSequenceNumber, SequenceNumber: r.Dynamodb.SequenceNumber})
		if apiMessage(err) != "Invalid SequenceNumber for the shard" {
			t.Errorf("AT_SEQUENCE_NUMBER %s of the old stream in the new one: %v", *r.Dynamodb.SequenceNumber, err)
		}
	}
}

func TestStreamRestart(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	createStreamTable(t, db, "tab", types.StreamViewTypeNewImage)
	put(t, db, "tab", item{"pk": av.S("a")})
	db.Close()
	db, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put(t, db, "tab", item{"pk": av.S("b")})
	recs := readAll(t, db, streamArn(t, db, "tab"))
	if len(recs) != 2 || *recs[0].Dynamodb.SequenceNumber >= *recs[1].Dynamodb.SequenceNumber {
		t.Fatalf("records after restart: %+v", summarize(recs))
	}
}

func TestOnChange(t *testing.T) {
	db, _ := openStreams(t, Options{}, types.StreamViewTypeNewAndOldImages)
	createStreamTable(t, db, "audit", types.StreamViewTypeKeysOnly)
	var seen []string
	stop, err := db.OnChange("tab", func(r streamtypes.Record) {
		k := r.Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS).Value
		seen = append(seen, string(r.EventName)+" "+k)
		// A handler may write, as a stream-triggered function does.
		put(t, db, "audit", item{"pk": av.S(k)})
	})
	if err != nil {
		t.Fatal(err)
	}
	put(t, db, "tab", item{"pk": av.S("a")})
	if diff := cmp.Diff([]string{"INSERT a"}, seen); diff != "" {
		t.Errorf("after one put (-want +got):\n%s", diff)
	}
	if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("tab"), Key: item{"pk": av.S("a")}}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"INSERT a", "REMOVE a"}, seen); diff != "" {
		t.Errorf("after delete (-want +got):\n%s", diff)
	}
	if got := len(readAll(t, db, streamArn(t, db, "audit"))); got != 1 {
		t.Errorf("audit table got %d changes, want 1 (the handler's put of an identical item changes nothing)", got)
	}
	stop()
	put(t, db, "tab", item{"pk": av.S("b")})
	if len(seen) != 2 {
		t.Errorf("handler ran after stop: %v", seen)
	}
	if _, err := db.OnChange("missing", func(streamtypes.Record) {}); err == nil {
		t.Error("OnChange on a missing table succeeded")
	}
}

// avCmp compares attribute values by content.
var avCmp = cmp.Comparer(func(a, b types.AttributeValue) bool {
	return (a == nil) == (b == nil) && (a == nil || attr.Equal(a, b))
})

// TestStreamRequestErrors covers the malformed requests the SDK client
// refuses to send, with the answers DynamoDB Local gives over HTTP.
func TestStreamRequestErrors(t *testing.T) {
	db, _ := openStreams(t, Options{}, types.StreamViewTypeKeysOnly)
	arn := streamArn(t, db, "tab")
	for _, c := range []struct {
		name string
		call func() error
		want string
	}{
		{"DescribeStream without StreamArn", func() error {
			_, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{})
			return err
		}, "Invalid StreamArn"},
		{"GetShardIterator without ShardId", func() error {
			_, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardIteratorType: streamtypes.ShardIteratorTypeLatest})
			return err
		}, "No ShardId specified."},
		{"GetShardIterator without StreamArn", func() error {
			_, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{ShardId: aws.String("shardId-00000001796538828807-3a123fd7"), ShardIteratorType: streamtypes.ShardIteratorTypeLatest})
			return err
		}, "One or more parameter values were invalid: streamArn cannot be empty or null."},
		{"GetRecords without ShardIterator", func() error {
			_, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{})
			return err
		}, "Invalid ShardIterator"},
	} {
		if err := c.call(); err == nil || apiMessage(err) != c.want {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// TestStreamConcurrentReaderMissesNothing reads a shard while writers to
// different items commit in any order: the reader must see every record
// once, each item's in order, although numbers are handed out before the
// writes that carry them finish.
func TestStreamConcurrentReaderMissesNothing(t *testing.T) {
	db, _ := openStreams(t, Options{}, types.StreamViewTypeNewImage)
	arn := streamArn(t, db, "tab")
	d, _ := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	it, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: d.StreamDescription.Shards[0].ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	const writers, perWriter = 4, 200
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for v := range perWriter {
				if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("tab"),
					Item: item{"pk": av.S(fmt.Sprint(w)), "v": av.N(fmt.Sprint(v))}}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	last := map[string]int{}
	seen, iter := 0, it.ShardIterator
	for finished := false; ; {
		select {
		case <-done:
			finished = true
		default:
		}
		r, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(7)})
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range r.Records {
			img := dynamo.FromStreamItem(rec.Dynamodb.NewImage)
			pk, v := img["pk"].(*types.AttributeValueMemberS).Value, 0
			fmt.Sscan(img["v"].(*types.AttributeValueMemberN).Value, &v)
			if prev, ok := last[pk]; ok && v != prev+1 {
				t.Fatalf("item %s: version %d after %d", pk, v, prev)
			}
			last[pk] = v
			seen++
		}
		iter = r.NextShardIterator
		if finished && len(r.Records) == 0 {
			break
		}
	}
	if seen != writers*perWriter {
		t.Errorf("read %d records, want %d", seen, writers*perWriter)
	}
}

func TestStreamIteratorAtTimestamp(t *testing.T) {
	db, clock := openStreams(t, Options{}, types.StreamViewTypeKeysOnly)
	put(t, db, "tab", item{"pk": av.S("early")})
	mid := clock.now().Add(5 * time.Second)
	clock.advance(10 * time.Second)
	put(t, db, "tab", item{"pk": av.S("late")})
	arn := streamArn(t, db, "tab")
	d, _ := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	in := &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: d.StreamDescription.Shards[0].ShardId,
		ShardIteratorType: streamtypes.ShardIteratorTypeAtTimestamp, Timestamp: &mid}
	it, err := db.GetShardIterator(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil || len(r.Records) != 1 || r.Records[0].Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS).Value != "late" {
		t.Errorf("AT_TIMESTAMP between the writes read %+v, %v", r, err)
	}
	for _, c := range []struct {
		ts   *time.Time
		want string
	}{
		{aws.Time(clock.now().Add(time.Minute)), "One or more parameter values were invalid: Timestamp cannot be in the future"},
		{nil, "One or more parameter values were invalid: Timestamp must be specified for the AT_TIMESTAMP iterator type"},
	} {
		in.Timestamp = c.ts
		if _, err := db.GetShardIterator(ctx, in); err == nil || apiMessage(err) != c.want {
			t.Errorf("Timestamp %v: %v, want %q", c.ts, err, c.want)
		}
	}
	in.ShardIteratorType, in.Timestamp = streamtypes.ShardIteratorTypeLatest, &mid
	if _, err := db.GetShardIterator(ctx, in); err == nil {
		t.Error("LATEST with a Timestamp succeeded")
	}
}

func TestGetRecordsStopsAtOneMegabyte(t *testing.T) {
	db, _ := openStreams(t, Options{}, types.StreamViewTypeNewAndOldImages)
	big := strings.Repeat("x", 390<<10)
	for i := range 10 {
		put(t, db, "tab", item{"pk": av.S(fmt.Sprint(i)), "data": av.S(big)})
	}
	arn := streamArn(t, db, "tab")
	d, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	it, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: d.StreamDescription.Shards[0].ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for iter := it.ShardIterator; iter != nil; {
		r, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Records) == 0 {
			break
		}
		size := int64(0)
		for _, rec := range r.Records {
			size += *rec.Dynamodb.SizeBytes
			keys = append(keys, dynamo.FromStreamItem(rec.Dynamodb.Keys)["pk"].(*types.AttributeValueMemberS).Value)
		}
		// Two 390 KB records fit in 1 MB, a third does not.
		if len(r.Records) != 2 || size > maxRecordsBytes {
			t.Fatalf("one call returned %d records of %d bytes, want 2 within 1 MB", len(r.Records), size)
		}
		iter = r.NextShardIterator
	}
	if want := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}; !cmp.Equal(keys, want) {
		t.Errorf("read %v, want %v", keys, want)
	}
}

// firstShard returns the id of the first shard of a stream.
func firstShard(t *testing.T, db *DB, arn string) *string {
	t.Helper()
	d, err := db.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	return d.StreamDescription.Shards[0].ShardId
}

// TestStreamSequenceNumbersOfAnotherTable checks that the sequence numbers
// of one table's stream are no positions in another's, before or after
// its own numbers, as a consumer configured with the wrong stream would
// otherwise read from an arbitrary place, while numbers of its own block
// not handed out yet are.
func TestStreamSequenceNumbersOfAnotherTable(t *testing.T) {
	db, _ := openStreams(t, Options{}, types.StreamViewTypeKeysOnly)
	createStreamTable(t, db, "other", types.StreamViewTypeKeysOnly)
	createStreamTable(t, db, "third", types.StreamViewTypeKeysOnly)
	for _, table := range []string{"tab", "other", "third"} {
		for _, k := range []string{"a", "b", "c"} {
			put(t, db, table, item{"pk": av.S(k)})
		}
	}
	arn := streamArn(t, db, "other")
	shard := firstShard(t, db, arn)
	for _, foreign := range []string{"tab", "third"} {
		for _, r := range readAll(t, db, streamArn(t, db, foreign)) {
			for _, typ := range []streamtypes.ShardIteratorType{streamtypes.ShardIteratorTypeAtSequenceNumber, streamtypes.ShardIteratorTypeAfterSequenceNumber} {
				_, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard,
					ShardIteratorType: typ, SequenceNumber: r.Dynamodb.SequenceNumber})
				if err == nil || apiMessage(err) != "Invalid SequenceNumber for the shard" {
					t.Errorf("%s %s of table %s in the stream of other: %v", typ, *r.Dynamodb.SequenceNumber, foreign, err)
				}
			}
		}
	}
	own := readAll(t, db, arn)
	last, _ := parseSeq(*own[len(own)-1].Dynamodb.SequenceNumber)
	for _, ahead := range []uint64{1, 1000000} { // not handed out yet, as DynamoDB Local takes them
		if _, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard,
			ShardIteratorType: streamtypes.ShardIteratorTypeAtSequenceNumber, SequenceNumber: ptr(formatSeq(last + ahead))}); err != nil {
			t.Errorf("%d past its last number: %v", ahead, err)
		}
	}
	for _, r := range own {
		if len(*r.Dynamodb.SequenceNumber) != 21 {
			t.Errorf("sequence number %s is not 21 digits", *r.Dynamodb.SequenceNumber)
		}
		if _, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard,
			ShardIteratorType: streamtypes.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: r.Dynamodb.SequenceNumber}); err != nil {
			t.Errorf("its own number %s: %v", *r.Dynamodb.SequenceNumber, err)
		}
	}
}

// TestStreamAfterLastTrimmedRecord: an iterator after the last record a
// consumer read, when retention has trimmed that record and every older
// one, loses nothing and is served; one at that record, or after an older
// one, would miss trimmed records and fails. AWS lists "a sequence number
// older than the trim point" among the causes of TrimmedDataAccessException
// ("The operation attempted to read past the oldest stream record in a
// shard"); reading after the newest trimmed record reads nothing trimmed,
// and refusing it would leave a caught-up consumer unable to resume after
// an idle day. DynamoDB Local cannot be made to trim in a test (it has no
// clock to move), so the differential tests do not compare this.
func TestStreamAfterLastTrimmedRecord(t *testing.T) {
	db, clock := openStreams(t, Options{ShardRollover: 48 * time.Hour}, types.StreamViewTypeKeysOnly)
	put(t, db, "tab", item{"pk": av.S("a")})
	put(t, db, "tab", item{"pk": av.S("b")})
	arn := streamArn(t, db, "tab")
	shard := firstShard(t, db, arn)
	recs := readAll(t, db, arn)
	clock.advance(25 * time.Hour)
	db.trimStreams(clock.now())
	put(t, db, "tab", item{"pk": av.S("c")})
	iterator := func(typ streamtypes.ShardIteratorType, seq *string) (*string, error) {
		out, err := db.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: shard, ShardIteratorType: typ, SequenceNumber: seq})
		if err != nil {
			return nil, err
		}
		return out.ShardIterator, nil
	}
	it, err := iterator(streamtypes.ShardIteratorTypeAfterSequenceNumber, recs[1].Dynamodb.SequenceNumber)
	if err != nil {
		t.Fatalf("after the last record read, trimmed: %v", err)
	}
	out, err := db.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it})
	if err != nil || len(out.Records) != 1 || out.Records[0].Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS).Value != "c" {
		t.Errorf("read after the last record read: %+v, %v; want c", out, err)
	}
	for name, c := range map[string]struct {
		typ streamtypes.ShardIteratorType
		seq *string
	}{
		"at the last trimmed record": {streamtypes.ShardIteratorTypeAtSequenceNumber, recs[1].Dynamodb.SequenceNumber},
		"after an older trimmed one": {streamtypes.ShardIteratorTypeAfterSequenceNumber, recs[0].Dynamodb.SequenceNumber},
	} {
		var trimmed *streamtypes.TrimmedDataAccessException
		if _, err := iterator(c.typ, c.seq); !errors.As(err, &trimmed) {
			t.Errorf("%s: %v, want TrimmedDataAccessException", name, err)
		}
	}
}
