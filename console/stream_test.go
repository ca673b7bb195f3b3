package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/av"
)

// poll polls a table's stream and returns the keys of the records (as
// EVENT:pk) and the next cursor.
func poll(h *harness, table string, cursor json.RawMessage, from string) ([]string, json.RawMessage, pollAnswer) {
	h.t.Helper()
	var ans struct {
		pollAnswer
		Cursor json.RawMessage `json:"cursor"`
	}
	h.ok("POST", "api/tables/"+table+"/stream/poll", map[string]any{"cursor": cursor, "from": from}, &ans)
	var got []string
	for _, r := range ans.Records {
		var keys map[string]map[string]string
		json.Unmarshal(r.Keys, &keys)
		got = append(got, r.Event+":"+keys["pk"]["S"])
	}
	return got, ans.Cursor, ans.pollAnswer
}

func TestPollStream(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	h.put(av.Item{"pk": av.S("old"), "sk": av.Int(1)})

	// From now: only what is written after the first poll.
	got, cursor, ans := poll(h, "tbl", nil, "latest")
	if len(got) != 0 || !ans.Enabled || ans.ViewType != "NEW_AND_OLD_IMAGES" {
		t.Errorf("first poll from now: %v %+v", got, ans)
	}
	h.put(av.Item{"pk": av.S("new"), "sk": av.Int(1)})
	if _, err := h.db.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String("tbl"), Key: av.Item{"pk": av.S("old"), "sk": av.Int(1)}}); err != nil {
		t.Fatal(err)
	}
	got, cursor, _ = poll(h, "tbl", cursor, "latest")
	if want := []string{"INSERT:new", "REMOVE:old"}; !cmp.Equal(got, want) {
		t.Errorf("second poll: %v, want %v", got, want)
	}
	if got, _, _ = poll(h, "tbl", cursor, "latest"); len(got) != 0 {
		t.Errorf("third poll: %v, want nothing new", got)
	}
	// From the oldest record kept.
	if got, _, _ = poll(h, "tbl", nil, "oldest"); !cmp.Equal(got, []string{"INSERT:old", "INSERT:new", "REMOVE:old"}) {
		t.Errorf("poll from the oldest: %v", got)
	}

	h.ok("PUT", "api/tables/tbl/stream", map[string]any{"Enabled": false}, nil)
	if _, _, ans = poll(h, "tbl", cursor, "latest"); ans.Enabled || ans.Message != "the table's stream is off" {
		t.Errorf("poll of a table without stream: %+v", ans)
	}

	db, _ := engine.Open(engine.Options{})
	defer db.Close()
	srv := httptest.NewServer(New(db, nil))
	defer srv.Close()
	noStreams := &harness{t: t, db: db, srv: srv}
	if _, _, ans = poll(noStreams, "tbl", nil, "latest"); ans.Message != "this backend serves no DynamoDB Streams API" {
		t.Errorf("poll without a Streams API: %+v", ans)
	}
}

// fakeStreams is a stream of shards with fixed records: shard "a" is
// closed, "b" is its child, "c" a second root; GetRecords returns each
// shard's records once, then nothing (and no next iterator for a closed
// shard).
type fakeStreams struct {
	shards  []streamtypes.Shard
	records map[string][]string // by shard: the keys of its records
	gets    []string            // the iterators asked for: shard/type/sequence
	expire  bool                // the next GetRecords fails with ExpiredIteratorException
}

func (f *fakeStreams) ListStreams(context.Context, *dynamodbstreams.ListStreamsInput, ...func(*dynamodbstreams.Options)) (*dynamodbstreams.ListStreamsOutput, error) {
	panic("not used")
}

func (f *fakeStreams) DescribeStream(_ context.Context, in *dynamodbstreams.DescribeStreamInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error) {
	// One shard a page, to follow LastEvaluatedShardId.
	i := 0
	if in.ExclusiveStartShardId != nil {
		for i < len(f.shards) && *f.shards[i].ShardId != *in.ExclusiveStartShardId {
			i++
		}
		i++
	}
	d := &streamtypes.StreamDescription{Shards: f.shards[i : i+1]}
	if i+1 < len(f.shards) {
		d.LastEvaluatedShardId = f.shards[i].ShardId
	}
	return &dynamodbstreams.DescribeStreamOutput{StreamDescription: d}, nil
}

func (f *fakeStreams) GetShardIterator(_ context.Context, in *dynamodbstreams.GetShardIteratorInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error) {
	it := *in.ShardId + "/" + string(in.ShardIteratorType) + "/" + aws.ToString(in.SequenceNumber)
	f.gets = append(f.gets, it)
	return &dynamodbstreams.GetShardIteratorOutput{ShardIterator: &it}, nil
}

func (f *fakeStreams) GetRecords(_ context.Context, in *dynamodbstreams.GetRecordsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error) {
	if f.expire {
		f.expire = false
		return nil, &streamtypes.ExpiredIteratorException{Message: aws.String("expired")}
	}
	shard, _, _ := strings.Cut(*in.ShardIterator, "/")
	out := &dynamodbstreams.GetRecordsOutput{}
	for i, k := range f.records[shard] {
		seq := fmt.Sprintf("%s%d", shard, i)
		out.Records = append(out.Records, streamtypes.Record{EventName: streamtypes.OperationTypeInsert,
			Dynamodb: &streamtypes.StreamRecord{SequenceNumber: &seq, Keys: map[string]streamtypes.AttributeValue{"pk": &streamtypes.AttributeValueMemberS{Value: k}}}})
	}
	delete(f.records, shard)
	closed := false
	for _, s := range f.shards {
		closed = closed || (*s.ShardId == shard && s.SequenceNumberRange.EndingSequenceNumber != nil)
	}
	if !closed {
		next := shard + "/next"
		out.NextShardIterator = &next
	}
	return out, nil
}

func newFakeStreams() *fakeStreams {
	shard := func(id, parent string, closed bool) streamtypes.Shard {
		s := streamtypes.Shard{ShardId: aws.String(id), SequenceNumberRange: &streamtypes.SequenceNumberRange{StartingSequenceNumber: aws.String("0")}}
		if parent != "" {
			s.ParentShardId = aws.String(parent)
		}
		if closed {
			s.SequenceNumberRange.EndingSequenceNumber = aws.String("9")
		}
		return s
	}
	return &fakeStreams{
		shards:  []streamtypes.Shard{shard("a", "", true), shard("b", "a", false), shard("c", "", false), shard("d", "gone", false)},
		records: map[string][]string{"a": {"a1", "a2"}, "b": {"b1"}, "c": {"c1"}, "d": {"d1"}},
	}
}

// TestPollLineage reads a stream whose shards have parents: a child shard
// is read once its parent is read to its end; a shard whose parent is gone
// (trimmed) is read at once.
func TestPollLineage(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	fake := newFakeStreams()
	h.srv.Config.Handler = New(h.db, fake)
	got, cursor, _ := poll(h, "tbl", nil, "oldest")
	if want := []string{"INSERT:a1", "INSERT:a2", "INSERT:c1", "INSERT:d1"}; !cmp.Equal(got, want) {
		t.Errorf("first poll: %v, want %v", got, want)
	}
	got, cursor, _ = poll(h, "tbl", cursor, "oldest")
	if want := []string{"INSERT:b1"}; !cmp.Equal(got, want) {
		t.Errorf("second poll: %v, want %v (the child, once its parent is done)", got, want)
	}
	var c streamCursor
	json.Unmarshal(cursor, &c)
	if !cmp.Equal(c.Done, []string{"a"}) || len(c.Shards) != 3 {
		t.Errorf("cursor %+v", c)
	}
	// An expired iterator is renewed after the last record read.
	fake.expire = true
	fake.records["c"] = []string{"c2"}
	if got, _, _ = poll(h, "tbl", cursor, "oldest"); !cmp.Equal(got, []string{"INSERT:c2"}) {
		t.Errorf("poll after expiry: %v", got)
	}
	if last := fake.gets[len(fake.gets)-1]; last != "b/AFTER_SEQUENCE_NUMBER/b0" {
		t.Errorf("renewed iterator %q, want one after b's last record", last)
	}

	// From now: closed shards are done at once, open ones start at their end.
	fake = newFakeStreams()
	h.srv.Config.Handler = New(h.db, fake)
	poll(h, "tbl", nil, "latest")
	if want := []string{"b/LATEST/", "c/LATEST/", "d/LATEST/"}; !cmp.Equal(fake.gets, want) {
		t.Errorf("iterators from now: %v, want %v", fake.gets, want)
	}
}

// TestPollPaused polls after pauses longer than an iterator lives (15
// minutes) and than records are kept (24 hours).
func TestPollPaused(t *testing.T) {
	// One shard all along: no rollover starts a shard anew.
	h := newEngineHarness(t, engine.Options{ShardRollover: 1000 * time.Hour})
	h.createTable()
	h.put(av.Item{"pk": av.S("old"), "sk": av.Int(1)})
	advance := func(d time.Duration) {
		t.Helper()
		if err := h.db.Clock().Advance(d); err != nil {
			t.Fatal(err)
		}
	}

	// A view from now that read nothing restarts from now, not from the
	// records kept before it started.
	_, latest, _ := poll(h, "tbl", nil, "latest")
	advance(20 * time.Minute)
	if got, _, _ := poll(h, "tbl", latest, "latest"); len(got) != 0 {
		t.Errorf("poll from now after its iterator expired: %v, want nothing", got)
	}
	// One from the oldest record that read nothing starts there again.
	_, cursor, _ := poll(h, "tbl", nil, "oldest")
	var c streamCursor
	json.Unmarshal(cursor, &c)
	for _, pos := range c.Shards {
		pos.Seq = "" // as if "old" were written after the first poll
	}
	cursor, _ = json.Marshal(c)
	advance(20 * time.Minute)
	if got, _, _ := poll(h, "tbl", cursor, "oldest"); !cmp.Equal(got, []string{"INSERT:old"}) {
		t.Errorf("poll from the oldest after its iterator expired: %v", got)
	}

	// Past retention, the view goes on from the oldest record kept, and
	// says records were lost (one written after its poll); read to
	// nothing, it starts there again.
	_, cursor, _ = poll(h, "tbl", nil, "oldest")
	h.put(av.Item{"pk": av.S("unread"), "sk": av.Int(1)})
	advance(25 * time.Hour)
	got, cursor, ans := poll(h, "tbl", cursor, "oldest")
	if len(got) != 0 || ans.Note != trimmedNote {
		t.Errorf("poll after records were trimmed: %v, note %q", got, ans.Note)
	}
	advance(20 * time.Minute)
	h.put(av.Item{"pk": av.S("new"), "sk": av.Int(1)})
	if got, cursor, ans = poll(h, "tbl", cursor, "oldest"); !cmp.Equal(got, []string{"INSERT:new"}) || ans.Note != "" {
		t.Errorf("poll after the trim: %v, note %q", got, ans.Note)
	}
	// A view that read every record before retention trimmed it lost
	// nothing: no note.
	advance(25 * time.Hour)
	if got, _, ans = poll(h, "tbl", cursor, "oldest"); len(got) != 0 || ans.Note != "" {
		t.Errorf("poll after the records read were trimmed: %v, note %q", got, ans.Note)
	}
}

// TestPollShardRemoved polls after retention removed a closed shard the
// view had not read to its end.
func TestPollShardRemoved(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	_, cursor, _ := poll(h, "tbl", nil, "latest")
	// The shard read is closed by a write after the rollover (4 hours),
	// then removed 24 hours later.
	for _, d := range []time.Duration{5 * time.Hour, 25 * time.Hour} {
		if err := h.db.Clock().Advance(d); err != nil {
			t.Fatal(err)
		}
		h.put(av.Item{"pk": av.S(d.String()), "sk": av.Int(1)})
	}
	var got []string
	notes := 0
	for range 3 { // a shard's children start once it is read to its end
		recs, next, ans := poll(h, "tbl", cursor, "latest")
		got, cursor = append(got, recs...), next
		if ans.Note == trimmedNote {
			notes++
		}
	}
	if !cmp.Equal(got, []string{"INSERT:25h0m0s"}) || notes != 1 {
		t.Errorf("polls: %v with %d notes, want INSERT:25h0m0s and one note", got, notes)
	}
}
