package expr

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestProjectionErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"", "Invalid ProjectionExpression: The expression can not be empty;"},
		{" ", `Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: " "`},
		{"a,b,", `Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","`},
		{"a b", `Invalid ProjectionExpression: Syntax error; token: "b", near: "a b"`},
		{"size(a)", `Invalid ProjectionExpression: Syntax error; token: "(", near: "size(a"`},
		{":v", `Invalid ProjectionExpression: Syntax error; token: ":v", near: ":v"`},
		{"a = b", `Invalid ProjectionExpression: Syntax error; token: "=", near: "a = b"`},
		{"#n", "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #n"},
		{"status", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status"},
		{"a.b, a", "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"},
		{"a, a", "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
		{"l[0], l", "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l]"},
		{"s[0], s.x", "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [s, [0]], path two: [s, x]"},
		// Of three paths, DynamoDB Local names the last and the nearest
		// before it that it conflicts with.
		{"x.x, x.b, x[0]", "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [x, b], path two: [x, [0]]"},
		{"x[0], x.b, x.x", "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [x, [0]], path two: [x, x]"},
		{"x.x, x[0], x.b", "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [x, [0]], path two: [x, b]"},
	}
	for _, tt := range tests {
		_, err := NewParams(nil, nil).Projection(tt.expr)
		if diff := cmp.Diff(tt.want, message(t, err)); diff != "" {
			t.Errorf("Projection(%q) error (-want +got):\n%s", tt.expr, diff)
		}
	}
}

// Results recorded from DynamoDB Local's GetItem with the same item.
func TestProjectionApply(t *testing.T) {
	tests := []struct {
		expr  string
		want  item
		attrs []string
	}{
		{"l[1], l[0], m.y, m.x, nope, m.nope, s", item{"l": av.L(av.N("2"), av.N("3")), "m": av.M(item{"x": av.N("1"), "y": av.M(item{})}), "s": av.S("str")}, []string{"l", "m", "nope", "s"}},
		{"l[2], l[5], m.x.q", item{}, []string{"l", "m"}},
		{"l[1], #k", item{"l": av.L(av.N("3")), "n": av.N("5")}, []string{"l", "n"}},
		{"a.b, a.c", item{}, []string{"a"}},
	}
	it := updateItem()
	it["l"] = av.L(av.N("2"), av.N("3"))
	for _, tt := range tests {
		p, err := NewParams(map[string]string{"#k": "n"}, nil).Projection(tt.expr)
		if err != nil {
			t.Fatalf("Projection(%q): %v", tt.expr, err)
		}
		if diff := cmp.Diff(tt.want, p.Apply(it), cmpValues); diff != "" {
			t.Errorf("Projection(%q).Apply (-want +got):\n%s", tt.expr, diff)
		}
		if diff := cmp.Diff(tt.attrs, p.Attributes()); diff != "" {
			t.Errorf("Projection(%q).Attributes (-want +got):\n%s", tt.expr, diff)
		}
	}
}
