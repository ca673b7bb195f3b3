// Package server serves the DynamoDB HTTP JSON 1.0 protocol (the protocol of
// DynamoDB and DynamoDB Local) in front of any Backend, such as the embedded
// engine, so that SDKs, the AWS CLI and GUIs can use it as an endpoint.
//
// Where DynamoDB Local differs from DynamoDB on the wire, the server follows
// DynamoDB: error bodies name the message "message" or "Message" as the
// service model does (DynamoDB Local always writes "Message"), malformed or
// mistyped JSON is a SerializationException (DynamoDB Local coerces types or
// fails with InternalFailure), GET requests get DynamoDB's health answer,
// and browsers get DynamoDB's CORS answers (any origin). Like DynamoDB
// Local, the server skips a UTF-8 byte order mark before the body.
//
// Request and response bodies are read and written by codecs compiled once
// per SDK type at package initialization, with hand-written paths for
// attribute values; the hot path does no reflection walking.
package server

import (
	"bytes"
	"encoding/json"
	"hash/crc32"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/ddbkit/ddb/engine/apierr"
)

// MaxRequestBytes is the largest request body DynamoDB accepts (16 MB);
// larger requests are answered with status 413 and no body.
const MaxRequestBytes = 16 << 20

// targetPrefix starts the X-Amz-Target header of every DynamoDB operation.
const targetPrefix = "DynamoDB_20120810."

// Server is an http.Handler that speaks DynamoDB's JSON protocol. It is safe
// for concurrent use.
type Server struct {
	backend Backend
	log     *slog.Logger
	health  []byte
	ids     *requestIDs
}

// Option configures a Server.
type Option func(*Server)

// WithLogger sets the logger for internal errors (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(s *Server) { s.log = l }
}

// WithRegion sets the region named in the answer to health checks (GET
// requests), as DynamoDB's "healthy: dynamodb.us-east-1.amazonaws.com ".
func WithRegion(region string) Option {
	return func(s *Server) { s.health = healthAnswer(region) }
}

func healthAnswer(region string) []byte {
	return []byte("healthy: dynamodb." + region + ".amazonaws.com ")
}

// New returns a Server that serves DynamoDB requests with b.
func New(b Backend, opts ...Option) *Server {
	s := &Server{backend: b, log: slog.Default(), health: healthAnswer("us-east-1"), ids: newRequestIDs()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Content types of DynamoDB's protocol; the response echoes the request's.
var (
	contentTypeJSON10 = []string{"application/x-amz-json-1.0"}
	contentTypeJSON11 = []string{"application/x-amz-json-1.1"}
	contentTypeJSON   = []string{"application/json"}
	contentTypeText   = []string{"text/plain"}
)

// buffers recycles request and response buffers.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// ServeHTTP answers one request the way DynamoDB does: CORS headers for
// browsers and answers to their preflight requests, a health answer for GET,
// 404 for other methods and foreign content types, 413 for bodies over
// MaxRequestBytes, and otherwise the JSON result or error of the operation
// named in X-Amz-Target.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cors(w, r) {
		return
	}
	if r.Method == http.MethodGet {
		s.respond(w, http.StatusOK, contentTypeText, s.health)
		return
	}
	contentType := responseContentType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodPost || (contentType == nil && r.ContentLength != 0) {
		s.respond(w, http.StatusNotFound, contentTypeText, []byte("<UnknownOperationException/>\n"))
		return
	}
	if contentType == nil {
		contentType = contentTypeJSON10
	}
	if r.ContentLength > MaxRequestBytes {
		s.respond(w, http.StatusRequestEntityTooLarge, nil, nil)
		return
	}
	in := buffers.Get().(*[]byte)
	defer putBuffer(in)
	body, err := readBody(r.Body, (*in)[:0])
	*in = body
	if err != nil {
		if len(body) > MaxRequestBytes {
			s.respond(w, http.StatusRequestEntityTooLarge, nil, nil)
		}
		return // the client went away
	}

	out := buffers.Get().(*[]byte)
	defer putBuffer(out)
	e := encoder{buf: (*out)[:0]}
	status := http.StatusOK
	if err := s.serve(r, body, &e); err != nil {
		e.buf = e.buf[:0]
		var internal bool
		if status, internal = e.encodeError(err); internal {
			s.log.Error("ddb server: internal error", "target", r.Header.Get("X-Amz-Target"), "err", err)
		}
	}
	*out = e.buf
	s.respond(w, status, contentType, e.buf)
}

// utf8BOM is the byte order mark some clients put before a UTF-8 body;
// DynamoDB's JSON parser skips it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// serve runs the operation of one request with a body that is within limits.
func (s *Server) serve(r *http.Request, body []byte, e *encoder) error {
	body = bytes.TrimPrefix(body, utf8BOM)
	name, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	handle := operations[name]
	if !ok || handle == nil {
		return malformedOr(body, apierr.New(apierr.CodeUnknownOperation, ""))
	}
	if err := checkAuth(r); err != nil {
		return malformedOr(body, err)
	}
	return handle(r.Context(), s.backend, string(body), e)
}

// malformedOr returns err, unless body is not JSON: DynamoDB parses the body
// before it looks at the operation and the credentials.
func malformedOr(body []byte, err error) error {
	if len(body) > 0 && !json.Valid(body) {
		return errMalformed
	}
	return err
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

// putBuffer returns a buffer to the pool unless it grew too large to keep.
func putBuffer(b *[]byte) {
	if cap(*b) <= 1<<20 {
		buffers.Put(b)
	}
}

// responseContentType returns the content type to answer a request of the
// given content type with, or nil if DynamoDB does not accept it.
func responseContentType(requestType string) []string {
	mediaType, _, _ := strings.Cut(requestType, ";")
	switch strings.TrimSpace(mediaType) {
	case "application/x-amz-json-1.0":
		return contentTypeJSON10
	case "application/x-amz-json-1.1":
		return contentTypeJSON11
	case "application/json":
		return contentTypeJSON
	}
	return nil
}

// respond writes a response with DynamoDB's headers: x-amzn-RequestId and
// x-amz-crc32, the CRC32 (IEEE) checksum of the body that SDKs verify.
func (s *Server) respond(w http.ResponseWriter, status int, contentType []string, body []byte) {
	h := w.Header()
	// Assigned directly to keep DynamoDB's spelling of the header names.
	vals := []string{s.ids.next(), strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10), strconv.Itoa(len(body))}
	h["x-amzn-RequestId"] = vals[0:1:1]
	h["x-amz-crc32"] = vals[1:2:2]
	h["Content-Length"] = vals[2:3:3]
	if contentType != nil {
		h["Content-Type"] = contentType
	}
	w.WriteHeader(status)
	w.Write(body)
}
