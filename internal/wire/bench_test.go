package wire

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
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
