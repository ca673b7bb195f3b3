package wire

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// queryBody is the response of the benchmarks' Query: 20 items of four
// attributes, one a 100-byte string.
func queryBody() string {
	var b strings.Builder
	b.WriteString(`{"Count":20,"Items":[`)
	for i := range 20 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"pk":{"S":"query"},"sk":{"N":"` + strconv.Itoa(i) + `"},"payload":{"S":"` + strings.Repeat("x", 100) + `"},"n":{"N":"0"}}`)
	}
	b.WriteString(`],"ScannedCount":20}`)
	return b.String()
}

func BenchmarkReadQuery(b *testing.B) {
	body := queryBody()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r := reader{s: body}
		var out dynamodb.QueryOutput
		readQuery(&r, &out)
		if r.err != nil || len(out.Items) != 20 {
			b.Fatal(r.err)
		}
	}
}
