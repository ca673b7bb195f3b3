package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// call is one request as the protocol reads it, whichever transport brought
// it: net/http (ServeHTTP) or the server's own connection loop (Serve).
type call struct {
	method        string
	rawQuery      string
	contentType   string
	target        string // X-Amz-Target
	authorization string
	amzDate       string // X-Amz-Date
	date          string
	origin        string
	path          string // of the request target, as sent (escaped)
	// contentEncoding and acceptEncoding are the Content-Encoding and
	// Accept-Encoding headers.
	contentEncoding, acceptEncoding string
	// corsHeaders and corsMethods hold the values of a preflight request's
	// Access-Control-Request-Headers and Access-Control-Request-Method.
	corsHeaders, corsMethods []string
	contentLength            int64 // -1 when not announced (a chunked body)
	// body is the request's body, decoded by its Content-Encoding; sent is
	// the body as it was sent, which a signature covers.
	body, sent []byte
	// reserve takes what decoding the body's JSON allocates from the
	// server's budget (nil: not bounded).
	reserve reserveFunc

	// For verifying signatures (WithAuth) and serving the admin API
	// (WithAdmin): whether the request came over TLS, and all its headers
	// (the Host header among them).
	tls     bool
	headers []header
}

// header returns the first value of the request header name (case
// insensitive), or "".
func (c *call) header(name string) string {
	for _, h := range c.headers {
		if strings.EqualFold(h.name, name) {
			return h.value
		}
	}
	return ""
}

// header is one response header line.
type header struct{ name, value string }

// reply is the answer to a call, before the transport adds the headers every
// response carries (request id, CRC, length, date).
type reply struct {
	status      int
	contentType []string // nil for none; one value
	headers     []header // CORS headers
	body        []byte
}

// set fills r with a status, content type and body.
func (r *reply) set(status int, contentType []string, body []byte) {
	r.status, r.contentType, r.body = status, contentType, body
}

// Content types of DynamoDB's protocol; the response echoes the request's.
var (
	contentTypeJSON10 = []string{"application/x-amz-json-1.0"}
	contentTypeJSON11 = []string{"application/x-amz-json-1.1"}
	contentTypeJSON   = []string{"application/json"}
	contentTypeText   = []string{"text/plain"}
)

var unknownOperation = []byte("<UnknownOperationException/>\n")

// head answers the call from its headers alone when its body does not
// matter, the way DynamoDB does (admin calls aside: see adminHead): CORS
// headers for browsers and answers to their preflight requests, GET
// requests (get), 404 for methods other than POST and foreign content
// types, 413 for bodies announced over MaxRequestBytes. It reports whether
// it answered; if not, the transport reads the body and calls operation.
// POST requests are DynamoDB calls whatever their path, as in DynamoDB
// Local.
func (s *Server) head(c *call, out *reply) bool {
	if s.isAdmin(c) {
		return s.adminHead(c, out)
	}
	if s.cors(c, out) {
		return true
	}
	if c.method == http.MethodGet {
		s.get(c, out)
		return true
	}
	if c.method != http.MethodPost || (responseContentType(c.contentType) == nil && c.contentLength != 0) {
		out.set(http.StatusNotFound, contentTypeText, unknownOperation)
		return true
	}
	if c.contentLength > MaxRequestBytes {
		out.set(http.StatusRequestEntityTooLarge, nil, nil)
		return true
	}
	return false
}

// get answers a GET request by its path: the root is DynamoDB's health
// check (any query is ignored), every other path is not found, as on
// DynamoDB. Pages the server may serve some day (a console) would be more
// cases here.
func (s *Server) get(c *call, out *reply) {
	switch targetPath(c.path) {
	case "/":
		out.set(http.StatusOK, contentTypeText, healthAnswer)
	default:
		out.set(http.StatusNotFound, contentTypeText, unknownOperation)
	}
}

// targetPath returns the path of a request target: itself in the usual
// origin form ("/x"), the part after the authority in absolute form
// ("http://host:8000/x"; "/" when none).
func targetPath(target string) string {
	if strings.HasPrefix(target, "/") {
		return target
	}
	if _, rest, ok := strings.Cut(target, "://"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			return rest[i:]
		}
		return "/"
	}
	return target
}

// operation answers a call whose body has been read (within limits) with
// the JSON result or error of the operation named in X-Amz-Target, appended
// to e.
func (s *Server) operation(ctx context.Context, c *call, e *encoder, out *reply) {
	if s.isAdmin(c) {
		s.adminCall(c, out)
		return
	}
	s.answer(c, s.serve(ctx, c, e), e, out)
}

// answer sets out to the JSON in e, or to the error err when it is not nil.
func (s *Server) answer(c *call, err error, e *encoder, out *reply) {
	contentType := responseContentType(c.contentType)
	if contentType == nil {
		contentType = contentTypeJSON10
	}
	status := http.StatusOK
	switch {
	case errors.Is(err, errBusy):
		setBusy(out)
		return
	case errors.Is(err, errBodyTooLarge):
		out.set(http.StatusRequestEntityTooLarge, nil, nil)
		return
	}
	if err != nil {
		e.buf = e.buf[:0]
		var internal bool
		if status, internal = e.encodeError(err); internal {
			s.log.Error("ddb server: internal error", "target", c.target, "err", err)
		}
	}
	out.set(status, contentType, e.buf)
}

// utf8BOM is the byte order mark some clients put before a UTF-8 body;
// DynamoDB's JSON parser skips it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// serve runs the operation of one call. A body that is not UTF-8 is refused
// before anything else, with DynamoDB's SerializationException: strings
// decoded from it could not be told apart or stored as sent.
func (s *Server) serve(ctx context.Context, c *call, e *encoder) error {
	body := bytes.TrimPrefix(c.body, utf8BOM)
	if !utf8.Valid(body) {
		return errMalformed
	}
	name, ok := strings.CutPrefix(c.target, targetPrefix)
	handle := operations[name]
	if !ok {
		name, ok = strings.CutPrefix(c.target, streamsTargetPrefix)
		handle = streamOperations[name]
	}
	if !ok || handle == nil {
		return malformedOr(body, apierr.New(apierr.CodeUnknownOperation, ""))
	}
	if err := checkAuth(c); err != nil {
		return malformedOr(body, err)
	}
	if s.auth != nil {
		if err := s.auth.verify(c, c.sent); err != nil {
			return malformedOr(body, err)
		}
	}
	return handle(ctx, s.backend, body, c.reserve, e)
}

// malformedOr returns err, unless body is not JSON: DynamoDB parses the body
// before it looks at the operation and the credentials.
func malformedOr(body []byte, err error) error {
	if len(body) > 0 {
		if bad := malformation(string(body)); bad != nil {
			return bad
		}
	}
	return err
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
