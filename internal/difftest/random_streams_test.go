package difftest

import "testing"

// TestRandomStreams runs generated scenarios of writes to a table with a
// stream (see randomStreamsScenario), each ending in a read of the whole
// stream and of iterators at the sequence numbers it holds (see
// streamRead), as TestRandomExpressions does for expressions and with the
// same variables:
//
//	DDB_TEST_LOCAL=1 DDB_DIFF_SEED=S DDB_DIFF_RANDOM=N go test ./internal/difftest/ -run 'RandomStreams/scenario-I$'
//
// replays one scenario.
func TestRandomStreams(t *testing.T) { runRandom(t, 4, randomStreamsScenario) }
