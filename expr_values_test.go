package ddb

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// timed declares times and sets in every position a document path reaches.
type timed struct {
	ID      string               `ddb:"id,hash"`
	At      time.Time            `ddb:"at,unixtime"`
	AtPtr   *time.Time           `ddb:"at_ptr,unixmilli"`
	Plain   time.Time            `ddb:"plain"`
	List    []time.Time          `ddb:"list,unixtime"`
	Set     []time.Time          `ddb:"set,set,unixtime"`
	Tags    []string             `ddb:"tags,set"`
	ByName  map[string]time.Time `ddb:"by_name,unixmilli"`
	Nested  *timedNested         `ddb:"nested"`
	Nesteds []timedNested        `ddb:"nesteds"`
	Any     any                  `ddb:"any"`
	Custom  customTime           `ddb:"custom"`
}

type timedNested struct {
	When time.Time `ddb:"when,unixtime"`
}

// customTime encodes itself; paths into it name no declared field.
type customTime struct{ time.Time }

func (c customTime) MarshalAttributeValue() (types.AttributeValue, error) {
	return av.S("custom"), nil
}

func (c *customTime) UnmarshalAttributeValue(types.AttributeValue) error { return nil }

func TestValuesEncodedForTheirPath(t *testing.T) {
	s, err := SchemaFor[timed]("timed")
	if err != nil {
		t.Fatal(err)
	}
	tm := time.Date(2024, 5, 1, 12, 0, 0, 500_000_000, time.UTC)
	secs, millis, text := av.N("1714564800"), av.N("1714564800500"), av.S("2024-05-01T12:00:00.500000000Z")
	tests := []struct {
		name string
		part exprPart
		want types.AttributeValue // of :v0
	}{
		{"unixtime", Attr("at").Equal(tm), secs},
		{"pointer field", Attr("at_ptr").Equal(tm), millis},
		{"pointer value", Attr("at").Equal(&tm), secs},
		{"plain time", Attr("plain").Equal(tm), text},
		{"size", Attr("at").Size().Equal(3), av.N("3")},
		{"between", Attr("at").Between(tm, tm), secs},
		{"in", Attr("at").In(tm), secs},
		{"list element", Attr("list[2]").Equal(tm), secs},
		{"list contains", Attr("list").Contains(tm), secs},
		{"set contains", Attr("set").Contains(tm), secs},
		{"whole list", Attr("list").Equal([]time.Time{tm}), av.L(secs)},
		{"whole set", Attr("set").Equal([]time.Time{tm}), &types.AttributeValueMemberNS{Value: []string{"1714564800"}}},
		{"string set", Attr("tags").Equal([]string{"a"}), &types.AttributeValueMemberSS{Value: []string{"a"}}},
		{"map value", Attr("by_name.k").Equal(tm), millis},
		{"nested struct", Attr("nested.when").Equal(tm), secs},
		{"struct in a list", Attr("nesteds[0].when").Equal(tm), secs},
		{"into an interface", Attr("any.when").Equal(tm), text},
		{"into a custom codec", Attr("custom.when").Equal(tm), text},
		{"undeclared", Attr("other").Equal(tm), text},
		{"undeclared nested", Attr("nested.other").Equal(tm), text},
		{"attribute_type", Attr("at").HasType(TypeNumber), av.S("N")},
		{"raw expression", Expr("at = :t", Values{":t": tm}), text},
		{"set", Set("at", tm), secs},
		{"set if not exists", SetIfNotExists("nested.when", tm), secs},
		{"append", Append("list", tm), av.L(secs)},
		{"add to set", AddToSet("set", tm), &types.AttributeValueMemberNS{Value: []string{"1714564800"}}},
		{"add a set", Add("tags", []string{"a"}), &types.AttributeValueMemberSS{Value: []string{"a"}}},
		{"delete from set", DeleteFromSet("set", tm, []time.Time{tm.Add(time.Second)}), &types.AttributeValueMemberNS{Value: []string{"1714564800", "1714564801"}}},
	}
	for _, tt := range tests {
		c, err := compileFor(s, tt.part)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got := c.Values[":v0"]
		if ph := ":t"; c.Values[ph] != nil {
			got = c.Values[ph]
		}
		if diff := cmp.Diff(tt.want, got, sdkCmp); diff != "" {
			t.Errorf("%s: %v (-want +got):\n%s", tt.name, c.Texts, diff)
		}
	}
}

func TestKeyValuesEncodedAsTheirFields(t *testing.T) {
	type row struct {
		User string    `ddb:"user,hash"`
		At   time.Time `ddb:"at,range,unixmilli"`
	}
	s, err := SchemaFor[row]("rows")
	if err != nil {
		t.Fatal(err)
	}
	tm := time.UnixMilli(1714564800500)
	key, err := s.key(Key("u", tm))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Item{"user": av.S("u"), "at": av.N("1714564800500")}, key, sdkCmp); diff != "" {
		t.Errorf("key (-want +got):\n%s", diff)
	}
	if _, err := s.key(Key("u", tm.Format(time.RFC3339))); err == nil {
		t.Error("a time given as text for a number key was accepted")
	}
}

// TestPlainValuesEncodedAsMarshalValue checks that the strings and ints
// encoded without the codec (plainValue) encode as the codec encodes them,
// at every kind of place: no place, a plain field, a time field, a set.
func TestPlainValuesEncodedAsMarshalValue(t *testing.T) {
	s, err := SchemaFor[timed]("timed")
	if err != nil {
		t.Fatal(err)
	}
	type name string
	values := []any{"", "ann", "ü \x00 \xff", 0, 7, -7, 1234567, math.MaxInt, math.MinInt, name("x"), int64(5), uint(5)}
	for _, site := range []valueSite{{}, {path: "id"}, {path: "at"}, {path: "tags"}, {path: "tags", elem: true}, {path: "list[0]"}} {
		for _, v := range values {
			want, err := MarshalValue(v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.encodeAt(v, site)
			if err != nil {
				t.Errorf("%+v: %#v: %v", site, v, err)
				continue
			}
			if diff := cmp.Diff(want, got, sdkCmp); diff != "" {
				t.Errorf("%+v: %#v (-MarshalValue +encodeAt):\n%s", site, v, diff)
			}
		}
	}
}

func TestSetRejectsAnotherScalarType(t *testing.T) {
	s, err := SchemaFor[timed]("timed")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []Update{Set("at", "2024-05-01"), SetIfNotExists("id", 7), Set("plain", 1), Set("at", nil)} {
		if _, err := compileFor(s, u); !errors.Is(err, ErrValidation) {
			t.Errorf("%+v: %v, want a validation error", u, err)
		}
	}
	for _, u := range []Update{Set("at", time.Now()), Set("at_ptr", nil), Set("any", 1), Set("at", Attr("plain")), Set("undeclared", 1)} {
		if _, err := compileFor(s, u); err != nil {
			t.Errorf("%+v: %v", u, err)
		}
	}
}

// TestSetRejectsValuesTheFieldCannotRead checks that an update refuses a
// value that would leave the item unreadable as declared: a list of lists
// appended to a []string (Append takes the elements, not a slice of
// them), a number for a list, a list for a nested time.
func TestSetRejectsValuesTheFieldCannotRead(t *testing.T) {
	s, err := SchemaFor[timed]("timed")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []Update{
		Append("nesteds", []timedNested{{}}),
		Prepend("list", []time.Time{time.Now()}),
		Set("nesteds", 5),
		Set("nested.when", []int{1}),
		Set("by_name.x", true),
		SetIfNotExists("tags", map[string]int{"a": 1}),
	} {
		if _, err := compileFor(s, u); !errors.Is(err, ErrValidation) {
			t.Errorf("%+v: %v, want a validation error", u, err)
		}
	}
	for _, u := range []Update{
		Append("nesteds", timedNested{}, timedNested{}),
		Prepend("list", time.Now()),
		Append("list"),
		Set("nesteds", []timedNested{{}}),
		Set("nesteds[0]", timedNested{}),
		Set("nested.when", time.Now()),
		Set("nested", nil),
		Set("tags", []string{"a"}),
		Set("custom", "anything"),
		Set("any", []any{1, "x"}),
	} {
		if _, err := compileFor(s, u); err != nil {
			t.Errorf("%+v: %v", u, err)
		}
	}
}

// counted declares numbers of several widths, nilable and non-nilable
// fields and sets, for the updates that store, add or remove values.
type counted struct {
	ID    string              `ddb:"id,hash"`
	Name  string              `ddb:"name"`
	Cnt   int                 `ddb:"cnt"`
	Small int8                `ddb:"small"`
	Count uint                `ddb:"count"`
	Ptr   *int                `ddb:"ptr"`
	Ratio float32             `ddb:"ratio"`
	Seen  time.Time           `ddb:"seen,unixtime"`
	At    time.Time           `ddb:"at"`
	Maybe *string             `ddb:"maybe"`
	List  []string            `ddb:"list"`
	ByKey map[string]int      `ddb:"by_key"`
	Any   any                 `ddb:"any"`
	NS    []int               `ddb:"ns,set"`
	Names map[string]struct{} `ddb:"names"`
}

// TestUpdateOperandsTheFieldCannotRead checks that an update refuses NULL
// for a field that cannot be nil, an amount that no value of the field
// changed by it can be, and set members the set's elements cannot be; and
// that it accepts what some value of the field reads back.
func TestUpdateOperandsTheFieldCannotRead(t *testing.T) {
	s, err := SchemaFor[counted]("counted")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []Update{
		Set("name", nil),
		Set("name", (*string)(nil)),
		SetIfNotExists("cnt", nil),
		Set("by_key.a", nil),
		Increment("cnt", 0.5),
		Decrement("cnt", 1.5),
		Add("cnt", 0.5),
		Increment("ptr", 0.5),
		Increment("small", 256),
		Decrement("count", -0.5),
		Increment("name", 1),
		Increment("at", 60),
		Add("ns", 1),
		AddToSet("ns", 2.5),
		Add("ns", []float64{2.5}),
		DeleteFromSet("ns", 1.5),
		AddToSet("names", 1),
	} {
		if _, err := compileFor(s, u); !errors.Is(err, ErrValidation) {
			t.Errorf("%+v: %v, want a validation error", u, err)
		}
	}
	for _, u := range []Update{
		Set("maybe", nil),
		Set("ptr", nil),
		Set("list", nil),
		Set("by_key", nil),
		Set("any", nil),
		Increment("cnt", 2),
		Add("cnt", Number("1e2")),
		Increment("small", 255),
		Decrement("small", -255),
		Decrement("count", 1),
		Increment("count", -1),
		Increment("ptr", 3),
		Increment("ratio", 0.5),
		Increment("seen", 3600),
		Increment("any", 0.5),
		Increment("cnt", Attr("small")),
		AddToSet("ns", 2),
		DeleteFromSet("ns", 3),
		AddToSet("names", "a"),
	} {
		if _, err := compileFor(s, u); err != nil {
			t.Errorf("%+v: %v", u, err)
		}
	}
}
