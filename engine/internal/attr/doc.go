// Package attr implements DynamoDB attribute values for the engine: number
// normalization and exact arithmetic, validation of incoming values with
// DynamoDB's error messages, equality and ordering, item sizes, and the binary
// encoding of storage keys (stored items are encoded by internal/itemenc).
//
// Values are the SDK's own types.AttributeValue, so the in-process backend
// never converts between models. Numbers travel as strings; after Normalize
// every number is in canonical form: plain notation without exponent, no
// leading or trailing zeros, no sign on zero ("1.50" is "1.5", "1e3" is
// "1000", "-0" is "0"), which is the text DynamoDB returns.
//
// Where DynamoDB Local's wording differs from DynamoDB's, the messages follow
// DynamoDB; each such message says so beside its definition.
package attr
