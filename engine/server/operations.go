package server

import (
	"context"
	"reflect"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// An operation decodes a request body, calls the backend and appends the
// JSON of the result to e.
type operation func(ctx context.Context, b Backend, body string, e *encoder) error

// operations maps the operation part of X-Amz-Target to its handler.
var operations = map[string]operation{
	"CreateTable":        op(Backend.CreateTable),
	"DescribeTable":      op(Backend.DescribeTable),
	"ListTables":         op(Backend.ListTables),
	"DeleteTable":        op(Backend.DeleteTable),
	"UpdateTable":        op(Backend.UpdateTable),
	"DescribeEndpoints":  op(Backend.DescribeEndpoints),
	"DescribeLimits":     op(Backend.DescribeLimits),
	"UpdateTimeToLive":   op(Backend.UpdateTimeToLive),
	"DescribeTimeToLive": op(Backend.DescribeTimeToLive),
	"TagResource":        op(Backend.TagResource),
	"UntagResource":      op(Backend.UntagResource),
	"ListTagsOfResource": op(Backend.ListTagsOfResource),
	"PutItem":            op(Backend.PutItem),
	"GetItem":            op(Backend.GetItem),
	"UpdateItem":         op(Backend.UpdateItem),
	"DeleteItem":         op(Backend.DeleteItem),
	"Query":              op(Backend.Query),
	"Scan":               op(Backend.Scan),
	"BatchGetItem":       op(Backend.BatchGetItem),
	"BatchWriteItem":     op(Backend.BatchWriteItem),
	"TransactGetItems":   op(Backend.TransactGetItems),
	"TransactWriteItems": op(Backend.TransactWriteItems),
}

// op builds the handler of one Backend method; the codecs of its input and
// output types are compiled here, once.
func op[In, Out any](call func(Backend, context.Context, *In, ...func(*dynamodb.Options)) (*Out, error)) operation {
	dec := decoderFor(reflect.TypeFor[In]())
	enc := encoderFor(reflect.TypeFor[Out]())
	return func(ctx context.Context, b Backend, body string, e *encoder) error {
		in := new(In)
		if err := decodeBody(body, dec, unsafe.Pointer(in)); err != nil {
			return err
		}
		out, err := call(b, ctx, in)
		if err != nil {
			return err
		}
		if out == nil {
			out = new(Out)
		}
		fillAlwaysPresent(in, out)
		enc(e, unsafe.Pointer(out))
		return nil
	}
}

// fillAlwaysPresent sets the output members DynamoDB always sends, even when
// empty, that a backend may have left nil. Query and Scan Items are sent
// unless the request selected COUNT, whose answer has no Items.
func fillAlwaysPresent(in, out any) {
	switch out := out.(type) {
	case *dynamodb.ListTablesOutput:
		if out.TableNames == nil {
			out.TableNames = []string{}
		}
	case *dynamodb.QueryOutput:
		if out.Items == nil && in.(*dynamodb.QueryInput).Select != types.SelectCount {
			out.Items = []map[string]types.AttributeValue{}
		}
	case *dynamodb.ScanOutput:
		if out.Items == nil && in.(*dynamodb.ScanInput).Select != types.SelectCount {
			out.Items = []map[string]types.AttributeValue{}
		}
	case *dynamodb.BatchGetItemOutput:
		if out.Responses == nil {
			out.Responses = map[string][]map[string]types.AttributeValue{}
		}
		if out.UnprocessedKeys == nil {
			out.UnprocessedKeys = map[string]types.KeysAndAttributes{}
		}
	case *dynamodb.BatchWriteItemOutput:
		if out.UnprocessedItems == nil {
			out.UnprocessedItems = map[string][]types.WriteRequest{}
		}
	}
}
