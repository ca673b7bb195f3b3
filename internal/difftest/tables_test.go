package difftest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// createTable returns a CreateTable step for T with a string hash key pk and
// the given changes applied, expecting err.
func createTable(name, err string, change func(*dynamodb.CreateTableInput)) Step {
	in := &dynamodb.CreateTableInput{
		TableName:            str("T"),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)},
		BillingMode:          types.BillingModePayPerRequest,
	}
	change(in)
	return Step{Name: name, In: in, Err: err}
}

var (
	skDef    = attrDef("sk", types.ScalarAttributeTypeN)
	gsiKey   = attrDef("g", types.ScalarAttributeTypeS)
	allProj  = &types.Projection{ProjectionType: types.ProjectionTypeAll}
	someProv = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}
)

// gsi is a global secondary index keyed by g.
func gsi(name string) types.GlobalSecondaryIndex {
	return types.GlobalSecondaryIndex{IndexName: str(name), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash)}, Projection: allProj}
}

// lsi is a local secondary index with sort key g.
func lsi(name string) types.LocalSecondaryIndex {
	return types.LocalSecondaryIndex{IndexName: str(name), KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("g", types.KeyTypeRange)}, Projection: allProj}
}

const validation = "ValidationException"

// keyNameLength is DynamoDB's answer to a key attribute or projected
// attribute whose name is empty or longer than 255 bytes.
const keyNameLength = "Names of key attributes and attributes projected into an index must be between 1 and 255 characters, inclusive"

var createTableValidation = Scenario{Name: "CreateTableValidation", Steps: []Step{
	{Name: "name too short", RawNames: true, Err: validation, LocalDiffers: localModelValidation,
		Message: "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3", In: &dynamodb.CreateTableInput{
			TableName: str("ab"), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest}},
	{Name: "name with a space", RawNames: true, Err: validation, LocalDiffers: localModelValidation,
		Message: "1 validation error detected: Value 'bad name' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", In: &dynamodb.CreateTableInput{
			TableName: str("bad name"), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest}},
	{Name: "name too long", RawNames: true, Err: validation, LocalDiffers: localModelValidation,
		Message: "1 validation error detected: Value '" + strings.Repeat("n", 256) + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255", In: &dynamodb.CreateTableInput{
			TableName: str(strings.Repeat("n", 256)), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest}},
	createTable("key attribute not defined", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = []types.AttributeDefinition{attrDef("other", types.ScalarAttributeTypeS)}
	}),
	real(createTable("extra attribute definition", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef)
	}), localCreateTableMessages, "%sNumber of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"),
	real(createTable("extra attribute definition with an index", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef, gsiKey)
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{gsi("gsi1")}
	}), localCreateTableMessages, "%sSome AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g], keys used: [pk, g]"),
	createTable("duplicate attribute definition", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef("pk", types.ScalarAttributeTypeS))
	}),
	withMessage(createTable("key attribute name too long", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = []types.AttributeDefinition{attrDef(strings.Repeat("k", 256), types.ScalarAttributeTypeS)}
		in.KeySchema = []types.KeySchemaElement{keyElem(strings.Repeat("k", 256), types.KeyTypeHash)}
	}), keyNameLength),
	{Name: "key attribute name of 255 bytes", In: &dynamodb.CreateTableInput{
		TableName: str("K"), AttributeDefinitions: []types.AttributeDefinition{attrDef(strings.Repeat("k", 255), types.ScalarAttributeTypeS)},
		KeySchema: []types.KeySchemaElement{keyElem(strings.Repeat("k", 255), types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest}},
	withMessage(createTable("key attribute name of 256 bytes in 128 characters", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = []types.AttributeDefinition{attrDef(strings.Repeat("é", 128), types.ScalarAttributeTypeS)}
		in.KeySchema = []types.KeySchemaElement{keyElem(strings.Repeat("é", 128), types.KeyTypeHash)}
	}), keyNameLength),
	withMessage(createTable("empty key attribute name", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = []types.AttributeDefinition{attrDef("", types.ScalarAttributeTypeS)}
		in.KeySchema = []types.KeySchemaElement{keyElem("", types.KeyTypeHash)}
	}), keyNameLength),
	withMessage(createTable("too long a definition of no key", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = []types.AttributeDefinition{attrDef(strings.Repeat("k", 256), types.ScalarAttributeTypeS)}
	}), keyNameLength),
	real(createTable("too long a key of no definition", validation, func(in *dynamodb.CreateTableInput) {
		in.KeySchema = []types.KeySchemaElement{keyElem(strings.Repeat("k", 256), types.KeyTypeHash)}
	}), localKeyNameLength, keyNameLength),
	withMessage(createTable("local index key name too long", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef, attrDef(strings.Repeat("l", 256), types.ScalarAttributeTypeS))
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeRange))
		ix := lsi("lsi1")
		ix.KeySchema[1].AttributeName = str(strings.Repeat("l", 256))
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{ix}
	}), keyNameLength),
	withMessage(createTable("global index key name too long", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef(strings.Repeat("g", 256), types.ScalarAttributeTypeS))
		ix := gsi("gsi1")
		ix.KeySchema[0].AttributeName = str(strings.Repeat("g", 256))
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{ix}
	}), keyNameLength),
	withMessage(createTable("projected attribute name too long", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		ix := gsi("gsi1")
		ix.Projection = &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"a", strings.Repeat("p", 256)}}
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{ix}
	}), keyNameLength),
	withMessage(createTable("empty projected attribute name", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		ix := gsi("gsi1")
		ix.Projection = &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{""}}
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{ix}
	}), keyNameLength),
	real(createTable("bad attribute type", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = []types.AttributeDefinition{attrDef("pk", "BOOL")}
	}), localShapeValidation, "1 validation error detected: Value 'BOOL' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
	real(createTable("no hash key", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef)
		in.KeySchema = []types.KeySchemaElement{keyElem("sk", types.KeyTypeRange)}
	}), localCreateTableMessages, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
	real(createTable("two hash keys", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef)
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeHash))
	}), localCreateTableMessages, "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
	real(createTable("range before hash", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef)
		in.KeySchema = []types.KeySchemaElement{keyElem("sk", types.KeyTypeRange), keyElem("pk", types.KeyTypeHash)}
	}), localCreateTableMessages, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
	real(createTable("three key elements", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef, gsiKey)
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeRange), keyElem("g", types.KeyTypeRange))
	}), localModelValidation, ""),
	real(createTable("same attribute as hash and range", validation, func(in *dynamodb.CreateTableInput) {
		in.KeySchema = append(in.KeySchema, keyElem("pk", types.KeyTypeRange))
	}), localCreateTableMessages, "Invalid KeySchema: Some index key attribute have no definition"),
	real(createTable("bad key type", validation, func(in *dynamodb.CreateTableInput) {
		in.KeySchema = []types.KeySchemaElement{keyElem("pk", "PRIMARY")}
	}), localShapeValidation, "1 validation error detected: Value 'PRIMARY' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"),
	real(createTable("bad key type of a global index", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		ix := gsi("gsi1")
		ix.KeySchema = []types.KeySchemaElement{keyElem("g", "PRIMARY")}
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{gsi("gsi0"), ix}
	}), localShapeValidation, "1 validation error detected: Value 'PRIMARY' at 'globalSecondaryIndexes.2.member.keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"),
	real(createTable("bad key type of a local index", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef, gsiKey)
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeRange))
		ix := lsi("lsi1")
		ix.KeySchema[1].KeyType = "SORT"
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{ix}
	}), localShapeValidation, "1 validation error detected: Value 'SORT' at 'localSecondaryIndexes.1.member.keySchema.2.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"),
	{Name: "pay per request with throughput", Err: validation,
		Message:      "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
		LocalDiffers: localOnDemandThroughput,
		In: &dynamodb.CreateTableInput{
			TableName: str("P"), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest, ProvisionedThroughput: someProv}},
	createTable("provisioned without throughput", validation, func(in *dynamodb.CreateTableInput) {
		in.BillingMode = types.BillingModeProvisioned
	}),
	createTable("default billing without throughput", validation, func(in *dynamodb.CreateTableInput) {
		in.BillingMode = ""
	}),
	real(createTable("zero read capacity", validation, func(in *dynamodb.CreateTableInput) {
		in.BillingMode = types.BillingModeProvisioned
		in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(0), WriteCapacityUnits: aws.Int64(1)}
	}), localCapacityMessages, "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"),
	{Name: "throughput over the per-table quota", Err: validation, Message: "Cannot increase provisioned throughput to more than 40,000 units per table",
		In: &dynamodb.CreateTableInput{
			TableName: str("Q"), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModeProvisioned,
			ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(50000), WriteCapacityUnits: aws.Int64(1)}}},
	{Name: "unknown billing mode", Err: validation,
		LocalDiffers: "DynamoDB Local fails with InternalFailure; DynamoDB validates the BillingMode enum",
		In: &dynamodb.CreateTableInput{
			TableName: str("F"), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS)},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: "FREE"}},
	real(failing(createTable("unknown table class", "", func(in *dynamodb.CreateTableInput) {
		in.TableName = str("TC") // DynamoDB Local creates it
		in.TableClass = "GLACIER"
	}), validation), localTableClassEnum,
		"1 validation error detected: Value 'GLACIER' at 'tableClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]"),
	real(createTable("lsi on a hash-only table", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{lsi("lsi1")}
	}), localCreateTableMessages, "%sTable KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"),
	createTable("lsi with another hash key", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef, gsiKey)
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeRange))
		ix := lsi("lsi1")
		ix.KeySchema = []types.KeySchemaElement{keyElem("g", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)}
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{ix}
	}),
	createTable("lsi key not defined", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, skDef)
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeRange))
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{lsi("lsi1")}
	}),
	createTable("gsi key not defined", validation, func(in *dynamodb.CreateTableInput) {
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{gsi("gsi1")}
	}),
	real(createTable("duplicate gsi names", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{gsi("gsi1"), gsi("gsi1")}
	}), localCreateTableMessages, "%sDuplicate index name: gsi1"),
	{Name: "gsi without projection", Err: validation,
		LocalDiffers: "DynamoDB Local accepts an index without Projection, which the API reference marks required",
		In: &dynamodb.CreateTableInput{
			TableName: str("G"), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), gsiKey},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest,
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: str("gsi1"), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash)}}}}},
	real(createTable("gsi include without attributes", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		ix := gsi("gsi1")
		ix.Projection = &types.Projection{ProjectionType: types.ProjectionTypeInclude}
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{ix}
	}), localCreateTableMessages, "%sProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
	real(createTable("gsi keys-only with attributes", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		ix := gsi("gsi1")
		ix.Projection = &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly, NonKeyAttributes: []string{"x"}}
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{ix}
	}), localCreateTableMessages, "%sProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
	{Name: "gsi throughput on a pay-per-request table", Err: validation,
		Message:      "One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: gsi1 when BillingMode is PAY_PER_REQUEST",
		LocalDiffers: localOnDemandThroughput,
		In: &dynamodb.CreateTableInput{
			TableName: str("Q"), AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), gsiKey},
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}, BillingMode: types.BillingModePayPerRequest,
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: str("gsi1"), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash)},
				Projection: allProj, ProvisionedThroughput: someProv}}}},
	createTable("gsi without throughput on a provisioned table", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		in.BillingMode = types.BillingModeProvisioned
		in.ProvisionedThroughput = someProv
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{gsi("gsi1")}
	}),
	createTable("gsi name too short", validation, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, gsiKey)
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{gsi("g")}
	}),
	createTable("valid table", "", func(*dynamodb.CreateTableInput) {}),
	real(createTable("table already exists", "ResourceInUseException", func(*dynamodb.CreateTableInput) {}), localCreateTableMessages, "Table already exists: T"),
}}

var describeTable = Scenario{Name: "DescribeTable", Steps: []Step{
	{Name: "missing table", In: &dynamodb.DescribeTableInput{TableName: str("T")}, Err: "ResourceNotFoundException"},
	{Name: "create with indexes", In: &dynamodb.CreateTableInput{
		TableName:             str("T"),
		AttributeDefinitions:  []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), skDef, gsiKey, attrDef("bin", types.ScalarAttributeTypeB)},
		KeySchema:             []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{lsi("byG")},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			{IndexName: str("byBin"), KeySchema: []types.KeySchemaElement{keyElem("bin", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"a", "b"}}, ProvisionedThroughput: someProv},
			{IndexName: str("gKeys"), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash)},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}, ProvisionedThroughput: someProv},
		},
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(7), WriteCapacityUnits: aws.Int64(3)},
	}},
	{Name: "describe", In: &dynamodb.DescribeTableInput{TableName: str("T")}},
	hashTable("P"),
	{Name: "describe on-demand", In: &dynamodb.DescribeTableInput{TableName: str("P")}},
	{Name: "put", In: &dynamodb.PutItemInput{TableName: str("P"), Item: item{"pk": av.S("a"), "x": av.S("hello")}}},
	{Name: "describe after a put", In: &dynamodb.DescribeTableInput{TableName: str("P")}},
}}

var listTables = Scenario{Name: "ListTables", Steps: []Step{
	{Name: "none yet", In: &dynamodb.ListTablesInput{}},
	hashTable("c"), hashTable("a"), hashTable("e"), hashTable("b"), hashTable("d"),
	{Name: "all, sorted", In: &dynamodb.ListTablesInput{}},
	{Name: "first page", In: &dynamodb.ListTablesInput{Limit: aws.Int32(2)}},
	{Name: "second page", In: &dynamodb.ListTablesInput{Limit: aws.Int32(2), ExclusiveStartTableName: str("b")}},
	{Name: "last page exactly full", In: &dynamodb.ListTablesInput{Limit: aws.Int32(1), ExclusiveStartTableName: str("d")}},
	{Name: "start after a missing name", In: &dynamodb.ListTablesInput{ExclusiveStartTableName: str("bb")}},
	{Name: "limit zero", In: &dynamodb.ListTablesInput{Limit: aws.Int32(0)}, Err: validation, LocalDiffers: localShapeValidation,
		Message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
	{Name: "limit too large", In: &dynamodb.ListTablesInput{Limit: aws.Int32(101)}, Err: validation, LocalDiffers: localShapeValidation,
		Message: "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
}}

var deleteTable = Scenario{Name: "DeleteTable", Steps: []Step{
	{Name: "missing table", In: &dynamodb.DeleteTableInput{TableName: str("T")}, Err: "ResourceNotFoundException"},
	hashRangeTable("T"),
	{Name: "put", In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": av.S("a"), "sk": av.N("1")}}},
	{Name: "delete", In: &dynamodb.DeleteTableInput{TableName: str("T")}},
	{Name: "gone", In: &dynamodb.DescribeTableInput{TableName: str("T")}, Err: "ResourceNotFoundException"},
	{Name: "get from deleted table", In: &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")}}, Err: "ResourceNotFoundException"},
	{Name: "delete again", In: &dynamodb.DeleteTableInput{TableName: str("T")}, Err: "ResourceNotFoundException"},
	hashRangeTable("T"),
	{Name: "recreated table is empty", In: &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")}}},
}}

func TestTables(t *testing.T) {
	Run(t, []Scenario{createTableValidation, describeTable, listTables, deleteTable})
}
