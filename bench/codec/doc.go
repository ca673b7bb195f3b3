// Package codec compares the speed of the ddb codec with aws-sdk-go-v2's
// feature/dynamodb/attributevalue and github.com/guregu/dynamo/v2 on two
// items: the wallet (a UUID hash key and a balance) and a 12-attribute
// profile with a nested map, a list, a string set, a number set, a time and a
// UUID; each to and from attribute values, and to and from the item's
// DynamoDB JSON (what a request carries and a response returns).
//
// Cases returns the comparisons as benchmark functions; the command
// codeccompare runs them with testing.Benchmark and prints the medians as
// JSON for `ddb-bench -parts codec`, and the package's own benchmarks run the
// same functions under go test -bench. The compared libraries are
// dependencies of this module only, never of the ddb library.
package codec
