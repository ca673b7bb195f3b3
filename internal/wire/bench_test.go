package wire

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// queryBody is the response of the benchmarks' Query: 20 items of four
// attributes, one a 100-byte string.
func queryBody() string { return pageBody(20) }

// pageBody is a Query or Scan response of n items shaped as queryBody's.
func pageBody(n int) string {
	var b strings.Builder
	b.WriteString(`{"Count":` + strconv.Itoa(n) + `,"Items":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"pk":{"S":"query"},"sk":{"N":"` + strconv.Itoa(i) + `"},"payload":{"S":"` + strings.Repeat("x", 100) + `"},"n":{"N":"0"}}`)
	}
	b.WriteString(`],"ScannedCount":` + strconv.Itoa(n) + `}`)
	return b.String()
}

func BenchmarkReadQuery(b *testing.B) { benchmarkReadPage(b, 20) }

// BenchmarkReadScanPage reads a page of a Scan: 7,000 items, about 1 MB.
func BenchmarkReadScanPage(b *testing.B) { benchmarkReadPage(b, 7000) }

func benchmarkReadPage(b *testing.B, n int) {
	body := pageBody(n)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r := newReader(body)
		var out dynamodb.QueryOutput
		readQuery(&r, &out)
		if r.Err() != nil || len(out.Items) != n {
			b.Fatal(r.Err())
		}
	}
}

// BenchmarkGetItemCall measures one whole GetItem call of the client,
// against a server that answers at once with a canned item: what the client
// itself costs, signing and the connection's system calls included.
func BenchmarkGetItemCall(b *testing.B) {
	body := `{"Item":{"pk":{"S":"key-1"},"sk":{"N":"0"},"payload":{"S":"` + strings.Repeat("x", 100) + `"},"n":{"N":"0"}}}`
	answer := "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	srv := newRawServer(b, false, func(int, int) string { return answer })
	_, lean := clients(srv.url())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lean.GetItem(b.Context(), getItem); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueryCall measures one whole Query call returning 20 items,
// against a server that answers at once with a canned page.
func BenchmarkQueryCall(b *testing.B) {
	body := queryBody()
	answer := "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	srv := newRawServer(b, false, func(int, int) string { return answer })
	_, lean := clients(srv.url())
	in := &dynamodb.QueryInput{
		TableName:                 aws.String("bench_items"),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "query"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lean.Query(b.Context(), in); err != nil {
			b.Fatal(err)
		}
	}
}

// describeTableBody is a DescribeTable response: structures, lists, enums,
// integers, doubles and timestamps, all read by the shape reader.
const describeTableBody = `{"Table":{"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"gpk","AttributeType":"S"}],` +
	`"TableName":"bench_items","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],` +
	`"TableStatus":"ACTIVE","CreationDateTime":1.7000000001E9,"ProvisionedThroughput":{"LastIncreaseDateTime":0,"LastDecreaseDateTime":0,"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":5},` +
	`"TableSizeBytes":123456,"ItemCount":789,"TableArn":"arn:aws:dynamodb:ddblocal:000000000000:table/bench_items",` +
	`"GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b","c"]},` +
	`"IndexStatus":"ACTIVE","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},"IndexSizeBytes":1000,"ItemCount":10,"IndexArn":"arn:aws:dynamodb:ddblocal:000000000000:table/bench_items/index/gsi"}],` +
	`"BillingModeSummary":{"BillingMode":"PROVISIONED","LastUpdateToPayPerRequestDateTime":1.7e9},"DeletionProtectionEnabled":false}}`

// batchWriteBody is a BatchWriteItem response with unprocessed items,
// whose attribute values the shape reader reads as unions.
const batchWriteBody = `{"UnprocessedItems":{"bench_items":[` +
	`{"PutRequest":{"Item":{"pk":{"S":"a"},"sk":{"N":"1"},"tags":{"SS":["x","y"]},"m":{"M":{"k":{"BOOL":true},"l":{"L":[{"N":"1"},{"S":"two"},{"NULL":true}]}}}}}},` +
	`{"DeleteRequest":{"Key":{"pk":{"S":"b"},"sk":{"N":"2"}}}}]},` +
	`"ConsumedCapacity":[{"TableName":"bench_items","CapacityUnits":2.5,"WriteCapacityUnits":2.5}]}`

// BenchmarkReadShapeDescribeTable measures the shape reader on a
// DescribeTable response.
func BenchmarkReadShapeDescribeTable(b *testing.B) {
	benchmarkReadShape(b, describeTableBody, func(out *dynamodb.DescribeTableOutput) bool {
		return len(out.Table.GlobalSecondaryIndexes[0].Projection.NonKeyAttributes) == 3
	})
}

// BenchmarkReadShapeBatchWrite measures the shape reader on a
// BatchWriteItem response with unprocessed items.
func BenchmarkReadShapeBatchWrite(b *testing.B) {
	benchmarkReadShape(b, batchWriteBody, func(out *dynamodb.BatchWriteItemOutput) bool {
		return len(out.UnprocessedItems["bench_items"]) == 2 && *out.ConsumedCapacity[0].CapacityUnits == 2.5
	})
}

// benchmarkReadShape reads body into a new Out with the shape reader;
// read tells that it was read whole.
func benchmarkReadShape[T any, Out interface {
	*T
	smithy.Deserializable
}](b *testing.B, body string, read func(Out) bool) {
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r := newReader(body)
		out := Out(new(T))
		readShape(&r, out)
		if r.Err() != nil || !read(out) {
			b.Fatal(r.Err())
		}
	}
}
