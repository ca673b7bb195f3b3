package testbackend

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/ddblocal"
	"github.com/ddbkit/ddb/internal/wire"
)

// localStartTimeout bounds the first start of DynamoDB Local, which may
// include downloading it.
const localStartTimeout = 5 * time.Minute

// shared is this test binary's DynamoDB Local, started on first use.
var shared struct {
	once   sync.Once
	inst   *ddblocal.Instance
	err    error
	tables sync.Mutex // see serialTables

	leanOnce    sync.Once
	lean        *wire.Client        // the library's client for inst
	leanStreams *wire.StreamsClient // and its Streams client
}

// LocalClient returns a client for this test binary's DynamoDB Local,
// starting it on first use (or reusing DDB_LOCAL_ENDPOINT). It fails the test
// if the emulator cannot be started.
func LocalClient(t testing.TB) *dynamodb.Client {
	t.Helper()
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), localStartTimeout)
		defer cancel()
		shared.inst, shared.err = ddblocal.Start(ctx)
	})
	if shared.err != nil {
		t.Fatalf("DynamoDB Local (%s=1) is unavailable: %v", LocalEnv, shared.err)
	}
	if shared.inst.Exited() {
		t.Fatalf("DynamoDB Local (%s=1) has exited; the end of its output:\n%s", LocalEnv, shared.inst.Output())
	}
	return shared.inst.Client()
}

// localAPI is LocalClient with table-level operations serialized (see
// serialTables): the form All hands out.
func localAPI(t testing.TB) ddb.API {
	t.Helper()
	return serialTables{API: LocalClient(t), mu: &shared.tables}
}

// Main runs the tests and stops the shared DynamoDB Local, if one was
// started, before exiting with the tests' status. Use it as TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if shared.inst != nil {
		if err := shared.inst.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "testbackend:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}
