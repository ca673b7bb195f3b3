// Package codecbench compares the speed of the ddb codec with aws-sdk-go-v2's
// feature/dynamodb/attributevalue and github.com/guregu/dynamo/v2 on the two
// items of issue 5: the wallet (a UUID hash key and a balance) and a
// 12-attribute profile with a nested map, a list, a string set, a number set,
// a time and a UUID.
//
// Cases returns the comparisons as benchmark functions that a command runs
// with testing.Benchmark (cmd/ddb-bench prints them side by side); the
// package's own benchmarks run the same functions under go test -bench. The
// two compared libraries are dependencies of this package only: the ddb
// library does not import them.
package codecbench
