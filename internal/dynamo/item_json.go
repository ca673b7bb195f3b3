package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// ItemJSONWriter is an optional interface of an API that takes the item of
// a PutItem as the DynamoDB JSON of the wire protocol, an object of
// attribute values ({"id":{"S":"x"},"n":{"N":"1"}}), given beside an input
// whose Item is nil. The library's typed writes use it to go from a struct
// to the request without building attribute values.
type ItemJSONWriter interface {
	PutItemJSON(ctx context.Context, in *dynamodb.PutItemInput, item []byte) (*dynamodb.PutItemOutput, error)
}

// ItemJSONReader is an optional interface of an API that returns the item
// of a GetItem as its DynamoDB JSON (see ItemJSONWriter) beside the output,
// whose Item is then nil; the JSON is nil when there is no item. The
// library's typed reads use it to go from the response to a struct without
// building attribute values. The caller owns the JSON and may keep strings
// that share its bytes.
type ItemJSONReader interface {
	GetItemJSON(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error)
}

// PageJSONReader is an optional interface of an API that returns the items
// of a Query or Scan page as their DynamoDB JSON (see ItemJSONWriter), one
// per item in order, beside the output, whose Items is then nil; the list
// is nil when the output has no Items (Select COUNT). The library's typed
// queries and scans use it as ItemJSONReader is used for GetItem.
type PageJSONReader interface {
	QueryJSON(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, [][]byte, error)
	ScanJSON(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, [][]byte, error)
}

// PageEncodedReader is an optional interface of an in-process engine that
// returns the items of a Query or Scan page in the encoding it stores
// items in (see ItemEncodedReader), one per item in order, as
// PageJSONReader returns their JSON. The caller owns the encodings.
type PageEncodedReader interface {
	QueryEncoded(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, [][]byte, error)
	ScanEncoded(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, [][]byte, error)
}

// BatchJSONReader is an optional interface of an API that returns the items
// of a BatchGetItem and a TransactGetItems as their DynamoDB JSON (see
// ItemJSONWriter) beside the output, whose Responses is then nil: a
// BatchGetItem's by table, as its Responses; a TransactGetItems's one per
// Get, nil where the response has no item. The library's typed batch and
// transaction reads use it as ItemJSONReader is used for GetItem.
type BatchJSONReader interface {
	BatchGetItemJSON(ctx context.Context, in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, map[string][][]byte, error)
	TransactGetItemsJSON(ctx context.Context, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, [][]byte, error)
}

// BatchEncodedReader is an optional interface of an in-process engine that
// returns the items of a BatchGetItem and a TransactGetItems in the
// encoding it stores items in (see ItemEncodedReader), as BatchJSONReader
// returns their JSON. The caller owns the encodings.
type BatchEncodedReader interface {
	BatchGetItemEncoded(ctx context.Context, in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, map[string][][]byte, error)
	TransactGetItemsEncoded(ctx context.Context, in *dynamodb.TransactGetItemsInput) (*dynamodb.TransactGetItemsOutput, [][]byte, error)
}

// ItemEncodedReader is an optional interface of an in-process engine that
// returns the item of a GetItem in the encoding it stores items in
// (internal/itemenc) beside the output, whose Item is then nil; the
// encoding is nil when there is no item. The library's typed reads decode
// it straight into structs, without building attribute values or JSON. The
// caller owns the encoding and may keep strings that share its bytes.
type ItemEncodedReader interface {
	GetItemEncoded(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error)
}
