package clienttest

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
)

// EndpointEnv names the environment variable that points the client tests
// at a running server (such as DynamoDB Local, to check the scenarios
// themselves against the reference) instead of a `ddb serve` they start.
const EndpointEnv = "DDB_CLIENTTEST_ENDPOINT"

// Endpoint returns the endpoint a client test talks to: $DDB_CLIENTTEST_ENDPOINT,
// or a fresh in-memory `ddb serve` built from this module.
func Endpoint(t testing.TB) string {
	t.Helper()
	if endpoint := os.Getenv(EndpointEnv); endpoint != "" {
		return endpoint
	}
	return Serve(t, BuildDDB(t), "--in-memory").Endpoint
}

// TableName returns a table name that no other test run uses, so that the
// scenarios can share a server.
func TableName(client string) string {
	var b [4]byte
	rand.Read(b[:])
	return "clienttest_" + client + "_" + hex.EncodeToString(b[:])
}
