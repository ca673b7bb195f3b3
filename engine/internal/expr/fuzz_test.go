package expr

import (
	"strings"
	"testing"

	"github.com/ddbkit/ddb/internal/av"
)

// FuzzParse checks that no input makes a parser or compiler panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"a = :v", "((a = b))", "a IN (b, c)", "size(a) > :v AND NOT begins_with(#n, :v)", "a[1].b BETWEEN :v AND :v",
		"SET a = list_append(if_not_exists(l, :v), :v) REMOVE b[0] ADD c :v DELETE d :v", "a.b, c[1]", "pk = :v AND sk < :v", "a[99999999999999999999]",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		names := map[string]string{"#n": "x"}
		values := item{":v": av.S("x")}
		NewParams(names, values).Condition(text)
		NewParams(names, values).Update(text)
		NewParams(names, values).Projection(text)
		if k, err := NewParams(names, values).KeyCondition(text); err == nil {
			k.Match([]string{"pk"}, []string{"sk"})
		}
		if u, err := NewParams(names, values).Update(text); err == nil {
			u.Apply(sample())
		}
	})
}

// Deeply nested parentheses must parse in reasonable time, not by trying
// every combination of alternatives.
func TestNestedParentheses(t *testing.T) {
	deep := strings.Repeat("(", 200) + "a"
	for _, parse := range []func(string) error{
		func(s string) error { _, err := NewParams(nil, nil).Condition(s); return err },
		func(s string) error { _, err := NewParams(nil, nil).Update("SET a = " + s); return err },
	} {
		if err := parse(deep); err == nil {
			t.Errorf("%q parsed", deep)
		}
	}
}
