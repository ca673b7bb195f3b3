// Package ddblocal obtains and runs DynamoDB Local, AWS's own DynamoDB
// emulator, as the reference the test suite compares the engine against.
//
// The emulator's jar is taken from the npm package amplify-dynamodb-simulator
// (pinned to PackageVersion and checked against a SHA-512), fetched once with
// `npm pack` into a cache directory outside the repository and unpacked there;
// several test binaries starting at the same moment share one download. Start
// runs it with `java` on a free port, or reuses the instance named by the
// DDB_LOCAL_ENDPOINT environment variable.
package ddblocal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// EndpointEnv names the environment variable that, when set (for example to
// http://127.0.0.1:8000), makes Start reuse that running DynamoDB Local
// instead of launching one.
const EndpointEnv = "DDB_LOCAL_ENDPOINT"

// Region is the region the clients of this package sign requests for.
const Region = "us-east-1"

// startTimeout bounds how long Start waits for a launched emulator to answer.
const startTimeout = 2 * time.Minute

// Instance is a reachable DynamoDB Local: either a process Start launched, or
// an existing instance named by DDB_LOCAL_ENDPOINT. It is safe for concurrent
// use.
type Instance struct {
	endpoint string
	client   *dynamodb.Client
	proc     *process // nil for a reused instance

	closeOnce sync.Once
	closeErr  error
}

// Start returns a running DynamoDB Local. If DDB_LOCAL_ENDPOINT is set it
// checks that the endpoint answers and uses it; otherwise it installs the
// emulator if needed (see Install) and launches it on a free local port. The
// caller must Close the instance; a launched emulator also dies with the
// process that started it, even if that process panics or is killed.
func Start(ctx context.Context) (*Instance, error) {
	if endpoint := os.Getenv(EndpointEnv); endpoint != "" {
		inst := newInstance(endpoint, nil)
		waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := inst.waitReady(waitCtx, nil); err != nil {
			return nil, fmt.Errorf("ddblocal: %s=%s does not answer: %w", EndpointEnv, endpoint, err)
		}
		return inst, nil
	}
	dir, err := Install(ctx)
	if err != nil {
		return nil, err
	}
	return launch(ctx, dir)
}

func newInstance(endpoint string, proc *process) *Instance {
	return &Instance{endpoint: endpoint, client: NewClient(endpoint), proc: proc}
}

// Endpoint returns the instance's base URL, such as http://127.0.0.1:41234.
func (i *Instance) Endpoint() string { return i.endpoint }

// Client returns a client for the instance, built by NewClient.
func (i *Instance) Client() *dynamodb.Client { return i.client }

// Close stops a launched emulator (its whole process group) and waits for it
// to exit; for a reused instance it does nothing. Close may be called more
// than once.
func (i *Instance) Close() error {
	i.closeOnce.Do(func() {
		if i.proc != nil {
			i.closeErr = i.proc.stop()
		}
	})
	return i.closeErr
}

// NewClient returns a DynamoDB client for a DynamoDB Local endpoint, shaped
// for tests: static dummy credentials, region us-east-1, no retries (a test
// must see every error the server returns, including throttling and 5xx),
// and a per-request timeout so that a hung emulator fails the test instead of
// stalling it.
func NewClient(endpoint string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("ddblocal", "ddblocal", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient: &http.Client{
			Timeout:   time.Minute,
			Transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second},
		},
	})
}

// waitReady polls ListTables until the instance answers, ctx ends, or exited
// (if not nil) is closed because the process died.
func (i *Instance) waitReady(ctx context.Context, exited <-chan struct{}) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		attemptCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, err := i.client.ListTables(attemptCtx, &dynamodb.ListTablesInput{Limit: aws.Int32(1)})
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), err)
		case <-exited:
			return errExited
		case <-tick.C:
		}
	}
}

// errExited reports that the emulator process ended before answering.
var errExited = errors.New("the emulator exited before answering")
