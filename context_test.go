package ddb_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Entry is the model of the context tests: many small items in one
// partition.
type Entry struct {
	Feed string `ddb:"feed,hash"`
	Seq  int    `ddb:"seq,range"`
}

// entries is how many items the context tests write: more than five pages
// of entryPage.
const (
	entries   = 503
	entryPage = 100
)

// cancelAfter is an API that cancels a context once it has answered a
// number of Query, Scan, BatchGetItem and BatchWriteItem calls: it ends the
// context of a library call between two of its requests.
type cancelAfter struct {
	ddb.API
	after  int32
	calls  atomic.Int32
	cancel context.CancelFunc
}

func (c *cancelAfter) answered() {
	if c.calls.Add(1) == c.after {
		c.cancel()
	}
}

func (c *cancelAfter) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	defer c.answered()
	return c.API.Query(ctx, in, opts...)
}

func (c *cancelAfter) Scan(ctx context.Context, in *dynamodb.ScanInput, opts ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	defer c.answered()
	return c.API.Scan(ctx, in, opts...)
}

func (c *cancelAfter) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	defer c.answered()
	return c.API.BatchGetItem(ctx, in, opts...)
}

func (c *cancelAfter) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	defer c.answered()
	return c.API.BatchWriteItem(ctx, in, opts...)
}

// contextBackend is one backend of the context tests, with a table of
// entries items.
type contextBackend struct {
	name string
	api  ddb.API
	feed *ddb.Table[Entry]
}

// forEachContextBackend runs test on every form of the engine (in memory,
// on disk, served over HTTP), and on DynamoDB Local when enabled, each with
// a table holding entries items.
func forEachContextBackend(t *testing.T, test func(t *testing.T, b contextBackend)) {
	backends := testbackend.Engines(t)
	if testbackend.LocalEnabled() {
		backends = append(backends, testbackend.Backend{Name: testbackend.Local, API: testbackend.LocalClient(t)})
	}
	for _, tb := range backends {
		t.Run(tb.Name, func(t *testing.T) {
			b := contextBackend{name: tb.Name, api: tb.API, feed: entryTable(t, tb.API)}
			w := b.feed.BatchWrite()
			for i := range entries {
				w.Put(Entry{"f", i})
			}
			if err := w.Run(t.Context()); err != nil {
				t.Fatal(err)
			}
			test(t, b)
		})
	}
}

// entryTable creates a table of entries on api, under the name the test
// gives it, dropped when the test ends.
func entryTable(t *testing.T, api ddb.API) *ddb.Table[Entry] {
	t.Helper()
	feed, err := ddb.NewTable[Entry](ddb.New(api), testbackend.UniqueTableName(t, "feed"))
	if err != nil {
		t.Fatal(err)
	}
	if err := feed.Create(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := feed.DeleteTable(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return feed
}

// ended returns a canceled context and one past its deadline, with the
// error each must produce.
func ended(t *testing.T) []struct {
	ctx  context.Context
	want error
} {
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	expired, stop := context.WithDeadline(t.Context(), time.Unix(1, 0))
	t.Cleanup(stop)
	return []struct {
		ctx  context.Context
		want error
	}{{canceled, context.Canceled}, {expired, context.DeadlineExceeded}}
}

// TestEndedContextWritesNothing makes every kind of write with an ended
// context: each fails with the context's error, wrapped as the SDK client
// wraps it whichever the backend, and writes nothing.
func TestEndedContextWritesNothing(t *testing.T) {
	forEachContextBackend(t, func(t *testing.T, b contextBackend) {
		feed := b.feed
		for _, e := range ended(t) {
			writes := []struct {
				op  string
				run func(context.Context) error
			}{
				{"PutItem", func(ctx context.Context) error { return feed.Put(ctx, Entry{"g", 1}) }},
				{"UpdateItem", func(ctx context.Context) error { return feed.Update(ctx, ddb.Key("g", 2), ddb.Set("x", 1)) }},
				{"DeleteItem", func(ctx context.Context) error { return feed.Delete(ctx, ddb.Key("f", 3)) }},
				{"BatchWriteItem", func(ctx context.Context) error {
					return feed.BatchWrite().Put(Entry{"g", 4}).Delete(ddb.Key("f", 5)).Run(ctx)
				}},
				{"TransactWriteItems", func(ctx context.Context) error {
					return ddb.WriteTx().Put(feed, Entry{"g", 6}).Delete(feed, ddb.Key("f", 7)).Run(ctx)
				}},
			}
			for _, w := range writes {
				err := w.run(e.ctx)
				if !errors.Is(err, e.want) {
					t.Errorf("%s: %v, want an error matching %v", w.op, err, e.want)
				}
				var oe *smithy.OperationError
				if !errors.As(err, &oe) || oe.OperationName != w.op || oe.Error() != "operation error DynamoDB: "+w.op+", "+e.want.Error() {
					t.Errorf("%s: %v, want the SDK's operation error", w.op, err)
				}
			}
		}
		for _, key := range []ddb.ItemKey{ddb.Key("g", 1), ddb.Key("g", 2), ddb.Key("g", 4), ddb.Key("g", 6)} {
			if _, err := feed.Get(t.Context(), key); !errors.Is(err, ddb.ErrNotFound) {
				t.Errorf("Get %v after the failed writes: %v, want ErrNotFound", key, err)
			}
		}
		if n, err := feed.Query(t.Context(), ddb.Partition("f")).Count(); n != entries || err != nil {
			t.Errorf("Count after the failed deletes = %d, %v; want %d", n, err, entries)
		}
	})
}

// TestEndedContextReadsNothing makes every kind of read with an ended
// context: each fails with the context's error.
func TestEndedContextReadsNothing(t *testing.T) {
	forEachContextBackend(t, func(t *testing.T, b contextBackend) {
		feed := b.feed
		for _, e := range ended(t) {
			reads := []struct {
				op  string
				run func(context.Context) error
			}{
				{"Get", func(ctx context.Context) error { _, err := feed.Get(ctx, ddb.Key("f", 1)); return err }},
				{"Count", func(ctx context.Context) error { _, err := feed.Query(ctx, ddb.Partition("f")).Count(); return err }},
				{"First", func(ctx context.Context) error { _, err := feed.Scan(ctx).First(); return err }},
				{"Page", func(ctx context.Context) error { _, err := feed.Query(ctx, ddb.Partition("f")).Page(""); return err }},
				{"Parallel", func(ctx context.Context) error {
					_, err := feed.Scan(ctx, ddb.Parallel(4)).Collect(entries)
					return err
				}},
				{"BatchGet", func(ctx context.Context) error {
					_, err := feed.BatchGet(ctx, []ddb.ItemKey{ddb.Key("f", 1)})
					return err
				}},
				{"GetTx", func(ctx context.Context) error {
					var x Entry
					return ddb.GetTx().Get(feed, ddb.Key("f", 1), &x).Run(ctx)
				}},
			}
			for _, r := range reads {
				if err := r.run(e.ctx); !errors.Is(err, e.want) {
					t.Errorf("%s: %v, want an error matching %v", r.op, err, e.want)
				}
			}
		}
	})
}

// TestAllStopsAtNextPage cancels the context inside a loop over All: the
// loop gets the rest of the page it is in, then the context's error
// instead of the next page.
func TestAllStopsAtNextPage(t *testing.T) {
	forEachContextBackend(t, func(t *testing.T, b contextBackend) {
		searches := map[string]func(context.Context) *ddb.Results[Entry]{
			"Query": func(ctx context.Context) *ddb.Results[Entry] {
				return b.feed.Query(ctx, ddb.Partition("f"), ddb.PageSize(entryPage))
			},
			"Scan": func(ctx context.Context) *ddb.Results[Entry] { return b.feed.Scan(ctx, ddb.PageSize(entryPage)) },
		}
		for name, search := range searches {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			items := 0
			var errs []error
			for _, err := range search(ctx).All() {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				items++
				cancel()
			}
			if items != entryPage || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
				t.Errorf("%s: %d items and errors %v; want the %d items of the first page and context.Canceled", name, items, errs, entryPage)
			}
		}

		// Parallel segments stop too, and the loop ends with the error.
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		items := 0
		var last error
		for _, err := range b.feed.Scan(ctx, ddb.Parallel(4), ddb.PageSize(10)).All() {
			if err != nil {
				last = err
				continue
			}
			items++
			cancel()
		}
		if items >= entries || !errors.Is(last, context.Canceled) {
			t.Errorf("parallel Scan: %d items, last error %v; want fewer than %d and context.Canceled", items, last, entries)
		}
	})
}

// TestReadsStopBetweenRequests ends the context of Count, Collect and
// BatchGet (one request at a time) after their first request: each fails
// with context.Canceled instead of sending the next.
func TestReadsStopBetweenRequests(t *testing.T) {
	forEachContextBackend(t, func(t *testing.T, b contextBackend) {
		steps := []struct {
			name string
			run  func(context.Context, *ddb.Table[Entry]) error
		}{
			{"Count", func(ctx context.Context, feed *ddb.Table[Entry]) error {
				_, err := feed.Query(ctx, ddb.Partition("f"), ddb.PageSize(entryPage)).Count()
				return err
			}},
			{"Scan Count", func(ctx context.Context, feed *ddb.Table[Entry]) error {
				_, err := feed.Scan(ctx, ddb.PageSize(entryPage)).Count()
				return err
			}},
			{"Collect", func(ctx context.Context, feed *ddb.Table[Entry]) error {
				_, err := feed.Query(ctx, ddb.Partition("f"), ddb.PageSize(entryPage)).Collect(entries)
				return err
			}},
			{"BatchGet", func(ctx context.Context, feed *ddb.Table[Entry]) error {
				var keys []ddb.ItemKey
				for i := range entries {
					keys = append(keys, ddb.Key("f", i))
				}
				items, err := feed.BatchGet(ctx, keys, ddb.Concurrency(1))
				if len(items) != 100 {
					t.Errorf("BatchGet returned %d items, want the 100 of its first request", len(items))
				}
				return err
			}},
		}
		for _, st := range steps {
			ctx, cancel := context.WithCancel(t.Context())
			api := &cancelAfter{API: b.api, after: 1, cancel: cancel}
			feed, err := ddb.NewTable[Entry](ddb.New(api), b.feed.Name())
			if err != nil {
				t.Fatal(err)
			}
			if err := st.run(ctx, feed); !errors.Is(err, context.Canceled) {
				t.Errorf("%s: %v, want context.Canceled", st.name, err)
			}
			if n := api.calls.Load(); n != 1 {
				t.Errorf("%s: sent %d requests, want 1", st.name, n)
			}
		}
	})
}

// TestBatchWriteStopsBetweenRequests ends the context of a batch of 100
// puts, sent one request at a time, after its first request: the first
// 25 items are written, and no other.
func TestBatchWriteStopsBetweenRequests(t *testing.T) {
	forEachContextBackend(t, func(t *testing.T, b contextBackend) {
		ctx, cancel := context.WithCancel(t.Context())
		api := &cancelAfter{API: b.api, after: 1, cancel: cancel}
		feed, err := ddb.NewTable[Entry](ddb.New(api), b.feed.Name())
		if err != nil {
			t.Fatal(err)
		}
		w := feed.BatchWrite()
		for i := range 100 {
			w.Put(Entry{"new", i})
		}
		if err := w.Run(ctx, ddb.Concurrency(1)); !errors.Is(err, context.Canceled) {
			t.Errorf("Run: %v, want context.Canceled", err)
		}
		if n, err := b.feed.Query(t.Context(), ddb.Partition("new")).Count(); n != 25 || err != nil {
			t.Errorf("after the canceled batch: %d items, %v; want the 25 of its first request", n, err)
		}
	})
}

// TestTableWaitsEndWithContext creates and deletes tables on an engine
// that keeps them CREATING and DELETING for an hour: Create and
// DeleteTable stop waiting when their context's deadline passes, with
// context.DeadlineExceeded.
func TestTableWaitsEndWithContext(t *testing.T) {
	db, err := engine.Open(engine.Options{StatusDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	feed, err := ddb.NewTable[Entry](ddb.New(db), "feed")
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []func(context.Context) error{feed.Create, feed.DeleteTable} {
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		if err := op(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%v, want context.DeadlineExceeded", err)
		}
		cancel()
	}
}
