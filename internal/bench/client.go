package bench

import (
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/logging"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/wire"
)

// NewClient returns the aws-sdk-go-v2 client that drives a server over HTTP:
// dummy credentials, one region, the SDK's standard retries without its
// client-side rate limit, enough idle connections
// for every worker, no logging (DynamoDB Local omits the CRC header on
// errors, which the SDK would log), and ddb.FixSDKBodyRace: without it the
// client drops up to one connection in seven to a fast server, whose CPU
// then goes to accepting new ones (docs/decisions/bench-sdk-connections.md).
func NewClient(endpoint string) *dynamodb.Client {
	opts := clientOptions(endpoint)
	opts.APIOptions = append(opts.APIOptions, ddb.FixSDKBodyRace)
	return dynamodb.New(opts)
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
		Retryer:      retry.NewStandard(func(o *retry.StandardOptions) { o.RateLimiter = ratelimit.None }),
		Logger:       logging.Nop{},
		HTTPClient: &http.Client{
			Timeout:   2 * time.Minute,
			Transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: time.Minute},
		},
	}
}
