package ddb

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestConditionRender(t *testing.T) {
	tests := []struct {
		name string
		cond Condition
		want compiled
	}{
		{
			"comparison",
			Attr("balance").GreaterThan(10),
			compiled{[]string{"#n0 > :v0"}, map[string]string{"#n0": "balance"}, Item{":v0": av.N("10")}},
		},
		{
			"all comparison operators",
			And(Attr("a").Equal(1), Attr("a").NotEqual(2), Attr("a").LessThan(3),
				Attr("a").LessOrEqual(4), Attr("a").GreaterOrEqual(5)),
			compiled{
				[]string{"(#n0 = :v0) AND (#n0 <> :v1) AND (#n0 < :v2) AND (#n0 <= :v3) AND (#n0 >= :v4)"},
				map[string]string{"#n0": "a"},
				Item{":v0": av.N("1"), ":v1": av.N("2"), ":v2": av.N("3"), ":v3": av.N("4"), ":v4": av.N("5")},
			},
		},
		{
			"and, or, not with functions",
			Attr("balance").GreaterThan(10).And(Attr("owner").Exists()).Or(Not(Attr("status").BeginsWith("x"))),
			compiled{
				[]string{"((#n0 > :v0) AND (attribute_exists(#n1))) OR (NOT (begins_with(#n2, :v1)))"},
				map[string]string{"#n0": "balance", "#n1": "owner", "#n2": "status"},
				Item{":v0": av.N("10"), ":v1": av.S("x")},
			},
		},
		{
			"nested path, reserved words, size and between",
			Attr("data.size[2].name").Size().Between(1, 5),
			compiled{
				[]string{"size(#n0.#n1[2].#n2) BETWEEN :v0 AND :v1"},
				map[string]string{"#n0": "data", "#n1": "size", "#n2": "name"},
				Item{":v0": av.N("1"), ":v1": av.N("5")},
			},
		},
		{
			"in, contains, type, not exists",
			And(Attr("s").In("a", "b"), Attr("tags").Contains("x"), Attr("t").HasType(TypeStringSet), Attr("gone").NotExists()),
			compiled{
				[]string{"(#n0 IN (:v0, :v1)) AND (contains(#n1, :v2)) AND (attribute_type(#n2, :v3)) AND (attribute_not_exists(#n3))"},
				map[string]string{"#n0": "s", "#n1": "tags", "#n2": "t", "#n3": "gone"},
				Item{":v0": av.S("a"), ":v1": av.S("b"), ":v2": av.S("x"), ":v3": av.S("SS")},
			},
		},
		{
			"attribute against attribute",
			Attr("low").LessThan(Attr("high")).And(Attr("list").Size().Equal(Attr("count"))),
			compiled{
				[]string{"(#n0 < #n1) AND (size(#n2) = #n3)"},
				map[string]string{"#n0": "low", "#n1": "high", "#n2": "list", "#n3": "count"},
				nil,
			},
		},
		{
			"raw expression keeps its placeholders; generated ones avoid them",
			Expr("#n0 >= :v0", Names{"#n0": "min"}, Values{":v0": 3}).And(Attr("x").Equal("y")),
			compiled{
				[]string{"(#n0 >= :v0) AND (#n1 = :v1)"},
				map[string]string{"#n0": "min", "#n1": "x"},
				Item{":v0": av.N("3"), ":v1": av.S("y")},
			},
		},
		{
			"empty conditions vanish",
			And(Condition{}, Attr("a").Exists(), Not(Condition{})),
			compiled{[]string{"attribute_exists(#n0)"}, map[string]string{"#n0": "a"}, nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := compile(tt.cond)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, sdkCmp); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestConditionIsZero(t *testing.T) {
	for _, c := range []Condition{{}, And(), Or(Condition{}), Not(Condition{})} {
		if !c.IsZero() {
			t.Errorf("%+v.IsZero() = false", c)
		}
		if got, err := compile(c); err != nil || got.Texts[0] != "" || got.Names != nil {
			t.Errorf("empty condition compiled to %+v, %v", got, err)
		}
	}
	if Attr("a").Exists().IsZero() {
		t.Error("a condition is zero")
	}
}

func TestConditionErrors(t *testing.T) {
	tests := []struct {
		name  string
		parts []exprPart
	}{
		{"bad path", []exprPart{Attr("a..b").Exists()}},
		{"empty IN", []exprPart{Attr("a").In()}},
		{"unencodable value", []exprPart{Attr("a").Equal(make(chan int))}},
		{"condition as a value", []exprPart{Attr("a").Equal(Attr("a").Exists())}},
		{"update as a value", []exprPart{Attr("a").In(1, Set("b", 2))}},
		{"key condition as a value", []exprPart{Attr("a").Equal(Partition("x"))}},
		{"name placeholder without #", []exprPart{Expr("x = :v", Names{"x": "y"}, Values{":v": 1})}},
		{"value placeholder without :", []exprPart{Expr("x = v", Values{"v": 1})}},
		{"one placeholder, two names", []exprPart{Expr("#a = :v", Names{"#a": "x"}, Values{":v": 1}), Expr("#a = :w", Names{"#a": "y"}, Values{":w": 1})}},
		{"one value placeholder twice", []exprPart{Expr("a = :v", Values{":v": 1}), Expr("b = :v", Values{":v": 1})}},
	}
	for _, tt := range tests {
		if got, err := compile(tt.parts...); err == nil {
			t.Errorf("%s: compiled to %+v, want an error", tt.name, got)
		}
	}
}
