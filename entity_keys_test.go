package ddb_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// person has an index sort key of two strings, which may hold its
// separator.
type person struct {
	_     struct{} `ddbkey:"pk=PERSON#{id}"`
	_     struct{} `ddbkey:"sk=PROFILE"`
	_     struct{} `ddbkey:"gsi1pk=CITY#{city}"`
	_     struct{} `ddbkey:"gsi1sk={last}#{first}"`
	ID    string   `ddb:"id"`
	City  string   `ddb:"city"`
	Last  string   `ddb:"last"`
	First string   `ddb:"first"`
	Age   int      `ddb:"age"`
}

// regionOrder has a sort key whose string field is followed by a padded
// number.
type regionOrder struct {
	_      struct{} `ddbkey:"pk=SHOP#{shop}"`
	_      struct{} `ddbkey:"sk=ORDER#{region}#{number:08}"`
	_      struct{} `ddbkey:"gsi1pk=ORDERS"`
	_      struct{} `ddbkey:"gsi1sk={number:08}"`
	Shop   string   `ddb:"shop"`
	Region string   `ddb:"region"`
	Number int      `ddb:"number"`
}

// TestEntityFieldsFromKeys reads items whose fields are parsed back from
// their keys (a keys-only index, a projection): a field whose text holds
// the literal after it is read back when the key splits one way only, and
// left unfilled when it splits several ways, never filled wrongly; either
// way the item is the entity's.
func TestEntityFieldsFromKeys(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			app := newTable[appKeys](t, b.DB(), "keys", ddb.WithIndex("gsi1", ddb.ProjectKeysOnly()))
			people, err := ddb.NewEntity[person](app, "Person")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []person{
				{ID: "1", City: "Paris", Last: "Dupont", First: "Jo", Age: 30},
				{ID: "2", City: "Paris", Last: "Smith#Jones", First: "Al", Age: 40}, // an index key that splits two ways is written
				{ID: "3", City: "Paris", Last: "", First: "Bo", Age: 50},
			} {
				if err := people.Put(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			got, err := people.Query(ctx, ddb.Partition("Paris"), ddb.OnIndex("gsi1")).Collect(10)
			want := []person{
				{ID: "3", City: "Paris", First: "Bo"}, // "#Bo"
				{ID: "1", City: "Paris", Last: "Dupont", First: "Jo"},
				{ID: "2", City: "Paris"}, // "Smith#Jones#Al" splits two ways
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(person{})); err != nil || diff != "" {
				t.Errorf("people on the keys-only index (-want +got):\n%s%v", diff, err)
			}
			p, err := people.Get(ctx, ddb.Key("2"), ddb.Project("age"))
			if diff := cmp.Diff(person{ID: "2", City: "Paris", Age: 40}, p, cmp.AllowUnexported(person{})); err != nil || diff != "" {
				t.Errorf("Get projecting the age (-want +got):\n%s%v", diff, err)
			}

			orders, err := ddb.NewEntity[regionOrder](app, "Order")
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range []regionOrder{{Shop: "s", Region: "us", Number: 1}, {Shop: "s", Region: "eu#west", Number: 2}} {
				if err := orders.Put(ctx, o); err != nil {
					t.Fatal(err)
				}
			}
			read, err := orders.Query(ctx, ddb.Partition(nil), ddb.OnIndex("gsi1"), ddb.ReportOtherTypes()).Collect(10)
			wantOrders := []regionOrder{{Shop: "s", Region: "us", Number: 1}, {Shop: "s", Region: "eu#west", Number: 2}}
			if diff := cmp.Diff(wantOrders, read, cmp.AllowUnexported(regionOrder{})); err != nil || diff != "" {
				t.Errorf("orders on the keys-only index (-want +got):\n%s%v", diff, err)
			}
		})
	}
}

// location has a partition key of two strings.
type location struct {
	_       struct{} `ddbkey:"pk=LOC#{country}#{city}"`
	_       struct{} `ddbkey:"sk=LOC"`
	Country string   `ddb:"country"`
	City    string   `ddb:"city"`
}

// counted has a sort key of a string and an unpadded number.
type counted struct {
	_    struct{} `ddbkey:"pk=C"`
	_    struct{} `ddbkey:"sk={name}#{n}"`
	Name string   `ddb:"name"`
	N    int      `ddb:"n"`
}

// TestEntityAmbiguousKeys writes keys that other field values build too:
// every write that creates or replaces an item refuses them (two
// locations would share one item), while reads and deletes of such a key
// still work. Keys that split one way are written.
func TestEntityAmbiguousKeys(t *testing.T) {
	ctx := t.Context()
	app := newTable[appKeys](t, testbackend.Engines(t)[0].DB(), "ambiguous")
	locs, err := ddb.NewEntity[location](app, "Loc")
	if err != nil {
		t.Fatal(err)
	}
	if err := locs.Put(ctx, location{Country: "a", City: "b"}); err != nil {
		t.Fatal(err)
	}
	refused := func(what string, err error) {
		t.Helper()
		var ve *ddb.ValidationError
		if !errors.As(err, &ve) || ve.Field != "country" || !strings.Contains(err.Error(), `"LOC#{country}#{city}"`) {
			t.Errorf("%s: %v, want a ValidationError about country naming the template", what, err)
		}
	}
	ambiguous := location{Country: "a#b", City: "c"}
	refused("Put", locs.Put(ctx, ambiguous))
	refused("Put of the other spelling", locs.Put(ctx, location{Country: "a", City: "b#c"}))
	refused("Save", locs.Save(ctx, &ambiguous))
	refused("Update", locs.Update(ctx, ddb.Key("a#b", "c"), ddb.Set("x", 1)))
	refused("batch put", locs.BatchWrite().Put(ambiguous).Run(ctx))
	refused("transaction put", ddb.WriteTx().Put(locs, ambiguous).Run(ctx))
	refused("transaction update", ddb.WriteTx().Update(locs, ddb.Key("a", "b#c"), ddb.Set("x", 1)).Run(ctx))
	if _, err := locs.Get(ctx, ddb.Key("a#b", "c")); !errors.Is(err, ddb.ErrNotFound) {
		t.Errorf("Get of an ambiguous key: %v, want ErrNotFound", err)
	}
	if err := locs.Delete(ctx, ddb.Key("a#b", "c")); err != nil {
		t.Errorf("Delete of an ambiguous key: %v", err)
	}

	counts, err := ddb.NewEntity[counted](app, "Counted")
	if err != nil {
		t.Fatal(err)
	}
	// "x#1#5" splits one way: "1#5" is no number.
	if err := counts.Put(ctx, counted{Name: "x#1", N: 5}); err != nil {
		t.Errorf("Put of a key that splits one way: %v", err)
	}
	if got, err := counts.Get(ctx, ddb.Key("x#1", 5)); err != nil || got.Name != "x#1" {
		t.Errorf("Get = %+v, %v", got, err)
	}
}

// keyOrder and keyLine share the prefix of their keys: a line's keys
// extend its order's.
type keyOrder struct {
	_        struct{} `ddbkey:"pk=ORDER#{id}"`
	_        struct{} `ddbkey:"sk=ORDER#{id}"`
	_        struct{} `ddbkey:"gsi1pk=CUSTOMER#{customer}"`
	_        struct{} `ddbkey:"gsi1sk=ORDER#{id}"`
	ID       string   `ddb:"id"`
	Customer string   `ddb:"customer"`
	Total    int      `ddb:"total"`
}

type keyLine struct {
	_        struct{} `ddbkey:"pk=ORDER#{order}"`
	_        struct{} `ddbkey:"sk=ORDER#{order}#LINE#{line}"`
	_        struct{} `ddbkey:"gsi1pk=CUSTOMER#{customer}"`
	_        struct{} `ddbkey:"gsi1sk=ORDER#{order}#LINE#{line}"`
	Order    string   `ddb:"order"`
	Line     int      `ddb:"line"`
	Customer string   `ddb:"customer"`
	SKU      string   `ddb:"sku"`
}

// TestEntityTypesByKeys reads orders and their lines from indexes that do
// not project the type attribute, so that items are told apart by their
// keys: a line's pk reads as an order's id, its sk as another id, and
// keys whose fields disagree are not the entity's.
func TestEntityTypesByKeys(t *testing.T) {
	for _, b := range testbackend.All(t) {
		for name, projection := range map[string]ddb.IndexOption{"include": ddb.ProjectInclude("total", "sku"), "keys": ddb.ProjectKeysOnly()} {
			t.Run(b.Name+"/"+name, func(t *testing.T) {
				ctx := t.Context()
				app := newTable[appKeys](t, b.DB(), "bykeys", ddb.WithIndex("gsi1", projection))
				orders, err := ddb.NewEntity[keyOrder](app, "Order")
				if err != nil {
					t.Fatal(err)
				}
				lines, err := ddb.NewEntity[keyLine](app, "Line")
				if err != nil {
					t.Fatal(err)
				}
				err = ddb.WriteTx().
					Put(orders, keyOrder{ID: "01HZX", Customer: "ann", Total: 30}).
					Put(lines, keyLine{Order: "01HZX", Line: 1, Customer: "ann", SKU: "tea"}).
					Put(lines, keyLine{Order: "01HZX", Line: 2, Customer: "ann", SKU: "jam"}).
					Run(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got, err := orders.Query(ctx, ddb.Partition("ann"), ddb.OnIndex("gsi1")).Collect(10)
				if err != nil || len(got) != 1 || got[0].ID != "01HZX" {
					t.Errorf("orders on gsi1 = %+v, %v; want order 01HZX only", got, err)
				}
				res, err := ddb.Collection(orders, lines).Query(ctx, ddb.Partition("ann"), ddb.OnIndex("gsi1"))
				if err != nil {
					t.Fatal(err)
				}
				if got := ddb.Items(res, orders); len(got) != 1 {
					t.Errorf("collection's orders = %+v, want 1", got)
				}
				if got := ddb.Items(res, lines); len(got) != 2 || got[0].Line != 1 || got[1].Line != 2 {
					t.Errorf("collection's lines = %+v, want lines 1 and 2", got)
				}
			})
		}
	}
}

// TestEntityUpdateIndexKeyUnknown checks the error of an update that
// changes a field of an index key with an action whose result the library
// cannot know, so cannot rebuild the key: it names that field and action,
// not fields left unset.
func TestEntityUpdateIndexKeyUnknown(t *testing.T) {
	app := newTable[appKeys](t, testbackend.All(t)[0].DB(), "unknown")
	people, err := ddb.NewEntity[person](app, "Person")
	if err != nil {
		t.Fatal(err)
	}
	err = people.Update(t.Context(), ddb.Key("1"), ddb.SetIfNotExists("last", "x").Set("first", "y"))
	if want := "changes field last of index key gsi1sk"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Update: %v, want an error containing %q", err, want)
	}
}
