package wire

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Client is a DynamoDB client with the method signatures of the SDK's
// *dynamodb.Client (dynamo.API). It is configured with the SDK's own
// options and honours what they say about credentials, region, endpoints,
// retries, signing, idempotency tokens, the HTTP client's transport
// settings and response checksums; it ignores middleware (APIOptions),
// interceptors, logging, metrics, tracing and endpoint discovery, which it
// does not have. It is safe for concurrent use.
type Client struct {
	clientCore
	opts dynamodb.Options
}

var (
	_ dynamo.API             = (*Client)(nil)
	_ dynamo.ItemJSONWriter  = (*Client)(nil)
	_ dynamo.ItemJSONReader  = (*Client)(nil)
	_ dynamo.PageJSONReader  = (*Client)(nil)
	_ dynamo.BatchJSONReader = (*Client)(nil)
)

// dynamoDB is the DynamoDB API.
var dynamoDB = &service{id: dynamodb.ServiceID, target: "DynamoDB_20120810.", errors: dynamodb.TypeRegistry}

// New returns a client configured by opts, resolved as the SDK's client
// resolves them: the defaults the SDK fills in (its retryer for DynamoDB,
// endpoint resolver, signer, HTTP client) are filled in the same way.
func New(opts dynamodb.Options) *Client {
	// Let the SDK resolve its own defaults: the options a client built
	// from these has are the options the SDK would run with.
	return newClient(dynamodb.New(opts).Options())
}

// NewFromConfig returns a client configured from cfg (as
// dynamodb.NewFromConfig is) with optFns applied.
func NewFromConfig(cfg aws.Config, optFns ...func(*dynamodb.Options)) *Client {
	return newClient(dynamodb.NewFromConfig(cfg, optFns...).Options())
}

func newClient(opts dynamodb.Options) *Client {
	c := &Client{opts: opts}
	c.base = dynamoSettings(opts, nil)
	return c
}

// Options returns a copy of the options the client runs with, resolved as
// the SDK resolves them.
func (c *Client) Options() dynamodb.Options { return c.opts.Copy() }

// settingsFor returns the settings of a call given optFns.
func (c *Client) settingsFor(optFns []func(*dynamodb.Options)) *settings {
	if len(optFns) == 0 {
		return c.base
	}
	return dynamoSettings(callOptions(c.opts, optFns, func(o *dynamodb.Options) (*int, *aws.Retryer) {
		return &o.RetryMaxAttempts, &o.Retryer
	}), c.base)
}

// dynamoSettings returns the settings of DynamoDB options o.
func dynamoSettings(o dynamodb.Options, base *settings) *settings {
	s := newSettings(dynamoDB, o.Credentials, o.Retryer, o.HTTPSignerV4, o.HTTPClient, o.AppID, base)
	s.checkCRC32 = !o.DisableValidateResponseChecksum
	s.correctSkew = !o.DisableClockSkewCorrection
	s.accountIDs = o.AccountIDEndpointMode
	s.tokens = o.IdempotencyTokenProvider
	s.endpoints.region = o.Region
	s.endpoints.resolve = func(ctx context.Context, region *string, fips bool, key endpointKey, resource *string, resources []string) (smithyendpoints.Endpoint, error) {
		params := dynamodb.EndpointParameters{
			Region:                region,
			UseDualStack:          aws.Bool(o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled),
			UseFIPS:               aws.Bool(fips || o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled),
			Endpoint:              o.BaseEndpoint,
			AccountIdEndpointMode: aws.String(string(o.AccountIDEndpointMode)),
			ResourceArn:           resource,
			ResourceArnList:       resources,
		}
		if key.accountID != "" {
			params.AccountId = aws.String(key.accountID)
		}
		return o.EndpointResolverV2.ResolveEndpoint(ctx, params)
	}
	return s
}
