package expr

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// nested wraps v in levels single-key maps {"m": ...}.
func nested(levels int, v types.AttributeValue) types.AttributeValue {
	for range levels {
		v = m(item{"m": v})
	}
	return v
}

// The cases mirror DynamoDB Local: an attribute value may hold 31 levels of
// maps and lists, counting the containers on the updated path.
func TestUpdateNesting(t *testing.T) {
	deep := "m" + strings.Repeat(".m", 30) // the scalar at the bottom of nested(30)
	tests := []struct {
		expr    string
		value   types.AttributeValue
		tooDeep bool
	}{
		{"SET " + deep + " = :v", s("y"), false},
		{"SET " + deep + " = :v", nested(1, s("y")), false},
		{"SET " + deep + " = :v", nested(2, s("y")), true},
		{"SET " + deep + " = :v", l(l()), true},
		{"SET " + deep + " = :v", l(), false},
		{"SET x = :v", nested(31, s("y")), false},
		{"SET x = list_append(:v, :v)", l(nested(30, s("y"))), false},
		{"SET m.m = list_append(:v, :v)", l(nested(29, s("y"))), false},
		{"SET m.m = list_append(:v, :v)", l(nested(30, s("y"))), true},
		{"SET x = if_not_exists(m, :v)", s("y"), false},
		{"SET m.m = m", s("y"), false},
		{"SET m.m.m = m", s("y"), true},
		{"SET m.m = m.m", s("y"), false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			u, err := NewParams(nil, item{":v": tt.value}).Update(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			_, err = u.Apply(item{"m": nested(30, s("x"))})
			want := ""
			if tt.tooDeep {
				want = "Nesting Levels have exceeded supported limits"
			}
			if got := message(t, err); got != want {
				t.Errorf("error %q, want %q", got, want)
			}
		})
	}
}
