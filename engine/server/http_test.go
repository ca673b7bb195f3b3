package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"testing"
	"time"
)

// TestHTTPConnections checks the server over real TCP connections, both on
// its own connection loop (Serve, as `ddb serve` runs it) and inside
// net/http's server: keep-alive connections are reused (also after errors),
// Expect: 100-continue is honoured, and a body over MaxRequestBytes is
// refused with 413 before it is read whole.
func TestHTTPConnections(t *testing.T) {
	for name, start := range transports {
		t.Run(name, func(t *testing.T) {
			testHTTPConnections(t, start(t, New(&fake{}, WithLogger(slog.New(slog.DiscardHandler)))))
		})
	}
}

// transports start a Server on a local TCP port in each of the ways it can
// be run, returning its URL.
var transports = map[string]func(t *testing.T, s *Server) string{
	"Serve": startLoop,
	"net/http": func(t *testing.T, s *Server) string {
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		return srv.URL
	},
}

func testHTTPConnections(t *testing.T, url string) {
	client := &http.Client{Transport: &http.Transport{
		ExpectContinueTimeout: 5 * time.Second,
		MaxIdleConnsPerHost:   1,
	}}
	send := func(t *testing.T, body io.Reader, size int64, header http.Header) (int, string, bool) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, url, body)
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = size
		req.Header.Set("X-Amz-Target", targetPrefix+"GetItem")
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Date", "20260101T000000Z")
		req.Header.Set("Authorization", testAuth)
		for k, v := range header {
			req.Header[k] = v
		}
		var reused bool
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused },
		}))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b), reused
	}

	ok := `{"TableName":"t"}`
	if status, _, _ := send(t, strings.NewReader(ok), int64(len(ok)), nil); status != 200 {
		t.Fatalf("first request: status %d", status)
	}
	if status, _, reused := send(t, strings.NewReader("{"), 1, nil); status != 400 || !reused {
		t.Errorf("malformed request: status %d, connection reused %v; want 400 on the same connection", status, reused)
	}
	if status, _, reused := send(t, strings.NewReader(ok), int64(len(ok)), nil); status != 200 || !reused {
		t.Errorf("after an error: status %d, connection reused %v; want 200 on the same connection", status, reused)
	}
	expect := http.Header{"Expect": {"100-continue"}}
	if status, body, _ := send(t, strings.NewReader(ok), int64(len(ok)), expect); status != 200 || body != "{}" {
		t.Errorf("Expect: 100-continue: status %d, body %q", status, body)
	}

	// A client announcing a body over the limit gets 413 without sending it:
	// the server answers before asking for the body.
	var sent countingReader
	huge := io.LimitReader(&sent, MaxRequestBytes+1)
	if status, body, _ := send(t, huge, MaxRequestBytes+1, expect); status != 413 || body != "" {
		t.Errorf("oversized body: status %d, body %q; want 413 and no body", status, body)
	}
	if sent.n > 0 {
		t.Errorf("the client sent %d bytes of an oversized body after Expect: 100-continue", sent.n)
	}
	// A chunked body (no length announced) over the limit is cut off at it.
	if status, _, _ := send(t, io.LimitReader(&countingReader{}, MaxRequestBytes+1<<10), -1, nil); status != 413 {
		t.Errorf("oversized chunked body: status %d, want 413", status)
	}
}

// countingReader yields spaces and counts them.
type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	r.n += len(p)
	return len(p), nil
}
