package ddb_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

func TestMain(m *testing.M) { testbackend.Main(m) }

// Account is the model of the integration tests: a composite key, a global
// index, a set, a list and a map.
type Account struct {
	Owner   string            `ddb:"owner,hash"`
	ID      int               `ddb:"id,range"`
	Balance int               `ddb:"balance"`
	Status  string            `ddb:"status,omitempty,gsi=by_status"`
	Tags    []string          `ddb:"tags,set,omitempty"`
	Log     []string          `ddb:"log,omitempty"`
	Meta    map[string]string `ddb:"meta,omitempty"`
}

// forEachBackend runs test against every backend with a fresh Account table
// that is deleted afterwards.
func forEachBackend(t *testing.T, test func(t *testing.T, accounts *ddb.Table[Account])) {
	forEachTable(t, "accounts", test, ddb.WithIndex("by_status", ddb.ProjectKeysOnly()))
}

// forEachTable runs test against every backend with a fresh table of T,
// declared with opts, that is deleted afterwards.
func forEachTable[T any](t *testing.T, base string, test func(t *testing.T, table *ddb.Table[T]), opts ...ddb.TableOption) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) { test(t, newTable[T](t, ddb.New(b.API), base, opts...)) })
	}
}

// newTable returns a created table of T on db, named after base, deleted
// when the test ends.
func newTable[T any](t *testing.T, db *ddb.DB, base string, opts ...ddb.TableOption) *ddb.Table[T] {
	t.Helper()
	table, err := ddb.NewTable[T](db, testbackend.UniqueTableName(t, base), opts...)
	if err != nil {
		t.Fatal(err)
	}
	if err := table.Create(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := table.DeleteTable(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return table
}

func newAccounts(t *testing.T, db *ddb.DB) *ddb.Table[Account] {
	t.Helper()
	accounts, err := ddb.NewTable[Account](db, testbackend.UniqueTableName(t, "accounts"), ddb.WithIndex("by_status", ddb.ProjectKeysOnly()))
	if err != nil {
		t.Fatal(err)
	}
	return accounts
}

func TestLifecycle(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			var logs bytes.Buffer
			db := ddb.New(b.API, ddb.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			accounts := newAccounts(t, db)
			if ok, err := accounts.Exists(ctx); ok || err != nil {
				t.Fatalf("Exists before Create = %v, %v", ok, err)
			}
			if err := accounts.Create(ctx); err != nil {
				t.Fatal(err)
			}
			if ok, err := accounts.Exists(ctx); !ok || err != nil {
				t.Fatalf("Exists after Create = %v, %v", ok, err)
			}
			desc, err := accounts.Describe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if desc.TableStatus != types.TableStatusActive || len(desc.GlobalSecondaryIndexes) != 1 ||
				desc.GlobalSecondaryIndexes[0].IndexStatus != types.IndexStatusActive {
				t.Errorf("after Create: status %s, indexes %+v", desc.TableStatus, desc.GlobalSecondaryIndexes)
			}
			if logs.Len() != 0 {
				t.Errorf("first Create logged %q", logs.String())
			}
			if err := accounts.Create(ctx); err != nil {
				t.Fatalf("second Create: %v", err)
			}
			if want := accounts.Name() + " table already exists."; !strings.Contains(logs.String(), want) {
				t.Errorf("second Create logged %q, want %q", logs.String(), want)
			}
			if err := accounts.DeleteTable(ctx); err != nil {
				t.Fatal(err)
			}
			if ok, err := accounts.Exists(ctx); ok || err != nil {
				t.Fatalf("Exists after DeleteTable = %v, %v", ok, err)
			}
			err = accounts.DeleteTable(ctx)
			var e *ddb.Error
			if !errors.Is(err, ddb.ErrTableNotFound) || !errors.As(err, &e) || e.Op != "DeleteTable" || e.Table != accounts.Name() {
				t.Errorf("DeleteTable of a missing table: %v", err)
			}
		})
	}
}

func TestPutGet(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		want := Account{Owner: "ann", ID: 1, Balance: 10, Status: "open", Tags: []string{"a", "b"}, Log: []string{"x"}, Meta: map[string]string{"k": "v"}}
		if err := accounts.Put(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := accounts.Get(ctx, ddb.Key("ann", 1), ddb.Consistent())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Get (-want +got):\n%s", diff)
		}
		got, err = accounts.Get(ctx, ddb.Key("ann", 1), ddb.Project("balance", "meta.k"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(Account{Balance: 10, Meta: map[string]string{"k": "v"}}, got); diff != "" {
			t.Errorf("Get with projection (-want +got):\n%s", diff)
		}
		got, err = accounts.Get(ctx, ddb.Key("ann", 1), ddb.Project("nothing"))
		if err != nil || !cmp.Equal(got, Account{}) {
			t.Errorf("Get projecting an attribute the item lacks = %+v, %v; want the zero item", got, err)
		}
		_, err = accounts.Get(ctx, ddb.Key("ann", 2))
		if !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("Get of a missing item: %v, want ErrNotFound", err)
		}
	})
}

func TestPutConditions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		first := Account{Owner: "bob", ID: 1, Balance: 5}
		if err := accounts.Put(ctx, first, ddb.IfNotExists()); err != nil {
			t.Fatal(err)
		}
		err := accounts.Put(ctx, Account{Owner: "bob", ID: 1, Balance: 6}, ddb.IfNotExists())
		var ccf *types.ConditionalCheckFailedException
		var e *ddb.Error
		if !errors.Is(err, ddb.ErrConditionFailed) || !errors.As(err, &ccf) || !errors.As(err, &e) ||
			e.Code != ddb.CodeConditionalCheckFailed || e.Op != "PutItem" || e.Table != accounts.Name() {
			t.Fatalf("Put over an existing item with IfNotExists: %v", err)
		}
		var current Account
		err = accounts.Put(ctx, Account{Owner: "bob", ID: 1}, ddb.IfNotExists(), ddb.ReturnOldOnConditionFailure(&current))
		if !errors.Is(err, ddb.ErrConditionFailed) || !cmp.Equal(current, first) {
			t.Errorf("ReturnOldOnConditionFailure: %v, %+v", err, current)
		}
		if err := accounts.Put(ctx, Account{Owner: "bob", ID: 2}, ddb.IfExists()); !errors.Is(err, ddb.ErrConditionFailed) {
			t.Errorf("Put of a new item with IfExists: %v", err)
		}
		var old *Account
		second := Account{Owner: "bob", ID: 1, Balance: 7}
		err = accounts.Put(ctx, second, ddb.If(ddb.Attr("balance").Equal(5)), ddb.If(ddb.Attr("status").NotExists()), ddb.ReturnOld(&old))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&first, old); diff != "" {
			t.Errorf("ReturnOld (-want +got):\n%s", diff)
		}
		raw := ddb.Expr("#b BETWEEN :lo AND :hi", ddb.Names{"#b": "balance"}, ddb.Values{":lo": 0, ":hi": 6})
		if err := accounts.Put(ctx, first, ddb.If(raw)); !errors.Is(err, ddb.ErrConditionFailed) {
			t.Errorf("Put with a false raw condition: %v", err)
		}
		if err := accounts.Put(ctx, first, ddb.If(raw.Or(ddb.Attr("balance").In(7, 8)))); err != nil {
			t.Errorf("Put with a true combined condition: %v", err)
		}
		var none *Account
		if err := accounts.Put(ctx, Account{Owner: "bob", ID: 3}, ddb.ReturnOld(&none)); err != nil || none != nil {
			t.Errorf("ReturnOld of a new item: %v, %v", none, err)
		}
	})
}

func TestUpdate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		key := ddb.Key("cid", 1)
		var created Account
		err := accounts.Update(ctx, key, ddb.Set("balance", 100).SetIfNotExists("status", "new").Append("log", "opened"),
			ddb.IfNotExists(), ddb.ReturnNew(&created))
		if err != nil {
			t.Fatal(err)
		}
		want := Account{Owner: "cid", ID: 1, Balance: 100, Status: "new", Log: []string{"opened"}}
		if diff := cmp.Diff(want, created); diff != "" {
			t.Errorf("after create (-want +got):\n%s", diff)
		}
		var before, after Account
		err = accounts.Update(ctx, key, ddb.Increment("balance", 5).SetIfNotExists("status", "ignored").
			Prepend("log", "first").AddToSet("tags", "x", "y").Set("meta.k", "v"), ddb.ReturnOld(&before))
		if err == nil {
			t.Fatal("SET on a path inside a missing map succeeded")
		}
		if !errors.Is(err, ddb.ErrValidation) {
			t.Fatalf("SET on a path inside a missing map: %v, want ErrValidation", err)
		}
		err = accounts.Update(ctx, key, ddb.Increment("balance", 5).SetIfNotExists("status", "ignored").
			Prepend("log", "first").AddToSet("tags", "x", "y").Set("meta", map[string]string{"k": "v"}),
			ddb.If(ddb.Attr("log").Size().Equal(1)), ddb.ReturnOld(&before))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, before); diff != "" {
			t.Errorf("ReturnOld (-want +got):\n%s", diff)
		}
		err = accounts.Update(ctx, key, ddb.Decrement("balance", 1).DeleteFromSet("tags", "x").Remove("meta.k", "log[0]"), ddb.ReturnNew(&after))
		if err != nil {
			t.Fatal(err)
		}
		want = Account{Owner: "cid", ID: 1, Balance: 104, Status: "new", Tags: []string{"y"}, Log: []string{"opened"}, Meta: map[string]string{}}
		if diff := cmp.Diff(want, after); diff != "" {
			t.Errorf("ReturnNew (-want +got):\n%s", diff)
		}
		var changed ddb.Item
		if err := accounts.Update(ctx, key, ddb.Add("balance", 6).Set("meta.copy", ddb.Attr("status")), ddb.ReturnUpdatedNew(&changed)); err != nil {
			t.Fatal(err)
		}
		wantChanged := ddb.Item{
			"balance": &types.AttributeValueMemberN{Value: "110"},
			"meta":    &types.AttributeValueMemberM{Value: ddb.Item{"copy": &types.AttributeValueMemberS{Value: "new"}}},
		}
		if diff := cmp.Diff(wantChanged, changed, ddb.SDKCmp); diff != "" {
			t.Errorf("ReturnUpdatedNew (-want +got):\n%s", diff)
		}
		var previous struct {
			Balance int `ddb:"balance"`
		}
		if err := accounts.Update(ctx, key, ddb.Set("balance", 0), ddb.ReturnUpdatedOld(&previous)); err != nil || previous.Balance != 110 {
			t.Errorf("ReturnUpdatedOld: %+v, %v", previous, err)
		}
		err = accounts.Update(ctx, ddb.Key("nobody", 1), ddb.Set("balance", 1), ddb.IfExists())
		if !errors.Is(err, ddb.ErrConditionFailed) {
			t.Errorf("Update of a missing item with IfExists: %v", err)
		}
		err = accounts.Update(ctx, key, ddb.Set("owner", "eve"))
		var e *ddb.Error
		if !errors.As(err, &e) || e.Code != ddb.CodeValidation || e.Op != "UpdateItem" {
			t.Errorf("Update of a key attribute: %v", err)
		}
	})
}

func TestDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		item := Account{Owner: "dan", ID: 1, Balance: 3}
		if err := accounts.Put(ctx, item); err != nil {
			t.Fatal(err)
		}
		if err := accounts.Delete(ctx, ddb.Key("dan", 1), ddb.If(ddb.Attr("balance").GreaterThan(3))); !errors.Is(err, ddb.ErrConditionFailed) {
			t.Errorf("Delete with a false condition: %v", err)
		}
		var old *Account
		if err := accounts.Delete(ctx, ddb.Key("dan", 1), ddb.ReturnOld(&old)); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&item, old); diff != "" {
			t.Errorf("ReturnOld (-want +got):\n%s", diff)
		}
		if err := accounts.Delete(ctx, ddb.Key("dan", 1)); err != nil {
			t.Errorf("Delete of a missing item: %v", err)
		}
		if err := accounts.Delete(ctx, ddb.Key("dan", 1), ddb.IfExists()); !errors.Is(err, ddb.ErrConditionFailed) {
			t.Errorf("Delete of a missing item with IfExists: %v", err)
		}
	})
}

func TestKeyErrors(t *testing.T) {
	accounts := newAccounts(t, ddb.New(nil))
	for _, key := range []ddb.ItemKey{ddb.Key("a"), ddb.Key("a", 1, 2), ddb.Key(1, 1), ddb.Key("a", "1")} {
		if _, err := accounts.Get(t.Context(), key); err == nil || errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("Get(%v): %v, want a key error", key, err)
		}
	}
}

// Post has local and global indexes, a stream and a time to live.
type Post struct {
	Forum   string    `ddb:"forum,hash,gsi=by_forum_author:hash"`
	Seq     int       `ddb:"seq,range"`
	Posted  time.Time `ddb:"posted,lsi=by_posted"`
	Author  string    `ddb:"author,gsi=by_author,gsi=by_forum_author:range"`
	Body    string    `ddb:"body"`
	Expires time.Time `ddb:"expires,unixtime"`
}

func TestCreateWithIndexesStreamAndTTL(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			posts, err := ddb.NewTable[Post](ddb.New(b.API), testbackend.UniqueTableName(t, "posts"), ddb.Provisioned(2, 1),
				ddb.WithIndex("by_author", ddb.ProjectInclude("body"), ddb.IndexThroughput(1, 1)),
				ddb.WithIndex("by_posted", ddb.ProjectKeysOnly()),
				ddb.WithStream(types.StreamViewTypeNewImage), ddb.WithTTL("expires"))
			if err != nil {
				t.Fatal(err)
			}
			if err := posts.Create(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { posts.DeleteTable(context.Background()) })
			desc, err := posts.Describe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var gsis, lsis []string
			for _, ix := range desc.GlobalSecondaryIndexes {
				gsis = append(gsis, *ix.IndexName+" "+string(ix.Projection.ProjectionType))
			}
			for _, ix := range desc.LocalSecondaryIndexes {
				lsis = append(lsis, *ix.IndexName+" "+string(ix.Projection.ProjectionType))
			}
			slices.Sort(gsis)
			if diff := cmp.Diff([]string{"by_author INCLUDE", "by_forum_author ALL"}, gsis); diff != "" {
				t.Errorf("global indexes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"by_posted KEYS_ONLY"}, lsis); diff != "" {
				t.Errorf("local indexes (-want +got):\n%s", diff)
			}
			if desc.StreamSpecification == nil || desc.StreamSpecification.StreamViewType != types.StreamViewTypeNewImage {
				t.Errorf("stream: %+v", desc.StreamSpecification)
			}
			ttl, err := b.API.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(posts.Name())})
			if err != nil {
				t.Fatal(err)
			}
			if d := ttl.TimeToLiveDescription; d == nil || aws.ToString(d.AttributeName) != "expires" || d.TimeToLiveStatus != types.TimeToLiveStatusEnabled {
				t.Errorf("time to live: %+v", d)
			}
		})
	}
}

func TestExplicitSchema(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			schema, err := ddb.NewSchema(testbackend.UniqueTableName(t, "events"), ddb.Definition{
				Fields:   []ddb.Field{{Name: "stream", Type: ddb.TypeString}, {Name: "seq", Type: ddb.TypeNumber}},
				HashKey:  "stream",
				RangeKey: "seq",
			})
			if err != nil {
				t.Fatal(err)
			}
			events := ddb.TableWithSchema[ddb.Item](ddb.New(b.API), schema)
			if err := events.Create(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { events.DeleteTable(context.Background()) })
			item := ddb.Item{
				"stream": &types.AttributeValueMemberS{Value: "s1"},
				"seq":    &types.AttributeValueMemberN{Value: "7"},
				"data":   &types.AttributeValueMemberBOOL{Value: true},
			}
			if err := events.Put(ctx, item); err != nil {
				t.Fatal(err)
			}
			got, err := events.Get(ctx, ddb.Key("s1", 7))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(item, got, ddb.SDKCmp); diff != "" {
				t.Errorf("Get (-want +got):\n%s", diff)
			}
			var old ddb.Item
			if err := events.Delete(ctx, ddb.Key("s1", &types.AttributeValueMemberN{Value: "7"}), ddb.ReturnOld(&old)); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(item, old, ddb.SDKCmp); diff != "" {
				t.Errorf("ReturnOld (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		const workers, rounds = 4, 5
		errs := make(chan error, workers)
		for w := range workers {
			go func() {
				var err error
				for r := 0; r < rounds && err == nil; r++ {
					err = accounts.Update(ctx, ddb.Key("shared", 1), ddb.Increment("balance", 1).Append("log", strconv.Itoa(w)))
					if err == nil {
						_, err = accounts.Get(ctx, ddb.Key("shared", 1))
					}
				}
				errs <- err
			}()
		}
		for range workers {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		got, err := accounts.Get(ctx, ddb.Key("shared", 1), ddb.Consistent())
		if err != nil {
			t.Fatal(err)
		}
		if got.Balance != workers*rounds || len(got.Log) != workers*rounds {
			t.Errorf("after %d concurrent increments: balance %d, %d log entries", workers*rounds, got.Balance, len(got.Log))
		}
	})
}

func TestCreateOverAnotherKeySchema(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		// Doc's keys are folder (S) and name (S); the table has owner (S) and id (N).
		docs, err := ddb.NewTable[Doc](accounts.DB(), accounts.Name())
		if err != nil {
			t.Fatal(err)
		}
		err = docs.Create(t.Context())
		want := "ddb: existing table differs from its declaration: table " + accounts.Name() +
			": key schema: declared [folder HASH S, name RANGE S], actual [owner HASH S, id RANGE N]" +
			"; index by_status undeclared: declared none, actual global [status HASH S] KEYS_ONLY"
		if !errors.Is(err, ddb.ErrSchemaMismatch) || err.Error() != want {
			t.Errorf("Create over another key schema: %v\nwant %s", err, want)
		}
	})
}

// TestRejectedWriteChangesNothing checks that a write whose returned item
// could not be delivered fails before it reaches the table.
func TestRejectedWriteChangesNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		if err := accounts.Put(ctx, Account{Owner: "ann", ID: 1, Balance: 10}); err != nil {
			t.Fatal(err)
		}
		err := accounts.Update(ctx, ddb.Key("ann", 1), ddb.Set("balance", 20), ddb.ReturnNew(Account{}))
		var ve *ddb.ValidationError
		if !errors.As(err, &ve) || ve.Field != "ReturnNew" || !errors.Is(err, ddb.ErrValidation) {
			t.Fatalf("Update with ReturnNew(Account{}): %v", err)
		}
		got, err := accounts.Get(ctx, ddb.Key("ann", 1), ddb.Consistent())
		if err != nil || got.Balance != 10 {
			t.Errorf("after the rejected update: %+v, %v; want balance 10", got, err)
		}
	})
}

// AccountV2 is Account with a second global index and a time to live, as a
// model changed after its table was created.
type AccountV2 struct {
	Account
	Region  string    `ddb:"region,gsi=by_region"`
	Expires time.Time `ddb:"expires,unixtime"`
}

// TestCreateReportsDrift checks that Create over an existing table that
// lacks what the model declares names every difference, in warnings or in
// the error under StrictSchema, except a missing stream, which it enables.
func TestCreateReportsDrift(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		var logs bytes.Buffer
		db := ddb.New(accounts.DB().API(), ddb.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		opts := []ddb.TableOption{ddb.WithIndex("by_status", ddb.ProjectAll()), ddb.WithTTL("expires"),
			ddb.WithStream(types.StreamViewTypeNewImage)}
		v2, err := ddb.NewTable[AccountV2](db, accounts.Name(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		if err := v2.Create(t.Context()); err != nil {
			t.Fatalf("Create without StrictSchema: %v", err)
		}
		// Create enables the missing stream; the rest it reports.
		wantDiffs := []string{
			"index by_status: projection: declared ALL, actual KEYS_ONLY",
			"index by_region missing: declared global [region HASH S] ALL, actual none",
			"time to live: declared expires, actual none",
		}
		for _, d := range wantDiffs {
			if !strings.Contains(logs.String(), "level=WARN msg=\""+accounts.Name()+" table differs from its declaration: "+d) {
				t.Errorf("no warning for %q in\n%s", d, logs.String())
			}
		}
		if strings.Contains(logs.String(), "stream") {
			t.Errorf("the stream Create enabled is reported:\n%s", logs.String())
		}
		strict, err := ddb.NewTable[AccountV2](db, accounts.Name(), append(opts,
			ddb.WithStream(types.StreamViewTypeNewAndOldImages), ddb.StrictSchema())...)
		if err != nil {
			t.Fatal(err)
		}
		err = strict.Create(t.Context())
		var drift *ddb.SchemaDriftError
		if !errors.As(err, &drift) || !errors.Is(err, ddb.ErrSchemaMismatch) {
			t.Fatalf("Create with StrictSchema: %v", err)
		}
		var got []string
		for _, d := range drift.Differences {
			got = append(got, d.String())
		}
		wantDiffs = append(wantDiffs, "stream: declared NEW_AND_OLD_IMAGES, actual NEW_IMAGE")
		if diff := cmp.Diff(wantDiffs, got); diff != "" {
			t.Errorf("differences (-want +got):\n%s", diff)
		}
	})
}
