package difftest

import "testing"

// TestRandomWrites runs generated scenarios of single-item and multi-item
// writes and reads (see randomWritesScenario) whose steps declare no
// outcome, as TestRandomExpressions does, with the same DDB_DIFF_RANDOM
// and DDB_DIFF_SEED settings:
//
//	DDB_TEST_LOCAL=1 DDB_DIFF_SEED=S DDB_DIFF_RANDOM=N go test ./internal/difftest/ -run 'RandomWrites/scenario-I$'
//
// replays one.
func TestRandomWrites(t *testing.T) {
	runRandom(t, 8, randomWritesScenario)
}
