package bench

import (
	"bytes"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/logging"

	"github.com/ddbkit/ddb/internal/wire"
)

// NewClient returns the aws-sdk-go-v2 client that drives a server over HTTP:
// dummy credentials, one region, the SDK's standard retries without its
// client-side rate limit, enough idle connections
// for every worker, request bodies sent from memory (inMemoryBodies), and
// no logging (DynamoDB Local omits the CRC header on errors, which the SDK
// would log).
func NewClient(endpoint string) *dynamodb.Client {
	return dynamodb.New(clientOptions(endpoint))
}

// NewLeanClient returns the library's own client (what ddb.Open uses) with
// the settings of NewClient, over its own connections, as many kept idle.
func NewLeanClient(endpoint string) *wire.Client {
	opts := clientOptions(endpoint)
	opts.HTTPClient = awshttp.NewBuildableClient().WithTimeout(2 * time.Minute).WithTransportOptions(func(tr *http.Transport) {
		tr.MaxIdleConnsPerHost = 64
		tr.IdleConnTimeout = time.Minute
	})
	return wire.New(opts)
}

// clientOptions are the options of the benchmarks' clients.
func clientOptions(endpoint string) dynamodb.Options {
	return dynamodb.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("bench", "bench", ""),
		// On loopback, net/http's write loop sometimes reads io.EOF from the
		// request body the SDK has already closed (the SDK closes it as soon
		// as the response headers arrive, and its closed body answers WriteTo
		// with io.EOF); the write loop then closes the connection under the
		// response being read ("use of closed network connection"). Seen
		// with DynamoDB Local too, more often the faster the server answers.
		// The standard retryer resends such calls, as it does for
		// applications.
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) { o.RateLimiter = ratelimit.None }),
		Logger:  logging.Nop{},
		HTTPClient: &http.Client{
			Timeout:   2 * time.Minute,
			Transport: inMemoryBodies{&http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: time.Minute}},
		},
	}
}

// inMemoryBodies sends each request with its body in memory, as a
// bytes.Reader: net/http then writes the headers and the body at once,
// after checking the body. With smithy-go's own body type, net/http sends
// the body before that check, and when the answer comes back first (the SDK
// then closes the body) the check fails and the connection is dropped: up
// to one call in seven opened a new connection against a fast server
// (docs/decisions/bench-sdk-connections.md).
type inMemoryBodies struct{ rt http.RoundTripper }

func (t inMemoryBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return t.rt.RoundTrip(req)
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(b))
	return t.rt.RoundTrip(r)
}
