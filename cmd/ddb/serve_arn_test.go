package main

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/clienttest"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

// TestServeTableARN checks, through aws-sdk-go-v2 against `ddb serve`, that
// the TableArn DescribeTable returns is taken as TableName ("You can also
// provide the Amazon Resource Name (ARN) of the table in this parameter")
// and as a BatchGetItem RequestItems key, whose Responses keep the ARN
// ("a map of table name or table ARN to a list of items").
func TestServeTableARN(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t))
	client := dynamodb.New(dynamodb.Options{
		APIOptions:   sdkrace.Options(),
		BaseEndpoint: aws.String(server.Endpoint), Region: "us-east-1", RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	})
	ctx := t.Context()
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("tbl"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("tbl")})
	if err != nil {
		t.Fatal(err)
	}
	arn := d.Table.TableArn
	key := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: arn, Item: key}); err != nil {
		t.Fatalf("PutItem by ARN: %v", err)
	}
	got, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: arn, Key: key})
	if err != nil || got.Item == nil {
		t.Fatalf("GetItem by ARN = %v, %v; want the item", got, err)
	}
	batch, err := client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		*arn: {Keys: []map[string]types.AttributeValue{key}},
	}})
	if err != nil || len(batch.Responses[*arn]) != 1 {
		t.Fatalf("BatchGetItem by ARN = %v, %v; want the item under the ARN", batch, err)
	}
	if _, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: arn}); err != nil {
		t.Fatalf("DescribeTable by ARN: %v", err)
	}
}
