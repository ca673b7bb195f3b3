package bench

import (
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/logging"
)

// NewClient returns the aws-sdk-go-v2 client that drives a server over HTTP:
// dummy credentials, one region, no retries (a throttled or failed call
// must fail the run, not be hidden in its latency), enough idle connections
// for every worker, and no logging (DynamoDB Local omits the CRC header on
// errors, which the SDK would log).
func NewClient(endpoint string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("bench", "bench", ""),
		Retryer:      aws.NopRetryer{},
		Logger:       logging.Nop{},
		HTTPClient: &http.Client{
			Timeout:   2 * time.Minute,
			Transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: time.Minute},
		},
	})
}
