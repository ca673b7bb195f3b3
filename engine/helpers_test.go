package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

var ctx = context.Background()

// openMemory opens an in-memory DB closed at the end of the test.
func openMemory(t *testing.T) *DB {
	t.Helper()
	db, err := Open(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// s, n and b build attribute values.

// item is shorthand for an item literal.
type item = map[string]types.AttributeValue

// keySchema builds a key schema from a hash and optional range attribute.
func keySchema(hash string, rng ...string) []types.KeySchemaElement {
	ks := []types.KeySchemaElement{{AttributeName: aws.String(hash), KeyType: types.KeyTypeHash}}
	for _, r := range rng {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(r), KeyType: types.KeyTypeRange})
	}
	return ks
}

// defs builds attribute definitions from name/type pairs.
func defs(pairs ...string) []types.AttributeDefinition {
	var d []types.AttributeDefinition
	for i := 0; i < len(pairs); i += 2 {
		d = append(d, types.AttributeDefinition{AttributeName: aws.String(pairs[i]), AttributeType: types.ScalarAttributeType(pairs[i+1])})
	}
	return d
}

// indexedTableInput is a table with a sort key, an LSI (INCLUDE) and a GSI
// (KEYS_ONLY), on demand.
func indexedTableInput(name string) *dynamodb.CreateTableInput {
	return &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: defs("pk", "S", "sk", "N", "l", "S", "g", "S"),
		KeySchema:            keySchema("pk", "sk"),
		BillingMode:          types.BillingModePayPerRequest,
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{{
			IndexName:  aws.String("lsi1"),
			KeySchema:  keySchema("pk", "l"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"a"}},
		}},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("gsi1"),
			KeySchema:  keySchema("g"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}},
	}
}

// mustCreate creates a table or fails the test.
func mustCreate(t *testing.T, db *DB, in *dynamodb.CreateTableInput) {
	t.Helper()
	if _, err := db.CreateTable(ctx, in); err != nil {
		t.Fatal(err)
	}
}

// errText returns "Code: message" for an API error, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode() + ": " + api.ErrorMessage()
	}
	return "unexpected error: " + err.Error()
}
