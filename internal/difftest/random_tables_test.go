package difftest

import "testing"

// TestRandomTables runs generated scenarios of the control plane (see
// randomTablesScenario) whose steps declare no outcome: with
// DDB_TEST_LOCAL=1 every answer is compared with DynamoDB Local's; without
// it the engine must just not panic. DDB_DIFF_RANDOM and DDB_DIFF_SEED work
// as for TestRandomExpressions:
//
//	DDB_TEST_LOCAL=1 DDB_DIFF_SEED=S DDB_DIFF_RANDOM=N go test ./internal/difftest/ -run 'RandomTables/scenario-I$'
//
// replays one.
func TestRandomTables(t *testing.T) {
	runRandom(t, 8, randomTablesScenario)
}
