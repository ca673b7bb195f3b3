package ddb

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// The methods of observed send each request of the API through observe.

func (o *observed) CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	return observe(o, ctx, "CreateTable", in, optFns, o.API.CreateTable)
}

func (o *observed) DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return observe(o, ctx, "DescribeTable", in, optFns, o.API.DescribeTable)
}

func (o *observed) DeleteTable(ctx context.Context, in *dynamodb.DeleteTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	return observe(o, ctx, "DeleteTable", in, optFns, o.API.DeleteTable)
}

func (o *observed) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	return observe(o, ctx, "UpdateTable", in, optFns, o.API.UpdateTable)
}

func (o *observed) ListTables(ctx context.Context, in *dynamodb.ListTablesInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	return observe(o, ctx, "ListTables", in, optFns, o.API.ListTables)
}

func (o *observed) UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	return observe(o, ctx, "UpdateTimeToLive", in, optFns, o.API.UpdateTimeToLive)
}

func (o *observed) DescribeTimeToLive(ctx context.Context, in *dynamodb.DescribeTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	return observe(o, ctx, "DescribeTimeToLive", in, optFns, o.API.DescribeTimeToLive)
}

func (o *observed) GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	return observe(o, ctx, "GetItem", in, optFns, o.API.GetItem)
}

func (o *observed) PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	return observe(o, ctx, "PutItem", in, optFns, o.API.PutItem)
}

func (o *observed) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	return observe(o, ctx, "UpdateItem", in, optFns, o.API.UpdateItem)
}

func (o *observed) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	return observe(o, ctx, "DeleteItem", in, optFns, o.API.DeleteItem)
}

func (o *observed) Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	return observe(o, ctx, "Query", in, optFns, o.API.Query)
}

func (o *observed) Scan(ctx context.Context, in *dynamodb.ScanInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	return observe(o, ctx, "Scan", in, optFns, o.API.Scan)
}

func (o *observed) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return observe(o, ctx, "BatchGetItem", in, optFns, o.API.BatchGetItem)
}

func (o *observed) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return observe(o, ctx, "BatchWriteItem", in, optFns, o.API.BatchWriteItem)
}

func (o *observed) TransactGetItems(ctx context.Context, in *dynamodb.TransactGetItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	return observe(o, ctx, "TransactGetItems", in, optFns, o.API.TransactGetItems)
}

func (o *observed) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return observe(o, ctx, "TransactWriteItems", in, optFns, o.API.TransactWriteItems)
}

func (o *observed) ExecuteStatement(ctx context.Context, in *dynamodb.ExecuteStatementInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ExecuteStatementOutput, error) {
	return observe(o, ctx, "ExecuteStatement", in, optFns, o.API.ExecuteStatement)
}

func (o *observed) BatchExecuteStatement(ctx context.Context, in *dynamodb.BatchExecuteStatementInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchExecuteStatementOutput, error) {
	return observe(o, ctx, "BatchExecuteStatement", in, optFns, o.API.BatchExecuteStatement)
}

func (o *observed) ExecuteTransaction(ctx context.Context, in *dynamodb.ExecuteTransactionInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ExecuteTransactionOutput, error) {
	return observe(o, ctx, "ExecuteTransaction", in, optFns, o.API.ExecuteTransaction)
}

// tagger returns the backend's tagging methods, which Plan and Sync use,
// observed by the hooks when there are any; false when the backend has
// none.
func (db *DB) tagger() (dynamo.TagAPI, bool) {
	t, ok := db.backend.(dynamo.TagAPI)
	if o, observing := db.api.(*observed); ok && observing {
		return observedTagger{o, t}, true
	}
	return t, ok
}

// observedTagger sends the tagging requests of a backend through observe.
type observedTagger struct {
	o *observed
	t dynamo.TagAPI
}

func (ot observedTagger) TagResource(ctx context.Context, in *dynamodb.TagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error) {
	return observe(ot.o, ctx, "TagResource", in, optFns, ot.t.TagResource)
}

func (ot observedTagger) UntagResource(ctx context.Context, in *dynamodb.UntagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error) {
	return observe(ot.o, ctx, "UntagResource", in, optFns, ot.t.UntagResource)
}

func (ot observedTagger) ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	return observe(ot.o, ctx, "ListTagsOfResource", in, optFns, ot.t.ListTagsOfResource)
}

// askCapacity asks for the TOTAL consumed capacity in a request that
// does not ask for any.
func askCapacity(in any) {
	var mode *types.ReturnConsumedCapacity
	switch in := in.(type) {
	case *dynamodb.GetItemInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.PutItemInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.UpdateItemInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.DeleteItemInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.QueryInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.ScanInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.BatchGetItemInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.BatchWriteItemInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.TransactGetItemsInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.TransactWriteItemsInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.ExecuteStatementInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.BatchExecuteStatementInput:
		mode = &in.ReturnConsumedCapacity
	case *dynamodb.ExecuteTransactionInput:
		mode = &in.ReturnConsumedCapacity
	default:
		return
	}
	if *mode == "" || *mode == types.ReturnConsumedCapacityNone {
		*mode = types.ReturnConsumedCapacityTotal
	}
}

// requestTables returns the tables a request names, sorted, and the index
// it reads.
func requestTables(in any) (tables []string, index string) {
	var name *string
	switch in := in.(type) {
	case *dynamodb.GetItemInput:
		name = in.TableName
	case *dynamodb.PutItemInput:
		name = in.TableName
	case *dynamodb.UpdateItemInput:
		name = in.TableName
	case *dynamodb.DeleteItemInput:
		name = in.TableName
	case *dynamodb.QueryInput:
		name, index = in.TableName, aws.ToString(in.IndexName)
	case *dynamodb.ScanInput:
		name, index = in.TableName, aws.ToString(in.IndexName)
	case *dynamodb.CreateTableInput:
		name = in.TableName
	case *dynamodb.DescribeTableInput:
		name = in.TableName
	case *dynamodb.DeleteTableInput:
		name = in.TableName
	case *dynamodb.UpdateTableInput:
		name = in.TableName
	case *dynamodb.UpdateTimeToLiveInput:
		name = in.TableName
	case *dynamodb.DescribeTimeToLiveInput:
		name = in.TableName
	case *dynamodb.BatchGetItemInput:
		for t := range in.RequestItems {
			tables = append(tables, t)
		}
	case *dynamodb.BatchWriteItemInput:
		for t := range in.RequestItems {
			tables = append(tables, t)
		}
	case *dynamodb.TransactGetItemsInput:
		for _, item := range in.TransactItems {
			if item.Get != nil {
				tables = append(tables, aws.ToString(item.Get.TableName))
			}
		}
	case *dynamodb.TransactWriteItemsInput:
		for _, item := range in.TransactItems {
			tables = append(tables, transactTable(item))
		}
	}
	if name != nil {
		return []string{*name}, index
	}
	slices.Sort(tables)
	return slices.Compact(tables), index
}

// transactTable returns the table of an action of a write transaction.
func transactTable(item types.TransactWriteItem) string {
	switch {
	case item.Put != nil:
		return aws.ToString(item.Put.TableName)
	case item.Update != nil:
		return aws.ToString(item.Update.TableName)
	case item.Delete != nil:
		return aws.ToString(item.Delete.TableName)
	case item.ConditionCheck != nil:
		return aws.ToString(item.ConditionCheck.TableName)
	}
	return ""
}

// responseFacts returns the consumed capacity a response reports and how
// many writes or keys a batch response left unprocessed.
func responseFacts(out any) (capacity []types.ConsumedCapacity, unprocessed int) {
	one := func(c *types.ConsumedCapacity) []types.ConsumedCapacity {
		if c == nil {
			return nil
		}
		return []types.ConsumedCapacity{*c}
	}
	switch out := out.(type) {
	case *dynamodb.GetItemOutput:
		return one(out.ConsumedCapacity), 0
	case *dynamodb.PutItemOutput:
		return one(out.ConsumedCapacity), 0
	case *dynamodb.UpdateItemOutput:
		return one(out.ConsumedCapacity), 0
	case *dynamodb.DeleteItemOutput:
		return one(out.ConsumedCapacity), 0
	case *dynamodb.QueryOutput:
		return one(out.ConsumedCapacity), 0
	case *dynamodb.ScanOutput:
		return one(out.ConsumedCapacity), 0
	case *dynamodb.ExecuteStatementOutput:
		return one(out.ConsumedCapacity), 0
	case *dynamodb.BatchGetItemOutput:
		return out.ConsumedCapacity, countKeys(out.UnprocessedKeys)
	case *dynamodb.BatchWriteItemOutput:
		return out.ConsumedCapacity, countWrites(out.UnprocessedItems)
	case *dynamodb.TransactGetItemsOutput:
		return out.ConsumedCapacity, 0
	case *dynamodb.TransactWriteItemsOutput:
		return out.ConsumedCapacity, 0
	case *dynamodb.BatchExecuteStatementOutput:
		return out.ConsumedCapacity, 0
	case *dynamodb.ExecuteTransactionOutput:
		return out.ConsumedCapacity, 0
	}
	return nil, 0
}
