package ddb

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// fakeAPI records the inputs of the data-plane calls and answers them with
// its functions; a missing function answers with an empty output. Other
// methods are left to the nil embedded API and panic.
type fakeAPI struct {
	API
	mu         sync.Mutex // guards inputs, for batches' concurrent requests
	inputs     []any
	query      func(*dynamodb.QueryInput) *dynamodb.QueryOutput
	scan       func(*dynamodb.ScanInput) *dynamodb.ScanOutput
	batchGet   func(*dynamodb.BatchGetItemInput) *dynamodb.BatchGetItemOutput
	batchWrite func(*dynamodb.BatchWriteItemInput) *dynamodb.BatchWriteItemOutput
	txErr      error
}

// answer records in and returns answer(in), or a zero output.
func answer[In, Out any](f *fakeAPI, in *In, answer func(*In) *Out) *Out {
	f.mu.Lock()
	f.inputs = append(f.inputs, in)
	f.mu.Unlock()
	if answer == nil {
		return new(Out)
	}
	return answer(in)
}

func (f *fakeAPI) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	return answer(f, in, f.query), nil
}

func (f *fakeAPI) Scan(_ context.Context, in *dynamodb.ScanInput, _ ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	return answer(f, in, f.scan), nil
}

func (f *fakeAPI) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return answer(f, in, f.batchGet), nil
}

func (f *fakeAPI) BatchWriteItem(_ context.Context, in *dynamodb.BatchWriteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return answer(f, in, f.batchWrite), nil
}

func (f *fakeAPI) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return answer[dynamodb.TransactWriteItemsInput, dynamodb.TransactWriteItemsOutput](f, in, nil), f.txErr
}

func (f *fakeAPI) TransactGetItems(_ context.Context, in *dynamodb.TransactGetItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	return answer[dynamodb.TransactGetItemsInput, dynamodb.TransactGetItemsOutput](f, in, nil), nil
}
