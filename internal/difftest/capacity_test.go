package difftest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// indexedTable creates T (pk S, sk N) with a local index on g and a global
// index on g, provisioned or on demand.
func indexedTable(onDemand bool) Step {
	in := &dynamodb.CreateTableInput{
		TableName:             str("T"),
		AttributeDefinitions:  []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), skDef, gsiKey},
		KeySchema:             []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{lsi("byG")},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: str("gIdx"), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}, ProvisionedThroughput: someProv}},
		ProvisionedThroughput: someProv,
	}
	if onDemand {
		in.BillingMode = types.BillingModePayPerRequest
		in.ProvisionedThroughput = nil
		in.GlobalSecondaryIndexes[0].ProvisionedThroughput = nil
	}
	return Step{Name: "create indexed T", In: in}
}

// capacitySteps are the same writes and reads with every
// ReturnConsumedCapacity setting, sized around the 1 KB write and 4 KB read
// units.
func capacitySteps() []Step {
	big := strings.Repeat("x", 5000)
	var steps []Step
	for _, rcc := range []types.ReturnConsumedCapacity{types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes, types.ReturnConsumedCapacityNone} {
		r := string(rcc)
		steps = append(steps,
			Step{Name: "small put " + r, In: &dynamodb.PutItemInput{TableName: str("T"), Item: withKey(item{"g": av.S("g1")}), ReturnConsumedCapacity: rcc}},
			Step{Name: "5 KB put " + r, In: &dynamodb.PutItemInput{TableName: str("T"), Item: withKey(item{"g": av.S("g1"), "x": av.S(big)}), ReturnConsumedCapacity: rcc}},
			Step{Name: "put without index keys " + r, In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": av.S("b"), "sk": av.N("1")}, ReturnConsumedCapacity: rcc}},
			Step{Name: "strong get " + r, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ConsistentRead: aws.Bool(true), ReturnConsumedCapacity: rcc}},
			Step{Name: "eventual get " + r, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ReturnConsumedCapacity: rcc}},
			Step{Name: "get of a missing item " + r, In: &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": av.S("zz"), "sk": av.N("1")}, ReturnConsumedCapacity: rcc}},
			Step{Name: "update moving the index key " + r, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str("SET g = :g REMOVE x"),
				ExpressionAttributeValues: item{":g": av.S("g2")}, ReturnConsumedCapacity: rcc}},
			Step{Name: "failed conditional put " + r, Err: "ConditionalCheckFailedException", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
				ConditionExpression: str("attribute_not_exists(pk)"), ReturnConsumedCapacity: rcc}},
			Step{Name: "delete " + r, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnConsumedCapacity: rcc}},
			deleteMissing("delete of a missing item "+r, rcc),
		)
	}
	return append(steps, Step{Name: "bad ReturnConsumedCapacity", Err: validation, LocalDiffers: localShapeValidation,
		Message: "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
		In:      &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ReturnConsumedCapacity: "ALL"}})
}

// deleteMissing deletes key1 from T, which holds no such item. DynamoDB
// Local reports capacity even when not asked to; the engine must report it
// exactly when asked.
func deleteMissing(name string, rcc types.ReturnConsumedCapacity) Step {
	st := Step{Name: name, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnConsumedCapacity: rcc}}
	if rcc == "" || rcc == types.ReturnConsumedCapacityNone {
		st.LocalDiffers = localDeleteCapacity
		st.Want = &dynamodb.DeleteItemOutput{}
	}
	return st
}

var (
	capacityProvisioned = Scenario{Name: "ConsumedCapacityProvisioned", Steps: append([]Step{indexedTable(false)}, capacitySteps()...)}
	capacityOnDemand    = Scenario{Name: "ConsumedCapacityOnDemand", Steps: append([]Step{indexedTable(true)}, capacitySteps()...)}
)

var scanOrder = Scenario{Name: "ScanIsUnordered", Steps: []Step{
	hashTable("T"),
	put("a", item{"pk": av.S("a"), "v": av.N("1")}),
	put("b", item{"pk": av.S("b"), "v": av.N("2")}),
	put("c", item{"pk": av.S("c"), "v": av.N("3")}),
	{Name: "scan", In: &dynamodb.ScanInput{TableName: str("T")}},
	{Name: "filtered scan", In: &dynamodb.ScanInput{TableName: str("T"), FilterExpression: str("v >= :v"), ExpressionAttributeValues: item{":v": av.N("2")},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}},
}}

func TestConsumedCapacity(t *testing.T) {
	Run(t, []Scenario{capacityProvisioned, capacityOnDemand, scanOrder})
}
