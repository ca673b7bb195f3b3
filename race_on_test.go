//go:build race

package ddb

// raceDetector reports whether the tests run under the race detector,
// whose instrumentation allocates where a normal build does not.
const raceDetector = true
