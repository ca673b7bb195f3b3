package ddb_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// callRecorder records which item operations reach a backend: PutItem and
// GetItem carry SDK attribute values, PutItemJSON and GetItemJSON the
// items' JSON. Its JSON methods are those the backend has (see
// recordCalls).
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

// jsonReadRecorder is a callRecorder of a backend that reads items as JSON.
type jsonReadRecorder struct{ *callRecorder }

func (r jsonReadRecorder) GetItemJSON(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	r.record("GetItemJSON")
	return r.API.(dynamo.ItemJSONReader).GetItemJSON(ctx, in)
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
	_, reads := api.(dynamo.ItemJSONReader)
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
// library's own client both ways, the engine for reads, whose writes work
// on attribute values), and that the items are those of the attribute
// value path. Tables whose items the library rewrites (field roles,
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
			if _, ok := b.API.(dynamo.ItemJSONReader); ok {
				want[1] = "GetItemJSON"
			}
			if b.Name == testbackend.Engine && !slices.Equal(want, []string{"PutItem", "GetItemJSON"}) ||
				b.Name == testbackend.EngineLean && !slices.Equal(want, []string{"PutItemJSON", "GetItemJSON"}) {
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
