package ddb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/ddbkit/ddb/internal/wire"
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
// For http, https and aws URLs, Open uses the library's own DynamoDB client,
// which costs a fraction of aws-sdk-go-v2's client CPU per call: it keeps
// the SDK's credentials, signer, retry rules and endpoint resolution, and
// its configuration (shared config files, environment, AWS_CA_BUNDLE, ...),
// but writes and reads the wire format itself over connections of its own
// (through net/http when a proxy is configured). It has no middleware,
// logging, metrics or tracing hooks. The query parameter client=sdk (as in
// aws://eu-west-1?client=sdk) makes Open use aws-sdk-go-v2's
// *dynamodb.Client instead; to configure that client yourself, pass it to
// New.
//
// Close the DB to release what Open started: the embedded engine, or the
// client's idle connections.
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
		cfg, endpoint, sdk, err := endpointConfig(ctx, rawURL)
		if err != nil {
			return nil, err
		}
		// The Streams API is served on the same endpoint, as DynamoDB
		// Local serves it.
		cfg.BaseEndpoint = aws.String(endpoint)
		return openClient(cfg, sdk, opts, func(o *dynamodb.Options) {
			// DynamoDB Local sends error responses without an x-amz-crc32
			// header, which the SDK's client checks against 0 anyway,
			// logging a warning for every error (such as Create's "table
			// already exists"). The library's client checks only the
			// checksums a response announces.
			o.DisableValidateResponseChecksum = sdk
		}), nil
	case "aws":
		region, query, _ := strings.Cut(rest, "?")
		sdk, err := sdkClientWanted(query)
		if err != nil {
			return nil, fmt.Errorf("ddb: Open %q: %w", rawURL, err)
		}
		cfg, err := awsConfig(ctx, strings.TrimSuffix(region, "/"))
		if err != nil {
			return nil, err
		}
		return openClient(cfg, sdk, opts), nil
	default:
		return openRegistered(ctx, scheme, rawURL, opts)
	}
}

// openClient returns a DB whose clients, for DynamoDB and its Streams API,
// are configured from cfg (and the DynamoDB client from optFns, and the
// HTTP client from WithHTTPClient in opts): the
// library's own client, or aws-sdk-go-v2's when sdk is set.
func openClient(cfg aws.Config, sdk bool, opts []Option, optFns ...func(*dynamodb.Options)) *DB {
	var given DB
	for _, o := range opts {
		o(&given)
	}
	if given.httpClient != nil {
		cfg.HTTPClient = given.httpClient
	}
	if sdk {
		cfg.APIOptions = append(cfg.APIOptions[:len(cfg.APIOptions):len(cfg.APIOptions)], FixSDKBodyRace)
		opts = append([]Option{WithStreams(dynamodbstreams.NewFromConfig(cfg))}, opts...)
		return New(dynamodb.NewFromConfig(cfg, optFns...), opts...)
	}
	client, streams := wire.NewFromConfig(cfg, optFns...), wire.NewStreamsFromConfig(cfg)
	db := New(client, append([]Option{WithStreams(streams)}, opts...)...)
	db.closer = closers{client, streams}
	return db
}

// closers closes each of its closers, returning the first error.
type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// sdkClientWanted reads the client query parameter of a URL: "sdk" asks
// for aws-sdk-go-v2's client, "lean" (the default) for the library's.
func sdkClientWanted(rawQuery string) (bool, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return false, err
	}
	switch c := q.Get("client"); c {
	case "", "lean":
		return false, nil
	case "sdk":
		return true, nil
	default:
		return false, fmt.Errorf("client=%s: want client=sdk or client=lean", c)
	}
}

// endpointConfig returns the AWS configuration for a DynamoDB-compatible
// endpoint, filling in a region and dummy credentials when none are
// configured, the endpoint itself (rawURL without its query), and whether
// the URL asks for aws-sdk-go-v2's client.
func endpointConfig(ctx context.Context, rawURL string) (cfg aws.Config, endpoint string, sdk bool, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return cfg, "", false, fmt.Errorf("ddb: Open: %w", err)
	}
	if sdk, err = sdkClientWanted(u.RawQuery); err != nil {
		return cfg, "", false, fmt.Errorf("ddb: Open %q: %w", rawURL, err)
	}
	region := u.Query().Get("region")
	u.RawQuery = ""
	// Instance metadata never applies to a custom endpoint; disabling it keeps
	// credential resolution from stalling when nothing is configured.
	loadOpts := []func(*config.LoadOptions) error{config.WithEC2IMDSClientEnableState(imds.ClientDisabled)}
	if region != "" {
		loadOpts = append(loadOpts, config.WithRegion(region))
	}
	if cfg, err = config.LoadDefaultConfig(ctx, loadOpts...); err != nil {
		return cfg, "", false, fmt.Errorf("ddb: Open %s: %w", u, err)
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	if cfg.Credentials == nil || !hasCredentials(ctx, cfg.Credentials) {
		cfg.Credentials = credentials.NewStaticCredentialsProvider("ddb", "ddb", "")
	}
	return cfg, u.String(), sdk, nil
}

// awsConfig returns the AWS configuration for AWS DynamoDB in region (the
// configured region if empty) with the default credential chain.
func awsConfig(ctx context.Context, region string) (aws.Config, error) {
	var loadOpts []func(*config.LoadOptions) error
	if region != "" {
		loadOpts = append(loadOpts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return cfg, fmt.Errorf("ddb: Open aws://%s: %w", region, err)
	}
	if cfg.Region == "" {
		return cfg, errors.New("ddb: Open aws://: no region configured; use aws://REGION or set AWS_REGION")
	}
	return cfg, nil
}

// hasCredentials reports whether the configured credential chain yields
// credentials.
func hasCredentials(ctx context.Context, p aws.CredentialsProvider) bool {
	_, err := p.Retrieve(ctx)
	return err == nil
}
