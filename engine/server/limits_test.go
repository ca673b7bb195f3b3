package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"
)

// TestIdleTimeout checks that a connection that served a request is closed
// once it has been idle for the idle timeout.
func TestIdleTimeout(t *testing.T) {
	s := New(&fake{}, WithLimits(Limits{IdleTimeout: 300 * time.Millisecond}))
	nc := dial(t, startLoop(t, s))
	io.WriteString(nc, post(`{"TableName":"t"}`))
	r := bufio.NewReader(nc)
	if _, err := http.ReadResponse(r, nil); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := io.ReadAll(r); err != nil {
		t.Fatalf("idle connection: %v, want it closed", err)
	}
	if took := time.Since(start); took < 250*time.Millisecond || took > 5*time.Second {
		t.Errorf("idle connection closed after %v, want about 300ms", took)
	}
}

const busyAnswer = `{"__type":"com.amazon.coral.availability#ServiceUnavailable","message":"The request has failed due to a temporary failure of the server."}`

// TestMaxConns checks the connection limit: a new connection over it
// closes the connection idle the longest if it has been idle for
// evictIdleAfter, and is otherwise answered 503 and closed.
func TestMaxConns(t *testing.T) {
	g := &gate{fake: &fake{}, started: make(chan struct{}, 2), release: make(chan struct{})}
	s := New(g, WithLogger(slog.New(slog.DiscardHandler)), WithLimits(Limits{MaxConns: 2}))
	url := startLoop(t, s)
	defer close(g.release)
	busy := []wireAnswer{{Status: 503, Body: busyAnswer, Connection: "close", Closed: true}}

	first := dial(t, url) // idle after one request
	io.WriteString(first, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	readAnswers(t, first, bufio.NewReader(first), http.MethodGet, 1)
	second := dial(t, url)
	io.WriteString(second, post(`{"TableName":"t"}`))
	<-g.started // second is busy

	// first has not been idle long enough to be closed: a third connection
	// is refused.
	third := dial(t, url)
	io.WriteString(third, post(`{"TableName":"t"}`))
	if diff := cmp.Diff(busy, readAnswers(t, third, bufio.NewReader(third), http.MethodPost, 1)); diff != "" {
		t.Errorf("connection over the limit, one idle briefly (-want +got):\n%s", diff)
	}

	time.Sleep(evictIdleAfter)
	fourth := dial(t, url)
	first.SetReadDeadline(time.Now().Add(10 * time.Second))
	if got, err := io.ReadAll(first); err != nil || len(got) > 0 {
		t.Errorf("oldest idle connection: read %q, %v; want it closed", got, err)
	}
	io.WriteString(fourth, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if got := readAnswers(t, fourth, bufio.NewReader(fourth), http.MethodGet, 1); got[0].Status != 200 {
		t.Errorf("fourth connection: %+v, want served", got)
	}

	// Both connections busy now: a fifth is refused.
	io.WriteString(fourth, post(`{"TableName":"t"}`))
	<-g.started
	fifth := dial(t, url)
	io.WriteString(fifth, post(`{"TableName":"t"}`))
	if diff := cmp.Diff(busy, readAnswers(t, fifth, bufio.NewReader(fifth), http.MethodPost, 1)); diff != "" {
		t.Errorf("connection over the limit, none idle (-want +got):\n%s", diff)
	}
}

// gate is a backend whose GetItem calls each signal started, then wait
// until release is closed, and answer an empty output (without recording
// the input: the calls run at once).
type gate struct {
	*fake
	started chan struct{}
	release chan struct{}
}

func (g *gate) GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	g.started <- struct{}{}
	<-g.release
	return &dynamodb.GetItemOutput{}, nil
}

// TestBodyBudget checks that a request whose body does not fit in the
// bytes of bodies the server may hold is answered 503 without being read,
// or 413 when it could not fit even alone.
func TestBodyBudget(t *testing.T) {
	s := New(&fake{}, WithLimits(Limits{MaxBodyBytes: 100}))
	url := startLoop(t, s)
	tests := []struct {
		name    string
		request string
		want    wireAnswer
	}{
		{"fits", post(`{"TableName":"` + strings.Repeat("t", 50) + `"}`), wireAnswer{Status: 200, Body: "{}"}},
		{"announced over the budget", post(`{"TableName":"` + strings.Repeat("t", 100) + `"}`), wireAnswer{Status: 503, Body: busyAnswer, Connection: "close", Closed: true}},
		// Chunks that could never fit, even alone: 413, which SDKs do not
		// retry.
		{"chunks over the whole budget", chunked("40\r\n"+`{"TableName":"`+strings.Repeat("t", 50)+"\r\n", "40\r\n"+strings.Repeat("t", 62)+`"}`+"\r\n", "0\r\n\r\n"),
			wireAnswer{Status: 413, Connection: "close", Closed: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nc := dial(t, url)
			io.WriteString(nc, tt.request)
			got := readAnswers(t, nc, bufio.NewReader(nc), http.MethodPost, 1)
			if diff := cmp.Diff([]wireAnswer{tt.want}, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
	if used := s.bodies.used.Load(); used != 0 {
		t.Errorf("%d bytes of the budget still taken after the requests", used)
	}
}

// TestMaxConnsNeverResets checks that clients more numerous than MaxConns
// get an answer to every request, 200 or 503 (which SDKs retry), and never a
// connection closed under a request: a new connection over the limit must
// not close one whose request has arrived but not yet been read, nor one
// between two requests of a busy client.
func TestMaxConnsNeverResets(t *testing.T) {
	for _, keepAlive := range []bool{true, false} {
		t.Run(fmt.Sprintf("keep-alive %v", keepAlive), func(t *testing.T) {
			s := New(&fake{}, WithLogger(slog.New(slog.DiscardHandler)), WithLimits(Limits{MaxConns: 5}))
			url := startLoop(t, s)
			const clients, requests = 20, 10
			var wg sync.WaitGroup
			var served, refused atomic.Int64
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// POST requests are not retried by net/http: every
					// connection closed without an answer is an error.
					tr := &http.Transport{DisableKeepAlives: !keepAlive}
					defer tr.CloseIdleConnections()
					for range requests {
						req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"TableName":"t"}`))
						req.Header.Set("X-Amz-Target", targetPrefix+"GetItem")
						req.Header.Set("Content-Type", "application/x-amz-json-1.0")
						req.Header.Set("X-Amz-Date", "20260101T000000Z")
						req.Header.Set("Authorization", testAuth)
						resp, err := tr.RoundTrip(req)
						if err != nil {
							t.Errorf("request without an answer: %v", err)
							continue
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						switch resp.StatusCode {
						case http.StatusOK:
							served.Add(1)
						case http.StatusServiceUnavailable:
							refused.Add(1)
						default:
							t.Errorf("status %d, want 200 or 503", resp.StatusCode)
						}
					}
				}()
			}
			wg.Wait()
			t.Logf("%d served, %d refused with 503", served.Load(), refused.Load())
		})
	}
}
