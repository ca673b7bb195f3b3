// Package conformance pins, as tests, the behaviour real DynamoDB shows for
// item operations (GetItem, PutItem, UpdateItem, DeleteItem, the batch
// operations, transactions and TTL): results, error types and exact error
// messages. Every test runs against the embedded engine called directly, the
// engine behind its HTTP server through the SDK client, and DynamoDB Local
// when DDB_TEST_LOCAL=1 (see internal/testbackend). Where DynamoDB Local is
// known to differ from DynamoDB, the case is skipped on Local with the reason.
package conformance
