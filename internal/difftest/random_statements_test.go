package difftest

import "testing"

// TestRandomStatements runs generated scenarios of PartiQL statements
// (see randomStatementScenario) whose steps declare no outcome, as
// TestRandomExpressions does for expressions and with the same variables:
//
//	DDB_TEST_LOCAL=1 DDB_DIFF_SEED=S DDB_DIFF_RANDOM=N go test ./internal/difftest/ -run 'RandomStatements/scenario-I$'
//
// replays one scenario.
func TestRandomStatements(t *testing.T) { runRandom(t, 12, randomStatementScenario) }
