package ddb_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Counter is the model of the locking tests: a versioned item with
// timestamps.
type Counter struct {
	Name    string    `ddb:"name,hash"`
	N       int       `ddb:"n"`
	Version int64     `ddb:"version,version"`
	Created time.Time `ddb:"created,created"`
	Updated time.Time `ddb:"updated,updated,unixmilli"`
}

// engines returns the engine in every form and, with DDB_TEST_LOCAL=1,
// DynamoDB Local.
func engines(t *testing.T) []testbackend.Backend {
	backends := testbackend.Engines(t)
	if testbackend.LocalEnabled() {
		backends = append(backends, testbackend.All(t)[1])
	}
	return backends
}

// fixedClock is a clock for WithClock that tests move by hand.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fixedClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func TestVersionedWrites(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	for _, b := range engines(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			clock := &fixedClock{now: t0}
			counters := newTable[Counter](t, b.DB(ddb.WithClock(clock.Now)), "counters")

			// A new item: stored with version 1 and both timestamps.
			c := Counter{Name: "a", N: 1}
			if err := counters.Save(ctx, &c); err != nil {
				t.Fatal(err)
			}
			want := Counter{Name: "a", N: 1, Version: 1, Created: t0, Updated: t0}
			if diff := cmp.Diff(want, c); diff != "" {
				t.Errorf("after Save (-want +got):\n%s", diff)
			}
			got, err := counters.Get(ctx, ddb.Key("a"), ddb.Consistent())
			if err != nil || !cmp.Equal(want, got) {
				t.Fatalf("Get after Save: %+v, %v", got, err)
			}
			// A second new item with the same key is a conflict.
			err = counters.Put(ctx, Counter{Name: "a", N: 9})
			checkConflict(t, "Put of a new item over an existing one", err, "PutItem", 0)

			// An update of the item read: the version and updated time move.
			t1 := t0.Add(time.Hour)
			clock.Set(t1)
			var updated Counter
			if err := counters.Update(ctx, ddb.Key("a"), ddb.Increment("n", 1), ddb.IfVersion(1), ddb.ReturnNew(&updated)); err != nil {
				t.Fatal(err)
			}
			want = Counter{Name: "a", N: 2, Version: 2, Created: t0, Updated: t1}
			if diff := cmp.Diff(want, updated); diff != "" {
				t.Errorf("after Update (-want +got):\n%s", diff)
			}
			// c still has version 1: its Put and Update conflict.
			c.N = 100
			err = counters.Save(ctx, &c)
			checkConflict(t, "Save of a stale item", err, "PutItem", 1)
			if c.Version != 1 || c.N != 100 {
				t.Errorf("a failed Save changed the item: %+v", c)
			}
			err = counters.Update(ctx, ddb.Key("a"), ddb.Increment("n", 1), ddb.IfVersion(1))
			checkConflict(t, "Update of a stale version", err, "UpdateItem", 1)
			err = counters.Delete(ctx, ddb.Key("a"), ddb.IfVersion(1))
			checkConflict(t, "Delete of a stale version", err, "DeleteItem", 1)

			// Another condition failing is not a conflict.
			err = counters.Update(ctx, ddb.Key("a"), ddb.Increment("n", 1), ddb.IfVersion(2), ddb.If(ddb.Attr("n").GreaterThan(10)))
			if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) {
				t.Errorf("Update whose other condition fails: %v", err)
			}
			err = counters.Put(ctx, updated, ddb.If(ddb.Attr("n").GreaterThan(10)))
			if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) {
				t.Errorf("Put whose other condition fails: %v", err)
			}

			// IgnoreVersion writes whatever the stored version, and still
			// counts it up.
			c.N = 7
			if err := counters.Save(ctx, &c, ddb.IgnoreVersion()); err != nil {
				t.Fatal(err)
			}
			if c.Version != 2 || c.Created != t0 {
				t.Errorf("after Save with IgnoreVersion: %+v", c)
			}
			if err := counters.Update(ctx, ddb.Key("a"), ddb.Increment("n", 1), ddb.IgnoreVersion()); err != nil {
				t.Fatal(err)
			}
			got, err = counters.Get(ctx, ddb.Key("a"), ddb.Consistent())
			if err != nil || got.Version != 3 || got.N != 8 {
				t.Fatalf("after Update with IgnoreVersion: %+v, %v", got, err)
			}

			// An Update without IfVersion creates a new item with version 1
			// and both timestamps.
			if err := counters.Update(ctx, ddb.Key("b"), ddb.Set("n", 5)); err != nil {
				t.Fatal(err)
			}
			got, err = counters.Get(ctx, ddb.Key("b"), ddb.Consistent())
			want = Counter{Name: "b", N: 5, Version: 1, Created: t1, Updated: t1}
			if err != nil || !cmp.Equal(want, got) {
				t.Errorf("item created by Update: %+v, %v", got, err)
			}

			// The current version deletes.
			if err := counters.Delete(ctx, ddb.Key("a"), ddb.IfVersion(3)); err != nil {
				t.Fatal(err)
			}
			if _, err := counters.Get(ctx, ddb.Key("a"), ddb.Consistent()); !errors.Is(err, ddb.ErrNotFound) {
				t.Errorf("after Delete: %v", err)
			}
		})
	}
}

// checkConflict fails the test unless err is a version conflict of op
// that expected version want.
func checkConflict(t *testing.T, what string, err error, op string, want int64) {
	t.Helper()
	var vc *ddb.VersionConflictError
	var e *ddb.Error
	switch {
	case !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrConditionFailed):
		t.Errorf("%s: %v, want a version conflict", what, err)
	case !errors.As(err, &vc) || vc.Op != op || vc.Expected != want || !errors.As(err, &e):
		t.Errorf("%s: %#v, want a conflict of %s expecting version %d", what, err, op, want)
	}
}

func TestVersionedTransactions(t *testing.T) {
	for _, b := range engines(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			db := b.DB()
			counters := newTable[Counter](t, db, "counters")
			docs := newDocs(t, db)
			a, c := Counter{Name: "a"}, Counter{Name: "c"}
			err := ddb.WriteTx().Put(counters, &a).Put(counters, &c).Put(docs, Doc{Folder: "f", Name: "x"}).Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if a.Version != 1 || c.Version != 1 || a.Created.IsZero() || a.Updated.IsZero() {
				t.Fatalf("items put by pointer after Run: %+v %+v", a, c)
			}
			// A stale version in the third action cancels the transaction
			// and is reported for that action.
			stale := a
			if err := counters.Save(ctx, &a); err != nil {
				t.Fatal(err)
			}
			err = ddb.WriteTx().
				Update(counters, ddb.Key("c"), ddb.Increment("n", 1), ddb.IfVersion(1)).
				Check(docs, ddb.Key("f", "x"), ddb.Attr("folder").Exists()).
				Put(counters, stale).
				Run(ctx)
			checkConflict(t, "transaction with a stale Put", err, "TransactWriteItems", 1)
			var vc *ddb.VersionConflictError
			if errors.As(err, &vc) && vc.Action != 2 {
				t.Errorf("conflict reported for action %d, want 2", vc.Action)
			}
			if !errors.Is(err, ddb.ErrTransactionCanceled) {
				t.Errorf("not a canceled transaction: %v", err)
			}
			// A failing check that is not about versions is no conflict, and
			// returns the item on request.
			var seen Counter
			err = ddb.WriteTx().
				Delete(counters, ddb.Key("c"), ddb.IfVersion(1)).
				Check(counters, ddb.Key("a"), ddb.Attr("n").GreaterThan(5), ddb.ReturnOldOnConditionFailure(&seen)).
				Run(ctx)
			if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) || seen.Version != 2 {
				t.Errorf("failed check: %v, item %+v", err, seen)
			}
			// A versioned Check.
			err = ddb.WriteTx().
				Delete(counters, ddb.Key("c"), ddb.IfVersion(1)).
				Check(counters, ddb.Key("a"), ddb.Condition{}, ddb.IfVersion(1)).
				Run(ctx)
			checkConflict(t, "stale check", err, "TransactWriteItems", 1)
			if errors.As(err, &vc) && vc.Action != 1 {
				t.Errorf("conflict reported for action %d, want 1", vc.Action)
			}
			err = ddb.WriteTx().
				Delete(counters, ddb.Key("c"), ddb.IfVersion(1)).
				Check(counters, ddb.Key("a"), ddb.Condition{}, ddb.IfVersion(2)).
				Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := counters.Scan(ctx).Count(); err != nil || n != 1 {
				t.Errorf("after the delete: %d items, %v", n, err)
			}
		})
	}
}

// TestVersionedCounter increments one counter from 8 goroutines, 500
// times each (100 against DynamoDB Local, which takes 30 ms a write under
// this contention), each reading it, adding one and saving it, taking the
// current item from a conflict to try again: no increment is lost.
func TestVersionedCounter(t *testing.T) {
	const workers = 8
	for _, b := range engines(t) {
		t.Run(b.Name, func(t *testing.T) {
			increments := 500
			if b.Name == testbackend.Local {
				increments = 100
			}
			ctx := t.Context()
			counters := newTable[Counter](t, b.DB(), "counters")
			if err := counters.Put(ctx, Counter{Name: "hits"}); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var conflicts sync.Map
			for w := range workers {
				wg.Go(func() {
					c, err := counters.Get(ctx, ddb.Key("hits"), ddb.Consistent())
					n, streak := 0, 0
					for done := 0; done < increments && err == nil; {
						c.N++
						switch err = counters.Save(ctx, &c, ddb.ReturnOldOnConditionFailure(&c)); {
						case err == nil:
							done, streak = done+1, 0
						case errors.Is(err, ddb.ErrVersionConflict):
							// c is the current item: try again from it, after a
							// pause that grows while conflicts go on.
							n, streak, err = n+1, streak+1, nil
							time.Sleep(rand.N(100 * time.Microsecond << min(streak, 6)))
						}
					}
					conflicts.Store(w, n)
					if err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			got, err := counters.Get(ctx, ddb.Key("hits"), ddb.Consistent())
			if err != nil || got.N != workers*increments || got.Version != int64(workers*increments+1) {
				t.Errorf("counter after %d increments: %+v, %v", workers*increments, got, err)
			}
			total := 0
			conflicts.Range(func(_, n any) bool { total += n.(int); return true })
			t.Logf("%d conflicts", total)
		})
	}
}

// cart is a versioned entity with timestamps and an expiry, of the
// single-table tests' table.
type cart struct {
	_       struct{}  `ddbkey:"pk=CART#{id}"`
	_       struct{}  `ddbkey:"sk=CART"`
	ID      string    `ddb:"id"`
	Items   int       `ddb:"items"`
	Version int       `ddb:"version,version"`
	Updated time.Time `ddb:"updated,updated"`
	Expires time.Time `ddb:"expires,ttl"`
}

func TestVersionedEntity(t *testing.T) {
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			db := b.DB(ddb.WithClock(func() time.Time { return now }))
			if _, err := ddb.NewEntity[cart](newTable[appKeys](t, db, "app"), "Cart"); err == nil || !strings.Contains(err.Error(), "the table declares no time to live") {
				t.Errorf("an entity with a ttl field on a table without time to live: %v", err)
			}
			carts, err := ddb.NewEntity[cart](newTable[appKeys](t, db, "app", ddb.WithTTL("expires")), "Cart")
			if err != nil {
				t.Fatal(err)
			}
			c := cart{ID: "a", Items: 1, Expires: now.Add(-time.Hour)}
			if err := carts.Save(ctx, &c); err != nil {
				t.Fatal(err)
			}
			stale := c
			c.Items++
			if err := carts.Save(ctx, &c); err != nil || c.Version != 2 || !c.Updated.Equal(now) {
				t.Fatalf("second Save: %+v, %v", c, err)
			}
			checkConflict(t, "Save of a stale entity", carts.Save(ctx, &stale), "PutItem", 1)
			if err := carts.Update(ctx, ddb.Key("a"), ddb.Increment("items", 1), ddb.IfVersion(2)); err != nil {
				t.Fatal(err)
			}
			got, err := carts.Get(ctx, ddb.Key("a"), ddb.Consistent())
			if err != nil || got.Version != 3 || got.Items != 3 {
				t.Errorf("after Update: %+v, %v", got, err)
			}
			if _, err := carts.Get(ctx, ddb.Key("a"), ddb.HideExpired()); !errors.Is(err, ddb.ErrNotFound) {
				t.Errorf("Get of an expired entity with HideExpired: %v", err)
			}
		})
	}
}

// TestIgnoreVersionCountsUp checks what IgnoreVersion stores: an Update
// counts the stored version up, so that a writer holding it fails; a Put
// counts up the item's own version, so that a writer holding the stored
// one goes on.
func TestIgnoreVersionCountsUp(t *testing.T) {
	ctx := t.Context()
	db, err := ddb.Open(ctx, "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after newTable's cleanup
	counters := newTable[Counter](t, db, "counters")
	for range 3 {
		if err := counters.Update(ctx, ddb.Key("hits"), ddb.Increment("n", 1)); err != nil {
			t.Fatal(err)
		}
	}
	held, err := counters.Get(ctx, ddb.Key("hits"))
	if err != nil || held.Version != 3 {
		t.Fatalf("%+v, %v; want version 3", held, err)
	}

	if err := counters.Update(ctx, ddb.Key("hits"), ddb.Set("n", 0), ddb.IgnoreVersion()); err != nil {
		t.Fatal(err)
	}
	stale := held
	if err := counters.Save(ctx, &stale); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Errorf("save after an Update with IgnoreVersion: %v, want a version conflict", err)
	}

	if err := counters.Put(ctx, Counter{Name: "hits", N: 100}, ddb.IgnoreVersion()); err != nil {
		t.Fatal(err)
	}
	got, err := counters.Get(ctx, ddb.Key("hits"))
	if err != nil || got.Version != 1 || got.N != 100 {
		t.Fatalf("after a Put of version 0 with IgnoreVersion: %+v, %v; want version 1", got, err)
	}
	older := held
	older.Version = 1
	if err := counters.Save(ctx, &older); err != nil {
		t.Errorf("save holding the version the Put stored: %v", err)
	}
}

// TestBatchLeftoversKeepTheirVersion checks that the versioned items a
// batch leaves unput are handed back with the version they were given, so
// that writing them again, in a batch or with Save, counts up once.
func TestBatchLeftoversKeepTheirVersion(t *testing.T) {
	for _, b := range testbackend.Faulty(t, fastRetryer(2)) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			counters := newTable[Counter](t, b.DB(), "counters")
			t.Cleanup(b.Faults.Clear) // before the table is deleted
			stored := Counter{Name: "old"}
			if err := counters.Save(ctx, &stored); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"old", "new"} {
				addFault(t, b, engine.Rule{Operation: "BatchWriteItem", Table: counters.Name(),
					Key: map[string]types.AttributeValue{"name": &types.AttributeValueMemberS{Value: name}}, Fault: engine.Fault{Unprocessed: true}})
			}
			err := counters.BatchWrite().Put(Counter{Name: "old", N: 1, Version: 1}, Counter{Name: "new", N: 1}).Run(ctx)
			left, decodeErr := ddb.UnprocessedItems(err, counters)
			if !errors.Is(err, ddb.ErrUnprocessed) || decodeErr != nil || len(left) != 2 {
				t.Fatalf("batch never processed: %v; left %+v, %v", err, left, decodeErr)
			}
			slices.SortFunc(left, func(a, b Counter) int { return strings.Compare(b.Name, a.Name) })
			if left[0].Version != 1 || left[1].Version != 0 {
				t.Errorf("versions left: old %d, new %d; want 1 and 0, as given", left[0].Version, left[1].Version)
			}
			b.Faults.Clear()
			if err := counters.BatchWrite().Put(left[0]).Run(ctx); err != nil {
				t.Fatal(err)
			}
			if err := counters.Save(ctx, &left[1]); err != nil {
				t.Errorf("Save of the new item left: %v", err)
			}
			for name, want := range map[string]int64{"old": 2, "new": 1} {
				if got, err := counters.Get(ctx, ddb.Key(name)); err != nil || got.Version != want {
					t.Errorf("%s written again: %+v, %v; want version %d", name, got, err, want)
				}
			}
		})
	}
}

// TestVersionConflictMessage checks that a conflict does not claim that the
// item had the version expected before: a write may fail on an item that
// never existed.
func TestVersionConflictMessage(t *testing.T) {
	tests := []struct {
		err  ddb.VersionConflictError
		want string
	}{
		{ddb.VersionConflictError{Op: "DeleteItem", Table: "counters", Action: -1, Expected: 3},
			"ddb: DeleteItem counters: version conflict: the item does not have version 3 (it changed, or does not exist)"},
		{ddb.VersionConflictError{Op: "PutItem", Table: "counters", Action: -1},
			"ddb: PutItem counters: version conflict: the item exists, but was expected to be new"},
		{ddb.VersionConflictError{Op: "TransactWriteItems", Table: "counters", Action: 1, Expected: 2},
			"ddb: TransactWriteItems: action 1 on counters: version conflict: the item does not have version 2 (it changed, or does not exist)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %s, want %s", got, tt.want)
		}
	}
}
