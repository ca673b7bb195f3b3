// Package testbackend gives tests the backends they must pass against: the
// in-memory embedded engine, called in-process and over HTTP through the
// library's own client (as ddb.Open reaches `ddb serve`), always; and
// DynamoDB Local, the reference, through the SDK's client and the library's,
// when DDB_TEST_LOCAL=1 (as in the full suite, scripts/test).
//
// A test binary that uses DynamoDB Local shares one emulator between its
// tests, started on first use; call Main from TestMain to stop it at exit:
//
//	func TestMain(m *testing.M) { testbackend.Main(m) }
package testbackend

import (
	"os"
	"testing"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/ddblocal"
)

// Backend names.
const (
	Engine     = "engine"              // the engine, in-process
	EngineLean = "engine-http-lean"    // the engine over HTTP, the library's client
	Local      = "dynamodb-local"      // DynamoDB Local, the SDK's client
	LocalLean  = "dynamodb-local-lean" // DynamoDB Local, the library's client
)

// IsLocal reports whether the backend named name is DynamoDB Local, through
// either client.
func IsLocal(name string) bool { return name == Local || name == LocalLean }

// LocalEnv names the environment variable that, set to 1, adds DynamoDB Local
// to the backends. DDB_LOCAL_ENDPOINT (see package ddblocal) points it at an
// already running instance instead of a private one.
const LocalEnv = "DDB_TEST_LOCAL"

// Backend is one implementation of ddb.API to run a test against.
type Backend struct {
	Name string
	API  ddb.API
	// Streams serves the backend's DynamoDB Streams API.
	Streams ddb.StreamsAPI
}

// DB returns a DB for the backend, with its Streams client.
func (b Backend) DB(opts ...ddb.Option) *ddb.DB {
	return ddb.New(b.API, append([]ddb.Option{ddb.WithStreams(b.Streams)}, opts...)...)
}

// LocalEnabled reports whether tests must also run against DynamoDB Local.
func LocalEnabled() bool { return os.Getenv(LocalEnv) == "1" }

// All returns every backend the calling test must run against, each ready to
// use and released when the test ends. The engine is a fresh in-memory
// database per call (one in-process, one over HTTP); DynamoDB Local is
// shared by the whole test binary, so tests must use table names of their
// own (see CreateTable). If DynamoDB Local is enabled but cannot be
// started, the test fails.
func All(t testing.TB) []Backend {
	t.Helper()
	e := engineAPI(t)
	backends := []Backend{{Name: Engine, API: e, Streams: e}, engineLean(t)}
	if LocalEnabled() {
		backends = append(backends,
			Backend{Name: Local, API: localAPI(t), Streams: ddblocal.NewStreamsClient(shared.inst.Endpoint())},
			localLean(t))
	}
	return backends
}
