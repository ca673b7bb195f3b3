package ddb

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		in   string
		want docPath
	}{
		{"a", docPath{{name: "a"}}},
		{"a.b", docPath{{name: "a"}, {name: "b"}}},
		{"a.b[1].c", docPath{{name: "a"}, {name: "b"}, {index: 1, list: true}, {name: "c"}}},
		{"m[0][12]", docPath{{name: "m"}, {index: 0, list: true}, {index: 12, list: true}}},
		{"my-attr:x", docPath{{name: "my-attr:x"}}},
	}
	for _, tt := range tests {
		got, err := parsePath(tt.in)
		if err != nil {
			t.Errorf("parsePath(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(pathElem{})); diff != "" {
			t.Errorf("parsePath(%q) (-want +got):\n%s", tt.in, diff)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("parsePath(%q).String() = %q", tt.in, s)
		}
	}
}

func TestParsePathErrors(t *testing.T) {
	for _, in := range []string{"", ".a", "a.", "a..b", "[1]", "a[", "a[x]", "a[-1]", "a[+1]", "a[]", "a]", "a[1]b", "a.[1]"} {
		if p, err := parsePath(in); err == nil {
			t.Errorf("parsePath(%q) = %v, want an error", in, p)
		}
	}
}
