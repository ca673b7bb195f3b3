package console

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestSplit routes connections by their first request and checks that the
// server of each side reads the request whole.
func TestSplit(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	api, web := Split(ln)
	defer api.Close()
	tests := []struct {
		request string
		web     bool
	}{
		{"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\n{}", false},
		{"POST /some/path HTTP/1.1\r\n\r\n", false},
		{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"GET /console/ HTTP/1.1\r\n\r\n", true},
		{"OPTIONS / HTTP/1.1\r\nOrigin: http://localhost:3000\r\n\r\n", true},
		{"POST /console/api/tables HTTP/1.1\r\n\r\n", true},
		{"POS", false}, // the client goes away before its request line ends
	}
	for _, tt := range tests {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		// Two writes: routing waits for the request line.
		half := len(tt.request) / 2
		c.Write([]byte(tt.request[:half]))
		time.Sleep(5 * time.Millisecond)
		c.Write([]byte(tt.request[half:]))
		if !strings.Contains(tt.request, "\r\n") {
			c.(*net.TCPConn).CloseWrite()
		}
		side := api
		if tt.web {
			side = web
		}
		got, err := side.Accept()
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, len(tt.request))
		if _, err := io.ReadFull(got, buf); err != nil || string(buf) != tt.request {
			t.Errorf("%q: the server read %q, %v", tt.request, buf, err)
		}
		got.Write([]byte("ok"))
		if answer, _ := bufio.NewReader(c).ReadString('k'); answer != "ok" {
			t.Errorf("%q: the client read %q", tt.request, answer)
		}
		got.Close()
		c.Close()
	}

	if err := web.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v, want net.ErrClosed", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("the listener still accepts connections")
	}
	if api.Addr() != ln.Addr() {
		t.Errorf("Addr %v, want %v", api.Addr(), ln.Addr())
	}
}
