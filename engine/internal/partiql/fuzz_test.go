package partiql

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// FuzzStatement checks that no statement makes the parser or the binder
// panic or fail with anything but an *Error, and that a bound SELECT
// projects any item. The seed corpus is in testdata/fuzz/FuzzStatement.
func FuzzStatement(f *testing.F) {
	f.Add("SELECT a.b[1], c FROM T WHERE pk = ? AND sk > 1 ORDER BY sk DESC")
	f.Add(strings.Repeat("(", 100) + "a")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := Parse(text)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %T %v, want an *Error", text, err, err)
			}
			return
		}
		params := make([]types.AttributeValue, s.params)
		for i := range params {
			params[i] = av.S("x")
		}
		for _, k := range []Keys{keys, {Hash: "pk", HashType: "N"}} {
			p, err := s.Bind(params, k)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("Bind(%q) = %T %v, want an *Error", text, err, err)
				}
				continue
			}
			p.Project(item{"pk": av.S("x"), "a": av.M(item{"b": av.L(av.N("1"), av.N("2"))}), "l": av.L(av.S("y"))})
		}
	})
}

// Deeply nested expressions parse in time linear in their length.
func TestNestedParentheses(t *testing.T) {
	deep := "SELECT * FROM T WHERE " + strings.Repeat("(", 5000) + "a = 1" + strings.Repeat(")", 5000)
	if _, err := Parse(deep); err != nil {
		t.Fatal(err)
	}
}
