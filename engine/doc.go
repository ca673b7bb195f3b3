// Package engine is an embedded, DynamoDB-compatible database. A *DB has the
// method signatures of aws-sdk-go-v2's *dynamodb.Client, takes and returns the
// SDK's own input, output and error types, and keeps its data in memory or
// durably on disk (engine/storage). Its operations honour their context as
// the SDK client does: an operation whose context ends fails with the
// client's error for that (matching context.Canceled or
// context.DeadlineExceeded) and has changed nothing.
//
// Reads keep items in their storage encoding and decode only what filters,
// projections and keys need; the SDK methods decode the items they return.
// The *Encoded methods (GetItemEncoded, QueryEncoded, ...) hand the
// encodings to engine/server instead, which writes them as JSON
// (server.EncodedReads), and to the library's typed reads, which decode them
// into structs (internal/itemenc); the *JSON methods (GetItemJSON,
// QueryJSON, ...) write them as DynamoDB JSON, for callers that want the
// wire form; other callers want the SDK methods.
//
// For tests, a DB injects faults deterministically and runs on a clock that
// can be moved. Fault rules (DB.Faults) make chosen calls, by operation,
// table, item key and call number, or a seeded random share of them, fail
// with DynamoDB's throttling, internal and transaction conflict errors,
// wait, or leave batch items unprocessed; Options.Retryer retries them
// in-process as the SDK's client would. The clock (DB.Clock) moves forward
// at run time, and time to live, stream retention, shard rollover,
// iterator expiry and table timestamps follow it. engine/server serves the
// same controls over HTTP (`ddb serve --admin`).
//
// # Anatomy of a request
//
// A PutItem sent to `ddb serve` (cmd/ddb) travels as follows. The server
// (engine/server) accepts the connection in listen.go, and conn.go reads
// each request from it: http_request.go parses the request line, headers
// and body within the server's limits (limits.go), content_encoding.go
// inflates a compressed body, and auth.go checks the signature when the
// server was started with credentials. call.go finds the operation named
// by X-Amz-Target in the table of operations.go, whose decoder (decode.go,
// compiled once per input type) turns the JSON body into the SDK's
// *dynamodb.PutItemInput, refusing values nested deeper than DynamoDB
// allows as soon as it meets them.
//
// The operation is then the method of the same name on *DB, which
// in-process callers reach directly: the library's ddb.Open("mem://") and
// ddb.Open("file://...") hand it to the table library as its backend, so a
// Table's Put calls (*DB).PutItemJSON, PutItem with the item as JSON,
// with no server in between; the encoding made from an item already in
// normal form is stored as it is (docs/decisions/encoded-puts.md).
// PutItem (put_item.go) starts the call with begin (call.go: context, fault rules,
// the clock), checks the request's shape (validate_request.go), and
// preparePut compiles its condition through the expression cache
// (params.go, engine/internal/expr) and normalizes the item
// (engine/internal/attr, validate_item.go). writeOne (item_write.go) takes
// the item's lock (locks.go), reads the stored item, evaluates the
// condition and stages the new rows: the item, its index entries, stream
// and point-in-time records and count changes (write.go, stage). commit
// applies them as one atomic batch to the store (engine/internal/storage:
// memory, or Pebble on disk), finish releases the lock and, on disk, waits
// for the batch to be durable: writers waiting together share one fsync
// (group commit). Only then is the answer returned, and the server encodes
// it (encode.go) and writes it back on the connection.
//
// A Query takes the same road to (*DB).Query (query.go). prepareQuery
// compiles its key condition, filter and projection (search_prepare.go,
// search_options.go, validate_search.go), keyRange turns the key condition
// into a range of row keys in the table or index, and searchPage
// (search_page.go) reads that range from the store in key order, applying
// the filter and projection to each stored item without decoding more of
// it than they need, until the page's limit or 1 MB. The server asks for
// the page's items still in their storage encoding (QueryEncoded) and
// writes them as JSON straight from those bytes (engine/server
// encoded_item.go); in-process callers get SDK values.
package engine
