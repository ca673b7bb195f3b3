// Package server serves the DynamoDB HTTP JSON 1.0 protocol (the protocol of
// DynamoDB and DynamoDB Local) in front of any Backend, such as the embedded
// engine, so that SDKs, the AWS CLI and GUIs can use it as an endpoint.
//
// Where DynamoDB Local differs from DynamoDB on the wire, the server follows
// DynamoDB: error bodies name the message "message" or "Message" as the
// service model does (DynamoDB Local always writes "Message"), malformed or
// mistyped JSON is a SerializationException (DynamoDB Local coerces types or
// fails with InternalFailure), GET / gets DynamoDB's health answer and other
// GET paths 404 (DynamoDB Local answers no GET), and request bodies may be
// compressed (Content-Encoding gzip or deflate) and answers are, for
// clients that accept gzip (DynamoDB Local does neither). Like DynamoDB
// Local, the server skips a UTF-8 byte order mark before the body.
//
// Browsers may call the server only from the origins WithCORS allows (by
// default LocalOrigins, pages of this machine, where DynamoDB Local allows
// any); WithAuth makes it verify request signatures, as DynamoDB does; and
// Limits bound what each client of the connection loop gets (idle and read
// timeouts, connections, request-body memory).
//
// A Server is an http.Handler, so it runs inside any net/http server; Serve
// runs it on its own HTTP/1.1 connection loop instead, which costs a
// fraction of net/http's CPU per request (`ddb serve` uses it).
//
// Request and response bodies are read and written by codecs compiled once
// per SDK type, when an operation using it is first called, with
// hand-written paths for attribute values; the hot path does no reflection
// walking. A backend that implements EncodedReads (the engine does) hands
// over the items of its reads as stored, and the server writes them as
// JSON without building SDK values.
//
// WithAdmin adds an admin API for local testing under /_ddb/ on the same
// listener: the engine's fault rules and clock, as JSON (see
// docs/admin-api.md in the repository).
package server

import (
	"hash/crc32"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/ddbkit/ddb/engine"
)

// MaxRequestBytes is the largest request body DynamoDB accepts (16 MB);
// larger requests are answered with status 413 and no body.
const MaxRequestBytes = 16 << 20

// targetPrefix starts the X-Amz-Target header of every DynamoDB operation.
const targetPrefix = "DynamoDB_20120810."

// streamsTargetPrefix starts the X-Amz-Target header of every DynamoDB
// Streams operation, served on the same endpoint as DynamoDB Local does.
const streamsTargetPrefix = "DynamoDBStreams_20120810."

// Server speaks DynamoDB's JSON protocol, as an http.Handler or on its own
// connection loop (Serve). It is safe for concurrent use.
type Server struct {
	backend Backend
	log     *slog.Logger
	ids     *requestIDs
	origins origins     // browser origins allowed (WithCORS)
	auth    *accessKeys // nil: signatures are not checked (WithAuth)
	admin   *engine.DB  // the engine of the admin API (WithAdmin), or nil

	// What the connection loop gives its clients (Limits), and the bytes of
	// request bodies it holds now.
	limits Limits
	bodies byteBudget

	// The connection loop's state (Serve, Shutdown).
	mu        sync.Mutex
	closing   atomic.Bool // Shutdown was called; written under mu
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	drained   chan struct{} // closed when closing and no connection is left
}

// Option configures a Server.
type Option func(*Server)

// WithLogger sets the logger for internal errors (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(s *Server) { s.log = l }
}

// healthAnswer is the answer to health checks (GET /), as DynamoDB words it
// (naming its endpoint in us-east-1).
var healthAnswer = []byte("healthy: dynamodb.us-east-1.amazonaws.com ")

// WithCORS sets the browser origins allowed to call the server: "*" for
// any, "scheme://host:*" for any port of a host, or exact origins such as
// "https://app.example.com". The default is LocalOrigins; an empty list
// refuses every browser. Patterns CheckOrigins refuses match nothing.
func WithCORS(allowed []string) Option {
	return func(s *Server) { s.origins = newOrigins(allowed) }
}

// New returns a Server that serves DynamoDB requests with b.
func New(b Backend, opts ...Option) *Server {
	s := &Server{
		backend: b, log: slog.Default(), ids: newRequestIDs(), origins: newOrigins(LocalOrigins),
		limits:    DefaultLimits,
		listeners: map[net.Listener]struct{}{}, conns: map[*conn]struct{}{}, drained: make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	s.bodies.max = s.limits.MaxBodyBytes
	return s
}

// buffers recycles request and response buffers.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// ServeHTTP answers one request the way DynamoDB does: CORS headers for
// browsers and answers to their preflight requests, a health answer for
// GET /, 404 for other GET paths, other methods and foreign content types,
// 413 for bodies over MaxRequestBytes (decoded, for a compressed body), and
// otherwise the JSON result or error of the operation named in
// X-Amz-Target, gzipped when large and the client accepts it. It lets the Server run inside any net/http server;
// Serve runs it on its own, faster, connection loop.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := call{
		method:          r.Method,
		rawQuery:        r.URL.RawQuery,
		contentType:     r.Header.Get("Content-Type"),
		target:          r.Header.Get("X-Amz-Target"),
		authorization:   r.Header.Get("Authorization"),
		amzDate:         r.Header.Get("X-Amz-Date"),
		date:            r.Header.Get("Date"),
		origin:          r.Header.Get("Origin"),
		path:            r.URL.EscapedPath(),
		contentEncoding: r.Header.Get("Content-Encoding"),
		acceptEncoding:  r.Header.Get("Accept-Encoding"),
		corsHeaders:     r.Header.Values("Access-Control-Request-Headers"),
		corsMethods:     r.Header.Values("Access-Control-Request-Method"),
		contentLength:   r.ContentLength,
	}
	if s.auth != nil || s.admin != nil {
		c.tls = r.TLS != nil
		c.headers = append(c.headers, header{"host", r.Host})
		for name, values := range r.Header {
			for _, v := range values {
				c.headers = append(c.headers, header{name, v})
			}
		}
	}
	var out reply
	if s.head(&c, &out) {
		s.respond(w, &out)
		return
	}
	in := buffers.Get().(*[]byte)
	defer putBuffer(in)
	body, err := readBody(r.Body, (*in)[:0])
	*in = body
	if err != nil {
		if len(body) > MaxRequestBytes {
			out.set(http.StatusRequestEntityTooLarge, nil, nil)
			s.respond(w, &out)
		}
		return // the client went away
	}
	c.body = body
	decoded := buffers.Get().(*[]byte)
	defer putBuffer(decoded)
	buf := buffers.Get().(*[]byte)
	defer putBuffer(buf)
	e := encoder{buf: (*buf)[:0]}
	s.decodedOperation(r.Context(), &c, decoded, nil, &e, &out)
	*buf = e.buf
	gz := buffers.Get().(*[]byte)
	defer putBuffer(gz)
	*gz = out.compress(c.acceptEncoding, (*gz)[:0])
	s.respond(w, &out)
}

// readBody reads a request body of at most MaxRequestBytes into buf; a
// longer body is an error, with the returned slice longer than the limit.
func readBody(body io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxRequestBytes {
			return buf, io.ErrShortBuffer
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// maxPooledBuffer is the capacity of the largest buffer kept for reuse: it
// holds the JSON of a full 1 MB page of Query or Scan results, which is
// larger than the page's items by their type wrappers and quotes.
const maxPooledBuffer = 4 << 20

// putBuffer returns a buffer to the pool unless it grew too large to keep.
func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		buffers.Put(b)
	}
}

// respond writes a reply through net/http with DynamoDB's headers:
// x-amzn-RequestId and x-amz-crc32, the CRC32 (IEEE) checksum of the body
// that SDKs verify.
func (s *Server) respond(w http.ResponseWriter, out *reply) {
	h := w.Header()
	for _, kv := range out.headers {
		h[kv.name] = append(h[kv.name], kv.value)
	}
	// Assigned directly to keep DynamoDB's spelling of the header names.
	vals := []string{string(s.ids.append(nil)), strconv.FormatUint(uint64(crc32.ChecksumIEEE(out.body)), 10), strconv.Itoa(len(out.body))}
	h["x-amzn-RequestId"] = vals[0:1:1]
	h["x-amz-crc32"] = vals[1:2:2]
	h["Content-Length"] = vals[2:3:3]
	if out.contentType != nil {
		h["Content-Type"] = out.contentType
	}
	w.WriteHeader(out.status)
	w.Write(out.body)
}
