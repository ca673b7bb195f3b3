package ddb

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestUpdateRender(t *testing.T) {
	emptyList := &types.AttributeValueMemberL{Value: []types.AttributeValue{}}
	tests := []struct {
		name   string
		update Update
		want   compiled
	}{
		{
			"set",
			Set("balance", 100),
			compiled{[]string{"SET #n0 = :v0"}, map[string]string{"#n0": "balance"}, Item{":v0": av.N("100")}},
		},
		{
			"every clause, in clause order",
			DeleteFromSet("tags", "old").Add("count", 1).Remove("draft", "a.b[1]").Set("status", "paid"),
			compiled{
				[]string{"SET #n5 = :v2 REMOVE #n2, #n3.#n4[1] ADD #n1 :v1 DELETE #n0 :v0"},
				map[string]string{"#n0": "tags", "#n1": "count", "#n2": "draft", "#n3": "a", "#n4": "b", "#n5": "status"},
				Item{":v0": &types.AttributeValueMemberSS{Value: []string{"old"}}, ":v1": av.N("1"), ":v2": av.S("paid")},
			},
		},
		{
			"if_not_exists and arithmetic",
			SetIfNotExists("created", "now").Increment("n", 2).Decrement("m", 3),
			compiled{
				[]string{"SET #n0 = if_not_exists(#n0, :v0), #n1 = if_not_exists(#n1, :v2) + :v1, #n2 = if_not_exists(#n2, :v4) - :v3"},
				map[string]string{"#n0": "created", "#n1": "n", "#n2": "m"},
				Item{":v0": av.S("now"), ":v1": av.N("2"), ":v2": av.N("0"), ":v3": av.N("3"), ":v4": av.N("0")},
			},
		},
		{
			"operands from the item",
			Set("backup", Attr("balance")).Increment("total", Attr("tax")),
			compiled{
				[]string{"SET #n0 = #n1, #n2 = if_not_exists(#n2, :v0) + #n3"},
				map[string]string{"#n0": "backup", "#n1": "balance", "#n2": "total", "#n3": "tax"},
				Item{":v0": av.N("0")},
			},
		},
		{
			"append and prepend",
			Append("log", "a", "b").Prepend("log", 0),
			compiled{
				[]string{"SET #n0 = list_append(if_not_exists(#n0, :v1), :v0), #n0 = list_append(:v2, if_not_exists(#n0, :v3))"},
				map[string]string{"#n0": "log"},
				Item{
					":v0": &types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("a"), av.S("b")}},
					":v1": emptyList,
					":v2": &types.AttributeValueMemberL{Value: []types.AttributeValue{av.N("0")}},
					":v3": emptyList,
				},
			},
		},
		{
			"set members by type",
			AddToSet("ns", 1, 2).AddToSet("bs", []byte("x")).DeleteFromSet("ss", "a", &types.AttributeValueMemberSS{Value: []string{"b", "c"}}),
			compiled{
				[]string{"ADD #n0 :v0, #n1 :v1 DELETE #n2 :v2"},
				map[string]string{"#n0": "ns", "#n1": "bs", "#n2": "ss"},
				Item{
					":v0": &types.AttributeValueMemberNS{Value: []string{"1", "2"}},
					":v1": &types.AttributeValueMemberBS{Value: [][]byte{[]byte("x")}},
					":v2": &types.AttributeValueMemberSS{Value: []string{"a", "b", "c"}},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := compile(tt.update)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, sdkCmp); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestUpdateStarters(t *testing.T) {
	tests := []struct {
		start, chained Update
	}{
		{Set("a", 1), Update{}.Set("a", 1)},
		{SetIfNotExists("a", 1), Update{}.SetIfNotExists("a", 1)},
		{Increment("a", 1), Update{}.Increment("a", 1)},
		{Decrement("a", 1), Update{}.Decrement("a", 1)},
		{Append("a", 1), Update{}.Append("a", 1)},
		{Prepend("a", 1), Update{}.Prepend("a", 1)},
		{Remove("a", "b"), Update{}.Remove("a").Remove("b")},
		{Add("a", 1), Update{}.Add("a", 1)},
		{AddToSet("a", "x"), Update{}.AddToSet("a", "x")},
		{DeleteFromSet("a", "x"), Update{}.DeleteFromSet("a", "x")},
	}
	for _, tt := range tests {
		start, err1 := compile(tt.start)
		chained, err2 := compile(tt.chained)
		if err1 != nil || err2 != nil || tt.start.IsZero() {
			t.Fatalf("%v, %v", err1, err2)
		}
		if diff := cmp.Diff(chained, start, sdkCmp); diff != "" {
			t.Errorf("starter and method differ (-method +starter):\n%s", diff)
		}
	}
	if !(Update{}).IsZero() {
		t.Error("Update{}.IsZero() = false")
	}
}

func TestUpdateIsImmutable(t *testing.T) {
	base := Set("a", 1)
	first, second := base.Set("b", 2), base.Set("c", 3)
	for _, tt := range []struct {
		u    Update
		want string
	}{{base, "SET #n0 = :v0"}, {first, "SET #n0 = :v0, #n1 = :v1"}, {second, "SET #n0 = :v0, #n1 = :v1"}} {
		got, err := compile(tt.u)
		if err != nil || got.Texts[0] != tt.want {
			t.Errorf("got %q, %v; want %q", got.Texts, err, tt.want)
		}
	}
	got, _ := compile(second)
	if got.Names["#n1"] != "c" {
		t.Errorf("second update names %v, want #n1 = c", got.Names)
	}
}

func TestUpdateErrors(t *testing.T) {
	tests := []struct {
		name   string
		update Update
	}{
		{"no changes", Update{}},
		{"bad path", Set("a[", 1)},
		{"mixed set members", AddToSet("s", "a", 1)},
		{"empty set", DeleteFromSet("s")},
		{"set member of a non-scalar type", AddToSet("s", true)},
		{"unencodable value", Set("a", func() {})},
		{"condition as a value", Set("a", Attr("b").Exists())},
		{"update as a value", Set("a", Set("b", 1))},
		{"pointer to a condition as a value", Set("a", new(Condition))},
	}
	for _, tt := range tests {
		if got, err := compile(tt.update); err == nil {
			t.Errorf("%s: compiled to %+v, want an error", tt.name, got)
		}
	}
}
