package wire

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestCompactValues(t *testing.T) {
	tests := []struct {
		body       string
		strs, nums int
	}{
		{``, 0, 0},
		{`{"a":{"S":"x"},"b":{"N":"1"},"c":{"S":""}}`, 2, 1},
		{`{"a":{"N":"1"}`, 0, 1},
		{`{"a":{"N":`, 0, 1},
		{`{"a":{"N"`, 0, 0}, // cut short: not counted
		{`{ "S": "x" }`, 0, 0},
		{`{"B":"eA=="},{"SS":["a"]},{"M":{"k":{"N":"2"}}}`, 0, 1},
		{`{"S":"{\"S\":\"nested\"}"}`, 1, 0}, // escaped text is no value
		{`{{{"S":"x"}`, 1, 0},
	}
	for _, tt := range tests {
		if strs, nums := compactValues(tt.body); strs != tt.strs || nums != tt.nums {
			t.Errorf("compactValues(%s) = %d, %d; want %d, %d", tt.body, strs, nums, tt.strs, tt.nums)
		}
	}
}

// TestReadPageSlabs checks that a page's strings and numbers are allocated
// one slab each: reading the page allocates what making its maps and list
// by hand does, and two slabs.
func TestReadPageSlabs(t *testing.T) {
	body := pageBody(20)
	byHand := testing.AllocsPerRun(100, func() {
		l := make([]map[string]types.AttributeValue, 0, 20)
		for range 20 {
			m := make(map[string]types.AttributeValue, 4)
			for _, k := range []string{"pk", "sk", "payload", "n"} {
				m[k] = nil
			}
			l = append(l, m)
		}
		sink = l
	})
	var r reader
	read := testing.AllocsPerRun(100, func() {
		r = newReader(body)
		var out dynamodb.QueryOutput
		readQuery(&r, &out)
		if r.Err() != nil || len(out.Items) != 20 {
			t.Fatal(r.Err())
		}
	})
	if want := byHand + 2; read != want {
		t.Errorf("reading a page of 20 items allocates %v times, want %v", read, want)
	}
	if len(r.strings.free) != 0 || len(r.numbers.free) != 0 {
		t.Errorf("%d strings and %d numbers left in the slabs, want none", len(r.strings.free), len(r.numbers.free))
	}
}

var sink any
