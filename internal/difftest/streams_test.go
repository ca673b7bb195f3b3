package difftest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// The Streams API does not fit the step-by-step scenarios (each request
// names the stream, shard and iterator the previous answers gave), so the
// streams differential test runs one script per backend and compares what
// it recorded: the stream records of a series of writes, normalized (event
// ids, sequence numbers and times differ by nature), and the error code and
// message of each malformed request.
//
// Where the engine follows AWS instead of DynamoDB Local:
//   - UpdateTable's stream errors are AWS's ("Table already has an enabled
//     stream: TableName: T", "If stream is being enabled then UpdateViewType
//     is required", ...), as captured from AWS in 2026; Local words them
//     differently ("Invalid StreamViewType: ...").
//   - A ShardFilter of type CHILD_SHARDS lists the children of one shard, as
//     AWS documents; Local ignores the filter.
//   - ApproximateCreationDateTime is rounded down to the second, as AWS
//     documents; Local rounds down to the minute. Times are not compared.

// Requests the SDK client refuses before sending them (a missing StreamArn,
// ShardId or StreamEnabled) are checked against the engine alone, in its
// own tests, with the answers DynamoDB Local gives over HTTP.

// streamScript is what one backend answered.
type streamScript struct {
	Records []string
	Errors  []string
}

func TestStreamsAgainstLocal(t *testing.T) {
	scripts := map[string]streamScript{}
	for _, b := range testbackend.All(t) {
		scripts[b.Name] = runStreamScript(t, b)
	}
	// The library's own clients must get what the SDK's get from the same
	// kind of server.
	for sdk, lean := range map[string]string{testbackend.Engine: testbackend.EngineLean, testbackend.Local: testbackend.LocalLean} {
		want, ok1 := scripts[sdk]
		got, ok2 := scripts[lean]
		if diff := cmp.Diff(want, got); ok1 && ok2 && diff != "" {
			t.Errorf("%s differs from %s (-%s +%s):\n%s", lean, sdk, sdk, lean, diff)
		}
	}
	local, ok := scripts[testbackend.Local]
	if !ok {
		return
	}
	if diff := cmp.Diff(local, scripts[testbackend.Engine]); diff != "" {
		t.Errorf("engine differs from DynamoDB Local (-dynamodb-local +engine):\n%s", diff)
	}
}

func runStreamScript(t *testing.T, b testbackend.Backend) streamScript {
	ctx := context.Background()
	name := testbackend.UniqueTableName(t, "streams")
	api, streams := b.API, b.Streams
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
	}
	must(api.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: &name, AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
		KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest,
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages},
	}))
	defer api.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &name})
	putItem := func(it item) { must(api.PutItem(ctx, &dynamodb.PutItemInput{TableName: &name, Item: it})) }
	update := func(pk, expr string, values item) {
		must(api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &name, Key: item{"pk": av.S(pk)}, UpdateExpression: str(expr), ExpressionAttributeValues: values}))
	}
	putItem(item{"pk": av.S("a"), "n": av.N("1"), "l": av.L(av.S("x"), av.M(item{"k": av.B("\x01")}))})
	putItem(item{"pk": av.S("a"), "n": av.N("1"), "l": av.L(av.S("x"), av.M(item{"k": av.B("\x01")}))}) // identical
	update("a", "SET n = :n", item{":n": av.N("1")})                                                    // changes nothing
	update("a", "SET n = n + :n", item{":n": av.N("1")})
	update("new", "SET s = :s", item{":s": av.SS("p", "q")})
	must(api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &name, Key: item{"pk": av.S("missing")}}))
	must(api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &name, Key: item{"pk": av.S("a")}}))
	must(api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{name: {
		{PutRequest: &types.PutRequest{Item: item{"pk": av.S("b1")}}},
		{DeleteRequest: &types.DeleteRequest{Key: item{"pk": av.S("new")}}},
	}}}))
	must(api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &name, Item: item{"pk": av.S("t1"), "v": av.Bool(true)}}},
		{Delete: &types.Delete{TableName: &name, Key: item{"pk": av.S("b1")}}},
	}}))

	desc, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &name})
	if err != nil {
		t.Fatal(err)
	}
	arn := *desc.Table.LatestStreamArn
	sd, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	shard := *sd.StreamDescription.Shards[0].ShardId
	it, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: &shard, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatal(err)
	}
	var s streamScript
	for _, r := range out.Records {
		d := r.Dynamodb
		s.Records = append(s.Records, fmt.Sprintf("%s %s/%s/%s keys=%s new=%s old=%s size=%d view=%s identity=%v seqlen=%d",
			r.EventName, aws.ToString(r.EventSource), aws.ToString(r.EventVersion), aws.ToString(r.AwsRegion),
			render(dynamo.FromStreamItem(d.Keys)), render(dynamo.FromStreamItem(d.NewImage)), render(dynamo.FromStreamItem(d.OldImage)),
			aws.ToInt64(d.SizeBytes), d.StreamViewType, r.UserIdentity, len(aws.ToString(d.SequenceNumber))))
	}
	if s.Records == nil || out.NextShardIterator == nil {
		t.Errorf("%s: no records or no next iterator on an open shard: %+v", b.Name, out)
	}
	seq := out.Records[0].Dynamodb.SequenceNumber
	short := "123"
	sh := func(typ streamtypes.ShardIteratorType, seq *string) *dynamodbstreams.GetShardIteratorInput {
		return &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: &shard, ShardIteratorType: typ, SequenceNumber: seq}
	}
	for _, call := range []func() error{
		func() error {
			_, err := streams.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{Limit: aws.Int32(0)})
			return err
		},
		func() error {
			_, err := streams.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{Limit: aws.Int32(101)})
			return err
		},
		func() error {
			_, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(arn + "x")})
			return err
		},
		func() error {
			_, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn, Limit: aws.Int32(101)})
			return err
		},
		func() error {
			_, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn, ExclusiveStartShardId: aws.String("x")})
			return err
		},
		func() error { _, err := streams.GetShardIterator(ctx, sh("BAD", nil)); return err },
		func() error {
			_, err := streams.GetShardIterator(ctx, sh(streamtypes.ShardIteratorTypeLatest, seq))
			return err
		},
		func() error {
			_, err := streams.GetShardIterator(ctx, sh(streamtypes.ShardIteratorTypeAtSequenceNumber, nil))
			return err
		},
		func() error {
			_, err := streams.GetShardIterator(ctx, sh(streamtypes.ShardIteratorTypeAfterSequenceNumber, &short))
			return err
		},
		func() error {
			_, err := streams.GetShardIterator(ctx, sh(streamtypes.ShardIteratorTypeAtSequenceNumber, aws.String("000000000000000000000")))
			return err
		},
		func() error {
			in := sh(streamtypes.ShardIteratorTypeLatest, nil)
			in.ShardId = aws.String("shardId-00000001796538828807-3a123fd7")
			_, err := streams.GetShardIterator(ctx, in)
			return err
		},
		func() error {
			in := sh(streamtypes.ShardIteratorTypeLatest, nil)
			in.StreamArn = aws.String(arn + "x")
			_, err := streams.GetShardIterator(ctx, in)
			return err
		},
		func() error {
			_, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: aws.String("garbage")})
			return err
		},
		func() error {
			_, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(0)})
			return err
		},
		func() error {
			_, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(1001)})
			return err
		},
	} {
		s.Errors = append(s.Errors, strings.ReplaceAll(errorText(call()), arn, "<stream>"))
	}
	return s
}

// errorText is an error's code and message.
func errorText(err error) string {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return fmt.Sprint("not an API error: ", err)
	}
	return api.ErrorCode() + ": " + api.ErrorMessage()
}
