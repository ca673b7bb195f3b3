package wire

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/ddbkit/ddb/internal/rawconn"
)

// The client's own HTTP/1.1 transport. net/http hands every request to two
// goroutines of the connection (a writer and a reader) and back, which on
// these small requests costs more CPU than the rest of a call; here the
// calling goroutine writes the request and reads the answer itself, on a
// keep-alive connection taken from a pool. See
// docs/decisions/lean-client.md for the figures.

const (
	readBufferSize = 16 << 10 // the bufio.Reader of a connection
	maxHeaderBytes = 1 << 20  // the most header bytes of one response
	// maxBodyBytes is the largest response body read. DynamoDB's largest
	// answers (BatchGetItem) hold 16 MB of items; their JSON, with base64
	// and escapes, stays well below this.
	maxBodyBytes = 64 << 20
	// probeAfter is how long a connection may sit idle before it is probed
	// for a close by the server before reuse.
	probeAfter = time.Second
)

// Errors of responses too large to read.
var (
	errHeaderTooLarge = errors.New("response headers too large")
	errBodyTooLarge   = errors.New("response body too large")
)

// A connPool holds the idle keep-alive connections to one endpoint and
// dials new ones. It is safe for concurrent use.
type connPool struct {
	addr             string      // host:port
	tls              *tls.Config // nil for plain HTTP
	dial             func(ctx context.Context, network, addr string) (net.Conn, error)
	handshakeTimeout time.Duration
	idleTimeout      time.Duration // 0: idle connections are kept until used
	maxIdle          int
	timeout          time.Duration // per round trip, like http.Client.Timeout; 0: none

	mu       sync.Mutex
	idle     []*conn // most recently used last
	sweeping bool    // a timer will close connections idle too long
	closed   bool
}

// A conn is one HTTP/1.1 connection with its buffers.
type conn struct {
	nc       net.Conn
	io       io.ReadWriter // nc's reads and writes (see package rawconn)
	br       *bufio.Reader
	wbuf     []byte
	lastUsed time.Time
	deadline time.Time // the connection's deadline, zero for none
	// timeoutAt is when the pool's timeout expires the connection's
	// current round trip, zero when not set.
	timeoutAt time.Time
}

// A response is what the transport read: the status, the headers the
// client needs, and the whole body.
type response struct {
	status    int
	crc32     string // X-Amz-Crc32
	requestID string // X-Amzn-RequestId
	errorType string // X-Amzn-ErrorType
	date      string // Date
	age       bool   // an Age header is present
	// header holds every header of an error response (status >= 300), for
	// the error the caller gets; nil otherwise.
	header http.Header
	body   []byte
}

// roundTrip sends one POST request for path to host, with header and
// body, and reads its response, on a pooled connection.
func (p *connPool) roundTrip(ctx context.Context, host, path string, header http.Header, body []byte) (*response, error) {
	c, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	c.setDeadline(ctx, p.timeout)
	stop := func() bool { return true }
	if ctx.Done() != nil {
		// A canceled context interrupts the I/O in progress.
		stop = context.AfterFunc(ctx, func() { c.nc.SetDeadline(time.Unix(1, 0)) })
	}
	c.wbuf = appendRequestHead(c.wbuf[:0], host, path, header, len(body))
	resp, keep, err := c.exchange(body)
	if !stop() {
		keep = false // the interruption may have fired: the connection's deadline is spoiled
	}
	if err != nil || !keep {
		c.nc.Close()
	} else {
		p.put(c)
	}
	return resp, err
}

// setDeadline sets the connection's deadline for a round trip: the
// context's, or the end of the pool's timeout if sooner. The timeout, a
// safety net rather than a deadline the caller chose, is set an eighth of
// itself longer and extended only once that much has passed, so that most
// round trips leave the connection's timer alone.
func (c *conn) setDeadline(ctx context.Context, timeout time.Duration) {
	deadline, _ := ctx.Deadline()
	if timeout > 0 {
		if now := time.Now(); c.timeoutAt.Before(now.Add(timeout)) {
			c.timeoutAt = now.Add(timeout + timeout/8)
		}
		if deadline.IsZero() || c.timeoutAt.Before(deadline) {
			deadline = c.timeoutAt
		}
	}
	if !deadline.Equal(c.deadline) {
		c.nc.SetDeadline(deadline) // the zero time clears an earlier deadline
		c.deadline = deadline
	}
}

// exchange writes one request, whose head is in c.wbuf, and reads its
// response. keep reports whether the connection may carry another request.
func (c *conn) exchange(body []byte) (resp *response, keep bool, err error) {
	c.wbuf = append(c.wbuf, body...)
	if _, err := c.io.Write(c.wbuf); err != nil {
		return nil, false, err
	}
	if cap(c.wbuf) > 64<<10 {
		c.wbuf = nil // do not keep a large request's buffer for every later one
	}
	return readResponse(c.br)
}

// get returns an idle connection or dials a new one.
func (p *connPool) get(ctx context.Context) (*conn, error) {
	for {
		p.mu.Lock()
		n := len(p.idle)
		if n == 0 {
			p.mu.Unlock()
			return p.dialConn(ctx)
		}
		c := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		if since := time.Since(c.lastUsed); (p.idleTimeout > 0 && since > p.idleTimeout) || (since > probeAfter && !usable(c)) {
			c.nc.Close()
			continue
		}
		return c, nil
	}
}

// usable reports whether an idle connection still looks open: nothing,
// not even an end of stream, has arrived on it since its last response.
func usable(c *conn) bool {
	if c.br.Buffered() > 0 {
		return false
	}
	nc := c.nc
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	return !peerClosed(nc)
}

// dialConn opens a connection, with TLS when the endpoint is https.
func (p *connPool) dialConn(ctx context.Context) (*conn, error) {
	nc, err := p.dial(ctx, "tcp", p.addr)
	if err != nil {
		return nil, err
	}
	if p.tls != nil {
		tc := tls.Client(nc, p.tls)
		hctx := ctx
		if p.handshakeTimeout > 0 {
			var cancel context.CancelFunc
			hctx, cancel = context.WithTimeout(ctx, p.handshakeTimeout)
			defer cancel()
		}
		if err := tc.HandshakeContext(hctx); err != nil {
			nc.Close()
			return nil, err
		}
		return &conn{nc: tc, io: tc, br: bufio.NewReaderSize(tc, readBufferSize)}, nil
	}
	rw := rawconn.New(nc)
	return &conn{nc: nc, io: rw, br: bufio.NewReaderSize(rw, readBufferSize)}, nil
}

// put returns a connection to the pool, or closes it if the pool is full
// or closed.
func (p *connPool) put(c *conn) {
	c.lastUsed = time.Now()
	p.mu.Lock()
	if p.closed || len(p.idle) >= p.maxIdle {
		p.mu.Unlock()
		c.nc.Close()
		return
	}
	p.idle = append(p.idle, c)
	if p.idleTimeout > 0 && !p.sweeping {
		p.sweeping = true
		time.AfterFunc(p.idleTimeout, p.sweep)
	}
	p.mu.Unlock()
}

// sweep closes the connections idle longer than the idle timeout and
// schedules itself again while idle connections remain.
func (p *connPool) sweep() {
	p.mu.Lock()
	defer p.mu.Unlock()
	cutoff := time.Now().Add(-p.idleTimeout)
	keep := p.idle[:0]
	for _, c := range p.idle {
		if c.lastUsed.Before(cutoff) {
			c.nc.Close()
		} else {
			keep = append(keep, c)
		}
	}
	clear(p.idle[len(keep):])
	p.idle = keep
	if p.sweeping = len(p.idle) > 0 && !p.closed; p.sweeping {
		time.AfterFunc(p.idleTimeout, p.sweep)
	}
}

// closeIdle closes the idle connections; with final, the pool keeps no
// connection afterwards.
func (p *connPool) closeIdle(final bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.idle {
		c.nc.Close()
	}
	clear(p.idle)
	p.idle = p.idle[:0]
	p.closed = p.closed || final
}

// appendRequestHead appends an HTTP/1.1 POST request's line and headers,
// through the blank line that ends them.
func appendRequestHead(b []byte, host, path string, header http.Header, contentLength int) []byte {
	b = append(b, "POST "...)
	b = append(b, path...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, host...)
	b = append(b, "\r\n"...)
	for k, vs := range header {
		for _, v := range vs {
			b = append(b, k...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, "\r\n"...)
		}
	}
	b = append(b, "Content-Length: "...)
	b = strconv.AppendInt(b, int64(contentLength), 10)
	return append(b, "\r\n\r\n"...)
}

// readResponse reads one HTTP/1.x response, skipping informational (1xx)
// ones. keep reports whether the connection may carry another request.
func readResponse(br *bufio.Reader) (resp *response, keep bool, err error) {
	for {
		resp, keep, err = readOneResponse(br)
		if err != nil || resp.status >= 200 {
			return resp, keep, err
		}
	}
}

func readOneResponse(br *bufio.Reader) (*response, bool, error) {
	line, err := readLine(br)
	if err != nil {
		return nil, false, err
	}
	resp := &response{}
	var http10 bool
	switch {
	case len(line) >= 12 && bytes.HasPrefix(line, []byte("HTTP/1.1 ")):
	case len(line) >= 12 && bytes.HasPrefix(line, []byte("HTTP/1.0 ")):
		http10 = true
	default:
		return nil, false, fmt.Errorf("malformed HTTP response line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil || status < 100 || (len(line) > 12 && line[12] != ' ') {
		return nil, false, fmt.Errorf("malformed HTTP response line %q", line)
	}
	resp.status = status
	if status >= 300 {
		resp.header = http.Header{}
	}
	contentLength, chunked, closeConn, keepAlive := int64(-1), false, false, false
	total := len(line)
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, false, err
		}
		if len(line) == 0 {
			break
		}
		if total += len(line); total > maxHeaderBytes {
			return nil, false, errHeaderTooLarge
		}
		name, value, ok := bytes.Cut(line, []byte{':'})
		if !ok || len(name) == 0 {
			return nil, false, fmt.Errorf("malformed HTTP response header %q", line)
		}
		value = bytes.TrimSpace(value)
		if resp.header != nil {
			resp.header.Add(string(name), string(value))
		}
		switch {
		case equalFold(name, "Content-Length"):
			n, err := strconv.ParseInt(string(value), 10, 64)
			if err != nil || n < 0 || (contentLength >= 0 && n != contentLength) {
				return nil, false, fmt.Errorf("malformed Content-Length %q", value)
			}
			contentLength = n
		case equalFold(name, "Transfer-Encoding"):
			if !equalFold(value, "chunked") {
				return nil, false, fmt.Errorf("unsupported Transfer-Encoding %q", value)
			}
			chunked = true
		case equalFold(name, "Connection"):
			closeConn = closeConn || hasToken(value, "close")
			keepAlive = keepAlive || hasToken(value, "keep-alive")
		case equalFold(name, "Content-Encoding"):
			if len(value) > 0 && !equalFold(value, "identity") {
				return nil, false, fmt.Errorf("unsupported Content-Encoding %q", value)
			}
		case equalFold(name, "X-Amz-Crc32"):
			resp.crc32 = string(value)
		case equalFold(name, "X-Amzn-RequestId"):
			resp.requestID = string(value)
		case equalFold(name, "X-Amzn-ErrorType"):
			resp.errorType = string(value)
		case equalFold(name, "Date"):
			resp.date = string(value)
		case equalFold(name, "Age"):
			resp.age = true
		}
	}
	keep := !closeConn && (!http10 || keepAlive)
	switch {
	case status < 200 || status == http.StatusNoContent || status == http.StatusNotModified:
		// No body.
	case chunked:
		resp.body, err = readChunked(br)
	case contentLength > maxBodyBytes:
		err = errBodyTooLarge
	case contentLength >= 0:
		resp.body = make([]byte, contentLength)
		_, err = io.ReadFull(br, resp.body)
	default:
		// The body runs to the end of the connection.
		resp.body, err = io.ReadAll(io.LimitReader(br, maxBodyBytes+1))
		if len(resp.body) > maxBodyBytes {
			err = errBodyTooLarge
		}
		keep = false
	}
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, false, err
	}
	return resp, keep, nil
}

// readLine reads one line without its CRLF (or LF).
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return nil, errHeaderTooLarge
	}
	if err != nil {
		if err == io.EOF && len(line) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// readChunked reads a chunked body and its trailer.
func readChunked(br *bufio.Reader) ([]byte, error) {
	var body []byte
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i] // chunk extensions
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil || size < 0 {
			return nil, fmt.Errorf("malformed chunk size %q", line)
		}
		if size == 0 {
			break
		}
		if size > maxBodyBytes-int64(len(body)) {
			return nil, errBodyTooLarge
		}
		start := len(body)
		body = append(body, make([]byte, size)...)
		if _, err := io.ReadFull(br, body[start:]); err != nil {
			return nil, err
		}
		if crlf, err := readLine(br); err != nil || len(crlf) != 0 {
			return nil, fmt.Errorf("malformed chunk end")
		}
	}
	for { // trailer
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			return body, nil
		}
	}
}

// equalFold reports whether b equals the ASCII string s, ignoring case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if x|0x20 != y|0x20 || (x|0x20 < 'a' || x|0x20 > 'z') && x != y {
			return false
		}
	}
	return true
}

// hasToken reports whether the comma-separated header value v holds token.
func hasToken(v []byte, token string) bool {
	for part := range bytes.SplitSeq(v, []byte{','}) {
		if equalFold(bytes.TrimSpace(part), token) {
			return true
		}
	}
	return false
}
