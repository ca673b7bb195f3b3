//go:build race

package server

// raceDetector reports whether the tests run under the race detector,
// whose instrumentation makes allocations larger than in a normal build.
const raceDetector = true
