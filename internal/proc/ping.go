package proc

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// pingClient sends readiness probes; it keeps no connections, so that a
// probe never waits on a connection to a server that has gone.
var pingClient = &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

// Ping sends one ListTables request to the DynamoDB endpoint (a base URL such
// as http://127.0.0.1:8000) with a well-formed but unverified signature, and
// succeeds on HTTP 200. It is the readiness probe for the emulators and
// servers this package runs: far cheaper than an SDK call, so polling it
// often neither slows a starting server nor inflates its measured start-up.
func Ping(ctx context.Context, endpoint string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", strings.NewReader(`{"Limit":1}`))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=ping/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	resp, err := pingClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("ListTables: HTTP %s", resp.Status)
	}
	return nil
}
