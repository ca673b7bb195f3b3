package ddb

import (
	"io"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// DB is a connection to one DynamoDB backend: AWS, any DynamoDB-compatible
// endpoint, or the embedded engine. It is safe for concurrent use; every table
// made from it shares its client.
type DB struct {
	api         API        // the backend, observed by the hooks when there are any
	backend     API        // the backend as given
	hooks       []Hook     // WithHook
	streams     StreamsAPI // nil when the DB has no Streams client
	closer      io.Closer  // what Open started for a registered scheme, or nil
	logger      *slog.Logger
	waitTimeout time.Duration
	retry       retryPolicy      // for the unprocessed items of batches
	clock       func() time.Time // WithClock; nil for time.Now
	httpClient  aws.HTTPClient   // WithHTTPClient, read by Open
}

// Option configures a DB.
type Option func(*DB)

// WithLogger sets the logger for the library's messages (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(db *DB) { db.logger = l }
}

// WithWaitTimeout bounds how long table creation and deletion wait for the
// table to become ACTIVE or to disappear (default 10 minutes).
func WithWaitTimeout(d time.Duration) Option {
	return func(db *DB) { db.waitTimeout = d }
}

// WithHTTPClient sets the HTTP client that Open's clients for http://,
// https:// and aws:// URLs send requests with (default: aws-sdk-go-v2's),
// such as one with a timeout for each request:
//
//	awshttp.NewBuildableClient().WithTimeout(time.Minute)
//
// A DB made by New keeps its client's own.
func WithHTTPClient(c aws.HTTPClient) Option {
	return func(db *DB) { db.httpClient = c }
}

// New returns a DB that sends its requests to api: an aws-sdk-go-v2
// *dynamodb.Client, the embedded engine, or any other implementation of API.
// An api that also implements StreamsAPI (the engine) serves Changes too;
// for a DynamoDB client, pass its Streams client with WithStreams.
func New(api API, opts ...Option) *DB {
	db := &DB{api: api, backend: api, logger: slog.Default(), waitTimeout: 10 * time.Minute, retry: defaultRetry}
	if s, ok := api.(StreamsAPI); ok {
		db.streams = s // the embedded engine serves both
	}
	for _, opt := range opts {
		opt(db)
	}
	if len(db.hooks) > 0 {
		db.api = &observed{API: api, hooks: db.hooks}
	}
	return db
}

// API returns the backend the DB sends its requests to, for calls the
// library does not wrap; the hooks do not see them.
func (db *DB) API() API { return db.backend }

// Close releases what Open started: the embedded engine, or the idle
// connections of the client Open made for a remote endpoint. It does
// nothing for a DB made with New.
func (db *DB) Close() error {
	if db.closer == nil {
		return nil
	}
	return db.closer.Close()
}

// API is the part of the DynamoDB API the library calls: CreateTable,
// DescribeTable, DeleteTable, UpdateTable, ListTables, UpdateTimeToLive,
// DescribeTimeToLive, GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan,
// BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems and the
// PartiQL operations ExecuteStatement, BatchExecuteStatement and
// ExecuteTransaction. Its
// methods have exactly the signatures of aws-sdk-go-v2's *dynamodb.Client, so
// a client for AWS or for any DynamoDB-compatible endpoint satisfies it, and
// so does the embedded engine (*engine.DB), which serves the calls
// in-process.
type API = dynamo.API
