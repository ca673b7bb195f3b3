package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/sdkrace"
)

// startServe runs "ddb serve --port 0" with args until the test ends and
// returns its endpoint.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	stdout, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve", "--port", "0"}, args...), w, io.Discard) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, stdout)
	return strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
}

// TestServeAdmin checks that --admin serves the admin API on the server's
// listener, and that without it there is none.
func TestServeAdmin(t *testing.T) {
	for _, admin := range []bool{true, false} {
		var args []string
		if admin {
			args = append(args, "--admin")
		}
		endpoint := startServe(t, args...)
		resp, err := http.Post(endpoint+"/_ddb/faults", "application/json",
			strings.NewReader(`{"operation":"CreateTable","fault":{"error":"ThrottlingException"}}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		client := dynamodb.New(dynamodb.Options{
			APIOptions:   sdkrace.Options(),
			BaseEndpoint: aws.String(endpoint), Region: "us-east-1",
			Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), Retryer: aws.NopRetryer{},
		})
		_, err = client.CreateTable(context.Background(), &dynamodb.CreateTableInput{
			TableName:            aws.String("admin_test"),
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
			BillingMode:          types.BillingModePayPerRequest,
		})
		var throttled *types.ThrottlingException
		if got := errors.As(err, &throttled); got != admin || (!admin && err != nil) {
			t.Errorf("admin %v: CreateTable after adding a throttling rule: %v", admin, err)
		}
	}
}
