package difftest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// badPut is a PutItem into T that must fail validation.
func badPut(name string, it item) Step {
	return Step{Name: name, Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: it}}
}

// badGet is a GetItem from T that must fail validation.
func badGet(name string, key item) Step {
	return Step{Name: name, Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key}}
}

// withKey returns key1 plus the given attributes.
func withKey(extra item) item {
	it := item{"pk": av.S("a"), "sk": av.N("1")}
	for k, v := range extra {
		it[k] = v
	}
	return it
}

var itemValidation = Scenario{Name: "ItemValidation", Steps: []Step{
	hashRangeTable("T"),
	badPut("empty string partition key", item{"pk": av.S(""), "sk": av.N("1")}),
	real(badPut("partition key of the wrong type", item{"pk": av.N("1"), "sk": av.N("1")}), localItemMessages, "%sType mismatch for key pk expected: S actual: N"),
	real(badPut("sort key of the wrong type", item{"pk": av.S("a"), "sk": av.S("1")}), localItemMessages, "%sType mismatch for key sk expected: N actual: S"),
	real(badPut("missing sort key", item{"pk": av.S("a")}), localItemMessages, "%sMissing the key sk in the item"),
	real(badPut("missing partition key", item{"sk": av.N("1")}), localItemMessages, "%sMissing the key pk in the item"),
	real(badPut("set as a key", item{"pk": av.SS("a"), "sk": av.N("1")}), localItemMessages, "%sType mismatch for key pk expected: S actual: SS"),
	badPut("empty string set", withKey(item{"x": av.SS()})),
	badPut("empty number set", withKey(item{"x": av.NS()})),
	real(badPut("duplicate string set members", withKey(item{"x": av.SS("a", "a")})), localItemMessages, "%sInput collection [a, a] contains duplicates."),
	badPut("duplicate number set members by value", withKey(item{"x": av.NS("1", "1.0")})),
	badPut("number too large", withKey(item{"x": av.N("1E+126")})),
	badPut("number too small", withKey(item{"x": av.N("1E-131")})),
	real(badPut("number with 39 significant digits", withKey(item{"x": av.N("123456789012345678901234567890123456789")})), localItemMessages,
		"Attempting to store more than 38 significant digits in a Number"),
	real(badPut("not a number", withKey(item{"x": av.N("abc")})), localItemMessages, "The parameter cannot be converted to a numeric value: abc"),
	real(badPut("empty number", withKey(item{"x": av.N("")})), localItemMessages, "The parameter cannot be converted to a numeric value"),
	badPut("NULL false", withKey(item{"x": &types.AttributeValueMemberNULL{Value: false}})),
	badPut("invalid number in a list", withKey(item{"x": av.L(av.N("1e999"))})),
	badPut("item too large", withKey(item{"x": av.S(strings.Repeat("x", 400*1024))})),
	put("largest numbers are fine", withKey(item{"x": av.N("9.9999999999999999999999999999999999999E+125"), "y": av.N("-1E-130"), "z": av.N("12345678901234567890123456789012345678")})),
	put("empty strings and binaries outside keys are fine", withKey(item{"x": av.S(""), "y": av.B(""), "z": av.L(av.S("")), "w": av.M(item{"e": av.S("")})})),
	badPut("empty attribute name in a map", withKey(item{"w": av.M(item{"": av.S("")})})),
	badPut("empty attribute name", withKey(item{"": av.S("x")})),
	get("stored as given", key1),
	real(badGet("extra key attribute", withKey(item{"x": av.S("a")})), localKeyMessages, "The provided key element does not match the schema"),
	real(badGet("missing sort key", item{"pk": av.S("a")}), localKeyMessages, "The provided key element does not match the schema"),
	real(badGet("wrong key type", item{"pk": av.S("a"), "sk": av.S("1")}), localKeyMessages, "The provided key element does not match the schema"),
	badGet("empty string key", item{"pk": av.S(""), "sk": av.N("1")}),
	{Name: "values without an expression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ExpressionAttributeValues: item{":v": av.S("x")}}},
	{Name: "names without an expression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ExpressionAttributeNames: map[string]string{"#n": "x"}}},
	// Names or values no expression could use are refused before empty
	// ones (moto's AWS-verified test of a GetItem with empty names).
	withMessage(Step{Name: "empty names without an expression", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ExpressionAttributeNames: map[string]string{}}}, "ExpressionAttributeNames can only be specified when using expressions"),
	withMessage(Step{Name: "empty values without an expression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ExpressionAttributeValues: item{}}}, "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"),
	withMessage(Step{Name: "empty names and values without an expression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ExpressionAttributeNames: map[string]string{}, ExpressionAttributeValues: item{}}}, "ExpressionAttributeNames can only be specified when using expressions"),
	withMessage(Step{Name: "empty names and values with a condition", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_exists(a)"), ExpressionAttributeNames: map[string]string{}, ExpressionAttributeValues: item{}}},
		"ExpressionAttributeNames must not be empty"),
	withMessage(Step{Name: "empty names, and values without a filter", Err: validation, In: &dynamodb.ScanInput{TableName: str("T"),
		ProjectionExpression: str("a"), ExpressionAttributeNames: map[string]string{}, ExpressionAttributeValues: item{":v": av.S("x")}}},
		"ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"),
	withMessage(Step{Name: "empty values with a projection", Err: validation, In: &dynamodb.ScanInput{TableName: str("T"),
		ProjectionExpression: str("a"), ExpressionAttributeValues: item{}}},
		"ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"),
	withMessage(Step{Name: "empty values with a filter", Err: validation, In: &dynamodb.ScanInput{TableName: str("T"),
		FilterExpression: str("attribute_exists(a)"), ExpressionAttributeValues: item{}}},
		"ExpressionAttributeValues must not be empty"),
	{Name: "undefined value placeholder", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("x = :nope")}},
	{Name: "undefined name placeholder", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_exists(#nope)")}},
	{Name: "unused value placeholder", Err: validation, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("attribute_exists(x)"), ExpressionAttributeValues: item{":v": av.S("x")}}},
	{Name: "unused name placeholder", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("x"), ExpressionAttributeNames: map[string]string{"#n": "x"}}},
	{Name: "invalid value in a placeholder", Err: validation, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("x = :v"), ExpressionAttributeValues: item{":v": av.SS()}}},
	{Name: "reserved word in a condition", Err: validation, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("attribute_exists(data)")}},
	{Name: "a function name is not reserved", Err: "ConditionalCheckFailedException", In: &dynamodb.DeleteItemInput{TableName: str("T"),
		Key: item{"pk": av.S("none"), "sk": av.N("1")}, ConditionExpression: str("attribute_exists(size)")}},
	{Name: "projection with overlapping paths", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("a.b, a")}},
	{Name: "projection with the same path twice", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("x, x")}},
	{Name: "both legacy Expected and ConditionExpression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_not_exists(pk)"), Expected: map[string]types.ExpectedAttributeValue{"pk": {Exists: new(false)}}}},
	{Name: "put to a missing table", Err: "ResourceNotFoundException", In: &dynamodb.PutItemInput{TableName: str("missing"), Item: key1}},
	// A PutItem's item values and size are checked before its condition,
	// and its size before its keys.
	withMessage(Step{Name: "item too large, and a condition that does not parse", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"),
		Item: withKey(item{"x": av.S(strings.Repeat("x", 400*1024))}), ConditionExpression: str("a = = b")}},
		"Item size has exceeded the maximum allowed size"),
	withMessage(Step{Name: "item too large, and no sort key", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"),
		Item: item{"pk": av.S("a"), "x": av.S(strings.Repeat("x", 400*1024))}}},
		"Item size has exceeded the maximum allowed size"),
	withMessage(Step{Name: "empty set, and a condition that does not parse", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"),
		Item: withKey(item{"x": av.SS()}), ConditionExpression: str("a = = b")}},
		invalidParams+"An string set  may not be empty"),
	withMessage(Step{Name: "too deep, and an undefined placeholder", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"),
		Item: withKey(item{"x": nestedLists(33)}), ConditionExpression: str("a = :nope")}},
		"Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"),
	real(Step{Name: "empty set, to a missing table", Err: validation, In: &dynamodb.PutItemInput{TableName: str("missing"),
		Item: withKey(item{"x": av.SS()})}}, localValuesAfterTable, invalidParams+"An string set  may not be empty"),
	// ExpressionAttributeValues nest one level more than an item's values
	// (DynamoDB Local; AWS regions differ), but such a value cannot be
	// written.
	{Name: "expression value one level deeper than an item's", In: &dynamodb.ScanInput{TableName: str("T"),
		FilterExpression: str("q <> :v"), ExpressionAttributeValues: item{":v": nestedLists(32)}}},
	withMessage(Step{Name: "expression value too deep", Err: validation, In: &dynamodb.ScanInput{TableName: str("T"),
		FilterExpression: str("q <> :v"), ExpressionAttributeValues: item{":v": nestedLists(33)}}},
		"ExpressionAttributeValues contains invalid value: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit for key :v"),
	withMessage(Step{Name: "writing an expression value too deep for an item", Err: validation, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1,
		UpdateExpression: str("SET z = :v"), ExpressionAttributeValues: item{":v": nestedLists(32)}}},
		"Nesting Levels have exceeded supported limits"),
	get("nothing was written", key1),
}}

// nestedLists is a string nested in levels lists.
func nestedLists(levels int) types.AttributeValue {
	v := types.AttributeValue(av.S("x"))
	for range levels {
		v = av.L(v)
	}
	return v
}

// real marks a step whose error message DynamoDB Local words differently
// and sets DynamoDB's: message, with %s standing for "One or more parameter
// values were invalid: " if it has a verb.
func real(st Step, why, message string) Step {
	st.LocalDiffers = why
	if strings.Contains(message, "%s") {
		message = fmt.Sprintf(message, invalidParams)
	}
	st.Message = message
	return st
}

// invalidParams starts DynamoDB's messages about invalid parameter values.
const invalidParams = "One or more parameter values were invalid: "

func TestValidation(t *testing.T) {
	Run(t, []Scenario{itemValidation})
}
