package main

import (
	"testing"
	"time"

	"github.com/ddbkit/ddb/internal/clienttest"
)

// A server that accepts connections and never answers: each request gives
// up after $DDB_TIMEOUT (a minute by default, as the AWS CLI's read
// timeout), where the command used to wait for good; a DDB_TIMEOUT that is
// no duration is refused.
func TestRequestTimeout(t *testing.T) {
	c := newCLI(t, "mem")
	c.url = "http://" + clienttest.SilentServer(t)
	c.env["DDB_TIMEOUT"] = "100ms"
	start := time.Now()
	c.fails(exitFailed, "i/o timeout", "tables", "list")
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("tables list took %v against a server that never answers, with DDB_TIMEOUT=100ms", d)
	}
	c.env["DDB_TIMEOUT"] = "soon"
	c.fails(exitFailed, "DDB_TIMEOUT=soon is not a time to wait", "tables", "list")
}
