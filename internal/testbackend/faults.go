package testbackend

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
	"github.com/ddbkit/ddb/internal/ddblocal"
)

// FaultBackend is a form of the engine whose fault rules and clock a test
// sets.
type FaultBackend struct {
	Backend
	Faults *engine.Faults
	Clock  *engine.Clock
}

// Faulty returns the embedded engine in each form a client reaches it,
// each a fresh in-memory database with its fault rules and clock: in
// process, retrying the faults it injects with retryer as the SDK's client
// would (engine.Options.Retryer), and served with its admin API as `ddb
// serve --admin` serves it, through an SDK client that retries with
// retryer.
func Faulty(t testing.TB, retryer aws.Retryer) []FaultBackend {
	t.Helper()
	mem := openEngine(t, engine.Options{Retryer: retryer})
	served := openEngine(t, engine.Options{})
	endpoint := serve(t, served, server.WithAdmin(served))
	client := dynamodb.New(ddblocal.NewClient(endpoint).Options(), func(o *dynamodb.Options) { o.Retryer = retryer })
	return []FaultBackend{
		{Backend{Name: Engine, API: mem, Streams: mem}, mem.Faults(), mem.Clock()},
		{Backend{Name: EngineServed, API: client, Streams: ddblocal.NewStreamsClient(endpoint)}, served.Faults(), served.Clock()},
	}
}
