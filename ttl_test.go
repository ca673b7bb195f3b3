package ddb_test

import (
	"bytes"
	"errors"
	"log/slog"
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

// Visit is the model of the time-to-live tests and examples: its ttl
// field is the table's time-to-live attribute.
type Visit struct {
	User    string    `ddb:"user,hash"`
	ID      int       `ddb:"id,range"`
	Note    string    `ddb:"note,omitempty"`
	Expires time.Time `ddb:"expires,ttl"`
}

func TestTTLDeclaration(t *testing.T) {
	s, err := ddb.SchemaFor[Visit]("sessions")
	if err != nil || s.TTL() != "expires" {
		t.Fatalf("TTL of the schema: %q, %v", s.TTL(), err)
	}
	if _, err := ddb.SchemaFor[Visit]("sessions", ddb.WithTTL("expires")); err != nil {
		t.Errorf("WithTTL naming the ttl field: %v", err)
	}
	item, err := ddb.Marshal(Visit{User: "ann", ID: 1, Expires: time.Unix(1714572000, 0)})
	if n, ok := item["expires"].(*types.AttributeValueMemberN); err != nil || !ok || n.Value != "1714572000" {
		t.Errorf("encoded expiry: %#v, %v", item["expires"], err)
	}
	if item, _ := ddb.Marshal(Visit{User: "ann", ID: 1}); item["expires"] != nil {
		t.Errorf("a zero expiry is stored: %#v", item["expires"])
	}
}

// TestTTLZeroInAnyLocation checks that a zero expiry is not stored
// whatever its location, so that the item does not read as long expired.
func TestTTLZeroInAnyLocation(t *testing.T) {
	forEachTable(t, "sessions", func(t *testing.T, sessions *ddb.Table[Visit]) {
		ctx := t.Context()
		for i, zero := range []time.Time{time.Time{}.Local(), time.Time{}.In(time.FixedZone("", -3600))} {
			v := Visit{User: "ann", ID: i, Expires: zero}
			if item, err := ddb.Marshal(v); err != nil || item["expires"] != nil {
				t.Errorf("Marshal of a zero expiry in %v: %#v, %v", zero.Location(), item["expires"], err)
			}
			if err := sessions.Put(ctx, v); err != nil {
				t.Fatal(err)
			}
			if _, err := sessions.Get(ctx, ddb.Key("ann", i)); err != nil {
				t.Errorf("Get of an item with a zero expiry in %v: %v", zero.Location(), err)
			}
		}
	}, ddb.HideExpiredByDefault())
}

// TestStrictCreateAwaitsConcurrentCreator makes a table as a concurrent
// Create of the same declaration does, enabling its time to live a moment
// after the table: a strict Create that finds the table meanwhile waits
// for it instead of reporting a difference.
func TestStrictCreateAwaitsConcurrentCreator(t *testing.T) {
	for _, b := range testbackend.Engines(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			schema, err := ddb.SchemaFor[Visit]("visits")
			if err != nil {
				t.Fatal(err)
			}
			name := testbackend.CreateTable(t, b.API, schema.CreateTableInput())
			enabled := make(chan error, 1)
			go func() {
				time.Sleep(200 * time.Millisecond)
				_, err := b.API.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(name),
					TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("expires"), Enabled: aws.Bool(true)}})
				enabled <- err
			}()
			strict, err := ddb.NewTable[Visit](b.DB(), name, ddb.StrictSchema())
			if err != nil {
				t.Fatal(err)
			}
			if err := strict.Create(ctx); err != nil {
				t.Errorf("strict Create while another enables the time to live: %v", err)
			}
			if err := <-enabled; err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTTLCreate(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			sessions := newTable[Visit](t, b.DB(), "sessions")
			out, err := b.API.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(sessions.Name())})
			if err != nil {
				t.Fatal(err)
			}
			if d := out.TimeToLiveDescription; d.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != "expires" {
				t.Errorf("time to live after Create: %s on %q", d.TimeToLiveStatus, aws.ToString(d.AttributeName))
			}

			// A table made without time to live: Create reports the
			// difference, as a warning or, strictly, as an error.
			name := testbackend.CreateTable(t, b.API, sessions.Schema().CreateTableInput())
			var logs bytes.Buffer
			db := b.DB(ddb.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			existing, err := ddb.NewTable[Visit](db, name)
			if err != nil {
				t.Fatal(err)
			}
			if err := existing.Create(ctx); err != nil {
				t.Fatal(err)
			}
			if want := "time to live: declared expires, actual none"; !strings.Contains(logs.String(), want) {
				t.Errorf("Create logged %q, want %q", logs.String(), want)
			}
			strict, err := ddb.NewTable[Visit](db, name, ddb.StrictSchema())
			if err != nil {
				t.Fatal(err)
			}
			var drift *ddb.SchemaDriftError
			if err := strict.Create(ctx); !errors.As(err, &drift) || len(drift.Differences) != 1 || drift.Differences[0].Kind != ddb.DiffTTL {
				t.Errorf("strict Create of a table without time to live: %v", err)
			}
		})
	}
}

func TestHideExpired(t *testing.T) {
	// The items expire in the future of the backends' own clocks (which
	// would delete them), and in the past of the DB's.
	real := time.Now().Truncate(time.Second)
	now := real.Add(2 * time.Hour)
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			db := b.DB(ddb.WithClock(func() time.Time { return now }))
			sessions := newTable[Visit](t, db, "sessions")
			live := []Visit{
				{User: "ann", ID: 1, Expires: now.Add(time.Hour)},
				{User: "ann", ID: 3},
				{User: "ann", ID: 5, Expires: now.Add(time.Second)},
			}
			dead := []Visit{
				{User: "ann", ID: 2, Expires: real.Add(time.Hour)},
				{User: "ann", ID: 4, Expires: now},
			}
			w := sessions.BatchWrite().Put(live...).Put(dead...)
			if err := w.Run(ctx); err != nil {
				t.Fatal(err)
			}
			ids := func(items []Visit) []int {
				var out []int
				for _, s := range items {
					out = append(out, s.ID)
				}
				return out
			}

			all, err := sessions.Query(ctx, ddb.Partition("ann")).Collect(10)
			if err != nil || len(all) != 5 {
				t.Fatalf("Query without HideExpired: %v, %v", ids(all), err)
			}
			got, err := sessions.Query(ctx, ddb.Partition("ann"), ddb.HideExpired()).Collect(10)
			if err != nil || !cmp.Equal(ids(got), []int{1, 3, 5}) {
				t.Errorf("Query with HideExpired: %v, %v", ids(got), err)
			}
			if n, err := sessions.Query(ctx, ddb.Partition("ann"), ddb.HideExpired()).Count(); err != nil || n != 3 {
				t.Errorf("Count with HideExpired: %d, %v", n, err)
			}
			page, err := sessions.Query(ctx, ddb.Partition("ann"), ddb.HideExpired(), ddb.PageSize(2)).Page("")
			if err != nil || !cmp.Equal(ids(page.Items), []int{1}) || page.Scanned != 2 || page.Next == "" {
				t.Errorf("first page of 2 with HideExpired: %v scanned %d, next %q, %v", ids(page.Items), page.Scanned, page.Next, err)
			}
			got, err = sessions.Scan(ctx, ddb.HideExpired(), ddb.Filter(ddb.Attr("id").GreaterThan(1))).Collect(10)
			if err != nil || !cmp.Equal(ids(got), []int{3, 5}) {
				t.Errorf("Scan with HideExpired and a filter: %v, %v", ids(got), err)
			}

			for _, s := range dead {
				if _, err := sessions.Get(ctx, ddb.Key("ann", s.ID), ddb.HideExpired()); !errors.Is(err, ddb.ErrNotFound) {
					t.Errorf("Get of expired item %d with HideExpired: %v", s.ID, err)
				}
				if _, err := sessions.Get(ctx, ddb.Key("ann", s.ID), ddb.HideExpired(), ddb.Project("id")); !errors.Is(err, ddb.ErrNotFound) {
					t.Errorf("projected Get of expired item %d with HideExpired: %v", s.ID, err)
				}
				if _, err := sessions.Get(ctx, ddb.Key("ann", s.ID)); err != nil {
					t.Errorf("Get of expired item %d: %v", s.ID, err)
				}
			}
			if s, err := sessions.Get(ctx, ddb.Key("ann", 1), ddb.HideExpired(), ddb.Project("id")); err != nil || s != (Visit{ID: 1}) {
				t.Errorf("projected Get of a live item: %+v, %v", s, err)
			}
			var keys []ddb.ItemKey
			for id := 1; id <= 5; id++ {
				keys = append(keys, ddb.Key("ann", id))
			}
			found, err := sessions.BatchGet(ctx, keys, ddb.HideExpired())
			if err != nil || len(found) != 3 {
				t.Errorf("BatchGet with HideExpired: %v, %v", ids(found), err)
			}
			var one, two *Visit
			if err := ddb.GetTx().Get(sessions, keys[0], &one, ddb.HideExpired()).Get(sessions, keys[1], &two, ddb.HideExpired()).Run(ctx); err != nil || one == nil || two != nil {
				t.Errorf("GetTx with HideExpired: %+v %+v, %v", one, two, err)
			}

			// Hiding by default, showing on request.
			hiding, err := ddb.NewTable[Visit](db, sessions.Name(), ddb.HideExpiredByDefault())
			if err != nil {
				t.Fatal(err)
			}
			if n, err := hiding.Scan(ctx).Count(); err != nil || n != 3 {
				t.Errorf("Count of a table hiding expired items: %d, %v", n, err)
			}
			if n, err := hiding.Scan(ctx, ddb.ShowExpired()).Count(); err != nil || n != 5 {
				t.Errorf("Count with ShowExpired: %d, %v", n, err)
			}
			if _, err := hiding.Get(ctx, ddb.Key("ann", 2)); !errors.Is(err, ddb.ErrNotFound) {
				t.Errorf("Get of an expired item of a table hiding them: %v", err)
			}
		})
	}
}

// Lease is the model of the time-to-live tests on indexes: by_state
// projects only the keys, by_owner the expiry time too, and by_due has it
// as its sort key.
type Lease struct {
	ID      string    `ddb:"id,hash"`
	State   string    `ddb:"state,gsi=by_state,gsi=by_due"`
	Owner   string    `ddb:"owner,gsi=by_owner"`
	Expires time.Time `ddb:"expires,ttl,gsi=by_due:range"`
}

// TestHideExpiredOnIndexes checks that hiding expired items filters the
// reads of an index that holds the time-to-live attribute, and leaves
// unfiltered those DynamoDB cannot filter on it: of an index that does not
// project it, and a Query of an index whose key it is.
func TestHideExpiredOnIndexes(t *testing.T) {
	real := time.Now().Truncate(time.Second)
	now := real.Add(2 * time.Hour)
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			db := b.DB(ddb.WithClock(func() time.Time { return now }))
			leases := newTable[Lease](t, db, "leases", ddb.HideExpiredByDefault(),
				ddb.WithIndex("by_state", ddb.ProjectKeysOnly()),
				ddb.WithIndex("by_owner", ddb.ProjectInclude("expires")),
				ddb.WithIndex("by_due", ddb.ProjectKeysOnly()))
			live := Lease{ID: "live", State: "held", Owner: "ann", Expires: now.Add(time.Hour)}
			dead := Lease{ID: "dead", State: "held", Owner: "ann", Expires: real.Add(time.Hour)}
			if err := leases.BatchWrite().Put(live, dead).Run(ctx); err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct {
				index, partition string
				query, scan      int
			}{{"by_state", "held", 2, 2}, {"by_owner", "ann", 1, 1}, {"by_due", "held", 2, 1}} {
				got, err := leases.Query(ctx, ddb.Partition(tt.partition), ddb.OnIndex(tt.index)).Collect(10)
				if err != nil || len(got) != tt.query {
					t.Errorf("Query of %s: %d items, %v; want %d", tt.index, len(got), err, tt.query)
				}
				n, err := leases.Scan(ctx, ddb.OnIndex(tt.index), ddb.HideExpired()).Count()
				if err != nil || n != tt.scan {
					t.Errorf("Count of a Scan of %s: %d, %v; want %d", tt.index, n, err, tt.scan)
				}
			}
			due, err := leases.Query(ctx, ddb.Partition("held").SortGreaterThan(now), ddb.OnIndex("by_due")).Collect(10)
			if err != nil || len(due) != 1 || due[0].ID != "live" {
				t.Errorf("Query of by_due after now: %+v, %v", due, err)
			}
		})
	}
}

func TestHideExpiredNeedsTTL(t *testing.T) {
	docs, err := ddb.NewTable[Doc](ddb.New(nil), "docs")
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	want := "ddb: GetItem docs: HideExpired needs the table's time-to-live attribute: tag a field ttl, or declare it WithTTL"
	if _, err := docs.Get(ctx, ddb.Key("a", "b"), ddb.HideExpired()); err == nil || err.Error() != want {
		t.Errorf("Get: %v", err)
	}
	if _, err := docs.Query(ctx, ddb.Partition("a"), ddb.HideExpired()).Collect(1); !errors.Is(err, ddb.ErrValidation) {
		t.Errorf("Query: %v", err)
	}
	if _, err := docs.Get(ctx, ddb.Key("a", "b"), ddb.ShowExpired(), ddb.ConsumedCapacity(nil)); !errors.Is(err, ddb.ErrValidation) || strings.Contains(err.Error(), "HideExpired") {
		t.Errorf("ShowExpired on a table without time to live: %v", err)
	}
}

// TestHideExpiredIgnoresAncientExpiry checks that HideExpired keeps the
// items whose expiry is more than five years past, which DynamoDB never
// deletes: 0, which many applications store for "never", and the zero
// time in Unix seconds.
func TestHideExpiredIgnoresAncientExpiry(t *testing.T) {
	real := time.Now().Truncate(time.Second)
	now := real.Add(2 * time.Hour)
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			testAncientExpiry(t, newTable[Visit](t, b.DB(ddb.WithClock(func() time.Time { return now })), "sessions", ddb.HideExpiredByDefault()), real, now)
		})
	}
}

func testAncientExpiry(t *testing.T, sessions *ddb.Table[Visit], real, now time.Time) {
	ctx := t.Context()
	raw := ddb.TableWithSchema[ddb.Item](sessions.DB(), sessions.Schema())
	expiries := []int64{0, time.Time{}.Unix(), now.AddDate(-6, 0, 0).Unix(), real.Add(time.Hour).Unix()}
	for i, at := range expiries {
		err := raw.Put(ctx, ddb.Item{"user": &types.AttributeValueMemberS{Value: "ann"}, "id": &types.AttributeValueMemberN{Value: strconv.Itoa(i)},
			"expires": &types.AttributeValueMemberN{Value: strconv.FormatInt(at, 10)}})
		if err != nil {
			t.Fatal(err)
		}
	}
	want := []int{0, 1, 2} // the last one expired an hour before now
	for i := range expiries {
		_, err := sessions.Get(ctx, ddb.Key("ann", i))
		if hidden := errors.Is(err, ddb.ErrNotFound); hidden != (i == 3) {
			t.Errorf("Get of the item expiring at %d: %v", expiries[i], err)
		}
	}
	got, err := sessions.Query(ctx, ddb.Partition("ann")).Collect(10)
	if ids := visitIDs(got); err != nil || !cmp.Equal(ids, want) {
		t.Errorf("Query: %v, %v; want %v", ids, err, want)
	}
	got, err = sessions.Scan(ctx).Collect(10)
	if ids := visitIDs(got); err != nil || !cmp.Equal(ids, want) {
		t.Errorf("Scan: %v, %v; want %v", ids, err, want)
	}
}

// TestSetZeroExpiryRemovesIt checks that Update's Set of a zero time on
// the ttl field, and of an empty value on an omitempty field, removes the
// attribute, as Put leaves it out, instead of storing a time long past.
func TestSetZeroExpiryRemovesIt(t *testing.T) {
	forEachTable(t, "sessions", func(t *testing.T, sessions *ddb.Table[Visit]) {
		ctx := t.Context()
		if err := sessions.Put(ctx, Visit{User: "ann", ID: 1, Note: "hi", Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := sessions.Update(ctx, ddb.Key("ann", 1), ddb.Set("expires", time.Time{}).Set("note", "")); err != nil {
			t.Fatal(err)
		}
		item, err := ddb.TableWithSchema[ddb.Item](sessions.DB(), sessions.Schema()).Get(ctx, ddb.Key("ann", 1))
		if err != nil {
			t.Fatal(err)
		}
		if item["expires"] != nil || item["note"] != nil {
			t.Errorf("after Set of a zero expiry and an empty note: expires %#v, note %#v", item["expires"], item["note"])
		}
	}, ddb.HideExpiredByDefault())
}

func visitIDs(items []Visit) []int {
	var out []int
	for _, v := range items {
		out = append(out, v.ID)
	}
	return out
}
