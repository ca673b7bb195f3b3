package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// Constraint messages used by the request check tests.
const (
	nullTable = "Value null at 'tableName' failed to satisfy constraint: Member must not be null"
	nullKey   = "Value null at 'key' failed to satisfy constraint: Member must not be null"
)

// TestRequestChecks sends empty and partial requests of every operation
// and checks DynamoDB's model-level answer, several violations included.
func TestRequestChecks(t *testing.T) {
	db := openMemory(t)
	ctx := context.Background()
	key := map[string]types.AttributeValue{"pk": av.S("a")}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"GetItem empty", func() error { _, err := db.GetItem(ctx, &dynamodb.GetItemInput{}); return err },
			"2 validation errors detected: " + nullTable + "; " + nullKey},
		{"GetItem bad members", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("abc;"), ReturnConsumedCapacity: "hi", AttributesToGet: []string{}})
			return err
		}, "4 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
			"Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
			"Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " + nullKey},
		{"PutItem empty", func() error { _, err := db.PutItem(ctx, &dynamodb.PutItemInput{}); return err },
			"2 validation errors detected: " + nullTable + "; Value null at 'item' failed to satisfy constraint: Member must not be null"},
		{"DeleteItem empty", func() error { _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{}); return err },
			"2 validation errors detected: " + nullTable + "; " + nullKey},
		{"UpdateItem empty", func() error { _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{}); return err },
			"2 validation errors detected: " + nullTable + "; " + nullKey},
		{"UpdateItem empty name and enums", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(""), ReturnConsumedCapacity: "INVALID", ReturnValues: "INVALID",
				UpdateExpression: aws.String("SET a = :a"), ExpressionAttributeValues: map[string]types.AttributeValue{":a": av.S("x")}})
			return err
		}, "4 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
			"Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
			"Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " + nullKey},
		{"UpdateItem bad operator", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("missing"), ConditionalOperator: "XOR"})
			return err
		}, "2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]; " + nullKey},
		{"PutItem short name", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("a;"), Item: key})
			return err
		}, "2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
			"Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"Query empty", func() error { _, err := db.Query(ctx, &dynamodb.QueryInput{}); return err },
			"1 validation error detected: " + nullTable},
		{"Scan empty", func() error { _, err := db.Scan(ctx, &dynamodb.ScanInput{}); return err },
			"1 validation error detected: " + nullTable},
		{"Scan bad members", func() error {
			_, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("abc"), IndexName: aws.String("ix;"), Select: "hi", Limit: aws.Int32(-1),
				Segment: aws.Int32(-1), TotalSegments: aws.Int32(0)})
			return err
		}, "5 validation errors detected: Value 'hi' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]; " +
			"Value 'ix;' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
			"Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
			"Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0; " +
			"Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"BatchGetItem empty", func() error {
			_, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{ReturnConsumedCapacity: "hi"})
			return err
		},
			"The requestItems parameter is required for BatchGetItem"},
		{"BatchWriteItem empty", func() error { _, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{}); return err },
			"The requestItems parameter is required for BatchWriteItem"},
		{"BatchWriteItem bad enums", func() error {
			_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"abc": {{}}},
				ReturnConsumedCapacity: "hi", ReturnItemCollectionMetrics: "hi"})
			return err
		}, "2 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
			"Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]"},
		{"BatchGetItem too many keys with a bad enum", func() error {
			keys := make([]map[string]types.AttributeValue, 101)
			_, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"abc": {Keys: keys}, "abd": {Keys: keys[:1]}},
				ReturnConsumedCapacity: "hi"})
			return err
		}, "2 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
			"Value at 'RequestItems.abc.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100"},
		{"BatchWriteItem too many writes", func() error {
			writes := make([]types.WriteRequest, 26)
			writes[0] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "x"}}}}
			_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"abc": writes, "abd": writes[:1]}})
			return err
		}, "1 validation error detected: Value '{abc=[WriteRequest(putRequest=null, deleteRequest=DeleteRequest(key={k=" + javaObject("AttributeValue", itemenc.AppendItem(nil, map[string]types.AttributeValue{"": &types.AttributeValueMemberS{Value: "x"}})) + "})), " +
			strings.Repeat("WriteRequest(putRequest=null, deleteRequest=null), ", 24) + "WriteRequest(putRequest=null, deleteRequest=null)], " +
			"abd=[WriteRequest(putRequest=null, deleteRequest=DeleteRequest(key={k=" + javaObject("AttributeValue", itemenc.AppendItem(nil, map[string]types.AttributeValue{"": &types.AttributeValueMemberS{Value: "x"}})) + "}))]}' at 'requestItems' " +
			"failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"},
		{"BatchWriteItem far too many writes", func() error {
			// DynamoDB prints the whole map; past 64 KB (maxJavaText) the
			// engine cuts it.
			_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"abc": make([]types.WriteRequest, 1_000_000)}})
			return err
		}, "1 validation error detected: Value '{abc=[" + strings.Repeat("WriteRequest(putRequest=null, deleteRequest=null), ", 1284) + // 1285 writes: the last ends past 64 KB
			"WriteRequest(putRequest=null, deleteRequest=null)...' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"},
		{"CreateTable three key elements", func() error {
			_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("abc"), AttributeDefinitions: []types.AttributeDefinition{},
				KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: "HASH"}, {AttributeName: aws.String("b"), KeyType: "RANGE"}, {AttributeName: aws.String("a"), KeyType: "HASH"}}})
			return err
		}, "1 validation error detected: Value '[" + javaObject("KeySchemaElement", []byte("a\x00HASH")) + ", " + javaObject("KeySchemaElement", []byte("b\x00RANGE")) + ", " +
			javaObject("KeySchemaElement", []byte("a\x00HASH")) + "]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2"},
		{"TransactGetItems empty", func() error {
			_, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{ReturnConsumedCapacity: "hi"})
			return err
		}, "2 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
			"Value null at 'transactItems' failed to satisfy constraint: Member must not be null"},
		{"TransactGetItems missing gets", func() error {
			_, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{{}, {}}})
			return err
		}, "2 validation errors detected: Value null at 'transactItems.1.member.get' failed to satisfy constraint: Member must not be null; " +
			"Value null at 'transactItems.2.member.get' failed to satisfy constraint: Member must not be null"},
		{"TransactWriteItems empty list", func() error {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{}, ClientRequestToken: aws.String("")})
			return err
		}, "2 validation errors detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
			"Value '' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"CreateTable empty", func() error { _, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{}); return err },
			"3 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'keySchema' failed to satisfy constraint: Member must not be null"},
		{"CreateTable bad name", func() error {
			_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("abc;"), BillingMode: "FREE"})
			return err
		}, "4 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; " +
			"Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
			"Value null at 'keySchema' failed to satisfy constraint: Member must not be null; " +
			"Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"},
		{"DescribeTable empty", func() error { _, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{}); return err },
			"The parameter 'TableName' is required but was not present in the request"},
		{"DeleteTable long name", func() error {
			_, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(strings.Repeat("a", 256))})
			return err
		}, "1 validation error detected: Value '" + strings.Repeat("a", 256) + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"},
		{"UpdateTable empty", func() error { _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{}); return err },
			"The parameter 'TableName' is required but was not present in the request"},
		{"UpdateTable bad billing", func() error {
			_, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("ab"), BillingMode: "FREE"})
			return err
		}, "2 validation errors detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
			"Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"},
		{"ListTables bad members", func() error {
			_, err := db.ListTables(ctx, &dynamodb.ListTablesInput{ExclusiveStartTableName: aws.String("a"), Limit: aws.Int32(101)})
			return err
		}, "2 validation errors detected: Value 'a' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
			"Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
		{"UpdateTimeToLive empty", func() error { _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{}); return err },
			"The parameter 'TableName' is required but was not present in the request"},
		{"UpdateTimeToLive empty spec", func() error {
			_, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("abc"), TimeToLiveSpecification: &types.TimeToLiveSpecification{}})
			return err
		}, "2 validation errors detected: Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null; " +
			"Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null"},
		{"DescribeTimeToLive empty", func() error { _, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{}); return err },
			"The parameter 'TableName' is required but was not present in the request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errText(tt.call()); got != "ValidationException: "+tt.want {
				t.Errorf("got  %s\nwant ValidationException: %s", got, tt.want)
			}
		})
	}
}
