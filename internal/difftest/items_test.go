package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// key1 is the key of the item the item scenarios work on.
var key1 = item{"pk": s("a"), "sk": n("1")}

// full is an item with one attribute of every type.
var full = item{
	"pk": s("a"), "sk": n("1"),
	"s": s("text"), "n": n("1.50"), "b": b("bytes"), "t": bl(true), "z": null(),
	"ss": ss("x", "y"), "ns": ns("3", "1", "2"), "bs": &types.AttributeValueMemberBS{Value: [][]byte{[]byte("p"), []byte("q")}},
	"l": l(s("e"), n("2"), l(), m(item{})), "m": m(item{"inner": s("v"), "deep": m(item{"x": n("-0.5")})}),
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
	{Name: "put ALL_OLD replaces", In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": s("a"), "sk": n("1"), "only": s("new")}, ReturnValues: types.ReturnValueAllOld}},
	{Name: "put ALL_OLD on a new item", In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": s("a"), "sk": n("2")}, ReturnValues: types.ReturnValueAllOld}},
	{Name: "put NONE", In: &dynamodb.PutItemInput{TableName: str("T"), Item: item{"pk": s("a"), "sk": n("2")}, ReturnValues: types.ReturnValueNone}},
	{Name: "put ALL_NEW is not allowed", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1, ReturnValues: types.ReturnValueAllNew}, Err: validation},
	{Name: "put UPDATED_OLD is not allowed", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1, ReturnValues: types.ReturnValueUpdatedOld}, Err: validation},
	{Name: "delete ALL_OLD", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnValues: types.ReturnValueAllOld}},
	{Name: "delete missing ALL_OLD", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnValues: types.ReturnValueAllOld},
		LocalDiffers: localDeleteCapacity, Want: &dynamodb.DeleteItemOutput{}},
	{Name: "delete ALL_NEW is not allowed", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1, ReturnValues: types.ReturnValueAllNew}, Err: validation},
	get("deleted", key1),
	{Name: "number keys are compared by value", In: &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": s("a"), "sk": n("2.000")}, ConsistentRead: aws.Bool(true)}},
	{Name: "missing table", In: &dynamodb.GetItemInput{TableName: str("nope"), Key: key1}, Err: "ResourceNotFoundException"},
	put("nested numbers", item{"pk": s("n"), "sk": n("1"), "m": m(item{"a": n("1.50"), "z": n("-0.0")}), "l": l(n("01.0"), n("1e2"))}),
	{Name: "nested numbers come back normalized", LocalDiffers: localNestedNumbers,
		In:   &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": s("n"), "sk": n("1")}, ConsistentRead: aws.Bool(true)},
		Want: &dynamodb.GetItemOutput{Item: item{"pk": s("n"), "sk": n("1"), "m": m(item{"a": n("1.5"), "z": n("0")}), "l": l(n("1"), n("100"))}}},
}}

// updateRV returns an UpdateItem step on key1 with the given expression and
// ReturnValues.
func updateRV(name, expr string, rv types.ReturnValue, values item) Step {
	return Step{Name: name, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str(expr),
		ExpressionAttributeValues: values, ReturnValues: rv}}
}

var updateReturnValues = Scenario{Name: "UpdateReturnValues", Steps: []Step{
	hashRangeTable("T"),
	updateRV("update creates the item, ALL_NEW", "SET a = :one, b = :two", types.ReturnValueAllNew, item{":one": n("1"), ":two": s("two")}),
	updateRV("NONE", "SET c = :v", types.ReturnValueNone, item{":v": s("c")}),
	updateRV("ALL_OLD", "SET a = a + :v", types.ReturnValueAllOld, item{":v": n("1")}),
	updateRV("UPDATED_OLD", "SET a = a + :v, d = :v", types.ReturnValueUpdatedOld, item{":v": n("1")}),
	updateRV("UPDATED_NEW", "SET a = a + :v REMOVE c", types.ReturnValueUpdatedNew, item{":v": n("1")}),
	updateRV("UPDATED_OLD of a nested path", "SET m = :m", types.ReturnValueNone, item{":m": m(item{"x": n("1"), "y": l(s("p"), s("q"))})}),
	nestedRV(updateRV("UPDATED_NEW of a nested path", "SET m.y[1] = :v", types.ReturnValueUpdatedNew, item{":v": s("r")}), item{"m": m(item{"y": l(s("r"))})}),
	nestedRV(updateRV("UPDATED_OLD of a nested path", "SET m.x = :v", types.ReturnValueUpdatedOld, item{":v": n("5")}), item{"m": m(item{"x": n("1")})}),
	nestedRV(updateRV("UPDATED_OLD of two nested paths", "SET m.x = :v, m.y[0] = :w", types.ReturnValueUpdatedOld, item{":v": n("6"), ":w": s("o")}),
		item{"m": m(item{"x": n("5"), "y": l(s("p"))})}),
	nestedRV(updateRV("UPDATED_OLD of a new nested path is nothing", "SET m.nw = :v", types.ReturnValueUpdatedOld, item{":v": n("1")}), nil),
	nestedRV(updateRV("UPDATED_NEW of a new nested path", "SET m.nw2 = :v", types.ReturnValueUpdatedNew, item{":v": n("2")}), item{"m": m(item{"nw2": n("2")})}),
	updateRV("UPDATED_OLD of removed attributes", "REMOVE d, nothere", types.ReturnValueUpdatedOld, nil),
	{Name: "update without expression creates only the key", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": s("b"), "sk": n("1")}, ReturnValues: types.ReturnValueAllNew}},
	{Name: "bad ReturnValues", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str("SET a = :v"),
		ExpressionAttributeValues: item{":v": n("1")}, ReturnValues: "EVERYTHING"}, Err: validation, LocalDiffers: localShapeValidation,
		Message: "1 validation error detected: Value 'EVERYTHING' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"},
	get("final item", key1),
}}

var returnValuesOnConditionFailure = Scenario{Name: "ReturnValuesOnConditionCheckFailure", Steps: []Step{
	hashRangeTable("T"),
	put("seed", item{"pk": s("a"), "sk": n("1"), "v": n("1")}),
	{Name: "put ALL_OLD on failure", Err: "ConditionalCheckFailedException", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: str("attribute_not_exists(pk)"), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
	{Name: "update ALL_OLD on failure", Err: "ConditionalCheckFailedException", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1,
		UpdateExpression: str("SET v = :n"), ConditionExpression: str("v = :n"), ExpressionAttributeValues: item{":n": n("2")},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
	{Name: "delete NONE on failure", Err: "ConditionalCheckFailedException", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		ConditionExpression: str("v > :n"), ExpressionAttributeValues: item{":n": n("2")},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureNone}},
	{Name: "ALL_OLD on failure when the item is missing", Err: "ConditionalCheckFailedException", In: &dynamodb.DeleteItemInput{TableName: str("T"),
		Key: item{"pk": s("zz"), "sk": n("1")}, ConditionExpression: str("attribute_exists(pk)"),
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
