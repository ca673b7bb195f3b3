package bench

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
)

// SuiteOps is how many item operations Suite makes between creating and
// deleting its tables.
const SuiteOps = 500

// suiteTables are the tables of Suite: a key schema each, and its indexes.
var suiteTables = []*dynamodb.CreateTableInput{
	{
		TableName:            aws.String("suite_users"),
		AttributeDefinitions: attrDefs("pk", "email"),
		KeySchema:            keys("pk", ""),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			{IndexName: aws.String("by_email"), KeySchema: keys("email", ""), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
		},
		BillingMode: types.BillingModePayPerRequest,
	},
	{
		TableName:            aws.String("suite_orders"),
		AttributeDefinitions: attrDefs("pk", "sk", "created", "status"),
		KeySchema:            keys("pk", "sk"),
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{
			{IndexName: aws.String("by_created"), KeySchema: keys("pk", "created"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}},
		},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			{IndexName: aws.String("by_status"), KeySchema: keys("status", "created"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
		},
		BillingMode: types.BillingModePayPerRequest,
	},
	{
		TableName:            aws.String("suite_events"),
		AttributeDefinitions: attrDefs("pk", "sk", "kind"),
		KeySchema:            keys("pk", "sk"),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			{IndexName: aws.String("by_kind"), KeySchema: keys("kind", "sk"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"body"}}},
		},
		BillingMode: types.BillingModePayPerRequest,
	},
}

// attrDefs defines names as string attributes.
func attrDefs(names ...string) []types.AttributeDefinition {
	defs := make([]types.AttributeDefinition, len(names))
	for i, n := range names {
		defs[i] = types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: types.ScalarAttributeTypeS}
	}
	return defs
}

// keys is a key schema of a hash key and an optional range key.
func keys(hash, rng string) []types.KeySchemaElement {
	ks := []types.KeySchemaElement{{AttributeName: aws.String(hash), KeyType: types.KeyTypeHash}}
	if rng != "" {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(rng), KeyType: types.KeyTypeRange})
	}
	return ks
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// Suite runs what an application's integration test suite does to its
// database: it creates three tables with global and local secondary
// indexes, waits until they are ACTIVE, makes SuiteOps mixed calls (puts,
// gets, conditional updates, queries of tables and indexes, batch writes,
// deletes, scans), checks the counter the updates kept, and deletes the
// tables. It uses
// only operations every emulator implements.
func Suite(ctx context.Context, api ddb.API) error {
	for _, in := range suiteTables {
		if _, err := api.CreateTable(ctx, in); err != nil {
			return fmt.Errorf("create %s: %w", *in.TableName, err)
		}
	}
	for _, in := range suiteTables {
		if err := waitActive(ctx, api, *in.TableName); err != nil {
			return err
		}
	}
	for i := range SuiteOps {
		if err := suiteCall(ctx, api, i); err != nil {
			return fmt.Errorf("call %d: %w", i, err)
		}
	}
	out, err := api.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("suite_users"), Key: map[string]types.AttributeValue{"pk": s("site")}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return err
	}
	if v, ok := out.Item["visits"].(*types.AttributeValueMemberN); !ok || v.Value != strconv.Itoa(SuiteOps/10) {
		return fmt.Errorf("site has visits %v after %d updates", out.Item["visits"], SuiteOps/10)
	}
	for _, in := range suiteTables {
		if _, err := api.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: in.TableName}); err != nil {
			return fmt.Errorf("delete %s: %w", *in.TableName, err)
		}
	}
	return nil
}

// suiteCall makes call i of Suite: ten kinds of call in turn.
func suiteCall(ctx context.Context, api ddb.API, i int) error {
	user := "user-" + strconv.Itoa(i%40)
	order := fmt.Sprintf("order-%04d", i)
	status := []string{"new", "paid", "shipped"}[i%3]
	created := fmt.Sprintf("2026-01-%02dT00:00:%02dZ", 1+i%28, i%60)
	var err error
	switch i % 10 {
	case 0:
		_, err = api.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("suite_users"), Item: map[string]types.AttributeValue{
			"pk": s(user), "email": s(user + "@example.com"), "name": s("User " + user), "visits": &types.AttributeValueMemberN{Value: "0"},
		}})
	case 1, 2:
		_, err = api.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("suite_orders"), Item: map[string]types.AttributeValue{
			"pk": s(user), "sk": s(order), "created": s(created), "status": s(status), "total": &types.AttributeValueMemberN{Value: strconv.Itoa(10 + i)},
		}})
	case 3:
		_, err = api.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("suite_users"), Key: map[string]types.AttributeValue{"pk": s(user)}, ConsistentRead: aws.Bool(true)})
	case 4:
		_, err = api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String("suite_users"), Key: map[string]types.AttributeValue{"pk": s("site")},
			UpdateExpression:          aws.String("SET visits = if_not_exists(visits, :zero) + :one, email = :email"),
			ConditionExpression:       aws.String("attribute_not_exists(banned)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":zero": &types.AttributeValueMemberN{Value: "0"}, ":one": &types.AttributeValueMemberN{Value: "1"}, ":email": s("site@example.com")},
		})
	case 5:
		_, err = api.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("suite_orders"), KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :o)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(user), ":o": s("order-")}})
	case 6:
		_, err = api.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("suite_orders"), IndexName: aws.String("by_status"),
			KeyConditionExpression: aws.String("#s = :s"), ExpressionAttributeNames: map[string]string{"#s": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":s": s(status)}, Limit: aws.Int32(10)})
	case 7:
		var reqs []types.WriteRequest
		for k := range 5 {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{
				"pk": s("stream-" + strconv.Itoa(i%7)), "sk": s(fmt.Sprintf("%06d", i*5+k)), "kind": s([]string{"click", "view"}[k%2]), "body": s("payload"),
			}}})
		}
		_, err = api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"suite_events": reqs}})
	case 8:
		_, err = api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("suite_orders"),
			Key: map[string]types.AttributeValue{"pk": s(user), "sk": s(fmt.Sprintf("order-%04d", i-7))}})
	case 9:
		if i%50 == 49 {
			_, err = api.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("suite_users")})
		} else {
			_, err = api.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("suite_events"), IndexName: aws.String("by_kind"),
				KeyConditionExpression: aws.String("kind = :k"), ExpressionAttributeValues: map[string]types.AttributeValue{":k": s("click")}, Limit: aws.Int32(20)})
		}
	}
	return err
}
