package difftest

import (
	"os"
	"strconv"
	"testing"
)

// TestRandomExpressions runs generated scenarios of update and condition
// expressions (see randomScenario); see runRandom for how many and how to
// replay one.
func TestRandomExpressions(t *testing.T) {
	runRandom(t, 12, randomScenario)
}

// runRandom runs generated scenarios, whose steps declare no outcome: with
// DDB_TEST_LOCAL=1 every answer is compared with DynamoDB Local's; without
// it the engine must just not panic.
//
// The scenarios are few by default (def), so that the suite stays fast.
// DDB_DIFF_RANDOM=N runs N of them for a deeper search, and DDB_DIFF_SEED
// sets the seed (the default is fixed); a failure prints both, and
// scenario-I is the same for a given seed whatever N is, so that
//
//	DDB_TEST_LOCAL=1 DDB_DIFF_SEED=S DDB_DIFF_RANDOM=N go test ./internal/difftest/ -run 'RandomExpressions/scenario-I$'
//
// replays one (RandomWrites, RandomStatements and RandomSearches likewise).
func runRandom(t *testing.T, def uint64, generate func(seed, index uint64) Scenario) {
	seed, count := envUint(t, "DDB_DIFF_SEED", 1), envUint(t, "DDB_DIFF_RANDOM", def)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("DDB_DIFF_SEED=%d DDB_DIFF_RANDOM=%d", seed, count)
		}
	})
	scenarios := make([]Scenario, count)
	for i := range scenarios {
		scenarios[i] = generate(seed, uint64(i))
	}
	Run(t, scenarios)
}

// envUint returns the environment variable name as a number, or def if it
// is unset.
func envUint(t *testing.T, name string, def uint64) uint64 {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, s, err)
	}
	return n
}
