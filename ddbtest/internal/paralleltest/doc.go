// Package paralleltest holds tests only: fifty tests running in parallel,
// each with tables of its own made by ddbtest, that pass on the embedded
// engine (the default) and, run with DDB_URL pointing at `ddb serve`,
// side by side on one server. ddbtest's TestParallelTestsOnServe runs
// them that way.
package paralleltest
