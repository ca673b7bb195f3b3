package server

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// Compressed requests and answers, as DynamoDB serves them
// (docs/decisions/serve-compression.md): a request body sent with
// Content-Encoding gzip or deflate (zlib) is decoded before anything else,
// streaming and never beyond MaxRequestBytes, which bounds the decoded
// body as it bounds a plain one; an answer of at least gzipMinBytes is
// gzipped for a client that accepts gzip, with its x-amz-crc32 over the
// compressed bytes, the bytes sent, which is what SDKs check.

// gzipMinBytes is the size from which an answer is compressed: smaller
// ones gain little and cost the CPU of compressing, and DynamoDB leaves
// them as they are.
const gzipMinBytes = 4 << 10

// encodingError is DynamoDB's answer to a body it cannot decode (a coding
// it does not know, data not in the coding, an empty or truncated stream):
// an internal server error, status 500.
func encodingError(msg string) error {
	return apierr.Internal("The request body could not be decoded: " + msg)
}

// decodeContent decodes the call's body by its Content-Encoding into buf
// (whose bytes it reuses) and returns buf; the body as sent stays in
// c.sent. The decoded body may not exceed limit (errBodyTooLarge); its
// bytes are reserved with reserve, unless nil, as it grows (errBusy when
// they do not fit). A body it cannot decode is an encodingError.
func decodeContent(c *call, buf []byte, limit int, reserve reserveFunc) ([]byte, error) {
	c.sent = c.body
	codings := strings.TrimSpace(c.contentEncoding)
	if codings == "" || strings.EqualFold(codings, "identity") {
		return buf, nil
	}
	r, err := decoder(c.body, codings)
	if err != nil {
		return buf, err
	}
	buf, err = readLimited(r, buf[:0], limit, reserve)
	if err != nil {
		return buf, err
	}
	c.body = buf
	return buf, nil
}

// decoder returns a reader of the bytes that body encodes with codings, a
// comma-separated list in the order they were applied. Requests are
// rarely compressed (SDKs do not compress DynamoDB requests unless told
// to), so decompressors are not recycled.
func decoder(body []byte, codings string) (io.Reader, error) {
	var r io.Reader = bytes.NewReader(body)
	list := strings.Split(codings, ",")
	for i := len(list) - 1; i >= 0; i-- {
		coding := strings.ToLower(strings.TrimSpace(list[i]))
		switch coding {
		case "identity":
			continue
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				return nil, encodingError(coding + ": " + readError(err))
			}
			r = codingReader{zr, coding}
		case "deflate":
			zr, err := zlib.NewReader(r)
			if err != nil {
				return nil, encodingError(coding + ": " + readError(err))
			}
			r = codingReader{&wholeReader{r: zr, under: r}, coding}
		default:
			return nil, encodingError("unsupported Content-Encoding " + strconv.Quote(strings.TrimSpace(list[i])))
		}
	}
	return r, nil
}

// codingReader names its coding in the errors of the reader it wraps.
type codingReader struct {
	r      io.Reader
	coding string
}

func (c codingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	var api smithy.APIError
	if err != nil && err != io.EOF && !errors.As(err, &api) {
		err = encodingError(c.coding + ": " + readError(err))
	}
	return n, err
}

// readError words a decompressor's error: an input that ends early is
// truncated; other errors lose the package name they start with.
func readError(err error) string {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return "the data ends early"
	}
	msg := err.Error()
	for _, prefix := range []string{"gzip: ", "zlib: ", "flate: "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return msg
}

// wholeReader reads one zlib stream and fails if anything follows it:
// unlike gzip members, zlib streams are not concatenated.
type wholeReader struct {
	r     io.Reader // the stream
	under io.Reader // what it is read from
}

func (w *wholeReader) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err == io.EOF {
		var one [1]byte
		if m, _ := io.ReadFull(w.under, one[:]); m > 0 {
			return n, errors.New("data after the end of the stream")
		}
	}
	return n, err
}

// readLimited appends what r reads to buf, up to limit bytes: more is
// errBodyTooLarge, so that a small body that decodes to a large one (a
// decompression bomb) is cut at the limit. It reads into room that doubles
// as it fills, each step reserved first with reserve, unless nil (errBusy
// when it does not fit).
func readLimited(r io.Reader, buf []byte, limit int, reserve reserveFunc) ([]byte, error) {
	held := len(buf) // the bytes of buf that may be filled
	for {
		if len(buf) == held {
			step := min(max(len(buf), 4<<10), limit+1-len(buf))
			if err := reserve.take(step); err != nil {
				return buf, err
			}
			held += step
			buf = slices.Grow(buf, held-len(buf))
		}
		n, err := r.Read(buf[len(buf):held])
		buf = buf[:len(buf)+n]
		if len(buf) > limit {
			return buf, errBodyTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// acceptsGzip reports whether an Accept-Encoding header admits gzip: named
// (as gzip or x-gzip) or matched by "*", with a weight (q) above zero.
func acceptsGzip(accept string) bool {
	star := false
	for item := range strings.SplitSeq(accept, ",") {
		coding, params, _ := strings.Cut(item, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		ok := true
		for p := range strings.SplitSeq(params, ";") {
			name, value, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(name), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
				ok = err == nil && q > 0
			}
		}
		switch coding {
		case "gzip", "x-gzip":
			return ok
		case "*":
			star = ok
		}
	}
	return star
}

// gzipWriters recycles gzip writers, whose compression state is large.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// compress gzips the reply's body into buf, if the client accepts gzip and
// the body is worth it, and returns buf, grown as needed.
func (r *reply) compress(accept string, buf []byte) []byte {
	if len(r.body) < gzipMinBytes || accept == "" || !acceptsGzip(accept) {
		return buf
	}
	out := bytes.NewBuffer(buf[:0])
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(out)
	w.Write(r.body) // writes to a bytes.Buffer do not fail
	w.Close()
	w.Reset(nil)
	gzipWriters.Put(w)
	r.body = out.Bytes()
	r.headers = append(r.headers, header{"Content-Encoding", "gzip"})
	return r.body
}

// decodedOperation answers a call whose body has been read, as sent: it
// decodes the body by its Content-Encoding into *buf (within limit, each
// growth reserved with reserve, unless nil), then answers it as operation
// does, reserving with reserve what decoding the JSON takes. A decoded body
// over the limit is answered 413 without a body, as a body sent that large
// is; one over the server's budget 503 (413 when it would not fit even
// alone).
func (s *Server) decodedOperation(ctx context.Context, c *call, buf *[]byte, reserve reserveFunc, e *encoder, out *reply) {
	var err error
	*buf, err = decodeContent(c, (*buf)[:0], MaxRequestBytes, reserve)
	switch {
	case err == nil:
		c.reserve = reserve
		s.operation(ctx, c, e, out)
	case errors.Is(err, errBodyTooLarge):
		out.set(http.StatusRequestEntityTooLarge, nil, nil)
	case errors.Is(err, errBusy):
		setBusy(out)
	default:
		s.answer(c, err, e, out)
	}
}
