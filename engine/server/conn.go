package server

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/ddbkit/ddb/internal/rawconn"
)

// Limits and timeouts of the connection loop.
const (
	// maxHeaderBytes bounds a request's line and headers (net/http's
	// default); longer ones are answered with 431.
	maxHeaderBytes = 1 << 20
	// maxDiscard is how much of the body of a request answered without it
	// (a health check, a 404) is read and dropped to keep the connection;
	// beyond it the connection is closed after the answer.
	maxDiscard = 256 << 10
	// readBufferSize is the size of a connection's read buffer: most
	// requests arrive whole in one read.
	readBufferSize = 16 << 10
	// writeCopyLimit is the largest body copied into the write buffer
	// behind its headers; larger ones are written from where they are.
	writeCopyLimit = 64 << 10
)

// conn is one client connection of Serve: a loop that reads a request,
// answers it, and reads the next, on one goroutine.
type conn struct {
	s    *Server
	nc   net.Conn
	io   io.ReadWriter // nc's reads and writes (see package rawconn)
	in   timedReader
	r    *bufio.Reader
	wbuf []byte // answers not yet written
	// out holds the JSON of the last answer, gz its compressed form when
	// the client asked for one: kept by the connection, not pooled, as the
	// pool loses its buffers at every garbage collection, and a Scan
	// page's JSON is costly to grow again.
	out, gz []byte
	req     httpRequest // the request being read
	ctx     context.Context

	// unread tells that the connection is closed with some of a request
	// unread: an error answer or 413.
	unread bool

	// reserved is the part of the server's body budget the request being
	// read holds.
	reserved int64

	// Guarded by s.mu.
	idle      bool      // waiting for a request
	idleSince time.Time // when it began to wait
	killed    bool      // closed by Shutdown, or to make room for a new connection
}

func newConn(s *Server, nc net.Conn) *conn {
	c := &conn{s: s, nc: nc, io: rawconn.New(nc), ctx: context.Background()}
	if s.auth != nil || s.admin != nil {
		_, c.req.tls = nc.(*tls.Conn)
		c.req.keepAll = true
	}
	c.in = timedReader{c: c}
	c.r = readers.Get().(*bufio.Reader)
	c.r.Reset(&c.in)
	return c
}

// readers recycles the read buffers of closed connections. Clients open
// new connections often: aws-sdk-go-v2 without ddb.FixSDKBodyRace drops
// about one in ten of its connections after a fast answer
// (docs/decisions/bench-sdk-connections.md), and a new 16 KB buffer costs
// its allocation and clearing each time.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readBufferSize) }}

// kill closes the connection under a request that has not begun (or, once
// Shutdown gives up waiting, under any). s.mu must be held.
func (c *conn) kill() {
	c.killed = true
	c.nc.Close()
}

// timedReader reads from the connection for its bufio.Reader. Before it
// blocks on the network it writes the answers still buffered (so that
// pipelined answers go out together, and before the client is waited for)
// and applies the read deadline of the current phase.
type timedReader struct {
	c        *conn
	deadline time.Time // zero: none
	applied  time.Time // the deadline set on the connection
}

func (t *timedReader) Read(p []byte) (int, error) {
	if err := t.c.flush(); err != nil {
		return 0, err
	}
	if !t.deadline.Equal(t.applied) {
		if err := t.c.nc.SetReadDeadline(t.deadline); err != nil {
			return 0, err
		}
		t.applied = t.deadline
	}
	return t.c.io.Read(p)
}

// flush writes the buffered answers.
func (c *conn) flush() error {
	if len(c.wbuf) == 0 {
		return nil
	}
	_, err := c.io.Write(c.wbuf)
	c.wbuf = c.wbuf[:0]
	return err
}

// serve runs the connection until the client closes it, an answer requires
// closing it, or the server shuts down.
func (c *conn) serve() {
	defer func() {
		if p := recover(); p != nil {
			c.s.log.Error("ddb server: panic serving a connection", "remote", c.nc.RemoteAddr().String(), "panic", p, "stack", string(debug.Stack()))
		}
		c.close()
		c.s.untrack(c)
	}()
	for {
		// A connection waits for its next request (or its first) up to
		// the idle timeout, then is closed without an answer.
		c.in.deadline = time.Now().Add(c.s.limits.IdleTimeout)
		if !c.s.setIdle(c, true) {
			return
		}
		_, err := c.r.Peek(1)
		if !c.s.setIdle(c, false) || err != nil {
			return
		}
		keep := c.serveRequest()
		c.s.bodies.give(c.reserved)
		c.reserved = 0
		if !keep {
			return
		}
	}
}

// reserve takes n bytes of the server's body budget for the request being
// served (a reserveFunc): its body, and what decoding it takes.
func (c *conn) reserve(n int) error {
	if !c.s.bodies.take(int64(n)) {
		if c.reserved+int64(n) > c.s.bodies.max {
			return errBodyTooLarge
		}
		return errBusy
	}
	c.reserved += int64(n)
	return nil
}

// refuse answers the first request of a connection over MaxConns with 503
// (which SDKs retry) and closes it. It waits for the request's headers a
// second at most: refused connections hold descriptors too.
func (c *conn) refuse() {
	defer c.close()
	c.in.deadline = time.Now().Add(min(c.s.limits.HeaderTimeout, time.Second))
	if _, err := c.req.read(c.r); err != nil {
		return
	}
	var out reply
	setBusy(&out)
	c.unread = true
	c.reply(&out, false)
}

// lingerDelay is how long a connection closed with input unread waits
// between sending its last answer and closing, so that the client reads the
// answer before the reset that closing with unread input causes.
const lingerDelay = 500 * time.Millisecond

// close writes what is buffered and closes the connection.
func (c *conn) close() {
	err := c.flush()
	if tc, ok := c.nc.(*net.TCPConn); ok && c.unread && err == nil && tc.CloseWrite() == nil {
		time.Sleep(lingerDelay)
	}
	c.nc.Close()
	c.r.Reset(nil)
	readers.Put(c.r)
	c.r = nil
}

// serveRequest reads and answers one request. It reports whether the
// connection stays open for another.
func (c *conn) serveRequest() bool {
	q := &c.req
	c.in.deadline = time.Now().Add(c.s.limits.HeaderTimeout)
	in := buffers.Get().(*[]byte)
	defer putBuffer(in)
	if status, err := q.read(c.r); err != nil {
		if status != 0 {
			c.wbuf = appendError(c.wbuf, status)
			c.unread = true
		}
		return false
	}
	keep := q.keepAlive
	var out reply
	if c.s.head(&q.call, &out) {
		if q.hasBody() && !c.discardBody(in) {
			keep, c.unread = false, true
		}
	} else if !q.chunked && c.reserve(int(q.contentLength)) != nil {
		// The body announced does not fit in the server's budget: it is
		// not read (nor asked for with 100 Continue).
		setBusy(&out)
		keep, c.unread = false, true
	} else {
		if q.expectContinue {
			c.wbuf = append(c.wbuf, "HTTP/1.1 100 Continue\r\n\r\n"...)
		}
		c.in.deadline = time.Now().Add(c.s.limits.BodyTimeout)
		body, err := q.readBody(c.r, (*in)[:0], MaxRequestBytes, c.reserve)
		*in = body
		switch {
		case errors.Is(err, errBodyTooLarge):
			out.set(http.StatusRequestEntityTooLarge, nil, nil)
			keep, c.unread = false, true
		case errors.Is(err, errBusy):
			setBusy(&out)
			keep, c.unread = false, true
		case errors.Is(err, errBadRequest):
			c.wbuf = appendError(c.wbuf, http.StatusBadRequest)
			c.unread = true
			return false
		case err != nil:
			return false // the client went away
		default:
			q.body = body
			decoded := buffers.Get().(*[]byte)
			defer putBuffer(decoded)
			e := encoder{buf: c.out[:0]}
			c.s.decodedOperation(c.ctx, &q.call, decoded, c.reserve, &e, &out)
			if cap(e.buf) <= maxPooledBuffer {
				c.out = e.buf
			}
			if gz := out.compress(q.acceptEncoding, c.gz); cap(gz) <= maxPooledBuffer {
				c.gz = gz
			}
		}
	}
	keep = keep && !c.s.closing.Load()
	c.reply(&out, keep)
	return keep
}

// discardBody reads and drops the body of a request answered without it, if
// it is small enough; it reports whether the connection can be kept.
func (c *conn) discardBody(in *[]byte) bool {
	q := &c.req
	if q.expectContinue || q.contentLength > maxDiscard {
		return false // the client has not sent it, or it is too long to read
	}
	c.in.deadline = time.Now().Add(c.s.limits.BodyTimeout)
	body, err := q.readBody(c.r, (*in)[:0], maxDiscard, nil)
	*in = body
	return err == nil
}

// reply appends the answer to the request to the write buffer, with the
// headers DynamoDB sends with every response: x-amzn-RequestId and
// x-amz-crc32, the CRC32 (IEEE) checksum of the body that SDKs verify.
func (c *conn) reply(out *reply, keep bool) {
	q := &c.req
	b := c.wbuf
	if q.http10 {
		b = append(b, "HTTP/1.0 "...)
	} else {
		b = append(b, "HTTP/1.1 "...)
	}
	b = strconv.AppendInt(b, int64(out.status), 10)
	b = append(b, ' ')
	b = append(b, http.StatusText(out.status)...)
	b = append(b, "\r\n"...)
	for _, h := range out.headers {
		b = appendHeader(b, h.name, h.value)
	}
	b = append(b, "Content-Length: "...)
	b = strconv.AppendInt(b, int64(len(out.body)), 10)
	b = append(b, "\r\n"...)
	if out.contentType != nil {
		b = appendHeader(b, "Content-Type", out.contentType[0])
	}
	b = append(b, "x-amz-crc32: "...)
	b = strconv.AppendUint(b, uint64(crc32.ChecksumIEEE(out.body)), 10)
	b = append(b, "\r\nx-amzn-RequestId: "...)
	b = c.s.ids.append(b)
	b = append(b, "\r\nDate: "...)
	b = appendDate(b)
	switch {
	case !keep:
		b = append(b, "\r\nConnection: close"...)
	case q.http10:
		b = append(b, "\r\nConnection: keep-alive"...)
	}
	b = append(b, "\r\n\r\n"...)
	c.wbuf = b
	if q.method == http.MethodHead {
		return
	}
	if len(out.body) <= writeCopyLimit {
		c.wbuf = append(c.wbuf, out.body...)
		return
	}
	if c.flush() == nil {
		c.io.Write(out.body) // an error shows in the next read or write
	}
}

func appendHeader(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, ": "...)
	b = append(b, value...)
	return append(b, "\r\n"...)
}

// appendError appends the answer to a request that cannot be read: a status
// and its text, after which the connection is closed.
func appendError(b []byte, status int) []byte {
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	b = append(b, "HTTP/1.1 "+text+"\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(text)), 10)
	b = append(b, "\r\n\r\n"...)
	return append(b, text...)
}
