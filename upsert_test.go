package ddb_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// profile is a versioned item type of some fields; other attributes of its
// items belong to other programs.
type profile struct {
	Tags    []string   `ddb:"tags,set"`
	Name    string     `ddb:"name"`
	Nick    *string    `ddb:"nick"`
	Age     *int       `ddb:"age"`
	Note    string     `ddb:"note,omitempty"`
	Org     string     `ddb:"org,range"`
	ID      string     `ddb:"id,hash"`
	Version int64      `ddb:"version,version"`
	Changed time.Time  `ddb:"changed,updated"`
	Made    time.Time  `ddb:"made,created"`
	Expires *time.Time `ddb:"exp,ttl"`
}

// Upsert writes a struct's fields into its item and keeps the attributes
// the struct does not declare; a field Put leaves out removes its
// attribute, unless SkipNil; the version is checked and counted as Put
// does, the timestamps set as Update sets them.
func TestUpsert(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			profiles := newTable[profile](t, b.DB(), "profiles")
			raw := ddb.TableWithSchema[ddb.Item](profiles.DB(), profiles.Schema())
			nick := "al"
			if err := profiles.Upsert(ctx, profile{ID: "1", Org: "o", Name: "Al", Nick: &nick, Note: "n", Tags: []string{"a"}}); err != nil {
				t.Fatal(err)
			}
			if err := raw.Update(ctx, ddb.Key("1", "o"), ddb.Set("other", "kept")); err != nil {
				t.Fatal(err)
			}
			stale := profile{ID: "1", Org: "o", Name: "Stale"}
			if err := profiles.Upsert(ctx, stale); !errors.Is(err, ddb.ErrVersionConflict) {
				t.Errorf("Upsert of version 0 over version 2: %v, want a version conflict", err)
			}
			got, err := profiles.Get(ctx, ddb.Key("1", "o"))
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 2 || got.Made.IsZero() || got.Changed.IsZero() || got.Name != "Al" {
				t.Fatalf("after the first Upsert and an Update: %+v", got)
			}
			made := got.Made
			age := 41
			if err := profiles.Upsert(ctx, profile{ID: "1", Org: "o", Version: 2, Name: "Alan", Age: &age}); err != nil {
				t.Fatal(err)
			}
			item, err := raw.Get(ctx, ddb.Key("1", "o"))
			if err != nil {
				t.Fatal(err)
			}
			for _, gone := range []string{"tags", "note", "exp"} {
				if _, ok := item[gone]; ok {
					t.Errorf("%s after an Upsert of an empty value: %v", gone, item[gone])
				}
			}
			if _, null := item["nick"].(*types.AttributeValueMemberNULL); !null {
				t.Errorf("nick after an Upsert of a nil pointer: %#v, want NULL as Put stores", item["nick"])
			}
			if s, _ := item["other"].(*types.AttributeValueMemberS); s == nil || s.Value != "kept" {
				t.Errorf("an attribute the struct does not declare: %#v, want it kept", item["other"])
			}
			if err := profiles.Upsert(ctx, profile{ID: "1", Org: "o", Version: 3, Tags: []string{"b"}}, ddb.SkipNil()); err != nil {
				t.Fatal(err)
			}
			got, err = profiles.Get(ctx, ddb.Key("1", "o"))
			if err != nil {
				t.Fatal(err)
			}
			// SkipNil wrote the tags and the name, which is no nil ("" is
			// a value Put stores), and left the age.
			want := profile{ID: "1", Org: "o", Version: 4, Tags: []string{"b"}, Age: &age, Made: made, Changed: got.Changed}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("after an Upsert with SkipNil (-want +got):\n%s", diff)
			}
			if err := profiles.Upsert(ctx, profile{ID: "1", Org: "o", Name: "x"}, ddb.IgnoreVersion()); err != nil {
				t.Errorf("Upsert with IgnoreVersion: %v", err)
			}
			if err := profiles.Update(ctx, ddb.Key("1", "o"), ddb.Set("name", "y"), ddb.SkipNil()); err == nil {
				t.Error("Update took SkipNil, an option of Upsert")
			}
		})
	}
}

// Upsert of an entity builds its table key and index keys from its fields
// and sets its type attribute, as Update does; a Table[Item] sets every
// attribute but the key.
func TestUpsertEntityAndItem(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			app := newTable[appKeys](t, b.DB(), "app")
			people, err := ddb.NewEntity[person](app, "Person")
			if err != nil {
				t.Fatal(err)
			}
			if err := people.Upsert(ctx, person{ID: "1", City: "Paris", Last: "Dupont", First: "Jo", Age: 30}); err != nil {
				t.Fatal(err)
			}
			got, err := people.Query(ctx, ddb.Partition("Paris"), ddb.OnIndex("gsi1")).Collect(10)
			want := []person{{ID: "1", City: "Paris", Last: "Dupont", First: "Jo", Age: 30}}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(person{})); err != nil || diff != "" {
				t.Errorf("the upserted person on its index (-want +got):\n%s%v", diff, err)
			}

			items := ddb.TableWithSchema[ddb.Item](app.DB(), app.Schema())
			if err := items.Upsert(ctx, ddb.Item{"pk": &types.AttributeValueMemberS{Value: "PERSON#1"}, "sk": &types.AttributeValueMemberS{Value: "PROFILE"}, "age": &types.AttributeValueMemberN{Value: "31"}}); err != nil {
				t.Fatal(err)
			}
			p, err := people.Get(ctx, ddb.Key("1"))
			if err != nil || p.Age != 31 || p.Last != "Dupont" {
				t.Errorf("after an Upsert of the raw item's age: %+v, %v", p, err)
			}
			if err := items.Upsert(ctx, ddb.Item{"pk": &types.AttributeValueMemberS{Value: "x"}}); err == nil {
				t.Error("Upsert of an item without its sort key succeeded")
			}
		})
	}
}

// A transaction's Upsert writes as Table.Upsert does, its version checked.
func TestUpsertInTransaction(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			profiles := newTable[profile](t, b.DB(), "profiles")
			if err := ddb.WriteTx().Upsert(profiles, &profile{ID: "1", Org: "o", Name: "Al"}).Run(ctx); err != nil {
				t.Fatal(err)
			}
			err := ddb.WriteTx().Upsert(profiles, profile{ID: "1", Org: "o", Name: "Stale"}).Run(ctx)
			if !errors.Is(err, ddb.ErrConditionFailed) {
				t.Errorf("transaction of a stale Upsert: %v, want a failed condition", err)
			}
			got, err := profiles.Get(ctx, ddb.Key("1", "o"))
			if err != nil || got.Name != "Al" || got.Version != 1 {
				t.Errorf("after the transactions: %+v, %v", got, err)
			}
			if err := ddb.WriteTx().Upsert(profiles, nil).Run(ctx); err == nil {
				t.Error("a transaction's Upsert of nil succeeded")
			}
		})
	}
}
