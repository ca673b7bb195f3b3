package ddb

import (
	"context"
	"errors"
	"maps"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// fastRetry retries quickly, for tests.
var fastRetry = retryPolicy{attempts: 3, base: time.Microsecond, max: 10 * time.Microsecond}

func TestBatchGetSplitsAndRetries(t *testing.T) {
	// Every request leaves its last two keys unprocessed the first time.
	retried := map[string]bool{}
	api := &fakeAPI{batchGet: func(in *dynamodb.BatchGetItemInput) *dynamodb.BatchGetItemOutput {
		keys := in.RequestItems["rows"].Keys
		out := &dynamodb.BatchGetItemOutput{Responses: map[string][]Item{}}
		for i, k := range keys {
			id := k["s"].(*types.AttributeValueMemberN).Value
			if i >= len(keys)-2 && !retried[id] {
				retried[id] = true
				ka := out.UnprocessedKeys["rows"]
				ka.Keys = append(ka.Keys, k)
				out.UnprocessedKeys = map[string]types.KeysAndAttributes{"rows": ka}
				continue
			}
			out.Responses["rows"] = append(out.Responses["rows"], Item{"p": k["p"], "s": k["s"], "x": av.N(id)})
		}
		return out
	}}
	rows := newRows(t, api)
	rows.db.retry = fastRetry
	var keys []ItemKey
	for i := range 250 {
		keys = append(keys, Key("a", i))
	}
	items, err := rows.BatchGet(t.Context(), append(keys, Key("a", 0)), Concurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, r := range items {
		sum += r.X
	}
	if len(items) != 250 || sum != 249*250/2 {
		t.Errorf("BatchGet returned %d items summing to %d", len(items), sum)
	}
	var sizes []int
	for _, in := range api.inputs {
		sizes = append(sizes, len(in.(*dynamodb.BatchGetItemInput).RequestItems["rows"].Keys))
	}
	if diff := cmp.Diff([]int{100, 2, 100, 2, 50, 2}, sizes); diff != "" {
		t.Errorf("request sizes (-want +got):\n%s", diff)
	}
}

func TestBatchWriteGivesUp(t *testing.T) {
	// Nothing but the deletes of pairs is ever processed.
	api := &fakeAPI{batchWrite: func(in *dynamodb.BatchWriteItemInput) *dynamodb.BatchWriteItemOutput {
		left := maps.Clone(in.RequestItems)
		delete(left, "pairs")
		return &dynamodb.BatchWriteItemOutput{UnprocessedItems: left}
	}}
	rows := newRows(t, api)
	rows.db.retry = fastRetry
	pairs, err := NewTable[pair](rows.db, "pairs")
	if err != nil {
		t.Fatal(err)
	}
	b := BatchWrite(rows.db)
	var want []row
	for i := range 30 {
		want = append(want, row{P: "a", S: i})
	}
	// One request at a time: the first (the delete of pairs and 24 puts)
	// makes progress once, then none through three retries; the second is
	// never sent.
	b.Delete(pairs, Key("c", 2)).Put(rows, want).Delete(rows, Key("b", 1))
	err = b.Run(t.Context(), Concurrency(1))
	var ue *UnprocessedError
	if !errors.Is(err, ErrUnprocessed) || !errors.As(err, &ue) || err.Error() != "ddb: BatchWriteItem rows: 31 writes left unprocessed: no progress after 3 retries" {
		t.Errorf("Run: %v", err)
	}
	if len(api.inputs) != 4 {
		t.Errorf("sent %d requests, want 1 and 3 retries", len(api.inputs))
	}
	// What is left, typed per table.
	items, err := UnprocessedItems(err, rows)
	slices.SortFunc(items, func(a, b row) int { return a.S - b.S })
	if diff := cmp.Diff(want, items); err != nil || diff != "" {
		t.Errorf("unprocessed items (-want +got):\n%s%v", diff, err)
	}
	if keys := UnprocessedKeys(ue, rows); len(keys) != 1 || !cmp.Equal(keys[0].values, []any{av.S("b"), av.N("1")}, sdkCmp) {
		t.Errorf("unprocessed keys of rows: %+v", keys)
	}
	if keys := UnprocessedKeys(ue, pairs); len(keys) != 0 {
		t.Errorf("unprocessed keys of pairs: %+v", keys)
	}
}

func TestBatchRequestsOverlap(t *testing.T) {
	// The requests wait in rounds of limit: a round is released when its
	// last request arrives. The batch must reach the limit (or a round
	// never completes) and never pass it.
	const limit, chunks = 3, 6
	var mu sync.Mutex
	arrived, inFlight, most := 0, 0, 0
	round := make(chan struct{})
	api := &fakeAPI{batchWrite: func(in *dynamodb.BatchWriteItemInput) *dynamodb.BatchWriteItemOutput {
		mu.Lock()
		arrived++
		inFlight++
		most = max(most, inFlight)
		wait := round
		if arrived%limit == 0 {
			close(round)
			round = make(chan struct{})
		}
		mu.Unlock()
		select {
		case <-wait:
		case <-time.After(5 * time.Second): // a round that never completes: most says so
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
		return &dynamodb.BatchWriteItemOutput{}
	}}
	rows := newRows(t, api)
	w := rows.BatchWrite()
	for i := range chunks * batchWriteSize {
		w.Put(row{P: "a", S: i})
	}
	if err := w.Run(t.Context(), Concurrency(limit)); err != nil {
		t.Fatal(err)
	}
	if len(api.inputs) != chunks || most != limit {
		t.Errorf("%d requests, at most %d at once; want %d, %d at once", len(api.inputs), most, chunks, limit)
	}
}

// TestBatchOfOneRequestStartsNoGoroutine checks that a batch that fits in
// one request sends it from the caller's goroutine: starting another and
// waiting for it cost a small batch in-process half again its time.
func TestBatchOfOneRequestStartsNoGoroutine(t *testing.T) {
	var during int
	api := &fakeAPI{batchWrite: func(*dynamodb.BatchWriteItemInput) *dynamodb.BatchWriteItemOutput {
		during = runtime.NumGoroutine()
		return &dynamodb.BatchWriteItemOutput{}
	}}
	rows := newRows(t, api)
	w := rows.BatchWrite()
	for i := range batchWriteSize {
		w.Put(row{P: "a", S: i})
	}
	before := runtime.NumGoroutine()
	if err := w.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(api.inputs) != 1 || during != before {
		t.Errorf("%d requests, %d goroutines while sending, %d before; want 1 request and no goroutine more", len(api.inputs), during, before)
	}
}

func TestBatchWriteSplits(t *testing.T) {
	api := &fakeAPI{}
	rows := newRows(t, api)
	w := rows.BatchWrite()
	for i := range 30 {
		w.Put(row{P: "a", S: i})
	}
	w.Delete(Key("b", 1))
	if err := w.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(api.inputs) != 2 {
		t.Fatalf("sent %d requests, want 2", len(api.inputs))
	}
	// The two requests are sent at once: the second is the shorter.
	last := api.inputs[1].(*dynamodb.BatchWriteItemInput).RequestItems["rows"]
	if first := api.inputs[0].(*dynamodb.BatchWriteItemInput).RequestItems["rows"]; len(first) < len(last) {
		last = first
	}
	want := []types.WriteRequest{
		{PutRequest: &types.PutRequest{Item: Item{"p": av.S("a"), "s": av.N("25"), "g": av.S(""), "x": av.N("0")}}},
		{PutRequest: &types.PutRequest{Item: Item{"p": av.S("a"), "s": av.N("26"), "g": av.S(""), "x": av.N("0")}}},
		{PutRequest: &types.PutRequest{Item: Item{"p": av.S("a"), "s": av.N("27"), "g": av.S(""), "x": av.N("0")}}},
		{PutRequest: &types.PutRequest{Item: Item{"p": av.S("a"), "s": av.N("28"), "g": av.S(""), "x": av.N("0")}}},
		{PutRequest: &types.PutRequest{Item: Item{"p": av.S("a"), "s": av.N("29"), "g": av.S(""), "x": av.N("0")}}},
		{DeleteRequest: &types.DeleteRequest{Key: Item{"p": av.S("b"), "s": av.N("1")}}},
	}
	if diff := cmp.Diff(want, last, sdkCmp); diff != "" {
		t.Errorf("second request (-want +got):\n%s", diff)
	}
}

func TestBackoffWaitsGrow(t *testing.T) {
	b := backoff{policy: retryPolicy{attempts: 4, base: time.Millisecond, max: 4 * time.Millisecond}}
	for i := range 4 {
		if err := b.wait(t.Context(), i == 2); err != nil {
			t.Fatalf("wait %d: %v", i, err)
		}
	}
	if b.stalled != 2 {
		t.Errorf("progress did not restart the count: %d stalled", b.stalled)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	b.stalled = 0
	if err := b.wait(ctx, false); !errors.Is(err, ctx.Err()) {
		t.Errorf("wait with a canceled context: %v", err)
	}
}

func TestBatchResendsAreAttempts(t *testing.T) {
	// The first response leaves one write unprocessed.
	first := true
	api := &fakeAPI{batchWrite: func(in *dynamodb.BatchWriteItemInput) *dynamodb.BatchWriteItemOutput {
		if !first {
			return &dynamodb.BatchWriteItemOutput{}
		}
		first = false
		return &dynamodb.BatchWriteItemOutput{UnprocessedItems: map[string][]types.WriteRequest{"rows": in.RequestItems["rows"][:1]}}
	}}
	var seen [][2]int // attempt, unprocessed
	hook := HookFunc(func(_ context.Context, c *CallInfo) { seen = append(seen, [2]int{c.Attempt, c.Unprocessed}) })
	rows, err := NewTable[row](New(api, WithHook(hook)), "rows")
	if err != nil {
		t.Fatal(err)
	}
	rows.db.retry = fastRetry
	if err := rows.BatchWrite().Put(row{P: "a", S: 1}, row{P: "a", S: 2}).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][2]int{{1, 1}, {2, 0}}, seen); diff != "" {
		t.Errorf("attempts and unprocessed writes seen (-want +got):\n%s", diff)
	}
}
