package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"
)

// startLoop serves s with Serve on a free local port until the test ends
// and returns its URL.
func startLoop(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve returned %v, want http.ErrServerClosed", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// dial opens a raw connection to the server at url.
func dial(t *testing.T, url string) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	return nc
}

// wireAnswer is what a test reads back of one response.
type wireAnswer struct {
	Status     int
	Body       string
	Connection string // the Connection header
	Closed     bool   // the server closed the connection after it
}

// readAnswers reads n responses to requests with the given method from r,
// then whether the server closed the connection (or reset it, after an
// answer that left some of the request unread).
func readAnswers(t *testing.T, nc net.Conn, r *bufio.Reader, method string, n int) []wireAnswer {
	t.Helper()
	var out []wireAnswer
	for range n {
		resp, err := http.ReadResponse(r, &http.Request{Method: method})
		if err != nil {
			t.Fatalf("reading response %d: %v", len(out)+1, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		connection := resp.Header.Get("Connection")
		if resp.Close {
			connection = "close" // ReadResponse takes it out of the header
		}
		out = append(out, wireAnswer{Status: resp.StatusCode, Body: string(body), Connection: connection})
	}
	nc.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	_, err := r.ReadByte()
	var ne net.Error
	out[len(out)-1].Closed = err != nil && !(errors.As(err, &ne) && ne.Timeout())
	return out
}

// post builds a raw POST of body to operation GetItem with the headers
// every SDK request has, plus extra header lines.
func post(body string, extra ...string) string {
	return "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n" +
		"Content-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: " + testAuth + "\r\n" +
		strings.Join(append(extra, ""), "\r\n") + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}

// chunked builds a raw POST whose body is sent in the given chunks.
func chunked(chunks ...string) string {
	var b strings.Builder
	b.WriteString("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\nContent-Type: application/x-amz-json-1.0\r\n" +
		"X-Amz-Date: 20260101T000000Z\r\nAuthorization: " + testAuth + "\r\nTransfer-Encoding: chunked\r\n\r\n")
	for _, c := range chunks {
		b.WriteString(c)
	}
	return b.String()
}

// TestConnLoop sends raw requests to the connection loop and checks the
// responses and whether the connection stays open.
func TestConnLoop(t *testing.T) {
	const ok = `{"TableName":"t"}`
	tests := []struct {
		name   string
		raw    string
		method string // of the requests, for reading the answers; default POST
		want   []wireAnswer
	}{
		{"one request", post(ok), "", []wireAnswer{{Status: 200, Body: "{}"}}},
		{"pipelined requests answered in order", post(ok) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n" + post("{"), "", []wireAnswer{
			{Status: 200, Body: "{}"},
			{Status: 200, Body: "healthy: dynamodb.us-east-1.amazonaws.com "},
			{Status: 400, Body: `{"__type":"com.amazon.coral.service#SerializationException"}`},
		}},
		{"empty lines before a request", "\r\n\r\n" + post(ok), "", []wireAnswer{{Status: 200, Body: "{}"}}},
		{"connection close", post(ok, "Connection: close"), "", []wireAnswer{{Status: 200, Body: "{}", Connection: "close", Closed: true}}},
		{"HTTP/1.0 closes", "GET / HTTP/1.0\r\n\r\n", "", []wireAnswer{{Status: 200, Body: "healthy: dynamodb.us-east-1.amazonaws.com ", Connection: "close", Closed: true}}},
		{"HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "", []wireAnswer{{Status: 200, Body: "healthy: dynamodb.us-east-1.amazonaws.com ", Connection: "keep-alive"}}},
		{"chunked body", chunked("5;ext=1\r\n{\"Tab\r\n", "c\r\nleName\":\"t\"}\r\n", "0\r\nTrailer: x\r\n\r\n"), "", []wireAnswer{{Status: 200, Body: "{}"}}},
		{"body of a 404 dropped, connection kept", "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + post(ok), "", []wireAnswer{
			{Status: 404, Body: "<UnknownOperationException/>\n"}, {Status: 200, Body: "{}"},
		}},
		{"HEAD has no body", "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", http.MethodHead, []wireAnswer{{Status: 404}}},
		{"announced body too large", "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 16777217\r\n\r\n", "",
			[]wireAnswer{{Status: 413, Connection: "close", Closed: true}}},
		{"chunked body too large", chunked("1000001\r\n"), "", []wireAnswer{{Status: 413, Connection: "close", Closed: true}}},
		{"bad chunk size", chunked("zz\r\n"), "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"garbage request line", "GARBAGE\r\n\r\n", "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"header without colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"space in header name", "GET / HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n", "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"control character in value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x01b\r\n\r\n", "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"missing host", "GET / HTTP/1.1\r\n\r\n", "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"conflicting lengths", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"length and chunked", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", "", []wireAnswer{{Status: 400, Body: "400 Bad Request", Connection: "close", Closed: true}}},
		{"unknown transfer encoding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", "", []wireAnswer{{Status: 501, Body: "501 Not Implemented", Connection: "close", Closed: true}}},
		{"unknown expectation", "POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", "", []wireAnswer{{Status: 417, Body: "417 Expectation Failed", Connection: "close", Closed: true}}},
		{"HTTP/2 over HTTP/1 framing", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", "", []wireAnswer{{Status: 505, Body: "505 HTTP Version Not Supported", Connection: "close", Closed: true}}},
		{"headers too large", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", maxHeaderBytes) + "\r\n\r\n", "",
			[]wireAnswer{{Status: 431, Body: "431 Request Header Fields Too Large", Connection: "close", Closed: true}}},
		{"long header within limits", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + strings.Repeat("a", 3*readBufferSize) + "\r\n\r\n", "",
			[]wireAnswer{{Status: 200, Body: "healthy: dynamodb.us-east-1.amazonaws.com "}}},
	}
	url := startLoop(t, New(&fake{}, WithLogger(slog.New(slog.DiscardHandler))))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nc := dial(t, url)
			go io.WriteString(nc, tt.raw) // may be cut short when the server closes
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			got := readAnswers(t, nc, bufio.NewReader(nc), method, len(tt.want))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConnLoopDecodesChunkedBody checks that a chunked body reaches the
// backend whole.
func TestConnLoopDecodesChunkedBody(t *testing.T) {
	f := &fake{}
	nc := dial(t, startLoop(t, New(f)))
	io.WriteString(nc, chunked("5\r\n{\"Tab\r\n", "c\r\nleName\":\"t\"}\r\n", "0\r\n\r\n"))
	readAnswers(t, nc, bufio.NewReader(nc), http.MethodPost, 1)
	if diff := cmp.Diff(&dynamodb.GetItemInput{TableName: aws.String("t")}, f.in, ignoreUnexported); diff != "" {
		t.Errorf("input (-want +got):\n%s", diff)
	}
}

// TestConnLoopTimeouts checks that a client trickling its headers, or
// connecting without sending a request, is disconnected.
func TestConnLoopTimeouts(t *testing.T) {
	s := New(&fake{}, WithLogger(slog.New(slog.DiscardHandler)),
		WithLimits(Limits{IdleTimeout: 200 * time.Millisecond, HeaderTimeout: 200 * time.Millisecond, BodyTimeout: 200 * time.Millisecond}))
	url := startLoop(t, s)
	tests := []struct {
		name string
		send []string // written 100 ms apart
	}{
		{"silent connection", nil},
		{"trickled headers", []string{"POST / HTTP/1.1\r\n", "Host: x\r\n", "X-A: 1\r\n", "X-B: 1\r\n", "X-C: 1\r\n", "X-D: 1\r\n"}},
		{"body never sent", []string{"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 10\r\n\r\n{"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nc := dial(t, url)
			start := time.Now()
			go func() {
				for _, part := range tt.send {
					if _, err := io.WriteString(nc, part); err != nil {
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
			}()
			b, err := io.ReadAll(nc)
			if errors.Is(err, syscall.ECONNRESET) {
				err = nil // closed while the client was still writing
			}
			if err != nil || len(b) > 0 {
				t.Errorf("read %q, %v; want the connection closed without an answer", b, err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("closed after %v", took)
			}
		})
	}
}

// blocking is a backend whose GetItem waits until release is closed.
type blocking struct {
	*fake
	started chan struct{}
	release chan struct{}
}

func (b *blocking) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	close(b.started)
	<-b.release
	return b.fake.GetItem(ctx, in, opts...)
}

// TestShutdown checks the graceful shutdown of the connection loop: idle
// connections are closed, new ones refused, and a request in flight is
// finished and answered (with Connection: close) before Shutdown returns.
func TestShutdown(t *testing.T) {
	b := &blocking{fake: &fake{}, started: make(chan struct{}), release: make(chan struct{})}
	s := New(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	url := "http://" + ln.Addr().String()

	idle := dial(t, url)
	io.WriteString(idle, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	idleReader := bufio.NewReader(idle)
	readAnswers(t, idle, idleReader, http.MethodGet, 1)
	idle.SetReadDeadline(time.Now().Add(10 * time.Second))
	busy := dial(t, url)
	io.WriteString(busy, post(`{"TableName":"t"}`))
	<-b.started

	shut := make(chan error, 1)
	go func() { shut <- s.Shutdown(context.Background()) }()
	if _, err := idleReader.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: %v, want it closed (EOF)", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve: %v, want http.ErrServerClosed", err)
	}
	if nc, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		nc.Close()
		t.Error("a new connection was accepted during shutdown")
	}
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned %v with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(b.release)
	got := readAnswers(t, busy, bufio.NewReader(busy), http.MethodPost, 1)
	if diff := cmp.Diff([]wireAnswer{{Status: 200, Body: "{}", Connection: "close", Closed: true}}, got); diff != "" {
		t.Errorf("answer to the request in flight (-want +got):\n%s", diff)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

// TestShutdownDeadline checks that Shutdown closes the connections still
// busy when its context ends.
func TestShutdownDeadline(t *testing.T) {
	b := &blocking{fake: &fake{}, started: make(chan struct{}), release: make(chan struct{})}
	defer close(b.release)
	s := New(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	busy := dial(t, "http://"+ln.Addr().String())
	io.WriteString(busy, post(`{"TableName":"t"}`))
	<-b.started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown: %v, want context.DeadlineExceeded", err)
	}
	if b, err := io.ReadAll(busy); len(b) > 0 || err != nil {
		t.Errorf("busy connection: read %q, %v; want closed without an answer", b, err)
	}
}

// TestConnLoopHeaders checks the headers the connection loop writes: those
// of every DynamoDB response and the CORS answer to a browser's preflight.
func TestConnLoopHeaders(t *testing.T) {
	nc := dial(t, startLoop(t, New(&fake{})))
	io.WriteString(nc, "OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:3000\r\nAccess-Control-Request-Method: POST\r\n"+
		"Access-Control-Request-Headers: content-type,x-amz-target\r\n\r\n"+post(`{"TableName":"t"}`))
	r := bufio.NewReader(nc)
	want := []http.Header{
		{"Access-Control-Allow-Origin": {"http://localhost:3000"}, "Vary": {"Origin"}, "Access-Control-Allow-Methods": {"GET,POST"}, "Access-Control-Allow-Headers": {"content-type,x-amz-target"},
			"Access-Control-Max-Age": {"172800"}, "Content-Length": {"0"}, "X-Amz-Crc32": {"0"}},
		{"Content-Type": {"application/x-amz-json-1.0"}, "Content-Length": {"2"}, "X-Amz-Crc32": {"2745614147"}},
	}
	for i, w := range want {
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(resp.Body)
		h := resp.Header
		if id := h.Get("x-amzn-RequestId"); len(id) != 36 {
			t.Errorf("response %d: x-amzn-RequestId %q, want a UUID", i, id)
		}
		if _, err := http.ParseTime(h.Get("Date")); err != nil {
			t.Errorf("response %d: Date: %v", i, err)
		}
		h.Del("x-amzn-RequestId")
		h.Del("Date")
		if diff := cmp.Diff(w, h); diff != "" {
			t.Errorf("response %d headers (-want +got):\n%s", i, diff)
		}
	}
}
