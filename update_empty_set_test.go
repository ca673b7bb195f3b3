package ddb_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

type setHolder struct {
	ID    string   `ddb:"id,hash"`
	SS    []string `ddb:"ss,set"`
	Inner struct {
		SS []string `ddb:"ss,set"`
	} `ddb:"inner"`
}

// Set of an empty set removes the attribute, as Put leaves it out, so that
// AddToSet then creates the set (it failed on the NULL Set stored).
func TestSetEmptySet(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			holders := newTable[setHolder](t, b.DB(), "sets")
			h := setHolder{ID: "a", SS: []string{"x"}}
			h.Inner.SS = []string{"y"}
			if err := holders.Put(ctx, h); err != nil {
				t.Fatal(err)
			}
			if err := holders.Update(ctx, ddb.Key("a"), ddb.Set("ss", []string{}).Set("inner.ss", []string{})); err != nil {
				t.Fatal(err)
			}
			raw, err := ddb.TableWithSchema[ddb.Item](holders.DB(), holders.Schema()).Get(ctx, ddb.Key("a"))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := raw["ss"]; ok {
				t.Errorf("ss after Set of an empty set: %v", raw["ss"])
			}
			if inner, ok := raw["inner"].(*types.AttributeValueMemberM); !ok || len(inner.Value) != 0 {
				t.Errorf("inner after Set of an empty set: %#v", raw["inner"])
			}
			if err := holders.Update(ctx, ddb.Key("a"), ddb.AddToSet("ss", "z").AddToSet("inner.ss", "w")); err != nil {
				t.Fatal(err)
			}
			got, err := holders.Get(ctx, ddb.Key("a"))
			if err != nil || len(got.SS) != 1 || got.SS[0] != "z" || len(got.Inner.SS) != 1 {
				t.Errorf("after AddToSet: %+v, %v", got, err)
			}
		})
	}
}

// noted has a field of any type a value may take.
type noted struct {
	ID   string `ddb:"id,hash"`
	Note any    `ddb:"note"`
}

// A condition given to Set as the value of a struct's field is refused, as
// it is for any other path (it went through the field's encoder, which
// stored it as an empty map).
func TestSetFieldToACondition(t *testing.T) {
	b := testbackend.Engines(t)[0]
	notes := newTable[noted](t, b.DB(), "notes")
	err := notes.Update(t.Context(), ddb.Key("a"), ddb.Set("note", ddb.Attr("b").Exists()))
	var ve *ddb.ValidationError
	if !errors.As(err, &ve) || ve.Field != "note" {
		t.Errorf("Set of a condition: %v, want a ValidationError about note", err)
	}
}

// SetIfNotExists of a value Put leaves out (an empty set, an omitempty
// zero) changes nothing: it stored NULL, which AddToSet then failed on. When
// it is the update's only action, the update still creates the item, as
// every Update does.
func TestSetIfNotExistsEmptySet(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			holders := newTable[setHolder](t, b.DB(), "sets")
			raw := ddb.TableWithSchema[ddb.Item](holders.DB(), holders.Schema())
			if err := holders.Put(ctx, setHolder{ID: "a", SS: []string{"x"}}); err != nil {
				t.Fatal(err)
			}
			if err := holders.Update(ctx, ddb.Key("a"), ddb.SetIfNotExists("ss", []string{}).SetIfNotExists("inner.ss", []string{})); err != nil {
				t.Fatal(err)
			}
			got, err := raw.Get(ctx, ddb.Key("a"))
			if err != nil {
				t.Fatal(err)
			}
			if ss, ok := got["ss"].(*types.AttributeValueMemberSS); !ok || len(ss.Value) != 1 {
				t.Errorf("ss after SetIfNotExists of an empty set: %#v", got["ss"])
			}
			if err := holders.Update(ctx, ddb.Key("b"), ddb.SetIfNotExists("ss", []string{})); err != nil {
				t.Fatal(err)
			}
			got, err = raw.Get(ctx, ddb.Key("b"))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := got["ss"]; ok || got["id"] == nil {
				t.Errorf("new item after SetIfNotExists of an empty set: %#v", got)
			}
			if err := holders.Update(ctx, ddb.Key("b"), ddb.AddToSet("ss", "z")); err != nil {
				t.Errorf("AddToSet after SetIfNotExists of an empty set: %v", err)
			}
		})
	}
}
