package difftest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
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
	it := item{"pk": s("a"), "sk": n("1")}
	for k, v := range extra {
		it[k] = v
	}
	return it
}

var itemValidation = Scenario{Name: "ItemValidation", Steps: []Step{
	hashRangeTable("T"),
	badPut("empty string partition key", item{"pk": s(""), "sk": n("1")}),
	badPut("partition key of the wrong type", item{"pk": n("1"), "sk": n("1")}),
	badPut("sort key of the wrong type", item{"pk": s("a"), "sk": s("1")}),
	badPut("missing sort key", item{"pk": s("a")}),
	badPut("missing partition key", item{"sk": n("1")}),
	badPut("set as a key", item{"pk": ss("a"), "sk": n("1")}),
	badPut("empty string set", withKey(item{"x": ss()})),
	badPut("empty number set", withKey(item{"x": ns()})),
	badPut("duplicate string set members", withKey(item{"x": ss("a", "a")})),
	badPut("duplicate number set members by value", withKey(item{"x": ns("1", "1.0")})),
	badPut("number too large", withKey(item{"x": n("1E+126")})),
	badPut("number too small", withKey(item{"x": n("1E-131")})),
	badPut("number with 39 significant digits", withKey(item{"x": n("123456789012345678901234567890123456789")})),
	badPut("not a number", withKey(item{"x": n("abc")})),
	badPut("empty number", withKey(item{"x": n("")})),
	badPut("NULL false", withKey(item{"x": &types.AttributeValueMemberNULL{Value: false}})),
	badPut("invalid number in a list", withKey(item{"x": l(n("1e999"))})),
	badPut("item too large", withKey(item{"x": s(strings.Repeat("x", 400*1024))})),
	put("largest numbers are fine", withKey(item{"x": n("9.9999999999999999999999999999999999999E+125"), "y": n("-1E-130"), "z": n("12345678901234567890123456789012345678")})),
	put("empty strings and binaries outside keys are fine", withKey(item{"x": s(""), "y": b(""), "z": l(s("")), "w": m(item{"e": s("")})})),
	badPut("empty attribute name in a map", withKey(item{"w": m(item{"": s("")})})),
	badPut("empty attribute name", withKey(item{"": s("x")})),
	get("stored as given", key1),
	badGet("extra key attribute", withKey(item{"x": s("a")})),
	badGet("missing sort key", item{"pk": s("a")}),
	badGet("wrong key type", item{"pk": s("a"), "sk": s("1")}),
	badGet("empty string key", item{"pk": s(""), "sk": n("1")}),
	{Name: "values without an expression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ExpressionAttributeValues: item{":v": s("x")}}},
	{Name: "names without an expression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ExpressionAttributeNames: map[string]string{"#n": "x"}}},
	{Name: "undefined value placeholder", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("x = :nope")}},
	{Name: "undefined name placeholder", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_exists(#nope)")}},
	{Name: "unused value placeholder", Err: validation, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("attribute_exists(x)"), ExpressionAttributeValues: item{":v": s("x")}}},
	{Name: "unused name placeholder", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("x"), ExpressionAttributeNames: map[string]string{"#n": "x"}}},
	{Name: "invalid value in a placeholder", Err: validation, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("x = :v"), ExpressionAttributeValues: item{":v": ss()}}},
	{Name: "reserved word in a condition", Err: validation, In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("attribute_exists(data)")}},
	{Name: "a function name is not reserved", Err: "ConditionalCheckFailedException", In: &dynamodb.DeleteItemInput{TableName: str("T"),
		Key: item{"pk": s("none"), "sk": n("1")}, ConditionExpression: str("attribute_exists(size)")}},
	{Name: "projection with overlapping paths", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("a.b, a")}},
	{Name: "projection with the same path twice", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("x, x")}},
	{Name: "both legacy Expected and ConditionExpression", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_not_exists(pk)"), Expected: map[string]types.ExpectedAttributeValue{"pk": {Exists: new(false)}}}},
	{Name: "put to a missing table", Err: "ResourceNotFoundException", In: &dynamodb.PutItemInput{TableName: str("missing"), Item: key1}},
	get("nothing was written", key1),
}}

func TestValidation(t *testing.T) {
	Run(t, []Scenario{itemValidation})
}
