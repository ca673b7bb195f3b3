package difftest

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// missingTableSteps are every item operation on table name, which does not
// exist (any more).
func missingTableSteps(name string) []Step {
	notFound := "ResourceNotFoundException"
	return []Step{
		failing(Step{Name: "put into " + name, In: &dynamodb.PutItemInput{TableName: str(name), Item: key1}}, notFound),
		failing(Step{Name: "conditional put into " + name, In: &dynamodb.PutItemInput{TableName: str(name), Item: key1,
			ConditionExpression: str("attribute_not_exists(pk)")}}, notFound),
		failing(Step{Name: "update in " + name, In: &dynamodb.UpdateItemInput{TableName: str(name), Key: key1,
			UpdateExpression: str("SET v = :v"), ExpressionAttributeValues: item{":v": av.N("1")}}}, notFound),
		failing(Step{Name: "delete from " + name, In: &dynamodb.DeleteItemInput{TableName: str(name), Key: key1}}, notFound),
		failing(Step{Name: "get from " + name, In: &dynamodb.GetItemInput{TableName: str(name), Key: key1}}, notFound),
		failing(Step{Name: "query " + name, In: &dynamodb.QueryInput{TableName: str(name), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: pkA}}, notFound),
		failing(Step{Name: "scan " + name, In: &dynamodb.ScanInput{TableName: str(name)}}, notFound),
		failing(Step{Name: "batch get from " + name, In: &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{name: {Keys: []item{key1}}}}}, notFound),
		failing(Step{Name: "batch write to " + name, In: &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{name: {putReq(key1)}}}}, notFound),
		failing(Step{Name: "transaction on " + name, In: &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: str(name), Item: key1}}}}}, notFound),
		failing(Step{Name: "transactional read of " + name, In: &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
			{Get: &types.Get{TableName: str(name), Key: key1}}}}}, notFound),
		failing(Step{Name: "time to live of " + name, In: &dynamodb.DescribeTimeToLiveInput{TableName: str(name)}}, notFound),
		failing(Step{Name: "update " + name, In: &dynamodb.UpdateTableInput{TableName: str(name), BillingMode: types.BillingModePayPerRequest}}, notFound),
	}
}

// everyFeature creates F with a local index, two global indexes (INCLUDE
// and KEYS_ONLY), a stream, on-demand billing and deletion protection.
var everyFeature = Step{Name: "create F with every feature", In: &dynamodb.CreateTableInput{
	TableName: str("F"),
	AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeB),
		attrDef("l", types.ScalarAttributeTypeN), gsiKey},
	KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
	LocalSecondaryIndexes: []types.LocalSecondaryIndex{{IndexName: str("byL"),
		KeySchema:  []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("l", types.KeyTypeRange)},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}}},
	GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
		{IndexName: str("byG"), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash), keyElem("l", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"x", "y"}}},
		{IndexName: str("bySk"), KeySchema: []types.KeySchemaElement{keyElem("sk", types.KeyTypeHash)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}},
	},
	BillingMode:               types.BillingModePayPerRequest,
	StreamSpecification:       &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages},
	DeletionProtectionEnabled: aws.Bool(true),
}}

var tableLifecycle = Scenario{Name: "TableLifecycle", Steps: append(append(append(
	missingTableSteps("N"),
	hashRangeTable("T"),
	put("an item", key1),
	Step{Name: "delete T", In: &dynamodb.DeleteTableInput{TableName: str("T")}}),
	missingTableSteps("T")...),
	everyFeature,
	Step{Name: "describe F", In: &dynamodb.DescribeTableInput{TableName: str("F")}},
	failing(Step{Name: "delete a protected table", In: &dynamodb.DeleteTableInput{TableName: str("F")}}, validation),
	Step{Name: "lift the protection", LocalDiffers: localInstantUpdate, In: &dynamodb.UpdateTableInput{TableName: str("F"), DeletionProtectionEnabled: aws.Bool(false)}},
	Step{Name: "put into F", In: &dynamodb.PutItemInput{TableName: str("F"), Item: item{"pk": av.S("a"), "sk": av.B("\x01"), "l": av.N("1"), "g": av.S("g"), "x": av.S("x"), "z": av.S("z")}}},
	Step{Name: "query F's include index", In: &dynamodb.QueryInput{TableName: str("F"), IndexName: str("byG"), KeyConditionExpression: str("g = :g"),
		ExpressionAttributeValues: item{":g": av.S("g")}}},
	Step{Name: "query F's binary keys-only index", In: &dynamodb.QueryInput{TableName: str("F"), IndexName: str("bySk"), KeyConditionExpression: str("sk = :s"),
		ExpressionAttributeValues: item{":s": av.B("\x01")}}},
	Step{Name: "query F's local index", In: &dynamodb.QueryInput{TableName: str("F"), IndexName: str("byL"), KeyConditionExpression: str("pk = :p"),
		ExpressionAttributeValues: pkA}},
	Step{Name: "describe F after a put", LocalDiffers: localIndexSize, In: &dynamodb.DescribeTableInput{TableName: str("F")}},
	Step{Name: "delete F", LocalDiffers: localIndexSize, In: &dynamodb.DeleteTableInput{TableName: str("F")}},
	Step{Name: "create C of the infrequent-access class", LocalDiffers: localTableClass, In: &dynamodb.CreateTableInput{TableName: str("C"),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)},
		BillingMode:          types.BillingModePayPerRequest, TableClass: types.TableClassStandardInfrequentAccess}},
)}

// manyTables creates 23 tables and lists them in pages of every size.
var manyTables = Scenario{Name: "ListManyTables", Steps: func() []Step {
	var steps []Step
	for i := range 23 {
		st := hashTable(fmt.Sprintf("t%02d", i))
		steps = append(steps, st)
	}
	steps = append(steps, Step{Name: "all", In: &dynamodb.ListTablesInput{}})
	for _, limit := range []int32{1, 5, 10, 22, 23, 24, 100} {
		steps = append(steps, Step{Name: fmt.Sprintf("first page of %d", limit), In: &dynamodb.ListTablesInput{Limit: aws.Int32(limit)}})
		steps = append(steps, Step{Name: fmt.Sprintf("page of %d after t07", limit), In: &dynamodb.ListTablesInput{Limit: aws.Int32(limit), ExclusiveStartTableName: str("t07")}})
	}
	steps = append(steps, Step{Name: "after the last", In: &dynamodb.ListTablesInput{ExclusiveStartTableName: str("t22")}})
	return steps
}()}

func TestTableLifecycle(t *testing.T) {
	Run(t, []Scenario{tableLifecycle, manyTables})
}
