package testbackend

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/ddbkit/ddb"
)

// maxBaseLen keeps unique table names well inside DynamoDB's 255 characters.
const maxBaseLen = 200

// UniqueTableName returns a valid table name derived from base (or from the
// test's name when base is empty) followed by a random suffix, so that tests
// sharing one DynamoDB Local never collide.
func UniqueTableName(t testing.TB, base string) string {
	if base == "" {
		base = t.Name()
	}
	clean := []byte(base)
	for i, c := range clean {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			clean[i] = '_'
		}
	}
	if len(clean) > maxBaseLen {
		clean = clean[:maxBaseLen]
	}
	return string(clean) + "-" + randomHex(4)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// CreateTable creates the table described by in on api under a unique name
// (built by UniqueTableName from in.TableName), waits until it is ACTIVE,
// deletes it when the test ends, and returns its name. in is not modified.
func CreateTable(t testing.TB, api ddb.API, in *dynamodb.CreateTableInput) string {
	t.Helper()
	ctx := context.Background()
	req := *in
	req.TableName = aws.String(UniqueTableName(t, aws.ToString(in.TableName)))
	if _, err := api.CreateTable(ctx, &req); err != nil {
		t.Fatalf("CreateTable %s: %v", *req.TableName, err)
	}
	t.Cleanup(func() {
		_, err := api.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: req.TableName})
		var notFound *types.ResourceNotFoundException
		if err != nil && !errors.As(err, &notFound) {
			t.Errorf("DeleteTable %s: %v", *req.TableName, err)
		}
	})
	waitActive(t, api, *req.TableName)
	return *req.TableName
}

// waitActive waits, for a minute at most, until the table is ACTIVE, with
// the SDK's waiter polling at test pace.
func waitActive(t testing.TB, api ddb.API, name string) {
	t.Helper()
	waiter := dynamodb.NewTableExistsWaiter(api, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 20*time.Millisecond, time.Second
	})
	if err := waiter.Wait(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String(name)}, time.Minute); err != nil {
		t.Fatalf("table %s did not become active: %v", name, err)
	}
}
