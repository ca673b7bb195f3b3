package ddb_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/sdkrace"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// spanKey is the context key of the recorder's spans.
type spanKey struct{}

// recorder is a Hook that records every request, checking that End gets
// the context its Start made.
type recorder struct {
	t     *testing.T
	mu    sync.Mutex
	next  int
	calls []ddb.CallInfo
}

func (r *recorder) Start(ctx context.Context, call *ddb.CallInfo) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	if call.Start.IsZero() || call.Operation == "" || call.Input == nil {
		r.t.Errorf("Start of %+v", call)
	}
	return context.WithValue(ctx, spanKey{}, r.next)
}

func (r *recorder) End(ctx context.Context, call *ddb.CallInfo) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := ctx.Value(spanKey{}).(int); !ok {
		r.t.Errorf("End of %s without the context of its Start", call.Operation)
	}
	r.calls = append(r.calls, *call)
}

// take returns the calls recorded since the last take.
func (r *recorder) take() []ddb.CallInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	calls := r.calls
	r.calls = nil
	return calls
}

// spanProbe records the span of the contexts its PutItem calls receive.
type spanProbe struct {
	ddb.API
	spans []any
}

func (p *spanProbe) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	p.spans = append(p.spans, ctx.Value(spanKey{}))
	return p.API.PutItem(ctx, in, opts...)
}

func TestHookSeesEveryRequest(t *testing.T) {
	for _, b := range engines(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			rec := &recorder{t: t}
			probe := &spanProbe{API: b.API}
			db := ddb.New(probe, ddb.WithHook(rec))
			docs := newDocs(t, db)
			rec.take()
			probe.spans = nil
			if err := docs.Put(ctx, Doc{Folder: "f", Name: "a"}); err != nil {
				t.Fatal(err)
			}
			err := docs.Put(ctx, Doc{Folder: "f", Name: "a"}, ddb.IfNotExists())
			if !errors.Is(err, ddb.ErrConditionFailed) {
				t.Fatal(err)
			}
			if err := docs.BatchWrite().Put(Doc{Folder: "f", Name: "b"}).Run(ctx); err != nil {
				t.Fatal(err)
			}
			if n, err := docs.Query(ctx, ddb.Partition("f"), ddb.PageSize(1)).Count(); err != nil || n != 2 {
				t.Fatalf("Count: %d, %v", n, err)
			}
			if _, err := docs.Get(ctx, ddb.Key("f", "a")); err != nil {
				t.Fatal(err)
			}

			type summary struct {
				Op       string
				Tables   []string
				Attempt  int
				Capacity bool
				Failed   bool
			}
			var got []summary
			for _, c := range rec.take() {
				got = append(got, summary{c.Operation, c.Tables, c.Attempt, len(c.Capacity) > 0, c.Err != nil})
				if c.Duration <= 0 || c.Retries != 0 || (c.Err == nil) == (c.Output == nil) {
					t.Errorf("%s: duration %v, %d retries, output %T, error %v", c.Operation, c.Duration, c.Retries, c.Output, c.Err)
				}
			}
			name := []string{docs.Name()}
			want := []summary{
				{"PutItem", name, 1, true, false},
				{"PutItem", name, 1, false, true},
				{"BatchWriteItem", name, 1, true, false},
				{"Query", name, 1, true, false},
				{"Query", name, 1, true, false},
				{"Query", name, 1, true, false},
				{"GetItem", name, 1, true, false},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("requests seen (-want +got):\n%s", diff)
			}
			if len(probe.spans) != 2 || probe.spans[0] == nil || probe.spans[1] == nil || probe.spans[0] == probe.spans[1] {
				t.Errorf("spans of the contexts PutItem received: %v, want those of its two requests", probe.spans)
			}
		})
	}
}

// retryingAPI resends each GetItem twice, as a client would, telling the
// hooks with RecordRetry.
type retryingAPI struct{ ddb.API }

func (retryingAPI) GetItem(ctx context.Context, _ *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	ddb.RecordRetry(ctx)
	ddb.RecordRetry(ctx)
	return &dynamodb.GetItemOutput{Item: ddb.Item{"folder": &types.AttributeValueMemberS{Value: "f"}}}, nil
}

func TestHookCountsRetries(t *testing.T) {
	ctx := t.Context()
	rec := &recorder{t: t}
	docs, err := ddb.NewTable[Doc](ddb.New(retryingAPI{}, ddb.WithHook(rec)), "docs")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := docs.Get(ctx, ddb.Key("f", "a")); err != nil {
		t.Fatal(err)
	}
	if calls := rec.take(); len(calls) != 1 || calls[0].Retries != 2 {
		t.Errorf("requests seen: %+v, want one with 2 retries", calls)
	}

	// An SDK client whose first attempt meets a server error retries it.
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if requests.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"try again"}`))
			return
		}
		w.Write([]byte(`{"Item":{"folder":{"S":"f"},"name":{"S":"a"}}}`))
	}))
	defer srv.Close()
	client := dynamodb.New(dynamodb.Options{
		APIOptions:   sdkrace.Options(),
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("key", "secret", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		}),
	})
	docs, err = ddb.NewTable[Doc](ddb.New(client, ddb.WithHook(rec)), "docs")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := docs.Get(ctx, ddb.Key("f", "a")); err != nil || d.Name != "a" {
		t.Fatalf("Get through a retry: %+v, %v", d, err)
	}
	if calls := rec.take(); len(calls) != 1 || calls[0].Retries != 1 || requests.Load() != 2 {
		t.Errorf("requests seen: %+v after %d HTTP requests, want one with 1 retry", calls, requests.Load())
	}

	// So does the library's own client, which ddb.Open uses.
	requests.Store(0)
	db, err := ddb.Open(ctx, srv.URL, ddb.WithHook(rec))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, err = ddb.NewTable[Doc](db, "docs")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := docs.Get(ctx, ddb.Key("f", "a")); err != nil || d.Name != "a" {
		t.Fatalf("Get through a retry of the library's client: %+v, %v", d, err)
	}
	if calls := rec.take(); len(calls) != 1 || calls[0].Retries != 1 || requests.Load() != 2 {
		t.Errorf("requests seen on the library's client: %+v after %d HTTP requests, want one with 1 retry", calls, requests.Load())
	}
}

// TestHookCountsClientRetries throttles the first PutItem: the client
// retries it, the engine's retryer in process and the SDK's over HTTP, and
// the hook sees one request with one retry.
func TestHookCountsClientRetries(t *testing.T) {
	for _, b := range testbackend.Faulty(t, fastRetryer(3)) {
		t.Run(b.Name, func(t *testing.T) {
			rec := &recorder{t: t}
			docs := newDocs(t, b.DB(ddb.WithHook(rec)))
			t.Cleanup(b.Faults.Clear)
			rec.take()
			addFault(t, b, engine.Rule{Operation: "PutItem", To: 1, Fault: engine.Fault{Error: engine.CodeThrottling}})
			if err := docs.Put(t.Context(), Doc{Folder: "f", Name: "a"}); err != nil {
				t.Fatal(err)
			}
			if calls := rec.take(); len(calls) != 1 || calls[0].Retries != 1 || calls[0].Err != nil {
				t.Errorf("requests seen: %+v, want one PutItem with 1 retry", calls)
			}
		})
	}
}

// TestHookedDBKeepsBackendFeatures checks what the library asks of a
// backend beyond the API through a DB with a hook: tags for Plan (which
// the hook sees) and in-process change handlers.
func TestHookedDBKeepsBackendFeatures(t *testing.T) {
	b := testbackend.Engines(t)[0]
	rec := &recorder{t: t}
	db := b.DB(ddb.WithHook(rec))
	docs := newTable[Doc](t, db, "docs", ddb.WithTags(map[string]string{"team": "shop"}), ddb.WithStream(types.StreamViewTypeNewImage))
	if plan, err := docs.Plan(t.Context()); err != nil || !plan.Empty() {
		t.Fatalf("Plan through a hook: %v, %v", plan, err)
	}
	var ops []string
	for _, c := range rec.take() {
		ops = append(ops, c.Operation)
	}
	if !slices.Contains(ops, "ListTagsOfResource") {
		t.Errorf("requests seen by Plan: %v, want ListTagsOfResource among them", ops)
	}
	var seen atomic.Int32
	stop, err := docs.OnChange(func(ddb.Change[Doc]) { seen.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if err := docs.Put(t.Context(), Doc{Folder: "f", Name: "a"}); err != nil {
		t.Fatal(err)
	}
	db.WaitChanges()
	if seen.Load() != 1 {
		t.Errorf("%d changes handled, want 1", seen.Load())
	}
}
