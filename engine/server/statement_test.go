package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

// statementServer serves a fresh in-memory engine holding table "items"
// (keyed by the string pk) and returns its URL and an SDK client for it.
func statementServer(t *testing.T) (string, *dynamodb.Client) {
	t.Helper()
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	url := startLoop(t, New(db))
	client := dynamodb.New(dynamodb.Options{
		APIOptions:   sdkrace.Options(),
		BaseEndpoint: aws.String(url), Region: "us-east-1", RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "SECRET"}, nil
		}),
	})
	_, err = client.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String("items"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	return url, client
}

// TestStatementsOverHTTP runs the three statement operations through an SDK
// client and the server against the engine: results, and the modeled
// errors the SDK reads back into their types.
func TestStatementsOverHTTP(t *testing.T) {
	_, client := statementServer(t)
	ctx := context.Background()
	run := func(text string, params ...types.AttributeValue) (*dynamodb.ExecuteStatementOutput, error) {
		return client.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(text), Parameters: params})
	}
	if _, err := run(`INSERT INTO items VALUE {'pk': ?, 'n': 1, 's': <<'a'>>}`, &types.AttributeValueMemberS{Value: "x"}); err != nil {
		t.Fatal(err)
	}
	var dup *types.DuplicateItemException
	if _, err := run(`INSERT INTO items VALUE {'pk': 'x'}`); !errors.As(err, &dup) || aws.ToString(dup.Message) != "Duplicate primary key exists in table" {
		t.Errorf("a duplicate INSERT: %v", err)
	}
	out, err := run(`SELECT n, s FROM items WHERE pk = 'x'`)
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]types.AttributeValue{{"n": &types.AttributeValueMemberN{Value: "1"}, "s": &types.AttributeValueMemberSS{Value: []string{"a"}}}}
	if diff := cmp.Diff(want, out.Items, ignoreUnexported); diff != "" {
		t.Errorf("SELECT (-want +got):\n%s", diff)
	}

	batch, err := client.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{
		{Statement: aws.String(`UPDATE items SET n = n + 1 WHERE pk = 'x' RETURNING MODIFIED NEW *`)},
		{Statement: aws.String(`UPDATE items SET n = 1 WHERE pk = 'nope'`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	wantBatch := []types.BatchStatementResponse{
		{TableName: aws.String("items"), Item: map[string]types.AttributeValue{"n": &types.AttributeValueMemberN{Value: "2"}}},
		{TableName: aws.String("items"), Error: &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnumConditionalCheckFailed, Message: aws.String("The conditional request failed")}},
	}
	if diff := cmp.Diff(wantBatch, batch.Responses, ignoreUnexported); diff != "" {
		t.Errorf("BatchExecuteStatement (-want +got):\n%s", diff)
	}

	_, err = client.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{
		{Statement: aws.String(`INSERT INTO items VALUE {'pk': 'y'}`)},
		{Statement: aws.String(`EXISTS(SELECT * FROM items WHERE pk = 'x' AND n = 99)`)},
	}})
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("a cancelled transaction: %v", err)
	}
	wantReasons := []types.CancellationReason{
		{Code: aws.String("None")},
		{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed.")},
	}
	if diff := cmp.Diff(wantReasons, tce.CancellationReasons, ignoreUnexported); diff != "" {
		t.Errorf("cancellation reasons (-want +got):\n%s", diff)
	}
}

// The statement operations always send their lists, even empty: Items of
// ExecuteStatement, Responses of the others.
func TestStatementsSendEmptyLists(t *testing.T) {
	url, _ := statementServer(t)
	for target, body := range map[string]string{
		"ExecuteStatement":   `{"Statement": "SELECT * FROM items WHERE pk = 'none'"}`,
		"ExecuteTransaction": `{"TransactStatements": [{"Statement": "INSERT INTO items VALUE {'pk': 'z'}"}]}`,
	} {
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+target)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Date", "20260101T000000Z")
		req.Header.Set("Authorization", testAuth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := map[string]string{"ExecuteStatement": `{"Items":[]}`, "ExecuteTransaction": `{"Responses":[]}`}[target]
		if resp.StatusCode != 200 || string(got) != want {
			t.Errorf("%s: %d %s, want %s", target, resp.StatusCode, got, want)
		}
	}
}
