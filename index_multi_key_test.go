package ddb_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Match is keyed by its id, with a global index whose partition key is the
// tournament and region, and whose sort key is the round then the bracket.
type Match struct {
	ID         string `ddb:"id,hash"`
	Tournament string `ddb:"tournament,gsi=by_round:hash1"`
	Region     string `ddb:"region,gsi=by_round:hash2"`
	Round      int    `ddb:"round,gsi=by_round:range1"`
	Bracket    string `ddb:"bracket,gsi=by_round:range2,omitempty"`
}

func TestMultiAttributeIndexSchema(t *testing.T) {
	s, err := ddb.SchemaFor[Match]("matches")
	if err != nil {
		t.Fatal(err)
	}
	in := s.CreateTableInput()
	var got []string
	for _, k := range in.GlobalSecondaryIndexes[0].KeySchema {
		got = append(got, string(k.KeyType)+" "+aws.ToString(k.AttributeName))
	}
	want := []string{"HASH tournament", "HASH region", "RANGE round", "RANGE bracket"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("key schema (-want +got):\n%s", diff)
	}
	if len(in.AttributeDefinitions) != 5 {
		t.Errorf("attribute definitions %v, want the five key attributes", in.AttributeDefinitions)
	}
	ix, _ := s.Index("by_round")
	hash, rng := ix.KeyAttributes()
	if diff := cmp.Diff([][]string{{"tournament", "region"}, {"round", "bracket"}}, [][]string{hash, rng}); diff != "" {
		t.Errorf("KeyAttributes (-want +got):\n%s", diff)
	}
	if ix.HashKey != "tournament" || ix.RangeKey != "round" {
		t.Errorf("HashKey %q RangeKey %q, want the first attributes", ix.HashKey, ix.RangeKey)
	}

	explicit, err := ddb.NewSchema("matches", ddb.Definition{
		Fields: []ddb.Field{{Name: "id", Type: ddb.TypeString}, {Name: "tournament", Type: ddb.TypeString}, {Name: "region", Type: ddb.TypeString},
			{Name: "round", Type: ddb.TypeNumber}, {Name: "bracket", Type: ddb.TypeString}},
		HashKey: "id",
		Indexes: []ddb.Index{{Name: "by_round", HashKeys: []string{"tournament", "region"}, RangeKeys: []string{"round", "bracket"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, explicit.CreateTableInput(), cmpSDK); diff != "" {
		t.Errorf("the explicit declaration differs from the tags (-tags +explicit):\n%s", diff)
	}
}

// cmpSDK compares SDK inputs field by field, ignoring their unexported
// no-serde markers.
var cmpSDK = cmp.Exporter(func(reflect.Type) bool { return true })

func TestMultiAttributeIndexSchemaErrors(t *testing.T) {
	type gap struct {
		ID string `ddb:"id,hash"`
		A  string `ddb:"a,gsi=g:hash1"`
		B  string `ddb:"b,gsi=g:range2"`
	}
	type twice struct {
		ID string `ddb:"id,hash"`
		A  string `ddb:"a,gsi=g:hash1"`
		B  string `ddb:"b,gsi=g:hash1"`
	}
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"a gap in the sort key", func() error { _, err := ddb.SchemaFor[gap]("ttt"); return err },
			`ddb: table ttt: gap.B ("b"): index g has a range2 key but no range1 key`},
		{"a place twice", func() error { _, err := ddb.SchemaFor[twice]("ttt"); return err },
			`ddb: table ttt: twice.B ("b"): second hash key of index g (the first is twice.A ("a"))`},
		{"five partition attributes", func() error {
			_, err := ddb.NewSchema("ttt", ddb.Definition{
				Fields:  []ddb.Field{{Name: "id", Type: ddb.TypeString}, {Name: "a", Type: ddb.TypeString}, {Name: "b", Type: ddb.TypeString}, {Name: "c", Type: ddb.TypeString}, {Name: "d", Type: ddb.TypeString}, {Name: "e", Type: ddb.TypeString}},
				HashKey: "id", Indexes: []ddb.Index{{Name: "g", HashKeys: []string{"a", "b", "c", "d", "e"}}},
			})
			return err
		}, `ddb: table ttt: "e": index g has more than 4 hash key attributes`},
		{"an attribute twice", func() error {
			_, err := ddb.NewSchema("ttt", ddb.Definition{
				Fields:  []ddb.Field{{Name: "id", Type: ddb.TypeString}, {Name: "a", Type: ddb.TypeString}, {Name: "b", Type: ddb.TypeString}},
				HashKey: "id", Indexes: []ddb.Index{{Name: "g", HashKeys: []string{"a", "b"}, RangeKeys: []string{"a"}}},
			})
			return err
		}, `ddb: table ttt: "a": is a key attribute of index g twice`},
		{"a local index", func() error {
			_, err := ddb.NewSchema("ttt", ddb.Definition{
				Fields:  []ddb.Field{{Name: "id", Type: ddb.TypeString}, {Name: "s", Type: ddb.TypeString}, {Name: "a", Type: ddb.TypeString}, {Name: "b", Type: ddb.TypeString}},
				HashKey: "id", RangeKey: "s", Indexes: []ddb.Index{{Name: "l", Local: true, RangeKeys: []string{"a", "b"}}},
			})
			return err
		}, `ddb: table ttt: local secondary index l cannot have a multi-attribute key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			var se *ddb.SchemaError
			if !errors.As(err, &se) || err.Error() != tt.want {
				t.Errorf("error %v, want SchemaError %q", err, tt.want)
			}
		})
	}
}

// The engine in memory, on disk and served over HTTP to the SDK's client
// (which models multi-attribute keys with the KeySchemaElement it has
// always had). DynamoDB Local has no multi-attribute keys.
func TestMultiAttributeIndexQuery(t *testing.T) {
	for _, b := range testbackend.Engines(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			matches, err := ddb.NewTable[Match](ddb.New(b.API), testbackend.UniqueTableName(t, "matches"))
			if err != nil {
				t.Fatal(err)
			}
			if err := matches.Create(ctx); err != nil {
				t.Fatal(err)
			}
			for _, m := range []Match{
				{"1", "w24", "eu", 2, "upper"}, {"2", "w24", "eu", 10, "lower"}, {"3", "w24", "eu", 2, "lower"},
				{"4", "w24", "us", 1, "upper"}, {"5", "w24", "eu", 1, ""}, {"6", "w24", "eu", 2, "upperb"},
			} {
				if err := matches.Put(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			ids := func(key ddb.KeyCondition, opts ...ddb.QueryOption) []string {
				t.Helper()
				opts = append(opts, ddb.OnIndex("by_round"), ddb.PageSize(1))
				var out []string
				for m, err := range matches.Query(ctx, key, opts...).All() {
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, m.ID)
				}
				return out
			}
			tests := []struct {
				key  ddb.KeyCondition
				want []string
			}{
				{ddb.Partition("w24", "eu"), []string{"3", "1", "6", "2"}},
				{ddb.Partition("w24", "eu").SortEqual(2), []string{"3", "1", "6"}},
				{ddb.Partition("w24", "eu").SortGreaterThan(1), []string{"3", "1", "6", "2"}},
				{ddb.Partition("w24", "eu").SortEqual(2, "upper"), []string{"1"}},
				{ddb.Partition("w24", "eu").SortEqual(2).SortGreaterThan("lower"), []string{"1", "6"}},
				{ddb.Partition("w24", "eu").SortEqual(2).SortBeginsWith("upper"), []string{"1", "6"}},
				{ddb.Partition("w24", "us").SortBetween(1, 5), []string{"4"}},
			}
			for _, tt := range tests {
				if diff := cmp.Diff(tt.want, ids(tt.key)); diff != "" {
					t.Errorf("%+v (-want +got):\n%s", tt.key, diff)
				}
			}
			if diff := cmp.Diff([]string{"2", "6", "1", "3"}, ids(ddb.Partition("w24", "eu"), ddb.Descending())); diff != "" {
				t.Errorf("descending (-want +got):\n%s", diff)
			}
			// A cursor names the table key and every index key attribute.
			page, err := matches.Query(ctx, ddb.Partition("w24", "eu"), ddb.OnIndex("by_round"), ddb.PageSize(2)).Page("")
			if err != nil {
				t.Fatal(err)
			}
			if len(page.LastEvaluatedKey) != 5 {
				t.Errorf("LastEvaluatedKey %v, want id and the four index key attributes", page.LastEvaluatedKey)
			}
			rest, err := matches.Query(ctx, ddb.Partition("w24", "eu"), ddb.OnIndex("by_round"), ddb.PageSize(5)).Page(page.Next)
			if err != nil {
				t.Fatal(err)
			}
			if len(rest.Items) != 2 || rest.Items[0].ID != "6" {
				t.Errorf("second page %+v, want matches 6 and 2", rest.Items)
			}
		})
	}
}

// Key conditions that do not fit the index's keys fail before any request,
// with a *ddb.ValidationError.
func TestMultiAttributeIndexKeyConditionErrors(t *testing.T) {
	matches, err := ddb.NewTable[Match](ddb.New(nil), "matches")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key   ddb.KeyCondition
		index string
		want  string
	}{
		{ddb.Partition("w24"), "by_round", "ddb: Query matches: key condition gives 1 partition key values; index by_round has 2 partition key attributes [tournament region]"},
		{ddb.Partition("w24", "eu", "x"), "by_round", "ddb: Query matches: key condition gives 3 partition key values; index by_round has 2 partition key attributes [tournament region]"},
		{ddb.Partition("w24", "eu").SortEqual(2, "upper").SortGreaterThan("x"), "by_round", "ddb: Query matches: key condition on 3 sort key attributes; index by_round has 2 sort key attributes [round bracket]"},
		{ddb.Partition("w24", "eu").SortBeginsWith("x"), "by_round", "ddb: Query matches: key round is a number: begins_with needs a string or binary key"},
		{ddb.Partition("w24", "eu").SortEqual("two"), "by_round", ""},
		{ddb.Partition("a", "b"), "", "ddb: Query matches: key condition gives 2 partition key values; the table has 1 partition key attributes [id]"},
	}
	for _, tt := range tests {
		var opts []ddb.QueryOption
		if tt.index != "" {
			opts = append(opts, ddb.OnIndex(tt.index))
		}
		_, err := matches.Query(t.Context(), tt.key, opts...).Page("")
		var ve *ddb.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%+v: error %v, want a ValidationError", tt.key, err)
			continue
		}
		if tt.want != "" && err.Error() != tt.want {
			t.Errorf("%+v: error %q, want %q", tt.key, err, tt.want)
		}
	}
}
