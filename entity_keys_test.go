package ddb_test

import (
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
				{ID: "2", City: "Paris", Last: "Smith#Jones", First: "Al", Age: 40},
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
