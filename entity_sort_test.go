package ddb_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// dayEvent has a sort key of two padded numbers, and an index sort key of a
// string and an unpadded number.
type dayEvent struct {
	_     struct{} `ddbkey:"pk=USER#{user}"`
	_     struct{} `ddbkey:"sk=EV#{month:02}#{day:02}"`
	_     struct{} `ddbkey:"gsi1pk=TAGS#{user}"`
	_     struct{} `ddbkey:"gsi1sk={tag}#{seq}"`
	User  string   `ddb:"user"`
	Month int      `ddb:"month"`
	Day   int      `ddb:"day"`
	Tag   string   `ddb:"tag"`
	Seq   int      `ddb:"seq"`
}

// TestEntityPartialSortKey compares templated sort keys with keys that
// give their first fields only, which select by those fields, and with
// whole keys, compared exactly.
func TestEntityPartialSortKey(t *testing.T) {
	// In index order: a#1, b#1, b#10, b#2, ba#1, c#1.
	events := []dayEvent{
		{Month: 1, Day: 1, Tag: "a", Seq: 1},
		{Month: 1, Day: 2, Tag: "b", Seq: 1},
		{Month: 2, Day: 1, Tag: "b", Seq: 2},
		{Month: 2, Day: 2, Tag: "b", Seq: 10},
		{Month: 3, Day: 1, Tag: "ba", Seq: 1},
		{Month: 3, Day: 2, Tag: "c", Seq: 1},
	}
	u := ddb.Partition("u")
	table := []struct {
		name string
		key  ddb.KeyCondition
		want string // the events read, by month/day
	}{
		{"equal month", u.SortEqual(ddb.Key(2)), "2/1 2/2"},
		{"equal month alone", u.SortEqual(2), "2/1 2/2"},
		{"equal day", u.SortEqual(ddb.Key(2, 1)), "2/1"},
		{"equal no field", u.SortEqual(nil), "1/1 1/2 2/1 2/2 3/1 3/2"},
		{"greater than month", u.SortGreaterThan(ddb.Key(2)), "3/1 3/2"},
		{"greater than month below", u.SortGreaterThan(ddb.Key(1)), "2/1 2/2 3/1 3/2"},
		{"greater than day", u.SortGreaterThan(ddb.Key(2, 1)), "2/2 3/1 3/2"},
		{"greater than no field", u.SortGreaterThan(nil), ""},
		{"at least month", u.SortGreaterOrEqual(ddb.Key(2)), "2/1 2/2 3/1 3/2"},
		{"at least day", u.SortGreaterOrEqual(ddb.Key(2, 2)), "2/2 3/1 3/2"},
		{"less than month", u.SortLessThan(ddb.Key(2)), "1/1 1/2"},
		{"less than month above", u.SortLessThan(ddb.Key(3)), "1/1 1/2 2/1 2/2"},
		{"less than day", u.SortLessThan(ddb.Key(2, 2)), "1/1 1/2 2/1"},
		{"at most month", u.SortLessOrEqual(ddb.Key(2)), "1/1 1/2 2/1 2/2"},
		{"at most day", u.SortLessOrEqual(ddb.Key(2, 1)), "1/1 1/2 2/1"},
		{"at most no field", u.SortLessOrEqual(nil), "1/1 1/2 2/1 2/2 3/1 3/2"},
		{"between months", u.SortBetween(ddb.Key(1), ddb.Key(2)), "1/1 1/2 2/1 2/2"},
		{"between one month", u.SortBetween(ddb.Key(2), ddb.Key(2)), "2/1 2/2"},
		{"between day and month", u.SortBetween(ddb.Key(1, 2), ddb.Key(2)), "1/2 2/1 2/2"},
		{"between month and day", u.SortBetween(ddb.Key(2), ddb.Key(3, 1)), "2/1 2/2 3/1"},
		{"between days", u.SortBetween(ddb.Key(1, 2), ddb.Key(3, 1)), "1/2 2/1 2/2 3/1"},
		{"begins with month", u.SortBeginsWith(ddb.Key(2)), "2/1 2/2"},
	}
	byTag := []struct {
		name string
		key  ddb.KeyCondition
		want string
	}{
		{"equal tag", u.SortEqual(ddb.Key("b")), "1/2 2/2 2/1"},
		{"equal tag alone", u.SortEqual("b"), "1/2 2/2 2/1"},
		{"equal seq", u.SortEqual(ddb.Key("b", 1)), "1/2"},
		{"greater than tag", u.SortGreaterThan(ddb.Key("b")), "3/1 3/2"},
		{"greater than seq", u.SortGreaterThan(ddb.Key("b", 10)), "2/1 3/1 3/2"},
		{"at least tag", u.SortGreaterOrEqual(ddb.Key("b")), "1/2 2/2 2/1 3/1 3/2"},
		{"at least tag above", u.SortGreaterOrEqual(ddb.Key("ba")), "3/1 3/2"},
		{"less than tag", u.SortLessThan(ddb.Key("b")), "1/1"},
		{"less than tag above", u.SortLessThan(ddb.Key("ba")), "1/1 1/2 2/2 2/1"},
		{"at most tag", u.SortLessOrEqual(ddb.Key("b")), "1/1 1/2 2/2 2/1"},
		{"at most seq", u.SortLessOrEqual(ddb.Key("b", 10)), "1/1 1/2 2/2"},
		{"between tags", u.SortBetween(ddb.Key("a"), ddb.Key("b")), "1/1 1/2 2/2 2/1"},
		{"between tag and next", u.SortBetween(ddb.Key("b"), ddb.Key("ba")), "1/2 2/2 2/1 3/1"},
		{"between seq and tag", u.SortBetween(ddb.Key("b", 10), ddb.Key("ba")), "2/2 2/1 3/1"},
		// A prefix: the last value given may begin its field's text.
		{"begins with tag", u.SortBeginsWith(ddb.Key("b")), "1/2 2/2 2/1 3/1"},
		{"begins with seq", u.SortBeginsWith(ddb.Key("b", 1)), "1/2 2/2"},
	}
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			app := newTable[appKeys](t, b.DB(), "sort")
			evs, err := ddb.NewEntity[dayEvent](app, "Event")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				e.User = "u"
				if err := evs.Put(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			read := func(res *ddb.Results[dayEvent]) string {
				got := ""
				for e, err := range res.All() {
					if err != nil {
						return err.Error()
					}
					got += fmt.Sprintf(" %d/%d", e.Month, e.Day)
				}
				if got == "" {
					return ""
				}
				return got[1:]
			}
			for _, tt := range table {
				if got := read(evs.Query(ctx, tt.key)); got != tt.want {
					t.Errorf("%s: read %q, want %q", tt.name, got, tt.want)
				}
			}
			for _, tt := range byTag {
				if got := read(evs.Query(ctx, tt.key, ddb.OnIndex("gsi1"))); got != tt.want {
					t.Errorf("%s on the index: read %q, want %q", tt.name, got, tt.want)
				}
			}
			res, err := ddb.Collection(evs).Query(ctx, u.SortEqual(ddb.Key(2)))
			if got := ddb.Items(res, evs); err != nil || !cmp.Equal(got, events[2:4], cmp.AllowUnexported(dayEvent{}), cmp.Comparer(func(a, b dayEvent) bool { return a.Month == b.Month && a.Day == b.Day })) {
				t.Errorf("collection of month 2: %+v, %v", got, err)
			}
		})
	}
}

// orgMember has a partition key template of two fields.
type orgMember struct {
	_    struct{} `ddbkey:"pk=ORG#{org}#USER#{user}"`
	_    struct{} `ddbkey:"sk=MEMBER"`
	Org  string   `ddb:"org"`
	User string   `ddb:"user"`
}

// TestEntityPartialPartitionRefused checks that a Query whose partition
// value gives only the first fields of the partition key's template is
// refused: no partition key equals a prefix, and it read nothing before.
func TestEntityPartialPartitionRefused(t *testing.T) {
	ctx := t.Context()
	app := newTable[appKeys](t, testbackend.All(t)[0].DB(), "partial")
	members, err := ddb.NewEntity[orgMember](app, "Member")
	if err != nil {
		t.Fatal(err)
	}
	if err := members.Put(ctx, orgMember{Org: "acme", User: "ann"}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []ddb.KeyCondition{ddb.Partition("acme"), ddb.Partition(ddb.Key("acme")), ddb.Partition(nil)} {
		if n, err := members.Query(ctx, key).Count(); err == nil || !strings.Contains(err.Error(), "a Query reads a whole partition") {
			t.Errorf("Query of %v: %d items, error %v; want the partial partition refused", key, n, err)
		}
	}
	if got, err := members.Query(ctx, ddb.Partition(ddb.Key("acme", "ann"))).Count(); err != nil || got != 1 {
		t.Errorf("Query of the whole partition: %d items, %v; want 1", got, err)
	}
}

// TestEntitySortValueOfWrongType checks that a sort condition refuses a
// string for a number field, as Get does: pasted into the key as text
// ("EV#1" for {month:02}), it matched nothing, or the wrong items.
func TestEntitySortValueOfWrongType(t *testing.T) {
	ctx := t.Context()
	app := newTable[appKeys](t, testbackend.All(t)[0].DB(), "sorttype")
	events, err := ddb.NewEntity[dayEvent](app, "Event")
	if err != nil {
		t.Fatal(err)
	}
	const want = "field month holds values of type N, got S"
	if _, err := events.Get(ctx, ddb.Key("ann", "1", 2)); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Get: %v, want an error containing %q", err, want)
	}
	for _, key := range []ddb.KeyCondition{
		ddb.Partition("ann").SortEqual("1"),
		ddb.Partition("ann").SortEqual(ddb.Key("1", 2)),
		ddb.Partition("ann").SortBetween("a", "b"),
		ddb.Partition("ann").SortGreaterThan("1"),
		ddb.Partition("ann").SortBeginsWith("0"),
	} {
		if _, err := events.Query(ctx, key).Collect(10); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Query of %v: %v, want an error containing %q", key, err, want)
		}
	}
}
