package server

import (
	"context"
	"reflect"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/schemas"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// An operation decodes a request body (reserving what decoding allocates
// with reserve), calls the backend and appends the JSON of the result to e.
type operation func(ctx context.Context, b Backend, body []byte, reserve reserveFunc, e *encoder) error

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
	"GetItem":            encodedOp(Backend.GetItem, EncodedReads.GetItemEncoded, "Item", (*encoder).encodedItem),
	"UpdateItem":         op(Backend.UpdateItem),
	"DeleteItem":         op(Backend.DeleteItem),
	"Query":              encodedOp(Backend.Query, EncodedReads.QueryEncoded, "Items", (*encoder).encodedItems),
	"Scan":               encodedOp(Backend.Scan, EncodedReads.ScanEncoded, "Items", (*encoder).encodedItems),
	"BatchGetItem":       encodedOp(Backend.BatchGetItem, EncodedReads.BatchGetItemEncoded, "Responses", (*encoder).encodedTables),
	"BatchWriteItem":     op(Backend.BatchWriteItem),
	"TransactGetItems":   encodedOp(Backend.TransactGetItems, EncodedReads.TransactGetItemsEncoded, "Responses", (*encoder).encodedItemResponses),
	"TransactWriteItems": op(Backend.TransactWriteItems),

	"ExecuteStatement":      op(Backend.ExecuteStatement),
	"BatchExecuteStatement": op(Backend.BatchExecuteStatement),
	"ExecuteTransaction":    op(Backend.ExecuteTransaction),

	"CreateBackup":              op(Backend.CreateBackup),
	"DescribeBackup":            op(Backend.DescribeBackup),
	"ListBackups":               op(Backend.ListBackups),
	"DeleteBackup":              op(Backend.DeleteBackup),
	"RestoreTableFromBackup":    op(Backend.RestoreTableFromBackup),
	"RestoreTableToPointInTime": op(Backend.RestoreTableToPointInTime),
	"UpdateContinuousBackups":   op(Backend.UpdateContinuousBackups),
	"DescribeContinuousBackups": op(Backend.DescribeContinuousBackups),
	"ExportTableToPointInTime":  op(Backend.ExportTableToPointInTime),
	"DescribeExport":            op(Backend.DescribeExport),
	"ListExports":               op(Backend.ListExports),
	"ImportTable":               op(Backend.ImportTable),
	"DescribeImport":            op(Backend.DescribeImport),
	"ListImports":               op(Backend.ListImports),
}

// streamOperations maps the operation part of an X-Amz-Target of DynamoDB
// Streams to its handler. They are served when the backend implements
// dynamo.StreamsAPI (the engine does; a DynamoDB client does not).
var streamOperations = streamOps()

func streamOps() map[string]operation {
	// Records name their members in lower camel case (eventID, dynamodb).
	compileModelEncoders(reflect.TypeFor[streamtypes.Record](), schemas.Record)
	return map[string]operation{
		"ListStreams":      streamOp(dynamo.StreamsAPI.ListStreams),
		"DescribeStream":   streamOp(dynamo.StreamsAPI.DescribeStream),
		"GetShardIterator": streamOp(dynamo.StreamsAPI.GetShardIterator),
		"GetRecords":       streamOp(dynamo.StreamsAPI.GetRecords),
	}
}

// op builds the handler of one Backend method.
func op[In, Out any](call func(Backend, context.Context, *In, ...func(*dynamodb.Options)) (*Out, error)) operation {
	return handler(func(ctx context.Context, b Backend, in *In) (*Out, error) { return call(b, ctx, in) })
}

// streamOp builds the handler of one Streams method.
func streamOp[In, Out any](call func(dynamo.StreamsAPI, context.Context, *In, ...func(*dynamodbstreams.Options)) (*Out, error)) operation {
	return handler(func(ctx context.Context, b Backend, in *In) (*Out, error) {
		sb, ok := b.(dynamo.StreamsAPI)
		if !ok {
			return nil, apierr.New(apierr.CodeUnknownOperation, "")
		}
		return call(sb, ctx, in)
	})
}

// encodedOp builds the handler of a read that returns items. When the
// backend implements EncodedReads, it calls fast and writes the output
// with its member named member (left out when the encodings are nil, as
// the SDK output's nil member is) written from the encodings by write;
// otherwise it serves the request with call, as op does.
func encodedOp[In, Out any, Items []byte | [][]byte | map[string][][]byte](
	call func(Backend, context.Context, *In, ...func(*dynamodb.Options)) (*Out, error),
	fast func(EncodedReads, context.Context, *In) (*Out, Items, error),
	member string, write func(*encoder, Items) error,
) operation {
	sdk := op(call)
	codecs := newLazyCodecs(reflect.TypeFor[In](), reflect.TypeFor[Out](), member)
	return func(ctx context.Context, b Backend, body []byte, reserve reserveFunc, e *encoder) error {
		r, ok := b.(EncodedReads)
		if !ok {
			return sdk(ctx, b, body, reserve, e)
		}
		c := codecs.get()
		in := new(In)
		if err := decodeBody(body, reserve, c.dec, unsafe.Pointer(in)); err != nil {
			return err
		}
		out, items, err := fast(r, ctx, in)
		if err != nil {
			return err
		}
		p := unsafe.Pointer(out)
		e.buf = append(e.buf, '{')
		first := e.fields(c.before, p, true)
		if items != nil {
			e.key(member, first)
			first = false
			if err := write(e, items); err != nil {
				return err
			}
		}
		e.fields(c.after, p, first)
		e.buf = append(e.buf, '}')
		return nil
	}
}

// splitFields compiles the members of the output struct t but the one
// named member: those before it and those after it.
func splitFields(t reflect.Type, member string) (before, after []fieldEncoder) {
	fields := structFields(t, fieldNames(t))
	for i, f := range fields {
		if f.name == member {
			return fields[:i], fields[i+1:]
		}
	}
	panic("server: " + t.String() + " has no member " + member)
}

// handler builds the handler of one operation; the codecs of its input and
// output types are compiled on its first call, once.
func handler[In, Out any](call func(context.Context, Backend, *In) (*Out, error)) operation {
	codecs := newLazyCodecs(reflect.TypeFor[In](), reflect.TypeFor[Out](), "")
	return func(ctx context.Context, b Backend, body []byte, reserve reserveFunc, e *encoder) error {
		c := codecs.get()
		in := new(In)
		if err := decodeBody(body, reserve, c.dec, unsafe.Pointer(in)); err != nil {
			return err
		}
		out, err := call(ctx, b, in)
		if err != nil {
			return err
		}
		if out == nil {
			out = new(Out)
		}
		fillAlwaysPresent(in, out)
		c.enc(e, unsafe.Pointer(out))
		return nil
	}
}

// fillAlwaysPresent sets the output members DynamoDB always sends, even when
// empty, that a backend may have left nil. Query and Scan Items are sent
// unless the request selected COUNT, whose answer has no Items; the
// statements' Items and Responses always are.
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
	case *dynamodb.ExecuteStatementOutput:
		if out.Items == nil {
			out.Items = []map[string]types.AttributeValue{}
		}
	case *dynamodb.BatchExecuteStatementOutput:
		if out.Responses == nil {
			out.Responses = []types.BatchStatementResponse{}
		}
	case *dynamodb.ExecuteTransactionOutput:
		if out.Responses == nil {
			out.Responses = []types.ItemResponse{}
		}
	}
}
