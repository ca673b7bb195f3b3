package rawconn_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ddbkit/ddb/internal/rawconn"
)

// pair returns the two ends of a loopback TCP connection.
func pair(t *testing.T) (client, server *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := <-accepted
	if s == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { c.Close(); s.Close() })
	return c.(*net.TCPConn), s.(*net.TCPConn)
}

// both runs scenario on the connection's own I/O and on rawconn's, each on
// a connection of its own, and returns the two errors.
func both(t *testing.T, scenario func(io.ReadWriter, *net.TCPConn, *net.TCPConn) error) (own, raw error) {
	t.Helper()
	c, s := pair(t)
	own = scenario(c, c, s)
	c, s = pair(t)
	raw = scenario(rawconn.New(c), c, s)
	return own, raw
}

// sameError requires raw to be the error own is, but for the addresses.
func sameError(t *testing.T, own, raw error) {
	t.Helper()
	if own == nil || raw == nil {
		t.Fatalf("errors: own %v, raw %v", own, raw)
	}
	var ownOp, rawOp *net.OpError
	if errors.As(own, &ownOp) != errors.As(raw, &rawOp) {
		t.Fatalf("own %T %v, raw %T %v", own, own, raw, raw)
	}
	if ownOp != nil {
		if ownOp.Op != rawOp.Op || ownOp.Net != rawOp.Net || ownOp.Timeout() != rawOp.Timeout() || ownOp.Err.Error() != rawOp.Err.Error() {
			t.Fatalf("own %q, raw %q", own, raw)
		}
		return
	}
	if own != raw {
		t.Fatalf("own %v, raw %v", own, raw)
	}
}

func TestRoundTripLargerThanSocketBuffers(t *testing.T) {
	c, s := pair(t)
	rw := rawconn.New(c)
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<19) // 8 MiB: the writer waits for room
	done := make(chan error, 1)
	go func() {
		_, err := rw.Write(want)
		done <- err
	}()
	got := make([]byte, len(want))
	time.Sleep(10 * time.Millisecond) // let the writer fill the buffers first
	if _, err := io.ReadFull(s, got); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("the server read other bytes than were written")
	}
	go s.Write([]byte("answer"))
	buf := make([]byte, 6)
	if _, err := io.ReadFull(rw, buf); err != nil || string(buf) != "answer" {
		t.Fatalf("read %q, %v", buf, err)
	}
}

func TestEndOfStream(t *testing.T) {
	own, raw := both(t, func(rw io.ReadWriter, _, s *net.TCPConn) error {
		s.Close()
		_, err := rw.Read(make([]byte, 8))
		return err
	})
	if own != io.EOF || raw != io.EOF {
		t.Fatalf("own %v, raw %v", own, raw)
	}
}

func TestDeadline(t *testing.T) {
	own, raw := both(t, func(rw io.ReadWriter, c, _ *net.TCPConn) error {
		c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		_, err := rw.Read(make([]byte, 8))
		return err
	})
	sameError(t, own, raw)
	if !errors.Is(raw, os.ErrDeadlineExceeded) {
		t.Fatalf("%v is not os.ErrDeadlineExceeded", raw)
	}
}

func TestReset(t *testing.T) {
	own, raw := both(t, func(rw io.ReadWriter, _, s *net.TCPConn) error {
		s.SetLinger(0) // close with a reset
		s.Close()
		time.Sleep(20 * time.Millisecond)
		_, err := rw.Read(make([]byte, 8))
		return err
	})
	sameError(t, own, raw)
	if !errors.Is(raw, syscall.ECONNRESET) || !strings.Contains(raw.Error(), "connection reset") {
		t.Fatalf("%v is not a reset", raw)
	}
}

func TestWriteAfterClose(t *testing.T) {
	own, raw := both(t, func(rw io.ReadWriter, c, _ *net.TCPConn) error {
		c.Close()
		_, err := rw.Write([]byte("x"))
		return err
	})
	sameError(t, own, raw)
	if !errors.Is(raw, net.ErrClosed) {
		t.Fatalf("%v is not net.ErrClosed", raw)
	}
}

func TestOtherConnectionsAreTheirOwnIO(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if rw := rawconn.New(a); rw != a {
		t.Fatalf("New(pipe) = %T, want the pipe itself", rw)
	}
}
