package engine

import (
	"strings"
	"testing"
)

// TestUTF16Len checks that string lengths are counted in UTF-16 code units,
// as Java counts them, without allocating for long strings.
func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "é€": 2, "𝄞": 2, "a\xffb": 3} {
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
	long := strings.Repeat("𝄞", 1<<20)
	if allocs := testing.AllocsPerRun(1, func() { utf16Len(long) }); allocs != 0 {
		t.Errorf("utf16Len of 4 MB allocated %v times", allocs)
	}
}
