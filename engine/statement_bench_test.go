package engine

import (
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// BenchmarkStatement compares statements with the requests they compile
// to: the difference is the cost of the PartiQL layer (a cached parse, the
// binding of parameters, the expressions' placeholders).
func BenchmarkStatement(b *testing.B) {
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
	for i := range 1000 {
		mustPut(b, db, "bench", item{"pk": av.S(strconv.Itoa(i / 20)), "sk": av.N(strconv.Itoa(i % 20)), "v": av.S("value"), "n": av.N("1")})
	}
	b.Run("SELECT by key", func(b *testing.B) {
		in := &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "bench" WHERE pk = ? AND sk = ?`),
			Parameters: []types.AttributeValue{av.S("7"), av.N("3")}}
		for b.Loop() {
			if out, err := db.ExecuteStatement(ctx, in); err != nil || len(out.Items) != 1 {
				b.Fatal(out, err)
			}
		}
	})
	b.Run("Query by key", func(b *testing.B) {
		in := &dynamodb.QueryInput{TableName: aws.String("bench"), KeyConditionExpression: aws.String("pk = :p AND sk = :s"),
			ExpressionAttributeValues: item{":p": av.S("7"), ":s": av.N("3")}}
		for b.Loop() {
			if out, err := db.Query(ctx, in); err != nil || len(out.Items) != 1 {
				b.Fatal(out, err)
			}
		}
	})
	b.Run("SELECT partition", func(b *testing.B) {
		in := &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "bench" WHERE pk = ?`), Parameters: []types.AttributeValue{av.S("7")}}
		for b.Loop() {
			if out, err := db.ExecuteStatement(ctx, in); err != nil || len(out.Items) != 20 {
				b.Fatal(out, err)
			}
		}
	})
	b.Run("Query partition", func(b *testing.B) {
		in := &dynamodb.QueryInput{TableName: aws.String("bench"), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: item{":p": av.S("7")}}
		for b.Loop() {
			if out, err := db.Query(ctx, in); err != nil || len(out.Items) != 20 {
				b.Fatal(out, err)
			}
		}
	})
	b.Run("UPDATE", func(b *testing.B) {
		in := &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE "bench" SET n = n + ? WHERE pk = ? AND sk = ?`),
			Parameters: []types.AttributeValue{av.N("1"), av.S("8"), av.N("4")}}
		for b.Loop() {
			if _, err := db.ExecuteStatement(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UpdateItem", func(b *testing.B) {
		in := &dynamodb.UpdateItemInput{TableName: aws.String("bench"), Key: item{"pk": av.S("8"), "sk": av.N("4")},
			UpdateExpression: aws.String("SET n = n + :i"), ConditionExpression: aws.String("attribute_exists(pk)"),
			ExpressionAttributeValues: item{":i": av.N("1")}}
		for b.Loop() {
			if _, err := db.UpdateItem(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
