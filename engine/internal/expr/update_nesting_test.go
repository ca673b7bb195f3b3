package expr

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// nested wraps v in levels single-key maps {"m": ...}.
func nested(levels int, v types.AttributeValue) types.AttributeValue {
	for range levels {
		v = av.M(item{"m": v})
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
		{"SET " + deep + " = :v", av.S("y"), false},
		{"SET " + deep + " = :v", nested(1, av.S("y")), false},
		{"SET " + deep + " = :v", nested(2, av.S("y")), true},
		{"SET " + deep + " = :v", av.L(av.L()), true},
		{"SET " + deep + " = :v", av.L(), false},
		{"SET x = :v", nested(31, av.S("y")), false},
		{"SET x = list_append(:v, :v)", av.L(nested(30, av.S("y"))), false},
		{"SET m.m = list_append(:v, :v)", av.L(nested(29, av.S("y"))), false},
		{"SET m.m = list_append(:v, :v)", av.L(nested(30, av.S("y"))), true},
		{"SET x = if_not_exists(m, :v)", av.S("y"), false},
		{"SET m.m = m", av.S("y"), false},
		{"SET m.m.m = m", av.S("y"), true},
		{"SET m.m = m.m", av.S("y"), false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			u, err := NewParams(nil, item{":v": tt.value}).Update(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			_, err = u.Apply(item{"m": nested(30, av.S("x"))})
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
