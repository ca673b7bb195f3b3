package server

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
)

// httpRequest reads one HTTP/1.x request from a connection: the request
// line, the headers the protocol needs (the others are checked and
// skipped), and the body, announced by Content-Length or chunked.
type httpRequest struct {
	call
	http10         bool
	keepAlive      bool // the connection may serve another request after this one
	expectContinue bool
	chunked        bool

	// The header values kept are copied into text, then made one string
	// that the call's strings are cut from: one allocation per request.
	text                             []byte
	spans                            [numFields]span
	spanCORSHeaders, spanCORSMethods []span
	long                             []byte // a line longer than the read buffer

	// keepAll tells to keep every header, for verifying signatures.
	keepAll     bool
	spanHeaders [][2]span // name and value
}

// span locates a value in httpRequest.text.
type span struct{ start, end int32 }

// The request fields kept as strings, by index into httpRequest.spans.
const (
	fieldMethod = iota
	fieldQuery
	fieldContentType
	fieldTarget
	fieldAuthorization
	fieldAmzDate
	fieldDate
	fieldOrigin
	fieldPath
	fieldContentEncoding
	fieldAcceptEncoding
	numFields
)

var (
	errHeaderTooLarge = errors.New("request headers too large")
	errBodyTooLarge   = errors.New("request body too large")
	errBadRequest     = errors.New("malformed request")
	errBusy           = errors.New("request bodies over the server's budget")
)

// read reads a request's line and headers. On error, status is the answer
// to send before closing the connection, or 0 for none (the client went
// away or timed out).
func (q *httpRequest) read(r *bufio.Reader) (status int, err error) {
	q.reset()
	budget := maxHeaderBytes
	line, err := q.line(r, &budget)
	for err == nil && len(line) == 0 { // tolerated before a request line
		line, err = q.line(r, &budget)
	}
	if err != nil {
		return readStatus(err), err
	}
	if status := q.requestLine(line); status != 0 {
		return status, errBadRequest
	}
	var host, contentLength, transferEncoding bool
	for {
		line, err := q.line(r, &budget)
		if err != nil {
			return readStatus(err), err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte{':'})
		if !ok || !validName(name) || !validValue(value) {
			return http.StatusBadRequest, errBadRequest
		}
		value = trimBlanks(value)
		if q.keepAll {
			q.spanHeaders = append(q.spanHeaders, [2]span{q.copy(name), q.copy(value)})
		}
		var lower [32]byte
		if len(name) > len(lower) {
			continue // none of the headers kept is that long
		}
		for i, c := range name {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
		switch string(lower[:len(name)]) {
		case "host":
			host = true
		case "content-length":
			n, ok := parseLength(value)
			if !ok || (contentLength && n != q.contentLength) {
				return http.StatusBadRequest, errBadRequest
			}
			q.contentLength, contentLength = n, true
		case "transfer-encoding":
			if !bytes.EqualFold(value, []byte("chunked")) || transferEncoding {
				return http.StatusNotImplemented, errBadRequest
			}
			q.chunked, transferEncoding = true, true
		case "connection":
			for token := range bytes.SplitSeq(value, []byte{','}) {
				switch token = bytes.TrimSpace(token); {
				case bytes.EqualFold(token, []byte("close")):
					q.keepAlive = false
				case bytes.EqualFold(token, []byte("keep-alive")) && q.http10:
					q.keepAlive = true
				}
			}
		case "expect":
			if !bytes.EqualFold(value, []byte("100-continue")) {
				return http.StatusExpectationFailed, errBadRequest
			}
			q.expectContinue = !q.http10
		case "content-type":
			q.keep(fieldContentType, value)
		case "x-amz-target":
			q.keep(fieldTarget, value)
		case "authorization":
			q.keep(fieldAuthorization, value)
		case "x-amz-date":
			q.keep(fieldAmzDate, value)
		case "date":
			q.keep(fieldDate, value)
		case "origin":
			q.keep(fieldOrigin, value)
		case "content-encoding":
			q.keep(fieldContentEncoding, value)
		case "accept-encoding":
			q.keep(fieldAcceptEncoding, value)
		case "access-control-request-headers":
			q.spanCORSHeaders = append(q.spanCORSHeaders, q.copy(value))
		case "access-control-request-method":
			q.spanCORSMethods = append(q.spanCORSMethods, q.copy(value))
		}
	}
	switch {
	case contentLength && transferEncoding:
		return http.StatusBadRequest, errBadRequest // ambiguous: a smuggling attempt
	case !host && !q.http10:
		return http.StatusBadRequest, errBadRequest
	case q.chunked:
		q.contentLength = -1
	}
	q.finish()
	return 0, nil
}

// reset prepares q for the next request on the connection.
func (q *httpRequest) reset() {
	q.call = call{tls: q.tls} // the connection's, kept
	q.http10, q.keepAlive, q.expectContinue, q.chunked = false, true, false, false
	q.text = q.text[:0]
	q.spans = [numFields]span{}
	q.spanCORSHeaders, q.spanCORSMethods = q.spanCORSHeaders[:0], q.spanCORSMethods[:0]
	q.spanHeaders = q.spanHeaders[:0]
}

// requestLine parses "METHOD TARGET HTTP/1.x"; it returns the status to
// refuse the request with, or 0.
func (q *httpRequest) requestLine(line []byte) int {
	method, rest, ok1 := bytes.Cut(line, []byte{' '})
	target, version, ok2 := bytes.Cut(rest, []byte{' '})
	if !ok1 || !ok2 || !validName(method) || len(target) == 0 || bytes.ContainsAny(target, " \t") || !validValue(target) {
		return http.StatusBadRequest
	}
	switch string(version) {
	case "HTTP/1.1":
	case "HTTP/1.0":
		q.http10, q.keepAlive = true, false
	default:
		if bytes.HasPrefix(version, []byte("HTTP/")) {
			return http.StatusHTTPVersionNotSupported
		}
		return http.StatusBadRequest
	}
	q.keep(fieldMethod, method)
	path, query, ok := bytes.Cut(target, []byte{'?'})
	if ok {
		q.keep(fieldQuery, query)
	}
	q.keep(fieldPath, path)
	return 0
}

// keep copies the first value of a field.
func (q *httpRequest) keep(field int, value []byte) {
	if q.spans[field] == (span{}) {
		q.spans[field] = q.copy(value)
	}
}

func (q *httpRequest) copy(value []byte) span {
	start := len(q.text)
	q.text = append(q.text, value...)
	return span{int32(start), int32(len(q.text))}
}

// finish makes the call's strings out of the values kept.
func (q *httpRequest) finish() {
	text := string(q.text)
	get := func(s span) string { return text[s.start:s.end] }
	q.method = get(q.spans[fieldMethod])
	q.rawQuery = get(q.spans[fieldQuery])
	q.contentType = get(q.spans[fieldContentType])
	q.target = get(q.spans[fieldTarget])
	q.authorization = get(q.spans[fieldAuthorization])
	q.amzDate = get(q.spans[fieldAmzDate])
	q.date = get(q.spans[fieldDate])
	q.origin = get(q.spans[fieldOrigin])
	for _, s := range q.spanCORSHeaders {
		q.corsHeaders = append(q.corsHeaders, get(s))
	}
	for _, s := range q.spanCORSMethods {
		q.corsMethods = append(q.corsMethods, get(s))
	}
	q.path = get(q.spans[fieldPath])
	q.contentEncoding = get(q.spans[fieldContentEncoding])
	q.acceptEncoding = get(q.spans[fieldAcceptEncoding])
	for _, h := range q.spanHeaders {
		q.headers = append(q.headers, header{get(h[0]), get(h[1])})
	}
}

// line reads one line, without its line ending, taking its length from
// *budget; a line over the budget is errHeaderTooLarge.
func (q *httpRequest) line(r *bufio.Reader, budget *int) ([]byte, error) {
	l, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		q.long = append(q.long[:0], l...)
		for errors.Is(err, bufio.ErrBufferFull) && len(q.long) <= *budget {
			l, err = r.ReadSlice('\n')
			q.long = append(q.long, l...)
		}
		l = q.long
	}
	if len(l) > *budget {
		return nil, errHeaderTooLarge
	}
	*budget -= len(l)
	if err != nil {
		return nil, err
	}
	l = l[:len(l)-1]
	if len(l) > 0 && l[len(l)-1] == '\r' {
		l = l[:len(l)-1]
	}
	return l, nil
}

// readStatus is the answer to a request whose line or headers could not be
// read because of err: 431 when too large, none when the connection failed.
func readStatus(err error) int {
	if errors.Is(err, errHeaderTooLarge) {
		return http.StatusRequestHeaderFieldsTooLarge
	}
	return 0
}

// hasBody reports whether the request announced a body.
func (q *httpRequest) hasBody() bool { return q.chunked || q.contentLength > 0 }

// readBody appends the request's body to buf. A body longer than limit is
// errBodyTooLarge; a malformed chunked body is errBadRequest. The chunks of
// a chunked body are each reserved (with reserve, unless nil) before they
// are read; its error (errBusy) ends the reading. A body of announced
// length is reserved by the caller.
func (q *httpRequest) readBody(r *bufio.Reader, buf []byte, limit int, reserve reserveFunc) ([]byte, error) {
	if !q.chunked {
		if q.contentLength > int64(limit) {
			return buf, errBodyTooLarge
		}
		return readFull(r, buf, int(q.contentLength))
	}
	for {
		budget := 4096
		line, err := q.line(r, &budget)
		if err != nil {
			return buf, err
		}
		sizeText, _, _ := bytes.Cut(line, []byte{';'}) // chunk extensions are ignored
		size, ok := parseHex(bytes.TrimSpace(sizeText))
		if !ok {
			return buf, errBadRequest
		}
		if size == 0 {
			break
		}
		if size > int64(limit-len(buf)) {
			return buf, errBodyTooLarge
		}
		if err := reserve.take(int(size)); err != nil {
			return buf, err
		}
		if buf, err = readFull(r, buf, int(size)); err != nil {
			return buf, err
		}
		if line, err := q.line(r, &budget); err != nil || len(line) > 0 {
			return buf, errBadRequest
		}
	}
	for budget := maxHeaderBytes; ; { // trailers, ignored
		line, err := q.line(r, &budget)
		if err != nil {
			return buf, err
		}
		if len(line) == 0 {
			return buf, nil
		}
	}
}

// readFull appends exactly n bytes from r to buf. It grows buf as the bytes
// arrive, not by n at once, so that a large announced length costs memory
// only once it is sent.
func readFull(r *bufio.Reader, buf []byte, n int) ([]byte, error) {
	for n > 0 {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(n, max(len(buf), 64<<10)))
		}
		m, err := r.Read(buf[len(buf):min(cap(buf), len(buf)+n)])
		buf = buf[:len(buf)+m]
		n -= m
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return buf, err
		}
	}
	return buf, nil
}

// trimBlanks removes the spaces and tabs around a header value.
func trimBlanks(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// parseLength parses a Content-Length value.
func parseLength(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// parseHex parses a chunk size.
func parseHex(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		n = n<<4 | int64(c)
	}
	return n, true
}

// tokenBytes marks the bytes of HTTP tokens: visible ASCII but delimiters.
var tokenBytes = func() (t [256]bool) {
	for c := '!'; c <= '~'; c++ {
		t[c] = !strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c)
	}
	return t
}()

// validName reports whether b is an HTTP token (a method or header name).
func validName(b []byte) bool {
	for _, c := range b {
		if !tokenBytes[c] {
			return false
		}
	}
	return len(b) > 0
}

// validValue reports whether b holds no control characters but tabs. It
// tests eight bytes at a time: a header value is mostly plain text.
func validValue(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		// The high bit of a byte ends up set if the byte is below 0x20 (w -
		// 0x20 borrows) or is 0x7f (w + 1 carries into the high bit of a
		// byte without it); bytes of 0x80 and above are allowed. Borrows
		// and carries only spread from a byte that is flagged itself.
		if ((w-ones*0x20)&^w|(w&^highs+ones)&^w)&highs != 0 {
			break // a byte to look at one by one: a tab, or a refusal
		}
		b = b[8:]
	}
	for _, c := range b {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
