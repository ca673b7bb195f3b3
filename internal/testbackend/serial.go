package testbackend

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/ddbkit/ddb"
)

// serialTables is a DynamoDB Local client whose table-level operations run
// one at a time: under concurrent CreateTable/DeleteTable calls the emulator
// sometimes fails with InternalFailure, a bug of its own that tests must not
// mistake for an answer.
type serialTables struct {
	ddb.API
	mu *sync.Mutex
}

// CreateTable creates a table, alone.
func (s serialTables) CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.API.CreateTable(ctx, in, optFns...)
}

// DeleteTable deletes a table, alone.
func (s serialTables) DeleteTable(ctx context.Context, in *dynamodb.DeleteTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.API.DeleteTable(ctx, in, optFns...)
}

// UpdateTable updates a table, alone.
func (s serialTables) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.API.UpdateTable(ctx, in, optFns...)
}
