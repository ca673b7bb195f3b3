//go:build !race

package ddb

// raceDetector reports whether the tests run under the race detector.
const raceDetector = false
