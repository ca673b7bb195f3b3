package ddb

import "github.com/ddbkit/ddb/internal/dynamo"

// API is the part of the DynamoDB API the library calls: CreateTable,
// DescribeTable, DeleteTable, UpdateTable, ListTables, UpdateTimeToLive,
// DescribeTimeToLive, GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan,
// BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems. Its
// methods have exactly the signatures of aws-sdk-go-v2's *dynamodb.Client, so
// a client for AWS or for any DynamoDB-compatible endpoint satisfies it, and
// so does the embedded engine (*engine.DB), which serves the calls
// in-process.
type API = dynamo.API
