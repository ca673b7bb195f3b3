package expr

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestConditionAttributes(t *testing.T) {
	tests := []struct {
		expr  string
		attrs []string
		paths []string
	}{
		{"a = :v", []string{"a"}, []string{"[a]"}},
		{":v = :v", []string{}, nil},
		{"#n.b[1] = :v AND (c < d OR NOT a = :v)", []string{"name", "c", "d", "a"}, []string{"[name, b, [1]]", "[c]", "[d]", "[a]"}},
		{"size(m.x) > :v AND attribute_exists(l[0])", []string{"m", "l"}, []string{"[m, x]", "[l, [0]]"}},
		{"a BETWEEN b AND c.d", []string{"a", "b", "c"}, []string{"[a]", "[b]", "[c, d]"}},
		{"a IN (:v, a2) AND a2 = :v", []string{"a", "a2"}, []string{"[a]", "[a2]", "[a2]"}},
		{"begins_with(a.b, a.d) OR contains(a.c, :v)", []string{"a"}, []string{"[a, b]", "[a, d]", "[a, c]"}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			p := NewParams(map[string]string{"#n": "name"}, item{":v": av.N("1")})
			c, err := p.Filter(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.attrs, c.Attributes()); diff != "" {
				t.Errorf("Attributes (-want +got):\n%s", diff)
			}
			var paths []string
			for _, path := range c.Paths() {
				paths = append(paths, path.String())
			}
			if diff := cmp.Diff(tt.paths, paths); diff != "" {
				t.Errorf("Paths (-want +got):\n%s", diff)
			}
		})
	}
}
