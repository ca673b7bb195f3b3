package ddb_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// Session has times stored as numbers: a range key in milliseconds, an
// expiry in seconds (the table's time to live), a list and a set of times,
// and a nested struct with its own tagged time.
type Session struct {
	User    string      `ddb:"user,hash"`
	Started time.Time   `ddb:"started,range,unixmilli"`
	Expires time.Time   `ddb:"expires_at,unixtime"`
	Seen    []time.Time `ddb:"seen,unixtime,omitempty"`
	Marks   []time.Time `ddb:"marks,set,unixmilli,omitempty"`
	Info    SessionInfo `ddb:"info"`
}

// SessionInfo is a nested document of Session.
type SessionInfo struct {
	Renewed time.Time `ddb:"renewed,unixtime"`
	Tags    []string  `ddb:"tags,set,omitempty"`
}

// TestValuesEncodedAsTheirFields checks that a value given for a declared
// field, in a key, a key condition, a condition, a filter or an update, is
// encoded as the field is in items: times tagged unixtime or unixmilli are
// numbers everywhere.
func TestValuesEncodedAsTheirFields(t *testing.T) {
	forEachTable(t, "sessions", func(t *testing.T, sessions *ddb.Table[Session]) {
		ctx := t.Context()
		start := time.Date(2099, 5, 1, 12, 0, 0, 250_000_000, time.UTC) // expiring after the test: DynamoDB Local deletes expired items
		expires := start.Add(time.Hour).Truncate(time.Second)
		s := Session{User: "u", Started: start, Expires: expires, Info: SessionInfo{Renewed: start.Truncate(time.Second)}}
		if err := sessions.Put(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := sessions.Get(ctx, ddb.Key("u", start), ddb.Consistent())
		if err != nil {
			t.Fatalf("Get by a unixmilli range key given as a time: %v", err)
		}
		if !got.Started.Equal(start) || !got.Expires.Equal(expires) {
			t.Errorf("Get = %+v", got)
		}
		for name, q := range map[string]*ddb.Results[Session]{
			"sort key condition": sessions.Query(ctx, ddb.Partition("u").SortBetween(start.Add(-time.Millisecond), start)),
			"filter on a time":   sessions.Query(ctx, ddb.Partition("u"), ddb.Filter(ddb.Attr("expires_at").GreaterThan(start))),
			"filter in a nested struct": sessions.Scan(ctx, ddb.Filter(
				ddb.Attr("info.renewed").Equal(s.Info.Renewed).And(ddb.Attr("expires_at").In(expires, start)))),
		} {
			if n, err := q.Count(); n != 1 || err != nil {
				t.Errorf("%s: Count = %d, %v; want 1", name, n, err)
			}
		}

		later, seen, mark := expires.Add(time.Hour), start.Add(time.Minute).Truncate(time.Second), start.Add(2*time.Minute)
		var updated Session
		err = sessions.Update(ctx, ddb.Key("u", start),
			ddb.Set("expires_at", later).Append("seen", seen).AddToSet("marks", mark).
				Set("info.renewed", later).AddToSet("info.tags", "renewed"),
			ddb.If(ddb.Attr("expires_at").Equal(expires).And(ddb.Attr("started").LessOrEqual(start))),
			ddb.ReturnNew(&updated))
		if err != nil {
			t.Fatal(err)
		}
		want := Session{User: "u", Started: start, Expires: later, Seen: []time.Time{seen}, Marks: []time.Time{mark},
			Info: SessionInfo{Renewed: later, Tags: []string{"renewed"}}}
		if diff := cmp.Diff(want, updated); diff != "" {
			t.Errorf("ReturnNew (-want +got):\n%s", diff)
		}
		raw, err := ddb.TableWithSchema[ddb.Item](sessions.DB(), sessions.Schema()).Get(ctx, ddb.Key("u", start), ddb.Consistent())
		if err != nil {
			t.Fatal(err)
		}
		info := raw["info"].(*types.AttributeValueMemberM).Value
		for name, v := range map[string]types.AttributeValue{"expires_at": raw["expires_at"], "seen": raw["seen"], "marks": raw["marks"], "info.renewed": info["renewed"]} {
			if got := ddb.AttrType(dynamo.TypeOf(v)); got != map[string]ddb.AttrType{"seen": ddb.TypeList, "marks": ddb.TypeNumberSet}[name] && got != ddb.TypeNumber {
				t.Errorf("%s stored as %s", name, got)
			}
		}
		for name, cond := range map[string]ddb.Condition{
			"list contains": ddb.Attr("seen").Contains(seen),
			"set contains":  ddb.Attr("marks").Contains(mark),
			"list element":  ddb.Attr("seen[0]").Equal(seen),
		} {
			if n, err := sessions.Query(ctx, ddb.Partition("u"), ddb.Filter(cond)).Count(); n != 1 || err != nil {
				t.Errorf("%s: Count = %d, %v; want 1", name, n, err)
			}
		}
		if err := sessions.Delete(ctx, ddb.Key("u", start), ddb.IfExists()); err != nil {
			t.Errorf("Delete by a time key: %v", err)
		}
	}, ddb.WithTTL("expires_at"))
}

// Event has a time.Time range key stored as text.
type Event struct {
	Stream string    `ddb:"stream,hash"`
	At     time.Time `ddb:"at,range"`
}

// TestTimeRangeKeyOrder checks that a query returns time.Time range keys in
// time order, whatever the zone and fraction of the times written.
func TestTimeRangeKeyOrder(t *testing.T) {
	forEachTable(t, "events", func(t *testing.T, events *ddb.Table[Event]) {
		ctx := t.Context()
		est := time.FixedZone("EST", -5*3600)
		written := []time.Time{
			time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
			time.Date(2024, 5, 1, 12, 0, 0, 100_000_000, time.UTC),
			time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC),
			time.Date(2024, 5, 1, 9, 0, 0, 0, est), // 14:00Z
		}
		for _, at := range written {
			if err := events.Put(ctx, Event{"s", at}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := events.Query(ctx, ddb.Partition("s"), ddb.Descending()).Collect(10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(written) {
			t.Fatalf("Query returned %d items, want %d", len(got), len(written))
		}
		for i, e := range got {
			if want := written[len(written)-1-i]; !e.At.Equal(want) {
				t.Errorf("item %d: %v, want %v", i, e.At, want)
			}
		}
		n, err := events.Query(ctx, ddb.Partition("s").SortGreaterThan(time.Date(2024, 5, 1, 7, 30, 0, 0, est))).Count()
		if n != 2 || err != nil {
			t.Errorf("Count after 12:30Z = %d, %v; want 2", n, err)
		}
	})
}

// LegacyEvent has times stored as aws-sdk-go-v2's attributevalue and
// guregu/dynamo write them: time.RFC3339Nano in the time's own zone.
type LegacyEvent struct {
	Stream string    `ddb:"stream,hash"`
	At     time.Time `ddb:"at,range,rfc3339nano"`
	Seen   time.Time `ddb:"seen,rfc3339nano,omitempty"`
}

// TestRFC3339NanoTimes checks that times tagged rfc3339nano are written as
// time.RFC3339Nano formats them, and that items written so by other
// libraries are found by their time keys, key conditions, conditions,
// filters and updates.
func TestRFC3339NanoTimes(t *testing.T) {
	forEachTable(t, "legacy", func(t *testing.T, events *ddb.Table[LegacyEvent]) {
		ctx := t.Context()
		raw := ddb.TableWithSchema[ddb.Item](events.DB(), events.Schema())
		at := time.Date(2024, 1, 1, 0, 0, 1, 0, time.UTC)
		seen := time.Date(2024, 1, 1, 9, 0, 0, 500_000_000, time.FixedZone("", 9*3600))
		err := raw.Put(ctx, ddb.Item{"stream": &types.AttributeValueMemberS{Value: "s"},
			"at": &types.AttributeValueMemberS{Value: "2024-01-01T00:00:01Z"}, "seen": &types.AttributeValueMemberS{Value: "2024-01-01T09:00:00.5+09:00"}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := events.Get(ctx, ddb.Key("s", at), ddb.Consistent())
		if err != nil || !got.At.Equal(at) || !got.Seen.Equal(seen) {
			t.Fatalf("Get by a time key: %+v, %v", got, err)
		}
		for name, q := range map[string]*ddb.Results[LegacyEvent]{
			"sort key condition": events.Query(ctx, ddb.Partition("s").SortEqual(at)),
			"filter":             events.Query(ctx, ddb.Partition("s"), ddb.Filter(ddb.Attr("seen").Equal(seen))),
		} {
			if n, err := q.Count(); n != 1 || err != nil {
				t.Errorf("%s: Count = %d, %v; want 1", name, n, err)
			}
		}
		later := at.Add(1500 * time.Millisecond)
		if err := events.Update(ctx, ddb.Key("s", at), ddb.Set("seen", later), ddb.If(ddb.Attr("seen").Equal(seen))); err != nil {
			t.Fatal(err)
		}
		if err := events.Put(ctx, LegacyEvent{Stream: "s", At: seen}); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[time.Time]ddb.Item{
			at:   {"at": &types.AttributeValueMemberS{Value: "2024-01-01T00:00:01Z"}, "seen": &types.AttributeValueMemberS{Value: "2024-01-01T00:00:02.5Z"}},
			seen: {"at": &types.AttributeValueMemberS{Value: "2024-01-01T09:00:00.5+09:00"}},
		} {
			item, err := raw.Get(ctx, ddb.Key("s", key), ddb.Consistent(), ddb.Project("at", "seen"))
			if diff := cmp.Diff(want, item, cmp.Exporter(func(reflect.Type) bool { return true })); err != nil || diff != "" {
				t.Errorf("item at %v (-want +got):\n%s%v", key, diff, err)
			}
			if err := events.Delete(ctx, ddb.Key("s", key), ddb.IfExists()); err != nil {
				t.Errorf("Delete by a time key: %v", err)
			}
		}
	})
}
