package wire

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/logging"
)

// recordingClient is an HTTP client that answers every request itself and
// records where it went.
type recordingClient struct {
	mu   sync.Mutex
	urls []string
	auth []string
}

func (c *recordingClient) Do(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.urls = append(c.urls, r.URL.String())
	c.auth = append(c.auth, r.Header.Get("Authorization"))
	c.mu.Unlock()
	body := `{}`
	return &http.Response{StatusCode: 200, Header: http.Header{"X-Amz-Crc32": {"2745614147"}}, Body: io.NopCloser(bytes.NewReader([]byte(body))), ContentLength: 2}, nil
}

// last returns the URL and the credential scope of the last request.
func (c *recordingClient) last() (url, scope string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.urls) == 0 {
		return "", ""
	}
	auth := c.auth[len(c.auth)-1]
	_, scope, _ = strings.Cut(auth, "Credential=")
	scope, _, _ = strings.Cut(scope, ",")
	if _, rest, ok := strings.Cut(scope, "/"); ok {
		_, scope, _ = strings.Cut(rest, "/") // drop the key and the date
	}
	return c.urls[len(c.urls)-1], scope
}

// TestEndpointsMatchSDK checks that both clients send a call to the same
// URL, signed for the same region, for the settings that choose an
// endpoint: region, FIPS, dual-stack, the caller's account, and ARNs for
// table names.
func TestEndpointsMatchSDK(t *testing.T) {
	withAccount := credentials.StaticCredentialsProvider{Value: aws.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK", AccountID: "111122223333"}}
	tableARN := "arn:aws:dynamodb:us-east-1:444455556666:table/orders"
	tests := []struct {
		name  string
		opts  func(*dynamodb.Options)
		table string
	}{
		{"region", func(o *dynamodb.Options) { o.Region = "eu-west-3" }, "t"},
		{"China", func(o *dynamodb.Options) { o.Region = "cn-north-1" }, "t"},
		{"FIPS", func(o *dynamodb.Options) { o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled }, "t"},
		{"FIPS pseudo-region", func(o *dynamodb.Options) { o.Region = "fips-us-gov-west-1" }, "t"},
		{"FIPS suffix", func(o *dynamodb.Options) { o.Region = "us-east-1-fips" }, "t"},
		{"dual-stack", func(o *dynamodb.Options) { o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled }, "t"},
		{"account endpoint", func(o *dynamodb.Options) { o.Credentials = withAccount }, "t"},
		{"account endpoint disabled", func(o *dynamodb.Options) {
			o.Credentials = withAccount
			o.AccountIDEndpointMode = aws.AccountIDEndpointModeDisabled
		}, "t"},
		{"table ARN", func(*dynamodb.Options) {}, tableARN},
		{"table ARN and account", func(o *dynamodb.Options) { o.Credentials = withAccount }, tableARN},
		{"base endpoint with a path", func(o *dynamodb.Options) { o.BaseEndpoint = aws.String("https://db.example:8443/prefix") }, "t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sdkHTTP, leanHTTP recordingClient
			options := func(h *recordingClient) dynamodb.Options {
				o := dynamodb.Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AK", "SK", ""), HTTPClient: h, Logger: logging.Nop{}}
				tt.opts(&o)
				return o
			}
			sdk, lean := dynamodb.New(options(&sdkHTTP)), New(options(&leanHTTP))
			in := &dynamodb.GetItemInput{TableName: aws.String(tt.table), Key: getItem.Key}
			batch := &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{tt.table: {Keys: []map[string]types.AttributeValue{getItem.Key}}}}
			for _, call := range []func(getter) error{
				func(api getter) error { _, err := api.GetItem(t.Context(), in); return err },
				func(api getter) error {
					_, err := api.(interface {
						BatchGetItem(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
					}).BatchGetItem(t.Context(), batch)
					return err
				},
			} {
				sameEndpoint(t, &sdkHTTP, &leanHTTP, func() error { return call(sdk) }, func() error { return call(lean) })
			}
		})
	}
}

// sameEndpoint makes a call with the SDK's client and with ours, each
// through its recording HTTP client, and checks that both went to the same
// URL signed for the same region.
func sameEndpoint(t *testing.T, sdkHTTP, leanHTTP *recordingClient, sdk, lean func() error) {
	t.Helper()
	if err := sdk(); err != nil {
		t.Fatalf("SDK: %v", err)
	}
	if err := lean(); err != nil {
		t.Fatal(err)
	}
	wantURL, wantScope := sdkHTTP.last()
	gotURL, gotScope := leanHTTP.last()
	if gotURL != wantURL || gotScope != wantScope {
		t.Errorf("request to %s signed for %s; the SDK's to %s for %s", gotURL, gotScope, wantURL, wantScope)
	}
}

// TestEndpointErrorsMatchSDK checks the settings that leave no endpoint.
func TestEndpointErrorsMatchSDK(t *testing.T) {
	tests := []struct {
		name string
		opts func(*dynamodb.Options)
		want string
	}{
		{"invalid region", func(o *dynamodb.Options) { o.Region = "not a region" }, "invalid input region"},
		{"no region", func(o *dynamodb.Options) { o.Region = "" }, "Invalid Configuration: Missing Region"},
		{"account required", func(o *dynamodb.Options) { o.AccountIDEndpointMode = aws.AccountIDEndpointModeRequired }, "accountID is required but not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h recordingClient
			o := dynamodb.Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AK", "SK", ""), HTTPClient: &h, Logger: logging.Nop{}}
			tt.opts(&o)
			_, want := dynamodb.New(o).GetItem(t.Context(), getItem)
			_, got := New(o).GetItem(t.Context(), getItem)
			if want == nil || got == nil || !strings.Contains(want.Error(), tt.want) || !strings.Contains(got.Error(), tt.want) {
				t.Errorf("errors:\n got  %v\n sdk  %v\nwant both with %q", got, want, tt.want)
			}
			if len(h.urls) != 0 {
				t.Errorf("requests sent to %q", h.urls)
			}
		})
	}
}

// countingResolver counts endpoint resolutions.
type countingResolver struct {
	dynamodb.EndpointResolverV2
	n atomic.Int32
}

func (r *countingResolver) ResolveEndpoint(ctx context.Context, p dynamodb.EndpointParameters) (smithyendpoints.Endpoint, error) {
	r.n.Add(1)
	return r.EndpointResolverV2.ResolveEndpoint(ctx, p)
}

// TestEndpointsCached checks that endpoints are resolved once per distinct
// parameter set, not per call or per table name.
func TestEndpointsCached(t *testing.T) {
	resolver := &countingResolver{EndpointResolverV2: dynamodb.NewDefaultEndpointResolverV2()}
	lean := New(dynamodb.Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AK", "SK", ""), HTTPClient: &recordingClient{}, EndpointResolverV2: resolver})
	for _, table := range []string{"a", "b", "a", "c", "arn:aws:dynamodb:us-east-1:444455556666:table/a", "arn:aws:dynamodb:us-east-1:444455556666:table/a"} {
		if _, err := lean.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: getItem.Key}); err != nil {
			t.Fatal(err)
		}
	}
	if n := resolver.n.Load(); n != 2 {
		t.Errorf("%d resolutions, want 2 (table names, then the ARN)", n)
	}
}

// TestStreamsEndpointsMatchSDK checks the Streams client's endpoints as
// TestEndpointsMatchSDK checks DynamoDB's.
func TestStreamsEndpointsMatchSDK(t *testing.T) {
	tests := []struct {
		name string
		opts func(*dynamodbstreams.Options)
	}{
		{"region", func(o *dynamodbstreams.Options) { o.Region = "eu-west-3" }},
		{"China", func(o *dynamodbstreams.Options) { o.Region = "cn-north-1" }},
		{"FIPS", func(o *dynamodbstreams.Options) { o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled }},
		{"FIPS pseudo-region", func(o *dynamodbstreams.Options) { o.Region = "us-east-1-fips" }},
		{"dual-stack", func(o *dynamodbstreams.Options) {
			o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
		}},
		{"base endpoint", func(o *dynamodbstreams.Options) { o.BaseEndpoint = aws.String("http://127.0.0.1:8000") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sdkHTTP, leanHTTP recordingClient
			options := func(h *recordingClient) dynamodbstreams.Options {
				o := dynamodbstreams.Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AK", "SK", ""), HTTPClient: h, Logger: logging.Nop{}}
				tt.opts(&o)
				return o
			}
			in := &dynamodbstreams.GetRecordsInput{ShardIterator: aws.String("it")}
			sameEndpoint(t, &sdkHTTP, &leanHTTP,
				func() error { _, err := dynamodbstreams.New(options(&sdkHTTP)).GetRecords(t.Context(), in); return err },
				func() error { _, err := NewStreams(options(&leanHTTP)).GetRecords(t.Context(), in); return err })
		})
	}
}
