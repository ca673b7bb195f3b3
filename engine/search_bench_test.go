package engine

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// BenchmarkQuery20 queries 20 items of one partition in tables of growing
// size: the cost must not grow with the table.
func BenchmarkQuery20(b *testing.B) {
	for _, size := range []int{10000, 200000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			db, err := Open(Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if _, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
				TableName: aws.String("bench"), AttributeDefinitions: defs("pk", "S", "sk", "N"),
				KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
			}); err != nil {
				b.Fatal(err)
			}
			for i := range size {
				mustPut(b, db, "bench", item{"pk": av.S(strconv.Itoa(i / 20)), "sk": av.N(strconv.Itoa(i % 20)), "v": av.S("value")})
			}
			in := &dynamodb.QueryInput{TableName: aws.String("bench"), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: item{":p": av.S("42")}}
			b.ResetTimer()
			for b.Loop() {
				out, err := db.Query(ctx, in)
				if err != nil || out.Count != 20 {
					b.Fatal(out, err)
				}
			}
		})
	}
}

// BenchmarkScanItems20 scans a page of 20 items of the bench table: the
// fixed cost of a Scan call, as BenchmarkQueryItems20 is a Query's.
func BenchmarkScanItems20(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		in := &dynamodb.ScanInput{TableName: aws.String("bench"), Limit: aws.Int32(20)}
		for b.Loop() {
			out, err := db.Scan(ctx, in)
			if err != nil || out.Count != 20 {
				b.Fatal(out, err)
			}
		}
	})
}
