package testbackend

import (
	"net/http"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/ddblocal"
	"github.com/ddbkit/ddb/internal/wire"
)

// leanClient returns the library's own client (what ddb.Open uses for
// http:// URLs) for endpoint, shaped for tests as ddblocal.NewClient shapes
// the SDK's: dummy credentials, no retries, a timeout per request.
func leanClient(endpoint string) *wire.Client {
	opts := ddblocal.NewClient(endpoint).Options()
	opts.HTTPClient = leanHTTPClient()
	return wire.New(opts)
}

// leanStreamsClient returns the library's own Streams client for endpoint,
// shaped as leanClient.
func leanStreamsClient(endpoint string) *wire.StreamsClient {
	opts := ddblocal.NewStreamsClient(endpoint).Options()
	opts.HTTPClient = leanHTTPClient()
	return wire.NewStreams(opts)
}

// leanHTTPClient is the HTTP client whose transport settings the library's
// clients take in tests: ddblocal's.
func leanHTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTimeout(time.Minute).WithTransportOptions(func(tr *http.Transport) {
		tr.MaxIdleConnsPerHost = 64
		tr.IdleConnTimeout = 30 * time.Second
	})
}

// engineLean serves a fresh in-memory engine over HTTP, as `ddb serve`
// does, reached through the library's client; both stop when t ends.
func engineLean(t testing.TB) Backend {
	t.Helper()
	endpoint := serve(t, openEngine(t, engine.Options{}))
	client, streams := leanClient(endpoint), leanStreamsClient(endpoint)
	t.Cleanup(func() {
		client.Close()
		streams.Close()
	})
	return Backend{Name: EngineLean, API: client, Streams: streams}
}

// localLean is this test binary's DynamoDB Local through the library's
// client, with table-level operations serialized (see serialTables).
func localLean(t testing.TB) Backend {
	t.Helper()
	LocalClient(t) // starts the emulator
	shared.leanOnce.Do(func() {
		shared.lean, shared.leanStreams = leanClient(shared.inst.Endpoint()), leanStreamsClient(shared.inst.Endpoint())
	})
	return Backend{Name: LocalLean, API: serialTables{API: shared.lean, mu: &shared.tables}, Streams: shared.leanStreams}
}
