package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
)

// The workloads' shapes. Every backend gets the same tables and items.
const (
	ItemsTable     = "bench_items" // the items of Get, Query and writes
	scanTable      = "bench_scan"
	QueryPartition = "query" // the partition a Query reads
	QueryItems     = 20      // items a Query returns
	batchSize      = 25      // items per BatchWriteItem
	preloadKeys    = 1000    // items Get and UpdateItem spread over
	ScanTableSize  = 10_000  // items a full Scan reads
	payloadBytes   = 100     // size of each item's payload attribute
)

// Workload is one operation measured side by side on every backend.
type Workload struct {
	Name string
	// Op returns the measured call against api.
	Op func(api ddb.API) Op
	// Writes says that every call changes stored data.
	Writes bool
}

// Workloads lists the operations of the HTTP and embedded parts, in report
// order. Run Prepare on a backend before measuring any of them.
func Workloads() []Workload {
	return []Workload{
		{Name: "PutItem", Op: putItem, Writes: true},
		{Name: "GetItem", Op: getItem},
		{Name: "UpdateItem (conditional)", Op: updateItem, Writes: true},
		{Name: "UpdateItem", Op: updateItemPlain, Writes: true},
		{Name: "DeleteItem", Op: deleteItem, Writes: true},
		{Name: fmt.Sprintf("Query (%d items)", QueryItems), Op: query},
		{Name: fmt.Sprintf("BatchWriteItem (%d)", batchSize), Op: batchWrite, Writes: true},
		{Name: "TransactWriteItems (2)", Op: transactWrite, Writes: true},
		{Name: fmt.Sprintf("Scan (%d items)", ScanTableSize), Op: scanAll},
	}
}

var payload = strings.Repeat("x", payloadBytes)

func item(pk string, sk int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk":      &types.AttributeValueMemberS{Value: pk},
		"sk":      &types.AttributeValueMemberN{Value: strconv.Itoa(sk)},
		"payload": &types.AttributeValueMemberS{Value: payload},
		"n":       &types.AttributeValueMemberN{Value: "0"},
	}
}

func key(pk string, sk int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberN{Value: strconv.Itoa(sk)},
	}
}

// Prepare creates the workloads' tables on api (dropping earlier ones) and
// loads the items that reads, updates, queries and scans need.
func Prepare(ctx context.Context, api ddb.API) error {
	for _, name := range []string{ItemsTable, scanTable} {
		if err := CreateTable(ctx, api, name); err != nil {
			return err
		}
	}
	var items []map[string]types.AttributeValue
	for i := range preloadKeys {
		items = append(items, item("key-"+strconv.Itoa(i), 0))
	}
	for i := range QueryItems {
		items = append(items, item(QueryPartition, i))
	}
	if err := Load(ctx, api, ItemsTable, items); err != nil {
		return err
	}
	items = items[:0]
	for i := range ScanTableSize {
		items = append(items, item("scan-"+strconv.Itoa(i%1000), i))
	}
	return Load(ctx, api, scanTable, items)
}

// CreateTable creates (after dropping any earlier one) a table keyed by a
// string partition key "pk" and a number sort key "sk", the shape of every
// benchmark table, and waits until it is active.
func CreateTable(ctx context.Context, api ddb.API, name string) error {
	_, _ = api.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	_, err := api.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeN},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange},
		},
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(10000), WriteCapacityUnits: aws.Int64(10000)},
	})
	if err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	return waitActive(ctx, api, name)
}

// waitActive waits, for a minute at most, until the table is ACTIVE.
func waitActive(ctx context.Context, api ddb.API, table string) error {
	waiter := dynamodb.NewTableExistsWaiter(api, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 20*time.Millisecond, time.Second
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)}, time.Minute); err != nil {
		return fmt.Errorf("waiting for %s: %w", table, err)
	}
	return nil
}

// Load writes items to table with BatchWriteItem, 25 at a time, resending
// what comes back unprocessed.
func Load(ctx context.Context, api ddb.API, table string, items []map[string]types.AttributeValue) error {
	for start := 0; start < len(items); start += batchSize {
		var reqs []types.WriteRequest
		for _, it := range items[start:min(start+batchSize, len(items))] {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		}
		pending := map[string][]types.WriteRequest{table: reqs}
		for len(pending) > 0 {
			out, err := api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
			if err != nil {
				return fmt.Errorf("load %s: %w", table, err)
			}
			pending = out.UnprocessedItems
		}
	}
	return nil
}

func putItem(api ddb.API) Op {
	return func(ctx context.Context, w, seq int) error {
		_, err := api.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(ItemsTable),
			Item:      item(fmt.Sprintf("put-%d-%d", w, seq), 0),
		})
		return err
	}
}

func getItem(api ddb.API) Op {
	return func(ctx context.Context, w, seq int) error {
		out, err := api.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: aws.String(ItemsTable),
			Key:       key("key-"+strconv.Itoa((w*7919+seq)%preloadKeys), 0),
		})
		if err == nil && out.Item == nil {
			err = fmt.Errorf("GetItem found no item")
		}
		return err
	}
}

func updateItem(api ddb.API) Op {
	return func(ctx context.Context, w, seq int) error {
		_, err := api.UpdateItem(ctx, increment(w, seq))
		return err
	}
}

// increment is call seq of worker w incrementing one of the preloaded
// items, under the condition that it exists.
func increment(w, seq int) *dynamodb.UpdateItemInput {
	return &dynamodb.UpdateItemInput{
		TableName:                 aws.String(ItemsTable),
		Key:                       key("key-"+strconv.Itoa((w*7919+seq)%preloadKeys), 0),
		UpdateExpression:          aws.String("SET n = n + :one"),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": &types.AttributeValueMemberN{Value: "1"}},
	}
}

func query(api ddb.API) Op {
	return func(ctx context.Context, _, _ int) error {
		out, err := api.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(ItemsTable),
			KeyConditionExpression:    aws.String("pk = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: QueryPartition}},
		})
		if err == nil && len(out.Items) != QueryItems {
			err = fmt.Errorf("Query returned %d items, want %d", len(out.Items), QueryItems)
		}
		return err
	}
}

func batchWrite(api ddb.API) Op {
	return func(ctx context.Context, w, seq int) error {
		items := make([]map[string]types.AttributeValue, batchSize)
		for i := range items {
			items[i] = item(fmt.Sprintf("batch-%d-%d", w, seq), i)
		}
		return Load(ctx, api, ItemsTable, items)
	}
}

func scanAll(api ddb.API) Op {
	return func(ctx context.Context, _, _ int) error {
		in := &dynamodb.ScanInput{TableName: aws.String(scanTable)}
		n := 0
		for {
			out, err := api.Scan(ctx, in)
			if err != nil {
				return err
			}
			n += len(out.Items)
			if len(out.LastEvaluatedKey) == 0 {
				break
			}
			in.ExclusiveStartKey = out.LastEvaluatedKey
		}
		if n != ScanTableSize {
			return fmt.Errorf("Scan read %d items, want %d", n, ScanTableSize)
		}
		return nil
	}
}
