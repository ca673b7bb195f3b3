package ddb

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

type templated struct {
	Tenant  string    `ddb:"tenant"`
	ID      string    `ddb:"id"`
	Name    string    `ddb:"name"`
	Kind    string    `ddb:"kind"`
	Number  int       `ddb:"number"`
	Ratio   float64   `ddb:"ratio"`
	At      time.Time `ddb:"at"`
	Seconds time.Time `ddb:"seconds,unixtime"`
	Data    []byte    `ddb:"data"`
	Tags    []string  `ddb:"tags"`
}

func templateFor(t *testing.T, text string) *keyTemplate {
	t.Helper()
	info, err := structInfoFor(reflect.TypeFor[templated]())
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := parseKeyTemplate("sk", text, info)
	if err != nil {
		t.Fatalf("parseKeyTemplate(%q): %v", text, err)
	}
	return tpl
}

func TestKeyTemplateRender(t *testing.T) {
	at := &types.AttributeValueMemberS{Value: "2024-05-01T14:00:00.000000000Z"}
	full := Item{
		"tenant": &types.AttributeValueMemberS{Value: "acme"}, "id": &types.AttributeValueMemberS{Value: "u#1"},
		"number": &types.AttributeValueMemberN{Value: "42"}, "ratio": &types.AttributeValueMemberN{Value: "1.5"},
		"at": at, "seconds": &types.AttributeValueMemberN{Value: "1714572000"},
	}
	tests := []struct {
		template string
		values   Item
		want     types.AttributeValue
		complete bool
	}{
		{"PROFILE", nil, &types.AttributeValueMemberS{Value: "PROFILE"}, true},
		{"T#{tenant}#U#{id}", full, &types.AttributeValueMemberS{Value: "T#acme#U#u#1"}, true},
		{"N#{number:08}", full, &types.AttributeValueMemberS{Value: "N#00000042"}, true},
		{"N#{number}", full, &types.AttributeValueMemberS{Value: "N#42"}, true},
		{"R#{ratio}", full, &types.AttributeValueMemberS{Value: "R#1.5"}, true},
		{"{at}#{number:03}", full, &types.AttributeValueMemberS{Value: at.Value + "#042"}, true},
		{"S#{seconds:012}", full, &types.AttributeValueMemberS{Value: "S#001714572000"}, true},
		{"{number}", full, &types.AttributeValueMemberN{Value: "42"}, true},
		{"{seconds}", full, full["seconds"], true}, // a number-encoded time alone keeps its type, and sorts
		// Partial values: the text up to the last field given, for key
		// conditions.
		{"T#{tenant}#U#{id}#END", Item{"tenant": full["tenant"]}, &types.AttributeValueMemberS{Value: "T#acme"}, false},
		{"T#{tenant}#U#{id}", nil, &types.AttributeValueMemberS{Value: "T#"}, false},
		{"T#{tenant}#U#{id}#END", full, &types.AttributeValueMemberS{Value: "T#acme#U#u#1#END"}, true},
	}
	for _, tt := range tests {
		tpl := templateFor(t, tt.template)
		got, complete, err := tpl.render(lookup(tt.values))
		if err != nil {
			t.Errorf("%q: %v", tt.template, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, sdkCmp); diff != "" || complete != tt.complete {
			t.Errorf("%q: render = %v complete %v, want complete %v (-want +got):\n%s", tt.template, got, complete, tt.complete, diff)
		}
		if !complete {
			continue
		}
		parsed, ok := tpl.parse(got)
		if !ok {
			t.Errorf("%q: cannot parse %v back", tt.template, got)
		}
		for f, v := range parsed {
			if diff := cmp.Diff(tt.values[f], v, sdkCmp); diff != "" {
				t.Errorf("%q: parsed %s back as %v (-want +got):\n%s", tt.template, f, v, diff)
			}
		}
	}
}

func TestKeyTemplateRenderErrors(t *testing.T) {
	for _, tt := range []struct {
		template string
		value    types.AttributeValue
		want     string
	}{
		{"N#{number:03}", &types.AttributeValueMemberN{Value: "1000"}, "integers from 0 to 999"},
		{"N#{number:03}", &types.AttributeValueMemberN{Value: "-1"}, "integers from 0 to 999"},
		{"N#{number:03}", &types.AttributeValueMemberN{Value: "1.5"}, "integers from 0 to 999"},
		{"N#{number}", &types.AttributeValueMemberBOOL{Value: true}, "a value of type BOOL"},
	} {
		_, _, err := templateFor(t, tt.template).render(lookup(Item{"number": tt.value}))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q with %v: %v, want an error containing %q", tt.template, tt.value, err, tt.want)
		}
	}
}

func TestKeyTemplateParse(t *testing.T) {
	const at = "2024-05-01T14:00:00.000000000Z"
	tests := []struct {
		template string
		text     string
		want     Item // nil: not of the template's shape
	}{
		{"ORDER#{number:04}", "ORDER#0042", Item{"number": av.N("42")}},
		{"ORDER#{number:04}", "ORDER#0000", Item{"number": av.N("0")}},
		{"ORDER#{number:04}", "LINE#0042", nil},
		{"ORDER#{number:04}", "ORDER#00421", nil},
		{"{tenant}#{id}", "acme#u1", Item{"tenant": av.S("acme"), "id": av.S("u1")}},
		{"{at}#{id}", at + "#x", Item{"at": av.S(at), "id": av.S("x")}},
		// A field holding the literal after it: the one split that
		// gives every field a text of its kind, or the fields that all
		// splits agree on.
		{"{tenant}#{id}", "acme#u#1", Item{}},
		{"ORDER#{tenant}#{number:08}", "ORDER#eu#west#00000042", Item{"tenant": av.S("eu#west"), "number": av.N("42")}},
		{"ORDER#{tenant}#{number:08}", "ORDER#eu#west#0000004x", nil},
		{"{id}-{ratio}", "x-1-2.5", Item{"id": av.S("x-1"), "ratio": av.N("2.5")}},
		{"{tenant}#{id}#{ratio}", "a#b#c#5", Item{"ratio": av.N("5")}},
		{"{tenant}#{at}#{id}", "a#" + strings.Repeat("b", len(at)) + "#" + at + "#x", Item{"tenant": av.S("a#" + strings.Repeat("b", len(at))), "at": av.S(at), "id": av.S("x")}},
		{"{tenant}#{id}#{name}#{kind}", "a#b#c#d", Item{"tenant": av.S("a"), "id": av.S("b"), "name": av.S("c"), "kind": av.S("d")}},
		// Every split of a long text of separators is tried, each way
		// a field can start once.
		{"{tenant}#{id}#{name}#{kind}.", strings.Repeat("#", 1000), nil},
		{"PROFILE", "PROFILE", Item{}},
		{"PROFILE", "PROFILES", nil},
		// An empty string is a field's text like any other.
		{"T#{tenant}", "T#", Item{"tenant": av.S("")}},
		{"{tenant}#{id}", "#x", Item{"tenant": av.S(""), "id": av.S("x")}},
		{"{tenant}#{id}", "##", Item{}},
		{"N#{number}", "N#", nil},
	}
	for _, tt := range tests {
		got, ok := templateFor(t, tt.template).parse(av.S(tt.text))
		if ok != (tt.want != nil) {
			t.Errorf("parse %q with %q: ok %v, want %v", tt.text, tt.template, ok, tt.want != nil)
			continue
		}
		if diff := cmp.Diff(tt.want, got, sdkCmp); ok && diff != "" {
			t.Errorf("parse %q with %q (-want +got):\n%s", tt.text, tt.template, diff)
		}
	}
}

func TestParseKeyTemplateErrors(t *testing.T) {
	info, err := structInfoFor(reflect.TypeFor[templated]())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ template, want string }{
		{"", "empty"},
		{"A#{id", "'{' without '}'"},
		{"A#{i{d}", "'{' without '}'"},
		{"A#id}", "'}' without '{'"},
		{"{tenant}{id}", "need a literal text between them"},
		{"{id}#{id}", "{id} is named twice"},
		{"{nope}", "names no field of templated"},
		{"{data}", "not a string or a number"},
		{"{tags}", "not a string or a number"},
		{"{id:08}", "only number fields have a width"},
		{"{number:8}", "the width must be written 0W"},
		{"{number:00}", "the width must be written 0W"},
		{"{number:040}", "the width must be written 0W"},
		{"{ratio:04}", "is a float64; padded numbers are integers"},
		{"S#{seconds}", "give it a width, as in {seconds:012}"},
		{"{id}#{seconds}", "holds a time stored as a number (unixtime)"},
	} {
		_, err := parseKeyTemplate("sk", tt.template, info)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseKeyTemplate(%q) = %v, want an error containing %q", tt.template, err, tt.want)
		}
	}
}

func TestIncremented(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"EV#", "EV$", true},
		{"~", "\x7f", true},
		{"a\u00e9", "a\u00ea", true},
		{"\u00bf", "\u00c0", true}, // the next code point, two bytes either way
		{"\u007f", "\u0080", true}, // one byte to two
		{"\ud7ff", "\ue000", true}, // over the surrogates
		{"\U0010fffe", "\U0010ffff", true},
		{"\U0010ffff", "", false},
		{"a\xff", "", false},
		{"", "", false},
	} {
		got, ok := incremented(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("incremented(%+q) = %+q, %v; want %+q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && !(tt.in < got && tt.in+"\U0010ffff" < got) {
			t.Errorf("incremented(%+q) = %+q is not above every text that begins with it", tt.in, got)
		}
	}
}
