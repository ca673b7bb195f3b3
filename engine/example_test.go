package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine"
)

// createTable creates table name with hash key pk.
func createTable(db *engine.DB, name string) {
	_, err := db.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		panic(err)
	}
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// Throttle the second PutItem on a table, and see the error a client sees
// once its retries are spent.
func ExampleFaults_Add() {
	ctx := context.Background()
	db, _ := engine.Open(engine.Options{})
	defer db.Close()
	createTable(db, "orders")

	db.Faults().Add(engine.Rule{
		Operation: "PutItem",
		Table:     "orders",
		From:      2, To: 2, // the second matching call
		Fault: engine.Fault{Error: engine.CodeProvisionedThroughputExceeded},
	})
	for _, id := range []string{"a", "b", "c"} {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"pk": s(id)}})
		var throttled *types.ProvisionedThroughputExceededException
		fmt.Println(id, errors.As(err, &throttled))
	}
	for _, r := range db.Faults().List() {
		fmt.Printf("rule %d: %d calls, %d hits\n", r.ID, r.Calls, r.Hits)
	}
	// Output:
	// a false
	// b true
	// c false
	// rule 1: 3 calls, 1 hits
}

// Leave one item of every BatchWriteItem unprocessed, as DynamoDB does
// under load: it comes back in UnprocessedItems and is not written.
func ExampleFault_unprocessed() {
	ctx := context.Background()
	db, _ := engine.Open(engine.Options{})
	defer db.Close()
	createTable(db, "orders")

	db.Faults().Add(engine.Rule{
		Operation: "BatchWriteItem",
		Key:       map[string]types.AttributeValue{"pk": s("b")},
		Fault:     engine.Fault{Unprocessed: true},
	})
	out, _ := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
		"orders": {
			{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{"pk": s("a")}}},
			{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{"pk": s("b")}}},
		},
	}})
	left := out.UnprocessedItems["orders"]
	fmt.Println(len(left), left[0].PutRequest.Item["pk"].(*types.AttributeValueMemberS).Value)
	// Output: 1 b
}

// An engine used in-process in place of the SDK's client retries the
// faults it injects with the client's retryer: a call throttled twice
// succeeds on its third attempt.
func ExampleOptions_retryer() {
	ctx := context.Background()
	db, _ := engine.Open(engine.Options{Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
	})})
	defer db.Close()
	createTable(db, "orders")

	db.Faults().Add(engine.Rule{Operation: "PutItem", To: 2, Fault: engine.Fault{Error: engine.CodeThrottling}})
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"pk": s("a")}})
	fmt.Println(err, db.Faults().List()[0].Calls)
	// Output: <nil> 3
}

// A day passes in a moment: moving the clock deletes the items whose time
// to live it passed.
func ExampleClock_Advance() {
	ctx := context.Background()
	db, _ := engine.Open(engine.Options{})
	defer db.Close()
	createTable(db, "sessions")
	db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String("sessions"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("expires"), Enabled: aws.Bool(true)},
	})
	tomorrow := db.Clock().Now().Add(24 * time.Hour).Unix()
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("sessions"), Item: map[string]types.AttributeValue{
		"pk": s("s1"), "expires": &types.AttributeValueMemberN{Value: strconv.FormatInt(tomorrow, 10)},
	}})

	db.Clock().Advance(25 * time.Hour)
	out, _ := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("sessions"), Key: map[string]types.AttributeValue{"pk": s("s1")}})
	fmt.Println(out.Item == nil)
	// Output: true
}
