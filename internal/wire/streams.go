package wire

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// StreamsClient is a DynamoDB Streams client with the method signatures of
// the SDK's *dynamodbstreams.Client (dynamo.StreamsAPI), configured with
// that client's options, which it honours as Client honours DynamoDB's. Its
// operations go through the SDK's generated serializers and deserializers.
// It is safe for concurrent use.
type StreamsClient struct {
	clientCore
	opts dynamodbstreams.Options
}

var _ dynamo.StreamsAPI = (*StreamsClient)(nil)

// dynamoDBStreams is the DynamoDB Streams API.
var dynamoDBStreams = &service{id: dynamodbstreams.ServiceID, target: "DynamoDBStreams_20120810.", errors: dynamodbstreams.TypeRegistry}

// NewStreams returns a Streams client configured by opts, resolved as the
// SDK's client resolves them.
func NewStreams(opts dynamodbstreams.Options) *StreamsClient {
	return newStreamsClient(dynamodbstreams.New(opts).Options())
}

// NewStreamsFromConfig returns a Streams client configured from cfg (as
// dynamodbstreams.NewFromConfig is) with optFns applied.
func NewStreamsFromConfig(cfg aws.Config, optFns ...func(*dynamodbstreams.Options)) *StreamsClient {
	return newStreamsClient(dynamodbstreams.NewFromConfig(cfg, optFns...).Options())
}

func newStreamsClient(opts dynamodbstreams.Options) *StreamsClient {
	c := &StreamsClient{opts: opts}
	c.base = streamsSettings(opts, nil)
	return c
}

// Options returns a copy of the options the client runs with, resolved as
// the SDK resolves them.
func (c *StreamsClient) Options() dynamodbstreams.Options { return c.opts.Copy() }

// settingsFor returns the settings of a call given optFns.
func (c *StreamsClient) settingsFor(optFns []func(*dynamodbstreams.Options)) *settings {
	if len(optFns) == 0 {
		return c.base
	}
	return streamsSettings(callOptions(c.opts, optFns, func(o *dynamodbstreams.Options) (*int, *aws.Retryer) {
		return &o.RetryMaxAttempts, &o.Retryer
	}), c.base)
}

// streamsSettings returns the settings of DynamoDB Streams options o. The
// Streams API has neither response checksums nor account endpoints.
func streamsSettings(o dynamodbstreams.Options, base *settings) *settings {
	s := newSettings(dynamoDBStreams, o.Credentials, o.Retryer, o.HTTPSignerV4, o.HTTPClient, o.AppID, base)
	s.correctSkew = !o.DisableClockSkewCorrection
	s.accountIDs = aws.AccountIDEndpointModeDisabled
	s.endpoints.region = o.Region
	s.endpoints.resolve = func(ctx context.Context, region *string, fips bool, _ endpointKey, _ *string, _ []string) (smithyendpoints.Endpoint, error) {
		return o.EndpointResolverV2.ResolveEndpoint(ctx, dynamodbstreams.EndpointParameters{
			Region:       region,
			UseDualStack: aws.Bool(o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled),
			UseFIPS:      aws.Bool(fips || o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled),
			Endpoint:     o.BaseEndpoint,
		})
	}
	return s
}

var (
	opListStreams = newOperation(dynamoDBStreams, "ListStreams",
		writeShape[*dynamodbstreams.ListStreamsInput], readShape[*dynamodbstreams.ListStreamsOutput], nil)
	opDescribeStream = newOperation(dynamoDBStreams, "DescribeStream",
		writeShape[*dynamodbstreams.DescribeStreamInput], readShape[*dynamodbstreams.DescribeStreamOutput], nil)
	opGetShardIterator = newOperation(dynamoDBStreams, "GetShardIterator",
		writeShape[*dynamodbstreams.GetShardIteratorInput], readShape[*dynamodbstreams.GetShardIteratorOutput], nil)
	opGetRecords = newOperation(dynamoDBStreams, "GetRecords",
		writeShape[*dynamodbstreams.GetRecordsInput], readShape[*dynamodbstreams.GetRecordsOutput], nil)
)

// ListStreams calls DynamoDB Streams' ListStreams.
func (c *StreamsClient) ListStreams(ctx context.Context, in *dynamodbstreams.ListStreamsInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.ListStreamsOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opListStreams, in)
}

// DescribeStream calls DynamoDB Streams' DescribeStream.
func (c *StreamsClient) DescribeStream(ctx context.Context, in *dynamodbstreams.DescribeStreamInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opDescribeStream, in)
}

// GetShardIterator calls DynamoDB Streams' GetShardIterator.
func (c *StreamsClient) GetShardIterator(ctx context.Context, in *dynamodbstreams.GetShardIteratorInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opGetShardIterator, in)
}

// GetRecords calls DynamoDB Streams' GetRecords.
func (c *StreamsClient) GetRecords(ctx context.Context, in *dynamodbstreams.GetRecordsInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opGetRecords, in)
}
