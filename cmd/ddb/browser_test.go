package main

import (
	"context"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ddbkit/ddb/internal/clienttest"
)

// browserPage is a page that calls the DynamoDB API at ENDPOINT from the
// browser with fetch, as a browser SDK would (a preflighted POST), and
// writes the outcome into the page for --dump-dom to print.
const browserPage = `<!doctype html><html><body><pre id="out">pending</pre><script>
fetch("ENDPOINT", {method: "POST", body: "{}", headers: {
	"Content-Type": "application/x-amz-json-1.0",
	"X-Amz-Target": "DynamoDB_20120810.ListTables",
	"X-Amz-Date": "20260101T000000Z",
	"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
}}).then(r => r.text()).then(t => { document.getElementById("out").textContent = "RESULT " + t })
  .catch(e => { document.getElementById("out").textContent = "BLOCKED " + e })
</script></body></html>`

// TestBrowserCORS loads pages in headless Chromium that call `ddb serve`
// from two origins: a page of this machine (http://localhost:PORT), which
// the default -cors allows, and a page the browser sees as another site
// (served from 127.0.0.2), which it must not be able to call. scripts/test
// installs Chromium (Debian's chromium) when it is missing.
func TestBrowserCORS(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("skipping the browser test: no chromium on PATH (apt-get install chromium; scripts/test does)")
	}
	server := clienttest.Serve(t, clienttest.BuildDDB(t))
	createDurableTable(t, server.Client())

	page := strings.ReplaceAll(browserPage, "ENDPOINT", server.Endpoint)
	servePage := func(addr string) string {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Skipf("cannot listen on %s for the page server: %v", addr, err)
		}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(page))
		})}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })
		return ln.Addr().(*net.TCPAddr).AddrPort().String()
	}
	local := "http://localhost:" + strings.Split(servePage("127.0.0.1:0"), ":")[1] + "/"
	foreign := "http://" + servePage("127.0.0.2:0") + "/"

	tests := []struct {
		page, want string
	}{
		{local, `RESULT {"TableNames":["` + durableTable + `"]}`},
		{foreign, "BLOCKED TypeError: Failed to fetch"},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir="+t.TempDir(), "--virtual-time-budget=10000", "--dump-dom", tt.page)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("chromium: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("page %s shows:\n%s\nwant %q", tt.page, out, tt.want)
			}
		})
	}
}
