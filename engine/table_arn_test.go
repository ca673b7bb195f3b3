package engine

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestTableARNAsTableName checks that every operation whose TableName (or
// RequestItems key) DynamoDB's API Reference says may be "the Amazon
// Resource Name (ARN) of the table" accepts the TableArn the engine
// returns, and that the answers that echo a table's reference (BatchGetItem
// Responses and UnprocessedKeys, "a map of table name or table ARN") key it
// as the caller wrote it. DynamoDB Local 2.9.30 refuses ARNs there (an
// older model's name pattern); AWS's reference wins.
func TestTableARNAsTableName(t *testing.T) {
	db := openMemory(t)
	arn := arnPrefix + "tbl"
	if _, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(arn), AttributeDefinitions: defs("pk", "S"), KeySchema: keySchema("pk"),
		BillingMode: types.BillingModePayPerRequest,
	}); err != nil {
		t.Fatalf("CreateTable by ARN: %v", err)
	}
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(arn)})
	if err != nil {
		t.Fatalf("DescribeTable by ARN: %v", err)
	}
	if *d.Table.TableName != "tbl" || *d.Table.TableArn != arn {
		t.Fatalf("DescribeTable by ARN: name %q, ARN %q", *d.Table.TableName, *d.Table.TableArn)
	}
	key := func(pk string) item { return item{"pk": &types.AttributeValueMemberS{Value: pk}} }
	steps := []struct {
		op  string
		run func() error
	}{
		{"PutItem", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &arn, Item: key("a")})
			return err
		}},
		{"UpdateItem", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &arn, Key: key("a"), UpdateExpression: aws.String("SET x = :x"),
				ExpressionAttributeValues: item{":x": &types.AttributeValueMemberN{Value: "1"}}})
			return err
		}},
		{"GetItem", func() error {
			out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &arn, Key: key("a")})
			if err == nil && out.Item["x"] == nil {
				t.Errorf("GetItem by ARN: %v, want the updated item", out.Item)
			}
			return err
		}},
		{"Query", func() error {
			out, err := db.Query(ctx, &dynamodb.QueryInput{TableName: &arn, KeyConditionExpression: aws.String("pk = :a"),
				ExpressionAttributeValues: item{":a": &types.AttributeValueMemberS{Value: "a"}}})
			if err == nil && out.Count != 1 {
				t.Errorf("Query by ARN: count %d, want 1", out.Count)
			}
			return err
		}},
		{"Scan", func() error {
			_, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: &arn})
			return err
		}},
		{"BatchWriteItem", func() error {
			_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
				arn: {{PutRequest: &types.PutRequest{Item: key("b")}}},
			}})
			return err
		}},
		{"BatchGetItem", func() error {
			out, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
				arn: {Keys: []map[string]types.AttributeValue{key("a"), key("b")}},
			}})
			if err == nil && len(out.Responses[arn]) != 2 {
				t.Errorf("BatchGetItem by ARN: responses %v, want 2 items under the ARN", out.Responses)
			}
			return err
		}},
		{"TransactWriteItems", func() error {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: &arn, Item: key("c")}},
				{ConditionCheck: &types.ConditionCheck{TableName: &arn, Key: key("a"), ConditionExpression: aws.String("attribute_exists(pk)")}},
			}})
			return err
		}},
		{"TransactGetItems", func() error {
			out, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
				{Get: &types.Get{TableName: &arn, Key: key("c")}},
			}})
			if err == nil && out.Responses[0].Item == nil {
				t.Error("TransactGetItems by ARN: no item")
			}
			return err
		}},
		{"DeleteItem", func() error {
			_, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &arn, Key: key("c")})
			return err
		}},
		{"UpdateTimeToLive", func() error {
			_, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: &arn,
				TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}})
			return err
		}},
		{"DescribeTimeToLive", func() error {
			_, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: &arn})
			return err
		}},
		{"UpdateTable", func() error {
			_, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: &arn, DeletionProtectionEnabled: aws.Bool(false)})
			return err
		}},
		{"CreateBackup", func() error {
			_, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: &arn, BackupName: aws.String("backup")})
			return err
		}},
		{"DescribeContinuousBackups", func() error {
			_, err := db.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: &arn})
			return err
		}},
		{"DeleteTable", func() error {
			_, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &arn})
			return err
		}},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Errorf("%s by ARN: %v", s.op, err)
		}
	}
}

// TestTableARNNamesTheSameItem checks that a transaction naming one item
// by the table's name and by its ARN names it twice.
func TestTableARNNamesTheSameItem(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{TableName: aws.String("tbl"), AttributeDefinitions: defs("pk", "S"),
		KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest})
	k := item{"pk": &types.AttributeValueMemberS{Value: "a"}}
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("tbl"), Item: k}},
		{Delete: &types.Delete{TableName: aws.String(arnPrefix + "tbl"), Key: k}},
	}})
	if got, want := errText(err), "ValidationException: Transaction request cannot include multiple operations on one item"; got != want {
		t.Errorf("TransactWriteItems by name and ARN: %q, want %q", got, want)
	}
}

// TestTableARNRefused checks the answers to ARNs that do not name a table of
// this engine: another account's is denied (the engine keeps no resource
// policy to grant it), another region's is invalid with AWS's message, and
// one that is not a table's, or is malformed, is invalid; the model's limit
// on a table name or ARN is 1024 characters. DynamoDB's answers for the
// malformed ARNs are not recorded: their wording is the engine's.
func TestTableARNRefused(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{TableName: aws.String("tbl"), AttributeDefinitions: defs("pk", "S"),
		KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest})
	notTable := func(arn string) string {
		return "ValidationException: Invalid TableName: " + arn + " is not the ARN of a table"
	}
	long := arnPrefix + strings.Repeat("t", 1025-len(arnPrefix))
	cases := []struct{ arn, want string }{
		{"arn:aws:dynamodb:ddblocal:111111111111:table/tbl",
			"AccessDeniedException: User: arn:aws:iam::000000000000:root is not authorized to access resource: arn:aws:dynamodb:ddblocal:111111111111:table/tbl"},
		{"arn:aws:dynamodb:us-east-1:000000000000:table/tbl",
			"ValidationException: 1 validation error detected: Invalid AWS region in 'arn:aws:dynamodb:us-east-1:000000000000:table/tbl'"},
		{arnPrefix + "tbl/index/gsi", notTable(arnPrefix + "tbl/index/gsi")},
		{arnPrefix + "tbl/stream/2026-01-01T00:00:00.000", notTable(arnPrefix + "tbl/stream/2026-01-01T00:00:00.000")},
		{"arn:aws:dynamodb:ddblocal:000000000000:tbl", notTable("arn:aws:dynamodb:ddblocal:000000000000:tbl")},
		{"arn:aws:s3:::tbl", notTable("arn:aws:s3:::tbl")},
		{"arn:tbl", notTable("arn:tbl")},
		{arnPrefix + "no", notTable(arnPrefix + "no")},
		{arnPrefix + "missing", "ResourceNotFoundException: Requested resource not found"},
		{long, "ValidationException: 1 validation error detected: Value '" + long + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024"},
	}
	key := item{"pk": &types.AttributeValueMemberS{Value: "a"}}
	for _, c := range cases {
		_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(c.arn), Key: key})
		if got := errText(err); got != c.want {
			t.Errorf("GetItem on %s:\n got %s\nwant %s", c.arn, got, c.want)
		}
	}
	// A RequestItems key has no model limit of its own: the ARN is checked
	// as a TableName is, past the model's checks.
	_, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		arnPrefix + "tbl/index/gsi": {Keys: []map[string]types.AttributeValue{key}},
	}})
	if got, want := errText(err), notTable(arnPrefix+"tbl/index/gsi"); got != want {
		t.Errorf("BatchGetItem on an index ARN:\n got %s\nwant %s", got, want)
	}
	_, err = db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("arn:aws:dynamodb:us-east-1:000000000000:table/tbl")})
	if got, want := errText(err), "ValidationException: 1 validation error detected: Invalid AWS region in 'arn:aws:dynamodb:us-east-1:000000000000:table/tbl'"; got != want {
		t.Errorf("DescribeTable on another region's ARN:\n got %s\nwant %s", got, want)
	}
}
