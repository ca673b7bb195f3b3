// Package bench holds the measuring tools of cmd/ddb-bench: server CPU time
// from /proc, latency percentiles, medians over repeated runs and the
// side-by-side tables with ratios to a baseline.
package bench
