package difftest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// Constraint messages of the request check scenario.
const (
	nullTable     = "Value null at 'tableName' failed to satisfy constraint: Member must not be null"
	nullKey       = "Value null at 'key' failed to satisfy constraint: Member must not be null"
	nameRequired  = "The parameter 'TableName' is required but was not present in the request"
	limitZero     = "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
	capacityEnum  = "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
	returnEnum    = "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"
	namePatternIs = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
)

// model is a step DynamoDB rejects at its model-level checks with message
// (see localModelValidation); its table names are sent as written.
func model(name string, in any, message string) Step {
	return Step{Name: name, In: in, Err: validation, Message: message, RawNames: true, LocalDiffers: localModelValidation}
}

// requestChecks sends empty and partial requests of every operation.
var requestChecks = Scenario{Name: "RequestChecks", Steps: []Step{
	model("GetItem empty", &dynamodb.GetItemInput{}, "2 validation errors detected: "+nullTable+"; "+nullKey),
	model("GetItem without a key, bad name and options", &dynamodb.GetItemInput{TableName: str("abc;"), ReturnConsumedCapacity: "hi", AttributesToGet: []string{}},
		"4 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "+capacityEnum+
			"; Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1"+
			"; Value 'abc;' at 'tableName' failed to satisfy constraint: "+namePatternIs+"; "+nullKey),
	model("PutItem empty", &dynamodb.PutItemInput{}, "2 validation errors detected: "+nullTable+"; Value null at 'item' failed to satisfy constraint: Member must not be null"),
	model("PutItem without a table", &dynamodb.PutItemInput{Item: key1}, "1 validation error detected: "+nullTable),
	model("PutItem with a long name", &dynamodb.PutItemInput{TableName: str(strings.Repeat("a", 256)), Item: key1},
		"1 validation error detected: Value '"+strings.Repeat("a", 256)+"' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"),
	model("PutItem with a bad name", &dynamodb.PutItemInput{TableName: str("bad table!@#"), Item: key1},
		"1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: "+namePatternIs),
	model("DeleteItem empty", &dynamodb.DeleteItemInput{}, "2 validation errors detected: "+nullTable+"; "+nullKey),
	model("UpdateItem empty", &dynamodb.UpdateItemInput{}, "2 validation errors detected: "+nullTable+"; "+nullKey),
	model("UpdateItem with an empty name and bad options", &dynamodb.UpdateItemInput{TableName: str(""), ReturnConsumedCapacity: "INVALID", ReturnValues: "INVALID",
		UpdateExpression: str("SET a = :a"), ExpressionAttributeValues: item{":a": av.S("x")}},
		"4 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "+capacityEnum+
			"; Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"+
			"; Value 'INVALID' at 'returnValues' failed to satisfy constraint: "+returnEnum+"; "+nullKey),
	model("UpdateItem with XOR and no key", &dynamodb.UpdateItemInput{TableName: str("absent_table"), ConditionalOperator: "XOR",
		AttributeUpdates: map[string]types.AttributeValueUpdate{"x": {Action: types.AttributeActionPut, Value: av.S("1")}},
		Expected:         map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(false)}, "b": {Exists: aws.Bool(false)}}},
		"2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]; "+nullKey),
	model("Query empty", &dynamodb.QueryInput{}, "1 validation error detected: "+nullTable),
	model("Scan empty", &dynamodb.ScanInput{}, "1 validation error detected: "+nullTable),
	model("Scan with a negative segment", &dynamodb.ScanInput{TableName: str("abc"), Segment: aws.Int32(-1), TotalSegments: aws.Int32(4)},
		"1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0"),
	model("BatchGetItem empty", &dynamodb.BatchGetItemInput{}, "The requestItems parameter is required for BatchGetItem"),
	model("BatchWriteItem empty", &dynamodb.BatchWriteItemInput{}, "The requestItems parameter is required for BatchWriteItem"),
	model("TransactGetItems empty", &dynamodb.TransactGetItemsInput{}, "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null"),
	model("TransactWriteItems empty", &dynamodb.TransactWriteItemsInput{}, "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null"),
	model("CreateTable empty", &dynamodb.CreateTableInput{}, "3 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'keySchema' failed to satisfy constraint: Member must not be null"),
	model("CreateTable without definitions", &dynamodb.CreateTableInput{TableName: str("abc;")},
		"3 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null"+
			"; Value 'abc;' at 'tableName' failed to satisfy constraint: "+namePatternIs+
			"; Value null at 'keySchema' failed to satisfy constraint: Member must not be null"),
	model("DescribeTable empty", &dynamodb.DescribeTableInput{}, nameRequired),
	model("DeleteTable empty", &dynamodb.DeleteTableInput{}, nameRequired),
	model("UpdateTable empty", &dynamodb.UpdateTableInput{}, nameRequired),
	model("ListTables with a zero limit", &dynamodb.ListTablesInput{Limit: aws.Int32(0)}, limitZero),
	model("UpdateTimeToLive empty", &dynamodb.UpdateTimeToLiveInput{}, nameRequired),
	model("UpdateTimeToLive without a specification", &dynamodb.UpdateTimeToLiveInput{TableName: str("abc")},
		"1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null"),
	model("DescribeTimeToLive empty", &dynamodb.DescribeTimeToLiveInput{}, nameRequired),
	model("DescribeTimeToLive with a bad name", &dynamodb.DescribeTimeToLiveInput{TableName: str("abc;")},
		"1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: "+namePatternIs),
}}

func TestRequestChecks(t *testing.T) {
	Run(t, []Scenario{requestChecks})
}
