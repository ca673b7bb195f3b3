package wire

import (
	"context"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// A service is what tells DynamoDB and its Streams API apart on the wire.
type service struct {
	id     string               // the SDK's ServiceID, which errors name
	target string               // the prefix of X-Amz-Target
	errors *smithy.TypeRegistry // the service's modeled errors
}

// settings are what one call runs with, taken from the SDK options of the
// client, or for a call given option functions, from those functions
// applied to a copy.
type settings struct {
	service     *service
	credentials aws.CredentialsProvider // nil: requests are sent unsigned
	retryer     aws.Retryer
	signer      signer
	httpClient  httpDoer // for endpoints without a connection pool
	checkCRC32  bool     // check announced CRC32s of response bodies
	correctSkew bool     // correct signing times by the server's clock
	accountIDs  aws.AccountIDEndpointMode
	tokens      tokenProvider // fills idempotency tokens; nil if the API has none
	endpoints   *endpoints
	userAgent   []string // the User-Agent header
}

// signer is the SDK's SigV4 signer, as the options of both services name it.
type signer interface {
	SignHTTP(ctx context.Context, credentials aws.Credentials, r *http.Request, payloadHash, service, region string, signingTime time.Time, optFns ...func(*v4.SignerOptions)) error
}

// httpDoer is an HTTP client, as the options of both services name it.
type httpDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// tokenProvider makes idempotency tokens.
type tokenProvider interface {
	GetIdempotencyToken() (string, error)
}

// newSettings returns the settings common to both services. Connection
// pools are shared with base when the HTTP client is the same.
func newSettings(svc *service, creds aws.CredentialsProvider, retryer aws.Retryer, sign signer, client httpDoer, appID string, base *settings) *settings {
	s := &settings{service: svc, retryer: retryer, signer: sign, httpClient: client}
	if creds != nil && !aws.IsCredentialsProvider(creds, (*aws.AnonymousCredentials)(nil)) {
		s.credentials = creds
	}
	ua := "ddb-wire aws-sdk-go-v2/" + aws.SDKVersion + " os/" + runtime.GOOS + " lang/go#" + runtime.Version()
	if appID != "" {
		ua += " app/" + appID
	}
	s.userAgent = []string{ua}
	var ps *pools
	if bc, ok := client.(*awshttp.BuildableClient); ok {
		if base != nil && base.endpoints.pools != nil && sameClient(base.httpClient, bc) {
			ps = base.endpoints.pools
		} else if ts, ok := settingsFrom(bc); ok {
			ps = &pools{settings: ts}
		}
	}
	s.endpoints = &endpoints{pools: ps}
	return s
}

// sameClient reports whether c is the buildable HTTP client bc.
func sameClient(c httpDoer, bc *awshttp.BuildableClient) bool {
	other, ok := c.(*awshttp.BuildableClient)
	return ok && other == bc
}

// retrieve returns the credentials to sign with.
func (s *settings) retrieve(ctx context.Context) (aws.Credentials, error) {
	if s.credentials == nil {
		return aws.Credentials{}, nil
	}
	return s.credentials.Retrieve(ctx)
}

// clientCore is what the DynamoDB and Streams clients share: their
// settings and the clock correction they learn.
type clientCore struct {
	base *settings
	// skew is the server's clock minus ours as the last call observed it,
	// in nanoseconds: signing times are corrected by it, as the SDK's
	// clients do.
	skew atomic.Int64
}

// CloseIdleConnections closes the connections the client keeps open
// between calls. The client stays usable; its next calls open new ones.
func (c *clientCore) CloseIdleConnections() {
	if ps := c.base.endpoints.pools; ps != nil {
		ps.closeIdle(false)
	}
}

// Close closes the client's idle connections and makes the client close
// every connection after use from now on. It always returns nil.
func (c *clientCore) Close() error {
	if ps := c.base.endpoints.pools; ps != nil {
		ps.closeIdle(true)
	}
	return nil
}

// callOptions returns the options of one call: optFns applied to a copy of
// the client's options, the retryer wrapped for a maximum of attempts the
// functions changed, as the SDK's clients prepare each call's options.
// retrying returns where options hold the maximum and the retryer.
func callOptions[O interface{ Copy() O }](client O, optFns []func(*O), retrying func(*O) (*int, *aws.Retryer)) O {
	opts := client.Copy()
	for _, fn := range optFns {
		fn(&opts)
	}
	clientMax, _ := retrying(&client)
	if attempts, retryer := retrying(&opts); *attempts != 0 && *attempts != *clientMax {
		*retryer = retry.AddWithMaxAttempts(*retryer, *attempts)
	}
	return opts
}
