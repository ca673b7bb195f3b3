package testbackend

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/dynamo"
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

// UpdateTable updates a table, alone. The emulator lets five tables at
// most build new indexes at once, a limit of the whole account that tests
// sharing it reach together though none of them reaches it alone: an
// UpdateTable refused for it is tried again, for a minute at most, while
// the other tests' indexes get built.
func (s serialTables) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	deadline := time.Now().Add(time.Minute)
	for {
		s.mu.Lock()
		out, err := s.API.UpdateTable(ctx, in, optFns...)
		s.mu.Unlock()
		var limit *types.LimitExceededException
		if !errors.As(err, &limit) || !strings.Contains(limit.ErrorMessage(), accountIndexLimit) || time.Now().After(deadline) {
			return out, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// accountIndexLimit is in the emulator's message for its limit on tables
// building indexes at once.
const accountIndexLimit = "tables with online indexes can be created simultaneously"

// TagResource tags a table through the wrapped client, whose tagging
// methods the embedded API leaves out.
func (s serialTables) TagResource(ctx context.Context, in *dynamodb.TagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error) {
	return s.API.(dynamo.TagAPI).TagResource(ctx, in, optFns...)
}

// UntagResource untags a table through the wrapped client.
func (s serialTables) UntagResource(ctx context.Context, in *dynamodb.UntagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error) {
	return s.API.(dynamo.TagAPI).UntagResource(ctx, in, optFns...)
}

// ListTagsOfResource lists a table's tags through the wrapped client.
func (s serialTables) ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	return s.API.(dynamo.TagAPI).ListTagsOfResource(ctx, in, optFns...)
}
