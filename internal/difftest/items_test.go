package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// key1 is the key of the item the item scenarios work on.
var key1 = item{"pk": av.S("a"), "sk": av.N("1")}

// full is an item with one attribute of every type.
var full = item{
	"pk": av.S("a"), "sk": av.N("1"),
	"s": av.S("text"), "n": av.N("1.50"), "b": av.B("bytes"), "t": av.Bool(true), "z": av.Null(),
	"ss": av.SS("x", "y"), "ns": av.NS("3", "1", "2"), "bs": &types.AttributeValueMemberBS{Value: [][]byte{[]byte("p"), []byte("q")}},
	"l": av.L(av.S("e"), av.N("2"), av.L(), av.M(item{})), "m": av.M(item{"inner": av.S("v"), "deep": av.M(item{"x": av.N("-0.5")})}),
}

var putGetDelete = Scenario{Name: "PutGetDelete", Steps: []Step{
	hashRangeTable("T"),
	get("get missing item", key1),
	put("put every type", full),
	get("get it back", key1),
	{Name: "eventually consistent get", In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1}},
	{Name: "get with projection", In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("s, l[0], m.#i, #n"), ExpressionAttributeNames: map[string]string{"#n": "n", "#i": "inner"}}},
	{Name: "reserved word in a projection", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: str("m.inner")}},
	{Name: "get with legacy AttributesToGet", In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, AttributesToGet: []string{"s", "t"}}},
	{Name: "put ALL_OLD replaces", In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": av.S("a"), "sk": av.N("1"), "only": av.S("new")}, ReturnValues: types.ReturnValueAllOld}},
	{Name: "put ALL_OLD on a new item", In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": av.S("a"), "sk": av.N("2")}, ReturnValues: types.ReturnValueAllOld}},
	{Name: "put NONE", In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": av.S("a"), "sk": av.N("2")}, ReturnValues: types.ReturnValueNone}},
	{Name: "put ALL_NEW is not allowed", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1, ReturnValues: types.ReturnValueAllNew}, Err: validation},
	{Name: "put UPDATED_OLD is not allowed", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1, ReturnValues: types.ReturnValueUpdatedOld}, Err: validation},
	{Name: "delete ALL_OLD", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnValues: types.ReturnValueAllOld}},
	{Name: "delete missing ALL_OLD", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnValues: types.ReturnValueAllOld},
		LocalDiffers: localDeleteCapacity, Want: &dynamodb.DeleteItemOutput{}},
	{Name: "delete ALL_NEW is not allowed", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnValues: types.ReturnValueAllNew}, Err: validation},
	get("deleted", key1),
	{Name: "number keys are compared by value", In: &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": av.S("a"), "sk": av.N("2.000")}, ConsistentRead: aws.Bool(true)}},
	{Name: "missing table", In: &dynamodb.GetItemInput{TableName: str("nope"), Key: key1}, Err: "ResourceNotFoundException"},
	put("nested numbers", item{"pk": av.S("n"), "sk": av.N("1"), "m": av.M(item{"a": av.N("1.50"), "z": av.N("-0.0")}), "l": av.L(av.N("01.0"), av.N("1e2"))}),
	{Name: "nested numbers come back normalized", LocalDiffers: localNestedNumbers,
		In:   &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": av.S("n"), "sk": av.N("1")}, ConsistentRead: aws.Bool(true)},
		Want: &dynamodb.GetItemOutput{Item: item{"pk": av.S("n"), "sk": av.N("1"), "m": av.M(item{"a": av.N("1.5"), "z": av.N("0")}), "l": av.L(av.N("1"), av.N("100"))}}},
}}

// updateRV returns an UpdateItem step on key1 with the given expression and
// ReturnValues.
func updateRV(name, expr string, rv types.ReturnValue, values item) Step {
	return Step{Name: name, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str(expr),
		ExpressionAttributeValues: values, ReturnValues: rv}}
}

var updateReturnValues = Scenario{Name: "UpdateReturnValues", Steps: []Step{
	hashRangeTable("T"),
	updateRV("update creates the item, ALL_NEW", "SET a = :one, b = :two", types.ReturnValueAllNew, item{":one": av.N("1"), ":two": av.S("two")}),
	updateRV("NONE", "SET c = :v", types.ReturnValueNone, item{":v": av.S("c")}),
	updateRV("ALL_OLD", "SET a = a + :v", types.ReturnValueAllOld, item{":v": av.N("1")}),
	updateRV("UPDATED_OLD", "SET a = a + :v, d = :v", types.ReturnValueUpdatedOld, item{":v": av.N("1")}),
	updateRV("UPDATED_NEW", "SET a = a + :v REMOVE c", types.ReturnValueUpdatedNew, item{":v": av.N("1")}),
	updateRV("UPDATED_OLD of a nested path", "SET m = :m", types.ReturnValueNone, item{":m": av.M(item{"x": av.N("1"), "y": av.L(av.S("p"), av.S("q"))})}),
	nestedRV(updateRV("UPDATED_NEW of a nested path", "SET m.y[1] = :v", types.ReturnValueUpdatedNew, item{":v": av.S("r")}), item{"m": av.M(item{"y": av.L(av.S("r"))})}),
	nestedRV(updateRV("UPDATED_OLD of a nested path", "SET m.x = :v", types.ReturnValueUpdatedOld, item{":v": av.N("5")}), item{"m": av.M(item{"x": av.N("1")})}),
	nestedRV(updateRV("UPDATED_OLD of two nested paths", "SET m.x = :v, m.y[0] = :w", types.ReturnValueUpdatedOld, item{":v": av.N("6"), ":w": av.S("o")}),
		item{"m": av.M(item{"x": av.N("5"), "y": av.L(av.S("p"))})}),
	nestedRV(updateRV("UPDATED_OLD of a new nested path is nothing", "SET m.nw = :v", types.ReturnValueUpdatedOld, item{":v": av.N("1")}), nil),
	nestedRV(updateRV("UPDATED_NEW of a new nested path", "SET m.nw2 = :v", types.ReturnValueUpdatedNew, item{":v": av.N("2")}), item{"m": av.M(item{"nw2": av.N("2")})}),
	updateRV("UPDATED_OLD of removed attributes", "REMOVE d, nothere", types.ReturnValueUpdatedOld, nil),
	{Name: "update without expression creates only the key", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("b"), "sk": av.N("1")}, ReturnValues: types.ReturnValueAllNew}},
	{Name: "bad ReturnValues", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str("SET a = :v"),
		ExpressionAttributeValues: item{":v": av.N("1")}, ReturnValues: "EVERYTHING"}, Err: validation, LocalDiffers: localShapeValidation,
		Message: "1 validation error detected: Value 'EVERYTHING' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"},
	get("final item", key1),
}}

var returnValuesOnConditionFailure = Scenario{Name: "ReturnValuesOnConditionCheckFailure", Steps: []Step{
	hashRangeTable("T"),
	put("seed", item{"pk": av.S("a"), "sk": av.N("1"), "v": av.N("1")}),
	{Name: "put ALL_OLD on failure", Err: "ConditionalCheckFailedException", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_not_exists(pk)"), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
	{Name: "update ALL_OLD on failure", Err: "ConditionalCheckFailedException", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1,
		UpdateExpression: str("SET v = :n"), ConditionExpression: str("v = :n"), ExpressionAttributeValues: item{":n": av.N("2")},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
	{Name: "delete NONE on failure", Err: "ConditionalCheckFailedException", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("v > :n"), ExpressionAttributeValues: item{":n": av.N("2")},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureNone}},
	{Name: "ALL_OLD on failure when the item is missing", Err: "ConditionalCheckFailedException", In: &dynamodb.DeleteItemInput{TableName: str("T"),
		Key: item{"pk": av.S("zz"), "sk": av.N("1")}, ConditionExpression: str("attribute_exists(pk)"),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
	{Name: "bad ReturnValuesOnConditionCheckFailure", Err: validation, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_not_exists(pk)"), ReturnValuesOnConditionCheckFailure: "ALL_NEW"}},
}}

// nestedRV pins DynamoDB's UPDATED_OLD/UPDATED_NEW answer for an update of
// nested paths.
func nestedRV(st Step, want item) Step {
	st.LocalDiffers = localNestedUpdated
	st.Want = &dynamodb.UpdateItemOutput{Attributes: want}
	return st
}

func TestItems(t *testing.T) {
	Run(t, []Scenario{putGetDelete, updateReturnValues, returnValuesOnConditionFailure})
}
