package engine

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// BenchmarkBegin measures what the fault rules add to the start of every
// call: nothing to check, a rule of another operation, and a rule matching
// by table and key that the call does not fire (a BatchWriteItem of 25
// items, whose items it compares).
func BenchmarkBegin(b *testing.B) {
	batch := &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{}}
	for i := range 25 {
		batch.RequestItems["orders"] = append(batch.RequestItems["orders"], types.WriteRequest{PutRequest: &types.PutRequest{
			Item: item{"pk": av.S("customer"), "sk": av.N(itoa(i)), "v": av.S("value")}}})
	}
	for _, bm := range []struct {
		name  string
		rules []Rule
	}{
		{"no rules", nil},
		{"another operation", []Rule{{Operation: "Query", Fault: Fault{Error: CodeThrottling}}}},
		{"table and key", []Rule{{Table: "orders", Key: item{"pk": av.S("other")}, Fault: Fault{Unprocessed: true}}}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			db := &DB{}
			for _, r := range bm.rules {
				if _, err := db.faults.Add(r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := db.begin(ctx, "BatchWriteItem", batch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
