package ddb_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// callRecorder records which item operations reach a backend: PutItem,
// GetItem, Query, Scan, BatchGetItem and TransactGetItems carry SDK
// attribute values, their JSON forms (PutItemJSON, ...) the items' JSON. Its JSON methods are
// those the backend has (see recordCalls).
type callRecorder struct {
	ddb.API
	mu    sync.Mutex
	calls []string
}

func (r *callRecorder) record(op string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, op)
}

// take returns the calls recorded since the last take.
func (r *callRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	calls := r.calls
	r.calls = nil
	return calls
}

func (r *callRecorder) PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	r.record("PutItem")
	return r.API.PutItem(ctx, in, optFns...)
}

func (r *callRecorder) GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	r.record("GetItem")
	return r.API.GetItem(ctx, in, optFns...)
}

func (r *callRecorder) Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	r.record("Query")
	return r.API.Query(ctx, in, optFns...)
}

func (r *callRecorder) Scan(ctx context.Context, in *dynamodb.ScanInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	r.record("Scan")
	return r.API.Scan(ctx, in, optFns...)
}

func (r *callRecorder) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	r.record("BatchGetItem")
	return r.API.BatchGetItem(ctx, in, optFns...)
}

func (r *callRecorder) TransactGetItems(ctx context.Context, in *dynamodb.TransactGetItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	r.record("TransactGetItems")
	return r.API.TransactGetItems(ctx, in, optFns...)
}

// jsonReader is what a backend that reads items as JSON implements.
type jsonReader interface {
	dynamo.ItemJSONReader
	dynamo.PageJSONReader
	dynamo.BatchJSONReader
}

// jsonReadRecorder is a callRecorder of a backend that reads items as JSON.
type jsonReadRecorder struct{ *callRecorder }

func (r jsonReadRecorder) GetItemJSON(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	r.record("GetItemJSON")
	return r.API.(jsonReader).GetItemJSON(ctx, in)
}

func (r jsonReadRecorder) QueryJSON(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, [][]byte, error) {
	r.record("QueryJSON")
	return r.API.(jsonReader).QueryJSON(ctx, in)
}

func (r jsonReadRecorder) ScanJSON(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, [][]byte, error) {
	r.record("ScanJSON")
	return r.API.(jsonReader).ScanJSON(ctx, in)
}

func (r jsonReadRecorder) BatchGetItemJSON(ctx context.Context, in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, map[string][][]byte, error) {
	r.record("BatchGetItemJSON")
	return r.API.(jsonReader).BatchGetItemJSON(ctx, in)
}

func (r jsonReadRecorder) TransactGetItemsJSON(ctx context.Context, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, [][]byte, error) {
	r.record("TransactGetItemsJSON")
	return r.API.(jsonReader).TransactGetItemsJSON(ctx, in)
}

// jsonRecorder is a callRecorder of a backend that reads and writes items as
// JSON.
type jsonRecorder struct{ jsonReadRecorder }

func (r jsonRecorder) PutItemJSON(ctx context.Context, in *dynamodb.PutItemInput, item []byte) (*dynamodb.PutItemOutput, error) {
	r.record("PutItemJSON")
	return r.API.(dynamo.ItemJSONWriter).PutItemJSON(ctx, in, item)
}

// recordCalls wraps api in a callRecorder with the item JSON methods api has.
func recordCalls(api ddb.API) (ddb.API, *callRecorder) {
	r := &callRecorder{API: api}
	_, reads := api.(jsonReader)
	_, writes := api.(dynamo.ItemJSONWriter)
	switch {
	case reads && writes:
		return jsonRecorder{jsonReadRecorder{r}}, r
	case reads:
		return jsonReadRecorder{r}, r
	}
	return r, r
}

// TestTypedItemsAsJSON checks that a typed Put and Get send and read items
// as JSON, without SDK attribute values, on the backends that can (the
// library's own client and the engine), and that the items are those of
// the attribute value path. Tables whose items the library rewrites (field roles,
// entities) keep the attribute value path, as do hooks, which observe
// the SDK inputs.
func TestTypedItemsAsJSON(t *testing.T) {
	type versioned struct {
		ID      string `ddb:"id,hash"`
		Version int    `ddb:"version,version"`
	}
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			api, rec := recordCalls(b.API)
			want := []string{"PutItem", "GetItem"}
			if _, ok := b.API.(dynamo.ItemJSONWriter); ok {
				want[0] = "PutItemJSON"
			}
			if _, ok := b.API.(jsonReader); ok {
				want[1] = "GetItemJSON"
			}
			if (b.Name == testbackend.Engine || b.Name == testbackend.EngineLean) && !slices.Equal(want, []string{"PutItemJSON", "GetItemJSON"}) {
				t.Fatalf("%s reads and writes items by %v", b.Name, want)
			}
			ctx := t.Context()
			db := ddb.New(api)
			accounts := newTable[Account](t, db, "json")
			rec.take()
			in := Account{Owner: "ann", ID: 1, Balance: 5, Tags: []string{"a"}, Log: []string{"x", "y"}, Meta: map[string]string{"k": "v\"\n"}}
			if err := accounts.Put(ctx, in); err != nil {
				t.Fatal(err)
			}
			got, err := accounts.Get(ctx, ddb.Key("ann", 1))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, rec.take()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(in, got); diff != "" {
				t.Errorf("Get (-put +got):\n%s", diff)
			}
			raw, err := ddb.TableWithSchema[ddb.Item](db, accounts.Schema()).Get(ctx, ddb.Key("ann", 1))
			if err != nil {
				t.Fatal(err)
			}
			item, err := ddb.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(item, raw, cmpSDK); diff != "" {
				t.Errorf("stored item (-Marshal +stored):\n%s", diff)
			}
			if _, err := accounts.Get(ctx, ddb.Key("bob", 1)); !errors.Is(err, ddb.ErrNotFound) {
				t.Errorf("Get of a missing item: %v, want ErrNotFound", err)
			}

			rec.take()
			observed := ddb.New(api, ddb.WithHook(ddb.HookFunc(func(context.Context, *ddb.CallInfo) {})))
			hooked := ddb.TableWithSchema[Account](observed, accounts.Schema())
			if err := hooked.Put(ctx, in); err != nil {
				t.Fatal(err)
			}
			if _, err := hooked.Get(ctx, ddb.Key("ann", 1)); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"PutItem", "GetItem"}, rec.take()); diff != "" {
				t.Errorf("calls with hooks (-want +got):\n%s", diff)
			}

			versions := newTable[versioned](t, db, "json_versioned")
			rec.take()
			if err := versions.Put(ctx, versioned{ID: "a"}); err != nil {
				t.Fatal(err)
			}
			if v, err := versions.Get(ctx, ddb.Key("a")); err != nil || v.Version != 1 {
				t.Fatalf("Get = %+v, %v; want version 1", v, err)
			}
			if diff := cmp.Diff([]string{"PutItem", want[1]}, rec.take()); diff != "" {
				t.Errorf("calls of a versioned table (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTypedPagesAsJSON checks that typed queries and scans read their pages
// as JSON on the backends that can (the engine in-process, the library's
// client over HTTP) and as SDK attribute values elsewhere (the SDK's
// client, hooks, a backend without the JSON methods), and that every way
// of reading gives the same items, errors, counts and cursors on the same
// data: pages emptied by a filter, projections, items that fail to decode,
// cursors resumed, indexes, parallel scans.
func TestTypedPagesAsJSON(t *testing.T) {
	compareJSONReads(t, typedPageReads, []string{"Query", "Scan"})
}

// TestTypedBatchReadsAsJSON is TestTypedPagesAsJSON for batch and
// transaction reads: missing, empty (projected) and undecodable items,
// pointers and projections.
func TestTypedBatchReadsAsJSON(t *testing.T) {
	compareJSONReads(t, typedBatchReads, []string{"BatchGetItem", "TransactGetItems"})
}

// compareJSONReads runs reads on a table of Account with items of partition
// "ann" and undecodable ones in partition "bad" through five ways of
// reading the same engine, and checks that they all give the same results,
// the backends with JSON methods through those (ops with a JSON suffix),
// the others through ops.
func compareJSONReads(t *testing.T, reads func(context.Context, *ddb.Table[Account]) []any, ops []string) {
	ctx := t.Context()
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	srv := httptest.NewServer(server.New(e))
	t.Cleanup(srv.Close)
	accounts := newTable[Account](t, ddb.New(e), "reads_json")
	for i := range 7 {
		a := Account{Owner: "ann", ID: i, Balance: i * 10, Status: []string{"open", "closed"}[i%2], Log: []string{"x"}, Meta: map[string]string{"k": "é\n"}}
		if err := accounts.Put(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	raw := ddb.TableWithSchema[ddb.Item](accounts.DB(), accounts.Schema())
	for _, item := range []ddb.Item{
		{"owner": av.S("bad"), "id": av.N("1"), "balance": av.N("1")},
		{"owner": av.S("bad"), "id": av.N("2"), "balance": av.S("x")},
		{"owner": av.S("bad"), "id": av.N("3"), "balance": av.Bool(true), "tags": av.S("x")},
		{"owner": av.S("bad"), "id": av.N("4"), "balance": av.N("4")},
	} {
		if err := raw.Put(ctx, item); err != nil {
			t.Fatal(err)
		}
	}

	hook := ddb.WithHook(ddb.HookFunc(func(context.Context, *ddb.CallInfo) {}))
	type backend struct {
		name string
		api  ddb.API
		rec  *callRecorder
		json bool // reads items as JSON
		opts []ddb.Option
	}
	plain := &callRecorder{API: e}
	engineAPI, engineRec := recordCalls(e)
	backends := []backend{
		{"engine without JSON", plain, plain, false, nil},
		{"engine", engineAPI, engineRec, true, nil},
		{"engine with hooks", engineAPI, engineRec, false, []ddb.Option{hook}},
	}
	for _, client := range []struct {
		name, url string
		json      bool
	}{{"lean client", srv.URL, true}, {"SDK client", srv.URL + "?client=sdk", false}} {
		db, err := ddb.Open(ctx, client.url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		api, rec := recordCalls(db.API())
		backends = append(backends, backend{client.name, api, rec, client.json, nil})
	}

	var want []any
	for i, b := range backends {
		table := ddb.TableWithSchema[Account](ddb.New(b.api, b.opts...), accounts.Schema())
		got := reads(ctx, table)
		if i == 0 {
			want = got
		} else if diff := cmp.Diff(want, got, cmpSDK); diff != "" {
			t.Errorf("%s: (-%s +%s):\n%s", b.name, backends[0].name, b.name, diff)
		}
		wantCalls, seen := map[string]bool{}, map[string]bool{}
		for _, op := range ops {
			if b.json {
				op += "JSON"
			}
			wantCalls[op] = true
		}
		for _, c := range b.rec.take() {
			seen[c] = true
		}
		if diff := cmp.Diff(wantCalls, seen); diff != "" {
			t.Errorf("%s: calls (-want +got):\n%s", b.name, diff)
		}
	}
	if len(want) == 0 || want[0] == nil {
		t.Fatalf("nothing read: %v", want)
	}
}

// errText returns the message of err, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// typedPageReads runs the reads TestTypedPagesAsJSON compares and returns
// what each gave.
func typedPageReads(ctx context.Context, accounts *ddb.Table[Account]) []any {
	var out []any
	all := func(r *ddb.Results[Account]) {
		var items []Account
		var errs []string
		for a, err := range r.All() {
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			items = append(items, a)
		}
		out = append(out, items, errs)
	}
	pages := func(r *ddb.Results[Account]) {
		cursor := ""
		for {
			page, err := r.Page(cursor)
			out = append(out, page, errText(err))
			if err != nil || page.Next == "" {
				return
			}
			cursor = page.Next
		}
	}
	collect := func(r *ddb.Results[Account], n int) {
		items, err := r.Collect(n)
		slices.SortFunc(items, func(a, b Account) int {
			if a.Owner != b.Owner {
				return strings.Compare(a.Owner, b.Owner)
			}
			return a.ID - b.ID
		})
		out = append(out, items, errText(err))
	}
	rich := ddb.Filter(ddb.Attr("balance").GreaterThan(35))
	all(accounts.Query(ctx, ddb.Partition("ann"), ddb.PageSize(2)))
	all(accounts.Query(ctx, ddb.Partition("ann"), rich, ddb.PageSize(2)))
	all(accounts.Query(ctx, ddb.Partition("ann"), ddb.Project("id", "meta"), ddb.Descending()))
	all(accounts.Query(ctx, ddb.Partition("nobody")))
	all(accounts.Query(ctx, ddb.Partition("bad")))
	all(accounts.Query(ctx, ddb.Partition("closed"), ddb.OnIndex("by_status")))
	all(accounts.Scan(ctx, ddb.PageSize(3)))
	pages(accounts.Query(ctx, ddb.Partition("ann"), ddb.PageSize(3)))
	pages(accounts.Query(ctx, ddb.Partition("ann"), rich, ddb.PageSize(2)))
	pages(accounts.Query(ctx, ddb.Partition("nobody")))
	pages(accounts.Query(ctx, ddb.Partition("bad"), ddb.PageSize(1)))
	pages(accounts.Scan(ctx, ddb.PageSize(4)))
	collect(accounts.Query(ctx, ddb.Partition("ann"), rich), 2)
	collect(accounts.Query(ctx, ddb.Partition("bad")), 4)
	collect(accounts.Scan(ctx, ddb.Parallel(3), rich), 10)
	first, err := accounts.Query(ctx, ddb.Partition("ann"), ddb.Descending()).First()
	out = append(out, first, errText(err))
	_, err = accounts.Query(ctx, ddb.Partition("ann")).One()
	out = append(out, errText(err))
	n, err := accounts.Query(ctx, ddb.Partition("ann"), rich).Count()
	out = append(out, n, errText(err))
	return out
}

// typedBatchReads runs the reads TestTypedBatchReadsAsJSON compares and
// returns what each gave.
func typedBatchReads(ctx context.Context, accounts *ddb.Table[Account]) []any {
	var out []any
	keys := []ddb.ItemKey{ddb.Key("ann", 5), ddb.Key("ann", 1), ddb.Key("ann", 99), ddb.Key("ann", 3)}
	items, err := accounts.BatchGet(ctx, keys)
	out = append(out, items, errText(err))
	items, err = accounts.BatchGet(ctx, keys, ddb.Project("id", "meta"))
	out = append(out, items, errText(err))
	items, err = accounts.BatchGet(ctx, []ddb.ItemKey{ddb.Key("bad", 1), ddb.Key("bad", 2), ddb.Key("bad", 4)})
	out = append(out, items, errText(err))
	var ptrs []*Account
	err = ddb.BatchGet(accounts.DB()).Get(accounts, keys[:2], &ptrs).Run(ctx)
	out = append(out, ptrs, errText(err))

	var a, projected, empty Account
	var missing *Account
	empty.Balance = -1
	err = ddb.GetTx().Get(accounts, ddb.Key("ann", 2), &a).Get(accounts, ddb.Key("ann", 99), &missing).
		Get(accounts, ddb.Key("ann", 4), &projected, ddb.Project("balance", "log")).
		Get(accounts, ddb.Key("ann", 5), &empty, ddb.Project("nothing")).Run(ctx)
	out = append(out, a, missing, projected, empty, errText(err))
	var good, bad Account
	err = ddb.GetTx().Get(accounts, ddb.Key("bad", 1), &good).Get(accounts, ddb.Key("bad", 3), &bad).Run(ctx)
	out = append(out, good, bad, errText(err))
	return out
}
