package clienttest

import (
	"context"
	"testing"
	"time"
)

// runScenario runs a client scenario script with the endpoint and a fresh
// table name as arguments, failing the test with the script's output if it
// fails.
func runScenario(t *testing.T, env []string, interpreter, script, endpoint, table string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, errOut, err := Run(ctx, env, interpreter, script, endpoint, table)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out, errOut)
	}
	t.Logf("%s:\n%s%s", script, out, errOut)
}

// TestBoto3 runs the client scenario (see testdata/README.md) with boto3.
func TestBoto3(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	runScenario(t, nil, Python(t), "testdata/boto3_scenario.py", Endpoint(t), TableName("boto3"))
}

// TestBoto3Streams runs the streams scenario (see testdata/README.md) with
// boto3's dynamodbstreams client.
func TestBoto3Streams(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	runScenario(t, nil, Python(t), "testdata/boto3_streams.py", Endpoint(t), TableName("boto3streams"))
}
