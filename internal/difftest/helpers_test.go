package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/testbackend"
)

func TestMain(m *testing.M) { testbackend.Main(m) }

// Shorthands that keep scenarios readable.

type item = map[string]types.AttributeValue

func str(v string) *string { return aws.String(v) }

// attrDef and keyElem build key schema pieces.
func attrDef(name string, typ types.ScalarAttributeType) types.AttributeDefinition {
	return types.AttributeDefinition{AttributeName: str(name), AttributeType: typ}
}

func keyElem(name string, typ types.KeyType) types.KeySchemaElement {
	return types.KeySchemaElement{AttributeName: str(name), KeyType: typ}
}

// hashTable creates table name keyed by the string pk, on demand.
func hashTable(name string) Step {
	return Step{Name: "create " + name, In: &dynamodb.CreateTableInput{
		TableName:            str(name),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)},
		BillingMode:          types.BillingModePayPerRequest,
	}}
}

// hashRangeTable creates table name keyed by the string pk and number sk,
// with provisioned throughput.
func hashRangeTable(name string) Step {
	return Step{Name: "create " + name, In: &dynamodb.CreateTableInput{
		TableName:             str(name),
		AttributeDefinitions:  []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeN)},
		KeySchema:             []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)},
	}}
}

// put stores it in table T.
func put(name string, it item) Step {
	return Step{Name: name, In: &dynamodb.PutItemInput{TableName: str("T"), Item: it}}
}

// get reads key from table T, strongly consistent.
func get(name string, key item) Step {
	return Step{Name: name, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key, ConsistentRead: aws.Bool(true)}}
}
