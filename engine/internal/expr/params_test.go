package expr

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestCheckUnusedMany checks the message naming 20,000 unused values: every
// key, built in memory proportional to its length (appending each key to a
// copy of the message so far took 2 GB and 47 s for 40,000 keys).
func TestCheckUnusedMany(t *testing.T) {
	const n = 20_000
	values := make(map[string]types.AttributeValue, n)
	for i := range n {
		values[":v"+strconv.Itoa(i)] = &types.AttributeValueMemberN{Value: "1"}
	}
	p := NewParams(nil, values)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := p.CheckUnused()
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("no error for unused values")
	}
	msg := err.Error()
	if got := strings.Count(msg, ":v"); got != n {
		t.Errorf("the message names %d values, want %d", got, n)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 20*uint64(len(msg)) {
		t.Errorf("building a %d-byte message allocated %d bytes", len(msg), allocated)
	}
}
