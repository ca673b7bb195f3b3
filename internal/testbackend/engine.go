package testbackend

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
	"github.com/ddbkit/ddb/internal/ddblocal"
)

// Names of the forms of the engine Engines returns.
const (
	EngineDisk   = "engine-disk"
	EngineServed = "engine-served"
)

// engineAPI opens a fresh in-memory engine that is closed when t ends; it
// serves both the DynamoDB and the Streams API.
func engineAPI(t testing.TB) *engine.DB {
	t.Helper()
	return openEngine(t, engine.Options{})
}

// openEngine opens an engine that is closed when t ends.
func openEngine(t testing.TB, opts engine.Options) *engine.DB {
	t.Helper()
	db, err := engine.Open(opts)
	if err != nil {
		t.Fatalf("engine.Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("engine Close: %v", err)
		}
	})
	return db
}

// Engines returns the embedded engine in each of its forms, each a fresh
// database released when the test ends: in memory (what mem:// opens), on
// disk in a temporary directory (file://), and served over HTTP the way
// `ddb serve` serves it (engine/server's connection loop on a local port),
// reached through the SDK's clients.
func Engines(t testing.TB) []Backend {
	t.Helper()
	mem, disk := engineAPI(t), openEngine(t, engine.Options{Dir: t.TempDir()})
	endpoint := serve(t, openEngine(t, engine.Options{}))
	return []Backend{
		{Name: Engine, API: mem, Streams: mem},
		{Name: EngineDisk, API: disk, Streams: disk},
		{Name: EngineServed, API: ddblocal.NewClient(endpoint), Streams: ddblocal.NewStreamsClient(endpoint)},
	}
}

// serve serves api over HTTP on a local port until t ends and returns its
// endpoint.
func serve(t testing.TB, api server.Backend, opts ...server.Option) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(api, opts...)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("server Shutdown: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("server Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}
