package ddb

import (
	"strconv"
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

// TestParsedPathRendersEveryName checks the rendering of paths, plain
// names (which skip parsing) and nested ones, past the placeholders made
// in advance: every name gets one placeholder, reused when it repeats.
func TestParsedPathRendersEveryName(t *testing.T) {
	b := newExprBuilder(nil)
	want := map[string]string{}
	for i := range 40 {
		name := "attr-" + strconv.Itoa(i)
		got, err := b.parsedPath(name)
		ph := "#n" + strconv.Itoa(i)
		if err != nil || got != ph {
			t.Fatalf("parsedPath(%q) = %q, %v; want %q", name, got, err, ph)
		}
		want[ph] = name
	}
	got, err := b.parsedPath("attr-3.attr-39[2].next")
	if err != nil || got != "#n3.#n39[2].#n40" {
		t.Fatalf("nested path rendered %q, %v; want #n3.#n39[2].#n40", got, err)
	}
	want["#n40"] = "next"
	if diff := cmp.Diff(want, b.attributeNames()); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "a..b", "a["} {
		if _, err := b.parsedPath(bad); err == nil {
			t.Errorf("parsedPath(%q): no error", bad)
		}
	}
}
