// Package ddbtest gives each test its own DynamoDB in one line:
//
//	func TestOrders(t *testing.T) {
//		t.Parallel()
//		db := ddbtest.New(t)
//		orders := ddbtest.Table[Order](t, db, "orders")
//		ddbtest.Seed(t, orders, Order{Customer: "ann", OrderID: 1})
//		... // the code under test uses db, or tables declared on it
//	}
//
// By default New starts a fresh embedded engine in memory for the test,
// closed when the test ends: tests share nothing and need no setup. When
// DDB_URL names an endpoint (http://host:port for `ddb serve` or DynamoDB
// Local, aws://region for AWS), the same tests run against it instead,
// each in a namespace of its own: every table name the test uses, through
// the DB (tables it declares, the code under test, raw calls to DB.API),
// gets a prefix unique to the test on the wire, and ListTables lists the
// test's tables only, so tests running in parallel on one endpoint never
// meet. DDB_URL=file:// runs each test on a fresh engine on disk, in the
// test's temporary directory; DDB_URL=mem:// is the default.
//
// Tables the test creates through the DB are deleted when it ends (on an
// endpoint; an engine is dropped whole). Table creates a table from its
// declaration and returns it ready; Seed writes items into it. Everything
// is safe under t.Parallel.
//
// Engine returns the embedded engine behind a DB, for what only the engine
// offers (OnChange handlers, and the engine's options given with
// WithEngine, such as its clock).
package ddbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
)

// Option configures New.
type Option func(*config)

type config struct {
	engine engine.Options
	db     []ddb.Option
}

// WithEngine sets the options of the embedded engine New starts (its
// clock, status delays, TTL sweeps; Dir is chosen by New). They do not
// apply when DDB_URL names an endpoint.
func WithEngine(opts engine.Options) Option {
	return func(c *config) { c.engine = opts }
}

// WithDBOptions passes options to the DB New returns (a logger, a wait
// timeout).
func WithDBOptions(opts ...ddb.Option) Option {
	return func(c *config) { c.db = append(c.db, opts...) }
}

// New returns a DB of the test's own (see the package documentation): a
// fresh embedded engine, or a namespace of the endpoint DDB_URL names. It
// is released, and the tables created through it deleted, when the test
// ends. A DDB_URL New cannot open fails the test.
func New(t testing.TB, opts ...Option) *ddb.DB {
	t.Helper()
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	url := os.Getenv(ddb.EnvURL)
	scheme, _, _ := strings.Cut(url, "://")
	switch strings.ToLower(scheme) {
	case "", "mem":
		return newEngine(t, cfg)
	case "file":
		cfg.engine.Dir = t.TempDir()
		return newEngine(t, cfg)
	}
	return newNamespace(t, url, cfg)
}

// newEngine returns a DB on a fresh engine closed when t ends.
func newEngine(t testing.TB, cfg config) *ddb.DB {
	t.Helper()
	e, err := engine.Open(cfg.engine)
	if err != nil {
		t.Fatalf("ddbtest: open the engine: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("ddbtest: close the engine: %v", err)
		}
	})
	return ddb.New(e, cfg.db...)
}

// cleanupTimeout bounds the deletion of a test's tables on an endpoint.
const cleanupTimeout = 2 * time.Minute

// newNamespace returns a DB on the endpoint url whose table names get a
// prefix of t's, and deletes the tables created through it when t ends.
func newNamespace(t testing.TB, url string, cfg config) *ddb.DB {
	t.Helper()
	remote, err := ddb.Open(t.Context(), url)
	if err != nil {
		t.Fatalf("ddbtest: %s=%s: %v", ddb.EnvURL, url, err)
	}
	n := &namespaced{api: remote.API(), prefix: Prefix(t)}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		for _, name := range n.createdTables() {
			if err := dropTable(ctx, remote.API(), name); err != nil {
				t.Errorf("ddbtest: delete table %s: %v", name, err)
			}
		}
		if err := remote.Close(); err != nil {
			t.Errorf("ddbtest: %v", err)
		}
	})
	return ddb.New(n, append([]ddb.Option{ddb.WithStreams(remote.Streams())}, cfg.db...)...)
}

// dropTable deletes the table name unless it is gone already, first
// waiting until it can be deleted (a table being created or updated
// cannot).
func dropTable(ctx context.Context, api ddb.API, name string) error {
	for pause := 20 * time.Millisecond; ; pause = min(2*pause, time.Second) {
		_, err := api.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
		var notFound *types.ResourceNotFoundException
		var inUse *types.ResourceInUseException
		switch {
		case err == nil, errors.As(err, &notFound):
			return nil
		case !errors.As(err, &inUse):
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// maxPrefixName bounds the part of a prefix taken from the test's name,
// leaving more than 200 of DynamoDB's 255 characters to table names.
const maxPrefixName = 40

// Prefix returns a new table-name prefix for t, as New gives each test on
// an endpoint: the test's name in the characters DynamoDB allows in table
// names (others become '_', and it is cut to 40), then a random suffix and
// a dot, e.g. "TestOrders_parallel-3f2a9c1b.".
func Prefix(t testing.TB) string {
	clean := []byte(t.Name())
	for i, c := range clean {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			clean[i] = '_'
		}
	}
	if len(clean) > maxPrefixName {
		clean = clean[:maxPrefixName]
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	return string(clean) + "-" + hex.EncodeToString(suffix) + "."
}

// Table declares the table name of items T on db (see ddb.NewTable),
// creates it, waiting until it is ready, and deletes it when the test
// ends. A mistake in the declaration, or a failure to create the table,
// fails the test.
func Table[T any](t testing.TB, db *ddb.DB, name string, opts ...ddb.TableOption) *ddb.Table[T] {
	t.Helper()
	table, err := ddb.NewTable[T](db, name, opts...)
	if err != nil {
		t.Fatalf("ddbtest: %v", err)
	}
	if err := table.Create(t.Context()); err != nil {
		t.Fatalf("ddbtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := table.DeleteTable(ctx); err != nil && !errors.Is(err, ddb.ErrTableNotFound) {
			t.Errorf("ddbtest: %v", err)
		}
	})
	return table
}

// Seed writes items into table (a *ddb.Table[T] or *ddb.Entity[T]) with a
// batch write, failing the test if it fails.
func Seed[T any](t testing.TB, table interface {
	BatchWrite() *ddb.TableWriteBatch[T]
}, items ...T) {
	t.Helper()
	if err := table.BatchWrite().Put(items...).Run(t.Context()); err != nil {
		t.Fatalf("ddbtest: Seed: %v", err)
	}
}

// Engine returns the embedded engine db sends its requests to, for what
// only the engine offers, and skips the test when db talks to an endpoint
// (DDB_URL): such a test needs the engine in-process.
func Engine(t testing.TB, db *ddb.DB) *engine.DB {
	t.Helper()
	e, ok := db.API().(*engine.DB)
	if !ok {
		t.Skipf("ddbtest: the test needs the embedded engine; %s=%s", ddb.EnvURL, os.Getenv(ddb.EnvURL))
	}
	return e
}
