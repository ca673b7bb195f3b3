package wire

import (
	"context"
	"runtime"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Client is a DynamoDB client with the method signatures of the SDK's
// *dynamodb.Client (dynamo.API). It is configured with the SDK's own
// options and honours what they say about credentials, region, endpoints,
// retries, signing, the HTTP client's transport settings and response
// checksums; it ignores middleware (APIOptions), interceptors, logging,
// metrics, tracing and endpoint discovery, which it does not have. It is
// safe for concurrent use.
type Client struct {
	base *settings
	// skew is the server's clock minus ours as the last call observed it,
	// in nanoseconds: signing times are corrected by it, as the SDK's
	// client does.
	skew atomic.Int64
}

var _ dynamo.API = (*Client)(nil)

// settings are what one call runs with: the client's options, or for a call
// given option functions, those applied to a copy.
type settings struct {
	opts      dynamodb.Options
	anonymous bool // no credentials: requests are sent unsigned
	endpoints *endpoints
	userAgent []string // the User-Agent header
}

// New returns a client configured by opts, resolved as the SDK's client
// resolves them: the defaults the SDK fills in (its retryer for DynamoDB,
// endpoint resolver, signer, HTTP client) are filled in the same way.
func New(opts dynamodb.Options) *Client {
	// Let the SDK resolve its own defaults: the options a client built
	// from these has are the options the SDK would run with.
	resolved := dynamodb.New(opts).Options()
	return &Client{base: newSettings(resolved, nil)}
}

// NewFromConfig returns a client configured from cfg (as
// dynamodb.NewFromConfig is) with optFns applied.
func NewFromConfig(cfg aws.Config, optFns ...func(*dynamodb.Options)) *Client {
	resolved := dynamodb.NewFromConfig(cfg, optFns...).Options()
	return &Client{base: newSettings(resolved, nil)}
}

// newSettings prepares the settings of opts. Connection pools are shared
// with base when the HTTP client is the same.
func newSettings(opts dynamodb.Options, base *settings) *settings {
	s := &settings{
		opts:      opts,
		anonymous: opts.Credentials == nil || aws.IsCredentialsProvider(opts.Credentials, (*aws.AnonymousCredentials)(nil)),
	}
	ua := "ddb-wire aws-sdk-go-v2/" + aws.SDKVersion + " os/" + runtime.GOOS + " lang/go#" + runtime.Version()
	if opts.AppID != "" {
		ua += " app/" + opts.AppID
	}
	s.userAgent = []string{ua}
	var ps *pools
	if bc, ok := opts.HTTPClient.(*awshttp.BuildableClient); ok {
		if base != nil && base.endpoints.pools != nil && sameClient(base.opts.HTTPClient, bc) {
			ps = base.endpoints.pools
		} else if ts, ok := settingsFrom(bc); ok {
			ps = &pools{settings: ts}
		}
	}
	s.endpoints = &endpoints{opts: &s.opts, pools: ps}
	return s
}

// sameClient reports whether c is the buildable HTTP client bc.
func sameClient(c dynamodb.HTTPClient, bc *awshttp.BuildableClient) bool {
	other, ok := c.(*awshttp.BuildableClient)
	return ok && other == bc
}

// settingsFor returns the settings of a call given optFns.
func (c *Client) settingsFor(optFns []func(*dynamodb.Options)) *settings {
	if len(optFns) == 0 {
		return c.base
	}
	opts := c.base.opts.Copy()
	for _, fn := range optFns {
		fn(&opts)
	}
	if v := opts.RetryMaxAttempts; v != 0 && v != c.base.opts.RetryMaxAttempts {
		opts.Retryer = retry.AddWithMaxAttempts(opts.Retryer, v)
	}
	return newSettings(opts, c.base)
}

// CloseIdleConnections closes the connections the client keeps open
// between calls. The client stays usable; its next calls open new ones.
func (c *Client) CloseIdleConnections() {
	if ps := c.base.endpoints.pools; ps != nil {
		ps.closeIdle(false)
	}
}

// Close closes the client's idle connections and makes the client close
// every connection after use from now on. It always returns nil.
func (c *Client) Close() error {
	if ps := c.base.endpoints.pools; ps != nil {
		ps.closeIdle(true)
	}
	return nil
}

// credentials returns the credentials to sign with.
func (s *settings) credentials(ctx context.Context) (aws.Credentials, error) {
	if s.anonymous {
		return aws.Credentials{}, nil
	}
	return s.opts.Credentials.Retrieve(ctx)
}

// Options returns a copy of the options the client runs with, resolved as
// the SDK resolves them.
func (c *Client) Options() dynamodb.Options { return c.base.opts.Copy() }
