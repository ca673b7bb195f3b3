package wire

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// A rawServer answers each request on a connection with the next of its
// scripted answers (raw HTTP), so that tests control every byte and can
// see how connections are used.
type rawServer struct {
	ln      net.Listener
	answers func(conn, request int) string // "" closes the connection
	// once closes each connection after its first answer.
	once  bool
	conns atomic.Int32
	wg    sync.WaitGroup
	mu    sync.Mutex
	open  []net.Conn
}

// newRawServer starts a server answering with answers; with once, it
// closes each connection after its first answer.
func newRawServer(t testing.TB, once bool, answers func(conn, request int) string) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, answers: answers, once: once}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := int(s.conns.Add(1)) - 1
			s.mu.Lock()
			s.open = append(s.open, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c, n)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.open {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

// serve reads requests (by Content-Length) and writes the scripted answers.
func (s *rawServer) serve(c net.Conn, n int) {
	defer c.Close()
	br := bufio.NewReader(c)
	for i := 0; ; i++ {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		answer := s.answers(n, i)
		if answer == "" {
			return
		}
		if _, err := io.WriteString(c, answer); err != nil || s.once {
			return
		}
	}
}

func (s *rawServer) url() string { return "http://" + s.ln.Addr().String() }

// ok is a complete answer with an item.
const ok = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 25\r\n\r\n{\"Item\":{\"pk\":{\"S\":\"a\"}}}"

// itemOf returns the pk of a GetItem answer.
func itemOf(out *dynamodb.GetItemOutput) string {
	if s, ok := out.Item["pk"].(*types.AttributeValueMemberS); ok {
		return s.Value
	}
	return ""
}

// TestHTTP1Responses checks the response framings the transport reads:
// each call must decode the item and the connections be reused or not as
// the answers say.
func TestHTTP1Responses(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		conns  int // connections for three calls
	}{
		{"content length, kept alive", ok, 1},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"Ite\r\n14;ext=1\r\nm\":{\"pk\":{\"S\":\"a\"}}}\r\n0\r\nTrailer: x\r\n\r\n", 1},
		{"connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 25\r\n\r\n{\"Item\":{\"pk\":{\"S\":\"a\"}}}", 3},
		{"HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 25\r\n\r\n{\"Item\":{\"pk\":{\"S\":\"a\"}}}", 3},
		{"HTTP/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 25\r\n\r\n{\"Item\":{\"pk\":{\"S\":\"a\"}}}", 1},
		{"interim 100 Continue", "HTTP/1.1 100 Continue\r\n\r\n" + ok, 1},
		{"lower-case headers, LF only", "HTTP/1.1 200 OK\ncontent-length: 25\n\n{\"Item\":{\"pk\":{\"S\":\"a\"}}}", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRawServer(t, false, func(int, int) string { return tt.answer })
			_, lean := clients(srv.url())
			for range 3 {
				out, err := lean.GetItem(t.Context(), getItem)
				if err != nil || itemOf(out) != "a" {
					t.Fatalf("GetItem = %v, %v", out, err)
				}
			}
			if n := int(srv.conns.Load()); n != tt.conns {
				t.Errorf("%d connections, want %d", n, tt.conns)
			}
		})
	}
}

// TestHTTP1BodyToEnd checks a body without length, which runs to the end
// of the connection.
func TestHTTP1BodyToEnd(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			http.ReadRequest(bufio.NewReader(c))
			io.WriteString(c, "HTTP/1.1 200 OK\r\n\r\n{\"Item\":{\"pk\":{\"S\":\"a\"}}}")
			c.Close()
		}
	}()
	_, lean := clients("http://" + ln.Addr().String())
	for range 2 {
		if out, err := lean.GetItem(t.Context(), getItem); err != nil || itemOf(out) != "a" {
			t.Fatalf("GetItem = %v, %v", out, err)
		}
	}
}

// TestHTTP1Malformed checks that broken answers fail the call (after the
// retries connection errors get) rather than decode garbage.
func TestHTTP1Malformed(t *testing.T) {
	tests := []struct{ name, answer, want string }{
		{"bad status line", "HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}", "malformed HTTP response line"},
		{"not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", "malformed HTTP response line"},
		{"bad header", "HTTP/1.1 200 OK\r\nno colon\r\nContent-Length: 2\r\n\r\n{}", "malformed HTTP response header"},
		{"bad length", "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\n{}", "malformed Content-Length"},
		{"two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "malformed Content-Length"},
		{"gzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}", "unsupported Content-Encoding"},
		{"other coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding"},
		{"bad chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed chunk size"},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n{}", "unexpected EOF"},
		{"huge header", "HTTP/1.1 200 OK\r\nX: " + strings.Repeat("a", readBufferSize) + "\r\n\r\n", "response headers too large"},
		{"truncated JSON", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"Item\":{", "malformed JSON"},
		{"huge length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n{}", "response body too large"},
		{"huge chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n{}", "response body too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRawServer(t, true, func(int, int) string { return tt.answer })
			_, lean := clients(srv.url(), quickRetries)
			_, err := lean.GetItem(t.Context(), getItem)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("GetItem: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// TestHTTP1StaleConnection checks that an idle connection the server has
// closed is noticed before reuse: the call opens a new one and succeeds at
// its first attempt.
func TestHTTP1StaleConnection(t *testing.T) {
	// The server closes the first connection when it reads a second request
	// on it.
	srv := newRawServer(t, false, func(conn, i int) string {
		if conn == 0 && i > 0 {
			return ""
		}
		return ok
	})
	_, lean := clients(srv.url(), func(o *dynamodb.Options) { o.RetryMaxAttempts = 1 })
	if _, err := lean.GetItem(t.Context(), getItem); err != nil {
		t.Fatal(err)
	}
	// Let the connection look idle long enough to be probed.
	pool := onlyPool(t, lean)
	pool.mu.Lock()
	for _, c := range pool.idle {
		c.lastUsed = time.Now().Add(-2 * probeAfter)
		// Make the server read a request there, which it closes on.
		c.nc.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	}
	pool.mu.Unlock()
	time.Sleep(50 * time.Millisecond)
	if out, err := lean.GetItem(t.Context(), getItem); err != nil || itemOf(out) != "a" {
		t.Fatalf("GetItem on a stale connection = %v, %v", out, err)
	}
	if n := srv.conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
}

// onlyPool returns the client's one connection pool.
func onlyPool(t *testing.T, c *Client) *connPool {
	t.Helper()
	ps := c.base.endpoints.pools
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if len(ps.m) != 1 {
		t.Fatalf("%d pools", len(ps.m))
	}
	for _, p := range ps.m {
		return p
	}
	return nil
}

// TestHTTP1IdleConnections checks the idle connection limits: at most
// MaxIdleConnsPerHost kept, none after the idle timeout, none after Close.
func TestHTTP1IdleConnections(t *testing.T) {
	srv := newRawServer(t, false, func(int, int) string { return ok })
	buildable := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.MaxIdleConnsPerHost = 2
		tr.IdleConnTimeout = 100 * time.Millisecond
	})
	_, lean := clients(srv.url(), func(o *dynamodb.Options) { o.HTTPClient = buildable })
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := lean.GetItem(t.Context(), getItem); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	pool := onlyPool(t, lean)
	idle := func() int {
		pool.mu.Lock()
		defer pool.mu.Unlock()
		return len(pool.idle)
	}
	if n := idle(); n < 1 || n > 2 {
		t.Errorf("%d idle connections, want 1 or 2", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for idle() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := idle(); n != 0 {
		t.Errorf("%d idle connections after the idle timeout", n)
	}
	if _, err := lean.GetItem(t.Context(), getItem); err != nil {
		t.Fatal(err)
	}
	lean.Close()
	if n := idle(); n != 0 {
		t.Errorf("%d idle connections after Close", n)
	}
}

// TestHTTPS checks the transport over TLS, with the CA the HTTP client's
// transport trusts.
func TestHTTPS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"Item":{"pk":{"S":"a"}}}`)
	}))
	var handshakes atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			handshakes.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused certificate below
	srv.StartTLS()
	defer srv.Close()
	roots := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	buildable := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.TLSClientConfig = &tls.Config{RootCAs: roots}
	})
	_, lean := clients(srv.URL, func(o *dynamodb.Options) { o.HTTPClient = buildable })
	for range 3 {
		if out, err := lean.GetItem(t.Context(), getItem); err != nil || itemOf(out) != "a" {
			t.Fatalf("GetItem = %v, %v", out, err)
		}
	}
	if n := handshakes.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	if onlyPool(t, lean).tls == nil {
		t.Error("the pool does not speak TLS")
	}

	// Without the CA, the certificate is refused.
	_, untrusting := clients(srv.URL, func(o *dynamodb.Options) { o.RetryMaxAttempts = 1 })
	if _, err := untrusting.GetItem(t.Context(), getItem); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("GetItem without the CA: %v, want a certificate error", err)
	}
}

// TestProxyGoesThroughNetHTTP checks that an endpoint the HTTP client's
// transport sends through a proxy is reached through net/http and the
// proxy, and that an HTTP client of the user's own is used as it is.
func TestProxyGoesThroughNetHTTP(t *testing.T) {
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host == "dynamodb.test:8000" {
			proxied.Add(1)
		}
		writeJSON(w, 200, `{"Item":{"pk":{"S":"a"}}}`)
	}))
	defer proxy.Close()
	proxyURL, _ := url.Parse(proxy.URL)
	buildable := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) { tr.Proxy = http.ProxyURL(proxyURL) })
	_, lean := clients("http://dynamodb.test:8000", func(o *dynamodb.Options) { o.HTTPClient = buildable })
	if out, err := lean.GetItem(t.Context(), getItem); err != nil || itemOf(out) != "a" {
		t.Fatalf("GetItem through the proxy = %v, %v", out, err)
	}
	if proxied.Load() != 1 {
		t.Errorf("the proxy saw %d requests for the endpoint", proxied.Load())
	}

	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 200, `{"Item":{"pk":{"S":"a"}}}`) })
	var used atomic.Int32
	custom := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	_, lean = clients(srv.URL, func(o *dynamodb.Options) { o.HTTPClient = custom })
	if out, err := lean.GetItem(t.Context(), getItem); err != nil || itemOf(out) != "a" || used.Load() != 1 {
		t.Fatalf("GetItem with a custom HTTP client = %v, %v; client used %d times", out, err, used.Load())
	}
	if err := verifySignature(srv.last(t), aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey, SessionToken: testToken}); err != nil {
		t.Error(err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestConcurrentCalls runs calls from many goroutines over few connections
// (run with -race).
func TestConcurrentCalls(t *testing.T) {
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		writeJSON(w, 200, fmt.Sprintf(`{"Item":{"pk":{"S":"%d"}}}`, n))
	})
	_, lean := clients(srv.URL)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var wg sync.WaitGroup
	var failures atomic.Int32
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if out, err := lean.GetItem(ctx, getItem); err != nil || itemOf(out) == "" {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n := failures.Load(); n != 0 {
		t.Errorf("%d calls failed", n)
	}
	if srv.count() != 400 {
		t.Errorf("%d requests, want 400", srv.count())
	}
}

// TestPeerClosed checks the probe of idle connections on its own.
func TestPeerClosed(t *testing.T) {
	a, b := tcpPair(t)
	if peerClosed(a) {
		t.Error("an open, quiet connection reads as closed")
	}
	b.Write([]byte("x"))
	time.Sleep(20 * time.Millisecond)
	if !peerClosed(a) {
		t.Error("a connection with unasked data reads as open")
	}
	c, d := tcpPair(t)
	d.Close()
	time.Sleep(20 * time.Millisecond)
	if !peerClosed(c) {
		t.Error("a connection the peer closed reads as open")
	}
}

// tcpPair returns the two ends of a loopback TCP connection.
func tcpPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	a, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// TestEqualFold checks the header name comparison.
func TestEqualFold(t *testing.T) {
	tests := []struct {
		b, s string
		want bool
	}{
		{"content-length", "Content-Length", true},
		{"CONTENT-LENGTH", "Content-Length", true},
		{"Content\rLength", "Content-Length", false},
		{"Content-Lengt", "Content-Length", false},
		{"x-amz-crc32", "X-Amz-Crc32", true},
		{"x-amz-crc33", "X-Amz-Crc32", false},
	}
	for _, tt := range tests {
		if got := equalFold([]byte(tt.b), tt.s); got != tt.want {
			t.Errorf("equalFold(%q, %q) = %v", tt.b, tt.s, got)
		}
	}
}

// TestHTTP1Timeout checks the HTTP client's Timeout: a hung answer fails
// the attempt after it (an eighth more at most), while a connection used
// for longer than it in total, by calls each shorter, keeps working.
func TestHTTP1Timeout(t *testing.T) {
	const timeout = 200 * time.Millisecond
	buildable := awshttp.NewBuildableClient().WithTimeout(timeout)
	hang := newFakeServer(t, func(_ http.ResponseWriter, r *http.Request, _ int) { <-r.Context().Done() })
	_, lean := clients(hang.URL, func(o *dynamodb.Options) {
		o.HTTPClient = buildable
		o.RetryMaxAttempts = 1
	})
	start := time.Now()
	_, err := lean.GetItem(t.Context(), getItem)
	var timeoutErr interface{ Timeout() bool }
	if !errors.As(err, &timeoutErr) || !timeoutErr.Timeout() {
		t.Errorf("GetItem from a hung server: %v, want a timeout", err)
	}
	if d := time.Since(start); d < timeout || d > timeout+timeout/8+300*time.Millisecond {
		t.Errorf("timed out after %v, want about %v", d, timeout)
	}

	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		time.Sleep(20 * time.Millisecond)
		writeJSON(w, 200, `{"Item":{"pk":{"S":"a"}}}`)
	})
	_, lean = clients(srv.URL, func(o *dynamodb.Options) {
		o.HTTPClient = buildable
		o.RetryMaxAttempts = 1
	})
	for i := range 8 {
		if _, err := lean.GetItem(t.Context(), getItem); err != nil {
			t.Fatalf("call %d, %v after the first: %v", i, time.Since(start), err)
		}
		time.Sleep(30 * time.Millisecond)
	}
	if n := len(onlyPool(t, lean).idle); n != 1 {
		t.Errorf("%d idle connections, want the one reused throughout", n)
	}
}
