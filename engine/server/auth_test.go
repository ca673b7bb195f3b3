package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/sdkrace"
)

// signedAt signs requests as if at a given time.
type signedAt struct {
	t time.Time
	s *v4.Signer
}

func (a signedAt) SignHTTP(ctx context.Context, creds aws.Credentials, r *http.Request, payloadHash, service, region string, _ time.Time, opts ...func(*v4.SignerOptions)) error {
	return a.s.SignHTTP(ctx, creds, r, payloadHash, service, region, a.t, opts...)
}

// TestAuth checks signature verification (WithAuth) with the SDK's own
// signed requests, on the connection loop and through net/http: DynamoDB's
// errors, codes and messages for an unknown access key, a wrong secret and
// a clock too far from the server's.
func TestAuth(t *testing.T) {
	const (
		unrecognized = "UnrecognizedClientException: The security token included in the request is invalid."
		mismatch     = "InvalidSignatureException: The request signature we calculated does not match the signature you provided. " +
			"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	)
	serverNow := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, key, secret, token string
		clientTime               time.Time
		want                     string // "" for success
	}{
		{name: "known key", key: "AKIDGOOD", secret: "s3cret", clientTime: serverNow},
		{name: "known key with a session token", key: "AKIDGOOD", secret: "s3cret", token: "session", clientTime: serverNow},
		{name: "within the allowed skew", key: "AKIDGOOD", secret: "s3cret", clientTime: serverNow.Add(-14 * time.Minute)},
		{name: "unknown key", key: "AKIDOTHER", secret: "s3cret", clientTime: serverNow, want: unrecognized},
		{name: "wrong secret", key: "AKIDGOOD", secret: "guess", clientTime: serverNow, want: mismatch},
		{name: "clock behind", key: "AKIDGOOD", secret: "s3cret", clientTime: serverNow.Add(-16 * time.Minute),
			want: "InvalidSignatureException: Signature expired: 20260301T114400Z is now earlier than 20260301T114500Z (20260301T120000Z - 15 min.)"},
		{name: "clock ahead", key: "AKIDGOOD", secret: "s3cret", clientTime: serverNow.Add(16 * time.Minute),
			want: "InvalidSignatureException: Signature not yet current: 20260301T121600Z is still later than 20260301T121500Z (20260301T120000Z + 15 min.)"},
	}
	newServer := func() *Server {
		s := New(&fake{}, WithAuth(map[string]string{"AKIDGOOD": "s3cret"}))
		s.auth.now = func() time.Time { return serverNow }
		return s
	}
	loop := startLoop(t, newServer())
	viaHTTP := httptest.NewServer(newServer())
	t.Cleanup(viaHTTP.Close)
	for _, endpoint := range []struct{ name, url string }{{"connection loop", loop}, {"net/http", viaHTTP.URL}} {
		for _, tt := range tests {
			t.Run(endpoint.name+"/"+tt.name, func(t *testing.T) {
				client := dynamodb.New(dynamodb.Options{
					APIOptions:       sdkrace.Options(),
					BaseEndpoint:     aws.String(endpoint.url),
					Region:           "eu-west-1",
					Credentials:      credentials.NewStaticCredentialsProvider(tt.key, tt.secret, tt.token),
					RetryMaxAttempts: 1,
					HTTPSignerV4:     signedAt{tt.clientTime, v4.NewSigner()},
				})
				_, err := client.ListTables(context.Background(), &dynamodb.ListTablesInput{})
				got := ""
				var ae smithy.APIError
				if errors.As(err, &ae) {
					got = ae.ErrorCode() + ": " + ae.ErrorMessage()
				} else if err != nil {
					t.Fatal(err)
				}
				if got != tt.want {
					t.Errorf("error %q\nwant %q", got, tt.want)
				}
			})
		}
	}
}
