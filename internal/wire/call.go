package wire

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithytime "github.com/aws/smithy-go/time"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// An operation describes one API operation: how its request is written and
// its response read. Everything else (signing, sending, retrying, errors)
// is the same for every operation of both services: see invoke.
type operation[In, Out any] struct {
	name   string   // the operation, as in X-Amz-Target
	target []string // the X-Amz-Target header
	write  func(*writer, *In)
	read   func(*reader, *Out)
	// resources returns what the endpoint resolver reads from an input:
	// the table (or other resource) it names, or the tables of a batch.
	resources func(*In) (resource *string, resources []string)
	// prepare, if set, fills in the members the SDK fills in before
	// sending (idempotency tokens).
	prepare func(*settings, *In) error
}

// newOperation describes operation name of svc.
func newOperation[In, Out any](svc *service, name string, write func(*writer, *In), read func(*reader, *Out), resources func(*In) (*string, []string)) *operation[In, Out] {
	return &operation[In, Out]{name: name, target: []string{svc.target + name}, write: write, read: read, resources: resources}
}

// writers recycles request body buffers.
var writers = sync.Pool{New: func() any { return &writer{buf: make([]byte, 0, 1024)} }}

// invoke runs operation op with input in: it writes the request, sends it
// (with retries), and reads the response into a new output. Its errors are
// the SDK's: a *smithy.OperationError around what failed.
func invoke[In, Out any](ctx context.Context, c *clientCore, s *settings, op *operation[In, Out], in *In) (*Out, error) {
	out, err := run(ctx, c, s, op, in)
	if err != nil {
		return nil, &smithy.OperationError{ServiceID: s.service.id, OperationName: op.name, Err: err}
	}
	return out, nil
}

func run[In, Out any](ctx context.Context, c *clientCore, s *settings, op *operation[In, Out], in *In) (*Out, error) {
	if in == nil {
		in = new(In)
	}
	if op.prepare != nil {
		if err := op.prepare(s, in); err != nil {
			return nil, err
		}
	}
	w := writers.Get().(*writer)
	defer func() {
		if cap(w.buf) <= 64<<10 {
			writers.Put(w)
		}
	}()
	w.reset()
	w.open('{')
	op.write(w, in)
	w.close('}')
	if w.err != nil {
		return nil, &smithy.SerializationError{Err: w.err}
	}
	var resource *string
	var resources []string
	if op.resources != nil {
		resource, resources = op.resources(in)
	}
	resp, err := c.send(ctx, s, op.target, w.buf, resource, resources)
	if err != nil {
		return nil, err
	}
	out := new(Out)
	if len(resp.body) == 0 {
		return out, nil // as the SDK, an empty body is an empty output
	}
	// The strings of the output are substrings of the body, which is never
	// written again.
	r := newReader(unsafe.String(unsafe.SliceData(resp.body), len(resp.body)))
	op.read(&r, out)
	r.Done()
	if r.Err() != nil {
		return nil, responseError(resp, &smithy.DeserializationError{Err: r.Err(), Snapshot: snapshot(resp.body)})
	}
	return out, nil
}

// send sends a request body to the operation named by target (its
// X-Amz-Target header) and returns the successful response, retrying as
// the options' retryer says, the way the SDK's retry middleware does.
func (c *clientCore) send(ctx context.Context, s *settings, target []string, body []byte, resource *string, resources []string) (*response, error) {
	retryer := s.retryer
	maxAttempts := retryer.MaxAttempts()
	payloadHash := sha256Hex(body)
	correctSkew := s.correctSkew
	var skew time.Duration
	if correctSkew {
		skew = time.Duration(c.skew.Load())
	}
	releaseRetryToken := nopRelease
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		releaseAttemptToken := nopRelease
		if attempt == 1 {
			releaseAttemptToken = retryer.GetInitialToken()
		}
		resp, serverSkew, hasSkew, err := c.attempt(ctx, s, target, body, payloadHash, skew, resource, resources)
		if releaseErr := releaseRetryToken(err); releaseErr != nil && err != nil {
			return nil, fmt.Errorf("failed to release retry token after request error, %w", err)
		}
		if releaseErr := releaseAttemptToken(err); releaseErr != nil && err != nil {
			return nil, fmt.Errorf("failed to release initial token after request error, %w", err)
		}
		attemptSkew := skew
		skew = serverSkew // zero when the response had no usable Date
		if err == nil {
			if correctSkew && hasSkew {
				c.skew.Store(int64(serverSkew))
			}
			return resp, nil
		}
		if correctSkew {
			if hasSkew {
				c.skew.Store(int64(serverSkew))
			}
			err = wrapClockSkew(err, serverSkew, hasSkew, attemptSkew)
		}
		if !retryer.IsErrorRetryable(err) {
			return nil, err
		}
		if maxAttempts > 0 && attempt >= maxAttempts {
			return nil, &retry.MaxAttemptsError{Attempt: attempt, Err: err}
		}
		var tokenErr error
		if releaseRetryToken, tokenErr = retryer.GetRetryToken(ctx, err); tokenErr != nil {
			return nil, errors.Join(err, tokenErr)
		}
		delay, delayErr := retryer.RetryDelay(attempt, err)
		if delayErr != nil {
			return nil, delayErr
		}
		delay = retryAfter(delay, err)
		if err := smithytime.SleepWithContext(ctx, delay); err != nil {
			return nil, &aws.RequestCanceledError{Err: err}
		}
		dynamo.RecordRetry(ctx) // the library's hooks count the client's resends
	}
}

func nopRelease(error) error { return nil }

// sha256Hex returns the hex SHA-256 of b, the payload hash SigV4 signs.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// The values of the headers every request has. The signer reads them and
// writes only headers of its own, so requests share them.
var (
	contentType = []string{"application/x-amz-json-1.0"}
	identity    = []string{"identity"}
)

// An outgoing holds what signing one attempt's request needs, recycled
// between attempts (the signer keeps none of it). The names of the headers
// the client sets are lower case, as the signer wants them (it lowers the
// others, allocating), except User-Agent, which the signer skips by its
// canonical name; the headers the signer sets (X-Amz-Date, Authorization)
// are kept from one use to the next, the signer writing over their values
// in place.
type outgoing struct {
	header http.Header
	extra  bool // header holds an endpoint's own headers
	url    url.URL
	req    http.Request
}

var outgoings = sync.Pool{New: func() any { return &outgoing{header: make(http.Header, 8)} }}

// prepare returns the header map for an attempt, with the endpoint's own
// headers, and without a security token (a signer's header) if noToken.
func (o *outgoing) prepare(endpointHeader http.Header, noToken bool) http.Header {
	if o.extra || len(endpointHeader) > 0 {
		clear(o.header)
		o.extra = len(endpointHeader) > 0
		for k, v := range endpointHeader {
			o.header[k] = v
		}
	}
	if noToken {
		delete(o.header, "X-Amz-Security-Token")
	}
	return o.header
}

// attempt makes one attempt: it signs the request, sends it and checks the
// response. It also reports the server's clock minus ours, when the
// response told it.
func (c *clientCore) attempt(ctx context.Context, s *settings, target []string, body []byte, payloadHash string, skew time.Duration, resource *string, resources []string) (resp *response, serverSkew time.Duration, hasSkew bool, err error) {
	creds, err := s.retrieve(ctx)
	if err != nil {
		return nil, 0, false, fmt.Errorf("get identity: get credentials: %w", err)
	}
	accountID := ""
	switch s.accountIDs {
	case aws.AccountIDEndpointModeDisabled:
	case aws.AccountIDEndpointModeRequired:
		if creds.AccountID == "" {
			return nil, 0, false, errors.New("invalid accountID set: accountID is required but not set")
		}
		fallthrough
	default:
		accountID = creds.AccountID
	}
	ep, err := s.endpoints.get(ctx, accountID, resource, resources)
	if err != nil {
		return nil, 0, false, err
	}
	o := outgoings.Get().(*outgoing)
	defer outgoings.Put(o)
	anonymous := s.credentials == nil
	header := o.prepare(ep.header, anonymous || creds.SessionToken == "")
	header["content-type"] = contentType
	header["x-amz-target"] = target
	header["accept-encoding"] = identity
	header["User-Agent"] = s.userAgent
	if anonymous {
		delete(header, "Authorization")
		delete(header, "X-Amz-Date")
	} else {
		o.url = url.URL{Scheme: ep.scheme, Host: ep.host, Path: ep.path}
		o.req = http.Request{Method: http.MethodPost, URL: &o.url, Host: ep.host, Header: header, ContentLength: int64(len(body))}
		err := s.signer.SignHTTP(ctx, creds, &o.req, payloadHash, ep.signingName, ep.signingRegion, time.Now().Add(skew))
		o.req = http.Request{}
		if err != nil {
			return nil, 0, false, fmt.Errorf("sign request: %w", err)
		}
	}
	requestAt := time.Now()
	if ep.pool != nil {
		resp, err = ep.pool.roundTrip(ctx, ep.host, ep.path, header, body)
	} else {
		resp, err = doHTTP(ctx, s.httpClient, ep, header, body)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, false, &smithy.CanceledError{Err: ctx.Err()}
		}
		return nil, 0, false, &smithyhttp.RequestSendError{Err: err}
	}
	serverSkew, hasSkew = clockSkew(resp, requestAt, time.Now())
	if s.checkCRC32 && resp.crc32 != "" {
		if err := checkCRC32(resp); err != nil {
			return nil, serverSkew, hasSkew, responseError(resp, err)
		}
	}
	if resp.status < 200 || resp.status >= 300 {
		return nil, serverSkew, hasSkew, responseError(resp, apiError(s.service.errors, resp))
	}
	return resp, serverSkew, hasSkew, nil
}

// ChecksumError reports a response body whose CRC32 does not match its
// X-Amz-Crc32 header: it was damaged on the way. The attempt is retried.
type ChecksumError struct {
	Header string // the checksum the header announced
	Actual uint32 // the checksum of the body received
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("response did not match expected checksum, %s, %d", e.Header, e.Actual)
}

// RetryableError marks the error retryable for the SDK's retryers.
func (e *ChecksumError) RetryableError() bool { return true }

// checkCRC32 checks the body of resp against its X-Amz-Crc32 header.
func checkCRC32(resp *response) error {
	want, err := strconv.ParseUint(resp.crc32, 10, 32)
	if err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("unable to parse checksum header %v, %w", resp.crc32, err)}
	}
	if got := crc32.ChecksumIEEE(resp.body); got != uint32(want) {
		return &ChecksumError{Header: resp.crc32, Actual: got}
	}
	return nil
}

// responseError wraps err, the failure of a call that got response resp,
// as the SDK wraps it: an *awshttp.ResponseError with the status and the
// request id.
func responseError(resp *response, err error) error {
	header := resp.header
	if header == nil {
		header = http.Header{}
	}
	hr := &http.Response{
		Status:        strconv.Itoa(resp.status) + " " + http.StatusText(resp.status),
		StatusCode:    resp.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          http.NoBody,
		ContentLength: int64(len(resp.body)),
	}
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: hr}, Err: err},
		RequestID:     resp.requestID,
	}
}

// snapshot returns the start of a body that could not be decoded, for the
// error.
func snapshot(body []byte) []byte {
	return append([]byte(nil), body[:min(len(body), 1024)]...)
}

// retryAfter adjusts a retry delay to the X-Amz-Retry-After header (in
// milliseconds) of the failed attempt's response, within the bounds the
// SDK's retry middleware keeps it: at least the delay, at most five seconds
// more.
func retryAfter(delay time.Duration, err error) time.Duration {
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil || re.Response.Response == nil {
		return delay
	}
	ms, perr := strconv.ParseInt(re.Response.Header.Get("X-Amz-Retry-After"), 10, 64)
	if perr != nil || ms < 0 {
		return delay
	}
	return min(max(time.Duration(ms)*time.Millisecond, delay), delay+5*time.Second)
}

// Clock skew correction, as the SDK's client does it: every response's Date
// header tells the server's clock; the next request is signed at our time
// corrected by the difference; an error that a skewed clock may cause is
// retried when the skew is large.

// maxTrustedRoundTrip bounds the round trips whose Date header is trusted.
const maxTrustedRoundTrip = 15 * time.Minute

// skewThreshold is the skew above which signature errors are retried.
const skewThreshold = 4 * time.Minute

// clockSkew returns the server's clock minus ours at the response, and
// whether the response tells it: it has a valid Date header, no Age header
// (a cached answer), and the round trip was short.
func clockSkew(resp *response, requestAt, responseAt time.Time) (time.Duration, bool) {
	if resp.date == "" || resp.age || responseAt.Sub(requestAt) > maxTrustedRoundTrip {
		return 0, false
	}
	server, err := parseHTTPDate(resp.date)
	if err != nil {
		return 0, false
	}
	return server.Sub(responseAt), true
}

// dates caches the last Date header parsed: it changes once a second.
var dates atomic.Pointer[parsedDate]

type parsedDate struct {
	text string
	t    time.Time
}

func parseHTTPDate(s string) (time.Time, error) {
	if d := dates.Load(); d != nil && d.text == s {
		return d.t, nil
	}
	t, err := smithyhttp.ParseTime(s)
	if err == nil {
		dates.Store(&parsedDate{text: s, t: t})
	}
	return t, err
}

// clockSkewCodes are the error codes a skewed clock may cause.
var clockSkewCodes = map[string]bool{
	"InvalidSignatureException": true,
	"SignatureDoesNotMatch":     true,
	"AuthFailure":               true,
	"RequestTimeTooSkewed":      true,
	"AccessDeniedException":     true,
}

// wrapClockSkew marks err retryable if a skewed clock may have caused it:
// its code is one of clockSkewCodes and the clock the attempt was signed
// with differed from the server's by more than skewThreshold.
func wrapClockSkew(err error, serverSkew time.Duration, hasSkew bool, attemptSkew time.Duration) error {
	var coded interface{ ErrorCode() string }
	if !hasSkew || !errors.As(err, &coded) || !clockSkewCodes[coded.ErrorCode()] {
		return err
	}
	if d := attemptSkew - serverSkew; d > skewThreshold || d < -skewThreshold {
		return &ClockSkewError{Err: err}
	}
	return err
}

// ClockSkewError marks an error that our clock's skew probably caused; the
// attempt is retried with the corrected clock.
type ClockSkewError struct{ Err error }

func (e *ClockSkewError) Error() string { return "probable clock skew error: " + e.Err.Error() }

// Unwrap returns the error the skew caused.
func (e *ClockSkewError) Unwrap() error { return e.Err }

// RetryableError marks the error retryable for the SDK's retryers.
func (e *ClockSkewError) RetryableError() bool { return true }
