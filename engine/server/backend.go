package server

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Backend is the set of DynamoDB operations the server dispatches to: the
// API the library calls (the same as ddb.API) plus the operations only the
// wire protocol needs. The methods have exactly the signatures of aws-sdk-go-v2's *dynamodb.Client, so
// the embedded engine (*engine.DB) implements it, and so does a real client
// (which turns the server into a proxy).
type Backend interface {
	dynamo.API

	DescribeEndpoints(ctx context.Context, in *dynamodb.DescribeEndpointsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeEndpointsOutput, error)
	DescribeLimits(ctx context.Context, in *dynamodb.DescribeLimitsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeLimitsOutput, error)
	TagResource(ctx context.Context, in *dynamodb.TagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error)
	UntagResource(ctx context.Context, in *dynamodb.UntagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error)
	ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error)
}

// A real client is a Backend too.
var _ Backend = (*dynamodb.Client)(nil)

// EncodedReads is an optional interface of a Backend: the reads that return
// items, with the items left in the engine's storage encoding
// (engine/internal/attr's item codec), which the server writes straight to
// JSON without building SDK values. Each method is its SDK namesake with
// the output's items nil and the encodings returned beside it, in the same
// shape: nil where the SDK output has no item or no Items member. The
// embedded engine implements it; a Backend that does not is served
// through its SDK methods, with the same answers.
type EncodedReads interface {
	GetItemEncoded(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error)
	QueryEncoded(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, [][]byte, error)
	ScanEncoded(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, [][]byte, error)
	BatchGetItemEncoded(ctx context.Context, in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, map[string][][]byte, error)
	TransactGetItemsEncoded(ctx context.Context, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, [][]byte, error)
}
