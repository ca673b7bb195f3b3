package wire

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The operations. The data-plane operations write their requests and read
// the item-bearing members of their responses by hand (request_bodies.go,
// response_bodies.go); the others, whose shapes are many, change with
// every SDK release and travel rarely, go through the SDK's generated
// serializers and deserializers (writeShape, readShape). Adding an
// operation is one variable here and one method below.
var (
	opGetItem = newOperation(dynamoDB, "GetItem", writeGetItem, readGetItem,
		func(in *dynamodb.GetItemInput) (*string, []string) { return in.TableName, nil })
	opPutItem = newOperation(dynamoDB, "PutItem", writePutItem, readPutItem,
		func(in *dynamodb.PutItemInput) (*string, []string) { return in.TableName, nil })
	opUpdateItem = newOperation(dynamoDB, "UpdateItem", writeUpdateItem, readUpdateItem,
		func(in *dynamodb.UpdateItemInput) (*string, []string) { return in.TableName, nil })
	opDeleteItem = newOperation(dynamoDB, "DeleteItem", writeDeleteItem, readDeleteItem,
		func(in *dynamodb.DeleteItemInput) (*string, []string) { return in.TableName, nil })
	opQuery = newOperation(dynamoDB, "Query", writeQuery, readQuery,
		func(in *dynamodb.QueryInput) (*string, []string) { return in.TableName, nil })
	opScan = newOperation(dynamoDB, "Scan", writeScan, readScan,
		func(in *dynamodb.ScanInput) (*string, []string) { return in.TableName, nil })
	opBatchGetItem = newOperation(dynamoDB, "BatchGetItem", writeBatchGetItem, readBatchGetItem,
		func(in *dynamodb.BatchGetItemInput) (*string, []string) { return nil, mapKeys(in.RequestItems) })
	opBatchWriteItem = newOperation(dynamoDB, "BatchWriteItem", writeBatchWriteItem, readShape[*dynamodb.BatchWriteItemOutput],
		func(in *dynamodb.BatchWriteItemInput) (*string, []string) { return nil, mapKeys(in.RequestItems) })
	opTransactGetItems = newOperation(dynamoDB, "TransactGetItems", writeTransactGetItems, readTransactGetItems,
		func(in *dynamodb.TransactGetItemsInput) (*string, []string) {
			return nil, transactGetTables(in.TransactItems)
		})
	opTransactWriteItems = withToken(newOperation(dynamoDB, "TransactWriteItems", writeTransactWriteItems, readShape[*dynamodb.TransactWriteItemsOutput],
		func(in *dynamodb.TransactWriteItemsInput) (*string, []string) {
			return nil, transactWriteTables(in.TransactItems)
		}),
		func(in *dynamodb.TransactWriteItemsInput) **string { return &in.ClientRequestToken })

	opExecuteStatement      = newOperation(dynamoDB, "ExecuteStatement", writeExecuteStatement, readExecuteStatement, nil)
	opBatchExecuteStatement = newOperation(dynamoDB, "BatchExecuteStatement", writeBatchExecuteStatement, readBatchExecuteStatement, nil)
	opExecuteTransaction    = withToken(newOperation(dynamoDB, "ExecuteTransaction", writeExecuteTransaction, readExecuteTransaction, nil),
		func(in *dynamodb.ExecuteTransactionInput) **string { return &in.ClientRequestToken })

	opCreateTable = newOperation(dynamoDB, "CreateTable", writeShape[*dynamodb.CreateTableInput], readShape[*dynamodb.CreateTableOutput],
		func(in *dynamodb.CreateTableInput) (*string, []string) { return in.TableName, nil })
	opDescribeTable = newOperation(dynamoDB, "DescribeTable", writeShape[*dynamodb.DescribeTableInput], readShape[*dynamodb.DescribeTableOutput],
		func(in *dynamodb.DescribeTableInput) (*string, []string) { return in.TableName, nil })
	opDeleteTable = newOperation(dynamoDB, "DeleteTable", writeShape[*dynamodb.DeleteTableInput], readShape[*dynamodb.DeleteTableOutput],
		func(in *dynamodb.DeleteTableInput) (*string, []string) { return in.TableName, nil })
	opUpdateTable = newOperation(dynamoDB, "UpdateTable", writeShape[*dynamodb.UpdateTableInput], readShape[*dynamodb.UpdateTableOutput],
		func(in *dynamodb.UpdateTableInput) (*string, []string) { return in.TableName, nil })
	opListTables       = newOperation(dynamoDB, "ListTables", writeShape[*dynamodb.ListTablesInput], readShape[*dynamodb.ListTablesOutput], nil)
	opUpdateTimeToLive = newOperation(dynamoDB, "UpdateTimeToLive", writeShape[*dynamodb.UpdateTimeToLiveInput], readShape[*dynamodb.UpdateTimeToLiveOutput],
		func(in *dynamodb.UpdateTimeToLiveInput) (*string, []string) { return in.TableName, nil })
	opDescribeTimeToLive = newOperation(dynamoDB, "DescribeTimeToLive", writeShape[*dynamodb.DescribeTimeToLiveInput], readShape[*dynamodb.DescribeTimeToLiveOutput],
		func(in *dynamodb.DescribeTimeToLiveInput) (*string, []string) { return in.TableName, nil })
	opTagResource = newOperation(dynamoDB, "TagResource", writeShape[*dynamodb.TagResourceInput], readShape[*dynamodb.TagResourceOutput],
		func(in *dynamodb.TagResourceInput) (*string, []string) { return in.ResourceArn, nil })
	opUntagResource = newOperation(dynamoDB, "UntagResource", writeShape[*dynamodb.UntagResourceInput], readShape[*dynamodb.UntagResourceOutput],
		func(in *dynamodb.UntagResourceInput) (*string, []string) { return in.ResourceArn, nil })
	opListTagsOfResource = newOperation(dynamoDB, "ListTagsOfResource", writeShape[*dynamodb.ListTagsOfResourceInput], readShape[*dynamodb.ListTagsOfResourceOutput],
		func(in *dynamodb.ListTagsOfResourceInput) (*string, []string) { return in.ResourceArn, nil })
)

// GetItem calls DynamoDB's GetItem.
func (c *Client) GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opGetItem, in)
}

// PutItem calls DynamoDB's PutItem.
func (c *Client) PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opPutItem, in)
}

// UpdateItem calls DynamoDB's UpdateItem.
func (c *Client) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opUpdateItem, in)
}

// DeleteItem calls DynamoDB's DeleteItem.
func (c *Client) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opDeleteItem, in)
}

// Query calls DynamoDB's Query.
func (c *Client) Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opQuery, in)
}

// Scan calls DynamoDB's Scan.
func (c *Client) Scan(ctx context.Context, in *dynamodb.ScanInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opScan, in)
}

// BatchGetItem calls DynamoDB's BatchGetItem.
func (c *Client) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opBatchGetItem, in)
}

// BatchWriteItem calls DynamoDB's BatchWriteItem.
func (c *Client) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opBatchWriteItem, in)
}

// TransactGetItems calls DynamoDB's TransactGetItems.
func (c *Client) TransactGetItems(ctx context.Context, in *dynamodb.TransactGetItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opTransactGetItems, in)
}

// TransactWriteItems calls DynamoDB's TransactWriteItems. Like the SDK, it
// sets a missing ClientRequestToken of in to a new idempotency token, so
// that retries are idempotent.
func (c *Client) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opTransactWriteItems, in)
}

// ExecuteStatement calls DynamoDB's ExecuteStatement (PartiQL).
func (c *Client) ExecuteStatement(ctx context.Context, in *dynamodb.ExecuteStatementInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ExecuteStatementOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opExecuteStatement, in)
}

// BatchExecuteStatement calls DynamoDB's BatchExecuteStatement (PartiQL).
func (c *Client) BatchExecuteStatement(ctx context.Context, in *dynamodb.BatchExecuteStatementInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchExecuteStatementOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opBatchExecuteStatement, in)
}

// ExecuteTransaction calls DynamoDB's ExecuteTransaction (PartiQL). Like
// the SDK, it sets a missing ClientRequestToken of in to a new idempotency
// token, so that retries are idempotent.
func (c *Client) ExecuteTransaction(ctx context.Context, in *dynamodb.ExecuteTransactionInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ExecuteTransactionOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opExecuteTransaction, in)
}

// CreateTable calls DynamoDB's CreateTable.
func (c *Client) CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opCreateTable, in)
}

// DescribeTable calls DynamoDB's DescribeTable.
func (c *Client) DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opDescribeTable, in)
}

// DeleteTable calls DynamoDB's DeleteTable.
func (c *Client) DeleteTable(ctx context.Context, in *dynamodb.DeleteTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opDeleteTable, in)
}

// UpdateTable calls DynamoDB's UpdateTable.
func (c *Client) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opUpdateTable, in)
}

// ListTables calls DynamoDB's ListTables.
func (c *Client) ListTables(ctx context.Context, in *dynamodb.ListTablesInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opListTables, in)
}

// UpdateTimeToLive calls DynamoDB's UpdateTimeToLive.
func (c *Client) UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opUpdateTimeToLive, in)
}

// DescribeTimeToLive calls DynamoDB's DescribeTimeToLive.
func (c *Client) DescribeTimeToLive(ctx context.Context, in *dynamodb.DescribeTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opDescribeTimeToLive, in)
}

// TagResource calls DynamoDB's TagResource.
func (c *Client) TagResource(ctx context.Context, in *dynamodb.TagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opTagResource, in)
}

// UntagResource calls DynamoDB's UntagResource.
func (c *Client) UntagResource(ctx context.Context, in *dynamodb.UntagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opUntagResource, in)
}

// ListTagsOfResource calls DynamoDB's ListTagsOfResource.
func (c *Client) ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	return invoke(ctx, &c.clientCore, c.settingsFor(optFns), opListTagsOfResource, in)
}

// withToken makes op fill the idempotency token at token(in), when unset,
// from the options' token provider, as the SDK does (it sets the member of
// the caller's input).
func withToken[In, Out any](op *operation[In, Out], token func(*In) **string) *operation[In, Out] {
	op.prepare = func(s *settings, in *In) error {
		p := token(in)
		if *p != nil {
			return nil
		}
		t, err := s.tokens.GetIdempotencyToken()
		if err != nil {
			return fmt.Errorf("failed to generate idempotency token, %w", err)
		}
		*p = &t
		return nil
	}
	return op
}

// mapKeys returns the keys of a batch's map of tables, nil for a nil map.
func mapKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// transactGetTables returns the tables a TransactGetItems names.
func transactGetTables(items []types.TransactGetItem) []string {
	var tables []string
	for _, it := range items {
		if it.Get != nil && it.Get.TableName != nil {
			tables = append(tables, *it.Get.TableName)
		}
	}
	return tables
}

// transactWriteTables returns the tables a TransactWriteItems names.
func transactWriteTables(items []types.TransactWriteItem) []string {
	var tables []string
	for _, it := range items {
		if c := it.ConditionCheck; c != nil && c.TableName != nil {
			tables = append(tables, *c.TableName)
		}
		if p := it.Put; p != nil && p.TableName != nil {
			tables = append(tables, *p.TableName)
		}
		if d := it.Delete; d != nil && d.TableName != nil {
			tables = append(tables, *d.TableName)
		}
		if u := it.Update; u != nil && u.TableName != nil {
			tables = append(tables, *u.TableName)
		}
	}
	return tables
}
