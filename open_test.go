package ddb

import (
	"context"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/ddbkit/ddb/internal/clienttest"
	"github.com/ddbkit/ddb/internal/wire"
)

// isolateAWSConfig hides the machine's AWS configuration from the test.
func isolateAWSConfig(t *testing.T) {
	dir := t.TempDir()
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", EnvURL} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func TestOpenEndpoint(t *testing.T) {
	tests := []struct {
		name, url, env       string
		region, endpoint, ak string
	}{
		{"dummy credentials and default region", "http://127.0.0.1:8000", "", "us-east-1", "http://127.0.0.1:8000", "ddb"},
		{"region parameter", "https://db.example:8443/?region=eu-west-3", "", "eu-west-3", "https://db.example:8443/", "ddb"},
		{"from DDB_URL", "", "http://localhost:4566", "us-east-1", "http://localhost:4566", "ddb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWSConfig(t)
			t.Setenv(EnvURL, tt.env)
			db, err := Open(t.Context(), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			opts := clientOptions(t, db)
			creds, err := opts.Credentials.Retrieve(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if opts.Region != tt.region || *opts.BaseEndpoint != tt.endpoint || creds.AccessKeyID != tt.ak {
				t.Errorf("region %q, endpoint %q, access key %q", opts.Region, *opts.BaseEndpoint, creds.AccessKeyID)
			}
			streams, ok := db.Streams().(*wire.StreamsClient)
			if !ok || *streams.Options().BaseEndpoint != tt.endpoint || streams.Options().Region != tt.region {
				t.Errorf("Streams() = %T for %s, want the library's Streams client of the same endpoint and region", db.Streams(), tt.url)
			}
			if err := db.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

func TestOpenEndpointKeepsConfiguredCredentials(t *testing.T) {
	isolateAWSConfig(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "ap-south-1")
	db, err := Open(t.Context(), "http://127.0.0.1:8000")
	if err != nil {
		t.Fatal(err)
	}
	opts := clientOptions(t, db)
	creds, _ := opts.Credentials.Retrieve(t.Context())
	if opts.Region != "ap-south-1" || creds.AccessKeyID != "AKIDEXAMPLE" {
		t.Errorf("region %q, access key %q", opts.Region, creds.AccessKeyID)
	}
}

func TestOpenAWS(t *testing.T) {
	isolateAWSConfig(t)
	db, err := Open(t.Context(), "aws://eu-central-1")
	if err != nil {
		t.Fatal(err)
	}
	opts := clientOptions(t, db)
	if opts.Region != "eu-central-1" || opts.BaseEndpoint != nil {
		t.Errorf("region %q, endpoint %v", opts.Region, opts.BaseEndpoint)
	}
}

// clientOptions returns the options of the client Open made, which must be
// the library's own.
func clientOptions(t *testing.T, db *DB) dynamodb.Options {
	t.Helper()
	c, ok := db.API().(*wire.Client)
	if !ok {
		t.Fatalf("Open made a %T, want the library's client", db.API())
	}
	return c.Options()
}

func TestOpenClientParameter(t *testing.T) {
	tests := []struct {
		url  string
		want any
	}{
		{"http://127.0.0.1:8000?client=sdk", &dynamodb.Client{}},
		{"https://db.example:8443/?region=eu-west-3&client=sdk", &dynamodb.Client{}},
		{"aws://eu-west-1?client=sdk", &dynamodb.Client{}},
		{"aws://eu-west-1/?client=lean", &wire.Client{}},
		{"http://127.0.0.1:8000?client=lean", &wire.Client{}},
	}
	for _, tt := range tests {
		isolateAWSConfig(t)
		db, err := Open(t.Context(), tt.url)
		if err != nil {
			t.Fatalf("Open(%q): %v", tt.url, err)
		}
		if reflect.TypeOf(db.API()) != reflect.TypeOf(tt.want) {
			t.Errorf("Open(%q) made a %T, want %T", tt.url, db.API(), tt.want)
		}
		if c, sdk := db.API().(*dynamodb.Client); sdk {
			if n := len(c.Options().APIOptions); n == 0 || reflect.ValueOf(c.Options().APIOptions[n-1]).Pointer() != reflect.ValueOf(FixSDKBodyRace).Pointer() {
				t.Errorf("Open(%q): the SDK client lacks FixSDKBodyRace", tt.url)
			}
			if _, ok := db.Streams().(*dynamodbstreams.Client); !ok {
				t.Errorf("Open(%q) made a %T Streams client, want the SDK's", tt.url, db.Streams())
			}
		} else if _, ok := db.Streams().(*wire.StreamsClient); !ok {
			t.Errorf("Open(%q) made a %T Streams client, want the library's", tt.url, db.Streams())
		}
		opts := db.API().(interface{ Options() dynamodb.Options }).Options()
		if strings.HasPrefix(tt.url, "aws://") && opts.Region != "eu-west-1" {
			t.Errorf("Open(%q): region %q", tt.url, opts.Region)
		}
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct{ url, message string }{
		{"", "no URL given and DDB_URL is not set"},
		{"localhost:8000", "want a URL such as"},
		{"ftp://host", `unknown scheme "ftp"`},
		{"aws://", "no region configured"},
		{"aws://eu-west-1?client=boto", "want client=sdk or client=lean"},
		{"http://127.0.0.1:8000?client=java", "want client=sdk or client=lean"},
	}
	for _, tt := range tests {
		isolateAWSConfig(t)
		db, err := Open(t.Context(), tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("Open(%q) = %v, %v; want an error containing %q", tt.url, db, err, tt.message)
		}
	}
}

func TestOpenUnregisteredEmbedded(t *testing.T) {
	// The test binary links the embedded engine (example_test.go imports
	// it); hide its registration to see what a program without it gets.
	registry.Lock()
	saved := registry.openers
	registry.openers = nil
	registry.Unlock()
	t.Cleanup(func() {
		registry.Lock()
		registry.openers = saved
		registry.Unlock()
	})
	for _, url := range []string{"mem://", "file:///tmp/x"} {
		_, err := Open(t.Context(), url)
		if err == nil || !strings.Contains(err.Error(), `import _ "github.com/ddbkit/ddb/embedded"`) {
			t.Errorf("Open(%q) = %v; want an error naming the embedded package", url, err)
		}
	}
}

func TestRegister(t *testing.T) {
	open := func(context.Context, string) (API, io.Closer, error) { return &fakeAPI{}, nil, nil }
	Register("fake-test", open)
	db, err := Open(t.Context(), "FAKE-TEST://anything")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := db.API().(*fakeAPI); !ok {
		t.Errorf("Open used %T, want the registered backend", db.API())
	}
	if !slices.Contains(Schemes(), "fake-test") {
		t.Errorf("Schemes() = %v, want fake-test among them", Schemes())
	}
	for _, scheme := range []string{"", "http", "aws", "fake-test"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", scheme)
				}
			}()
			Register(scheme, open)
		}()
	}
}

// A request to a server that never answers ends at the timeout of the HTTP
// client WithHTTPClient gives, with the library's client and the SDK's.
func TestOpenWithHTTPClientTimeout(t *testing.T) {
	isolateAWSConfig(t)
	addr := clienttest.SilentServer(t)
	for _, query := range []string{"", "?client=sdk"} {
		db, err := Open(t.Context(), "http://"+addr+query,
			WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(100*time.Millisecond)))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		_, err = db.API().ListTables(ctx, &dynamodb.ListTablesInput{})
		expired := ctx.Err()
		cancel()
		if err == nil || expired != nil {
			t.Errorf("ListTables%s from a server that never answers: %v, want the client's timeout well before 20s", query, err)
		}
		db.Close()
	}
}
