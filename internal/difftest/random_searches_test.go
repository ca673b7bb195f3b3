package difftest

import "testing"

// TestRandomSearches runs generated scenarios of Query and Scan calls (see
// randomSearchScenario); see runRandom for how many and how to replay one.
func TestRandomSearches(t *testing.T) {
	runRandom(t, 4, randomSearchScenario)
}
