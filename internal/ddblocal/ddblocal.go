// Package ddblocal obtains and runs DynamoDB Local, AWS's own DynamoDB
// emulator, as the reference the test suite compares the engine against.
//
// The emulator's jar is taken from the npm package amplify-dynamodb-simulator
// (pinned to PackageVersion and checked against a SHA-512), fetched once with
// `npm pack` into a cache directory outside the repository and unpacked there;
// several test binaries starting at the same moment share one download (see
// proc.CacheRoot). Launch runs it with `java` on a free port; Start, for
// tests, reuses the instance named by the DDB_LOCAL_ENDPOINT environment
// variable instead when it is set.
package ddblocal

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/ddbkit/ddb/internal/proc"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

// EndpointEnv names the environment variable that, when set (for example to
// http://127.0.0.1:8000), makes Start reuse that running DynamoDB Local
// instead of launching one.
const EndpointEnv = "DDB_LOCAL_ENDPOINT"

// Region is the region the clients of this package sign requests for.
const Region = "us-east-1"

// readyInterval is how often Start and Launch probe the instance until it
// answers.
const readyInterval = 10 * time.Millisecond

// Instance is a reachable DynamoDB Local: either a process Launch started, or
// an existing instance named by DDB_LOCAL_ENDPOINT. It is safe for concurrent
// use.
type Instance struct {
	endpoint string
	client   *dynamodb.Client
	process  *proc.Process // nil for a reused instance
}

// Start returns a running DynamoDB Local for tests. If DDB_LOCAL_ENDPOINT is
// set it checks that the endpoint answers and uses it; otherwise it launches
// a private emulator (see Launch) with the serial garbage collector, which
// keeps the JVM small on machines shared by many test binaries. The caller
// must Close the instance.
func Start(ctx context.Context) (*Instance, error) {
	endpoint := os.Getenv(EndpointEnv)
	if endpoint == "" {
		return Launch(ctx, "-XX:+UseSerialGC")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := proc.WaitReady(ctx, nil, readyInterval, func(ctx context.Context) error { return proc.Ping(ctx, endpoint) })
	if err != nil {
		return nil, fmt.Errorf("ddblocal: %s=%s does not answer: %w", EndpointEnv, endpoint, err)
	}
	return newInstance(endpoint, nil), nil
}

// newInstance describes the instance at endpoint, served by p (nil for a
// reused instance).
func newInstance(endpoint string, p *proc.Process) *Instance {
	return &Instance{endpoint: endpoint, client: NewClient(endpoint), process: p}
}

// Endpoint returns the instance's base URL, such as http://127.0.0.1:41234.
func (i *Instance) Endpoint() string { return i.endpoint }

// Client returns a client for the instance, built by NewClient.
func (i *Instance) Client() *dynamodb.Client { return i.client }

// PID returns the id of the java process of a launched emulator (whose CPU
// time a benchmark can read), or 0 for a reused instance.
func (i *Instance) PID() int {
	if i.process == nil {
		return 0
	}
	return i.process.PID()
}

// Output returns the end of what a launched emulator has printed (its banner
// names its version), or "" for a reused instance.
func (i *Instance) Output() string {
	if i.process == nil {
		return ""
	}
	return i.process.Output()
}

// Exited reports whether a launched emulator's process has ended, by Close
// or on its own (see Output for what it printed); for a reused instance it
// reports false.
func (i *Instance) Exited() bool {
	return i.process != nil && i.process.Ended()
}

// Close stops a launched emulator (its whole process group) and waits for it
// to exit; for a reused instance it does nothing. Close may be called more
// than once.
func (i *Instance) Close() error {
	if i.process == nil {
		return nil
	}
	return i.process.Stop()
}

// NewClient returns a DynamoDB client for a DynamoDB Local endpoint, shaped
// for tests: static dummy credentials, region us-east-1, no retries (a test
// must see every error the server returns, including throttling and 5xx),
// and a per-request timeout so that a hung emulator fails the test instead of
// stalling it.
func NewClient(endpoint string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		APIOptions:   sdkrace.Options(),
		BaseEndpoint: aws.String(endpoint),
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("ddblocal", "ddblocal", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   newHTTPClient(),
	})
}

// NewStreamsClient returns a DynamoDB Streams client for the instance at
// endpoint, configured as NewClient's (DynamoDB Local serves both APIs on
// one port).
func NewStreamsClient(endpoint string) *dynamodbstreams.Client {
	return dynamodbstreams.New(dynamodbstreams.Options{
		APIOptions:   sdkrace.Options(),
		BaseEndpoint: aws.String(endpoint),
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("ddblocal", "ddblocal", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   newHTTPClient(),
	})
}

// newHTTPClient is the HTTP client of NewClient and NewStreamsClient.
func newHTTPClient() *http.Client {
	return &http.Client{
		Timeout:   time.Minute,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second},
	}
}
