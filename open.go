package ddb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
)

// EnvURL is the environment variable Open reads when given an empty URL.
const EnvURL = "DDB_URL"

// defaultRegion is the region used for endpoints when none is configured;
// DynamoDB-compatible servers accept any.
const defaultRegion = "us-east-1"

// Open connects to the backend named by rawURL, or by $DDB_URL when rawURL is
// empty:
//
//   - http://host:port or https://host:port: any DynamoDB-compatible endpoint
//     (DynamoDB Local, `ddb serve`, ...). The region and credentials come from
//     the usual AWS configuration when present, else a "region" query
//     parameter or us-east-1, and dummy credentials.
//   - aws://region: AWS DynamoDB in region ("aws://" alone uses the
//     configured region) with the default credential chain.
//   - any scheme a package registered with Register: importing
//     github.com/ddbkit/ddb/embedded adds mem:// (the embedded engine, in
//     memory) and file:///abs/path or file://rel/path (the embedded engine,
//     stored durably in that directory).
//
// Close the DB to release a backend that Open started.
func Open(ctx context.Context, rawURL string, opts ...Option) (*DB, error) {
	if rawURL == "" {
		rawURL = os.Getenv(EnvURL)
	}
	if rawURL == "" {
		return nil, errors.New("ddb: Open: no URL given and " + EnvURL + " is not set")
	}
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, fmt.Errorf("ddb: Open %q: want a URL such as http://host:port, aws://region, mem:// or file:///path", rawURL)
	}
	switch scheme = strings.ToLower(scheme); scheme {
	case "http", "https":
		client, streams, err := endpointClient(ctx, rawURL)
		if err != nil {
			return nil, err
		}
		return New(client, append([]Option{WithStreams(streams)}, opts...)...), nil
	case "aws":
		client, streams, err := awsClient(ctx, strings.TrimSuffix(rest, "/"))
		if err != nil {
			return nil, err
		}
		return New(client, append([]Option{WithStreams(streams)}, opts...)...), nil
	default:
		return openRegistered(ctx, scheme, rawURL, opts)
	}
}

// endpointClient returns SDK clients for a DynamoDB-compatible endpoint and
// its Streams API (served on the same endpoint, as DynamoDB Local does),
// filling in a region and dummy credentials when none are configured.
func endpointClient(ctx context.Context, rawURL string) (*dynamodb.Client, *dynamodbstreams.Client, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, fmt.Errorf("ddb: Open: %w", err)
	}
	region := u.Query().Get("region")
	u.RawQuery = ""
	// Instance metadata never applies to a custom endpoint; disabling it keeps
	// credential resolution from stalling when nothing is configured.
	loadOpts := []func(*config.LoadOptions) error{config.WithEC2IMDSClientEnableState(imds.ClientDisabled)}
	if region != "" {
		loadOpts = append(loadOpts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, nil, fmt.Errorf("ddb: Open %s: %w", u, err)
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	if cfg.Credentials == nil || !hasCredentials(ctx, cfg.Credentials) {
		cfg.Credentials = credentials.NewStaticCredentialsProvider("ddb", "ddb", "")
	}
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(u.String())
		// DynamoDB Local sends error responses without an x-amz-crc32
		// header, which the SDK checks against 0 anyway, logging a warning
		// for every error (such as Create's "table already exists").
		o.DisableValidateResponseChecksum = true
	})
	streams := dynamodbstreams.NewFromConfig(cfg, func(o *dynamodbstreams.Options) {
		o.BaseEndpoint = aws.String(u.String())
	})
	return client, streams, nil
}

// awsClient returns SDK clients for AWS DynamoDB and DynamoDB Streams with
// the default credential chain.
func awsClient(ctx context.Context, region string) (*dynamodb.Client, *dynamodbstreams.Client, error) {
	var loadOpts []func(*config.LoadOptions) error
	if region != "" {
		loadOpts = append(loadOpts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, nil, fmt.Errorf("ddb: Open aws://%s: %w", region, err)
	}
	if cfg.Region == "" {
		return nil, nil, errors.New("ddb: Open aws://: no region configured; use aws://REGION or set AWS_REGION")
	}
	return dynamodb.NewFromConfig(cfg), dynamodbstreams.NewFromConfig(cfg), nil
}

// hasCredentials reports whether the configured credential chain yields
// credentials.
func hasCredentials(ctx context.Context, p aws.CredentialsProvider) bool {
	_, err := p.Retrieve(ctx)
	return err == nil
}
