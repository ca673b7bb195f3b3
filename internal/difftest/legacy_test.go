package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// expected builds an ExpectedAttributeValue.
func expected(op types.ComparisonOperator, values ...types.AttributeValue) types.ExpectedAttributeValue {
	return types.ExpectedAttributeValue{ComparisonOperator: op, AttributeValueList: values}
}

func legacyPut(name string, exp map[string]types.ExpectedAttributeValue, op types.ConditionalOperator) Step {
	return Step{Name: name, In: &dynamodb.PutItemInput{TableName: str("T"), Item: withKey(item{"v": av.N("5"), "s": av.S("hello")}),
		Expected: exp, ConditionalOperator: op}}
}

func legacyUpdate(name string, updates map[string]types.AttributeValueUpdate) Step {
	return Step{Name: name, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, AttributeUpdates: updates, ReturnValues: types.ReturnValueAllNew}}
}

func legacyQuery(name string, conds map[string]types.Condition, change func(*dynamodb.QueryInput)) Step {
	in := &dynamodb.QueryInput{TableName: str("T"), KeyConditions: conds}
	if change != nil {
		change(in)
	}
	return Step{Name: name, In: in}
}

var pkIsA = map[string]types.Condition{"pk": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{av.S("a")}}}

var legacyParameters = Scenario{Name: "LegacyParameters", Steps: []Step{
	hashRangeTable("T"),
	legacyPut("Exists false on a new item", map[string]types.ExpectedAttributeValue{"pk": {Exists: aws.Bool(false)}}, ""),
	failing(legacyPut("Exists false on an existing item", map[string]types.ExpectedAttributeValue{"pk": {Exists: aws.Bool(false)}}, ""), "ConditionalCheckFailedException"),
	legacyPut("Value equals", map[string]types.ExpectedAttributeValue{"v": {Value: av.N("5")}}, ""),
	failing(legacyPut("Value differs", map[string]types.ExpectedAttributeValue{"v": {Value: av.N("6")}}, ""), "ConditionalCheckFailedException"),
	legacyPut("comparison operators", map[string]types.ExpectedAttributeValue{
		"v": expected(types.ComparisonOperatorBetween, av.N("1"), av.N("9")), "s": expected(types.ComparisonOperatorBeginsWith, av.S("he")),
		"nope": expected(types.ComparisonOperatorNull)}, ""),
	legacyPut("OR", map[string]types.ExpectedAttributeValue{"v": expected(types.ComparisonOperatorGt, av.N("100")), "s": expected(types.ComparisonOperatorContains, av.S("ell"))},
		types.ConditionalOperatorOr),
	failing(legacyPut("AND", map[string]types.ExpectedAttributeValue{"v": expected(types.ComparisonOperatorGt, av.N("100")), "s": expected(types.ComparisonOperatorContains, av.S("ell"))},
		types.ConditionalOperatorAnd), "ConditionalCheckFailedException"),
	failing(legacyPut("Exists true without a Value", map[string]types.ExpectedAttributeValue{"v": {Exists: aws.Bool(true)}}, ""), validation),
	legacyPut("Value and ComparisonOperator", map[string]types.ExpectedAttributeValue{"v": {Value: av.N("5"), ComparisonOperator: types.ComparisonOperatorEq}}, ""),
	failing(legacyPut("wrong number of arguments", map[string]types.ExpectedAttributeValue{"v": expected(types.ComparisonOperatorBetween, av.N("1"))}, ""), validation),
	failing(legacyPut("ConditionalOperator without Expected", nil, types.ConditionalOperatorOr), validation),
	legacyUpdate("AttributeUpdates PUT and ADD", map[string]types.AttributeValueUpdate{
		"a": {Action: types.AttributeActionPut, Value: av.S("x")}, "v": {Action: types.AttributeActionAdd, Value: av.N("2")},
		"tags": {Action: types.AttributeActionAdd, Value: av.SS("p", "q")}}),
	legacyUpdate("AttributeUpdates DELETE", map[string]types.AttributeValueUpdate{
		"a": {Action: types.AttributeActionDelete}, "tags": {Action: types.AttributeActionDelete, Value: av.SS("p")}}),
	legacyUpdate("default action is PUT", map[string]types.AttributeValueUpdate{"b": {Value: av.N("1")}}),
	failing(legacyUpdate("ADD to a string", map[string]types.AttributeValueUpdate{"s": {Action: types.AttributeActionAdd, Value: av.S("x")}}), validation),
	failing(legacyUpdate("PUT without a value", map[string]types.AttributeValueUpdate{"c": {Action: types.AttributeActionPut}}), validation),
	failing(legacyUpdate("update a key", map[string]types.AttributeValueUpdate{"sk": {Action: types.AttributeActionPut, Value: av.N("2")}}), validation),
	failing(Step{Name: "AttributeUpdates and UpdateExpression", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1,
		AttributeUpdates: map[string]types.AttributeValueUpdate{"b": {Value: av.N("1")}}, UpdateExpression: str("SET c = :v"),
		ExpressionAttributeValues: item{":v": av.N("1")}}}, validation),
	Step{Name: "GetItem AttributesToGet", In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, AttributesToGet: []string{"v", "nope"}}},
	failing(Step{Name: "AttributesToGet and ProjectionExpression", In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		AttributesToGet: []string{"v"}, ProjectionExpression: str("v")}}, validation),
	failing(Step{Name: "delete with Expected and ConditionExpression", In: &dynamodb.DeleteItemInput{TableName: str("T"), Key: key1,
		Expected: map[string]types.ExpectedAttributeValue{"v": {Value: av.N("7")}}, ConditionExpression: str("attribute_exists(v)")}}, validation),
	put("second item", item{"pk": av.S("a"), "sk": av.N("2"), "v": av.N("1")}),
	legacyQuery("KeyConditions", pkIsA, nil),
	legacyQuery("KeyConditions with a sort condition and QueryFilter", map[string]types.Condition{
		"pk": pkIsA["pk"], "sk": {ComparisonOperator: types.ComparisonOperatorLe, AttributeValueList: []types.AttributeValue{av.N("2")}}},
		func(in *dynamodb.QueryInput) {
			in.QueryFilter = map[string]types.Condition{"v": {ComparisonOperator: types.ComparisonOperatorGe, AttributeValueList: []types.AttributeValue{av.N("2")}}}
		}),
	legacyQuery("AttributesToGet", pkIsA, func(in *dynamodb.QueryInput) { in.AttributesToGet = []string{"v"} }),
	failing(legacyQuery("KeyConditions and KeyConditionExpression", pkIsA, func(in *dynamodb.QueryInput) {
		in.KeyConditionExpression = str("pk = :p")
		in.ExpressionAttributeValues = pkA
	}), validation),
	failing(legacyQuery("QueryFilter and FilterExpression", pkIsA, func(in *dynamodb.QueryInput) {
		in.QueryFilter = map[string]types.Condition{"v": {ComparisonOperator: types.ComparisonOperatorNotNull}}
		in.FilterExpression = str("attribute_exists(v)")
	}), validation),
	failing(legacyQuery("AttributesToGet and KeyConditionExpression", pkIsA, func(in *dynamodb.QueryInput) {
		in.AttributesToGet = []string{"v"}
		in.KeyConditionExpression = str("pk = :p")
		in.ExpressionAttributeValues = pkA
	}), validation),
	legacyQuery("KeyConditions with a FilterExpression", pkIsA, func(in *dynamodb.QueryInput) {
		in.FilterExpression = str("#v = :v")
		in.ExpressionAttributeNames = map[string]string{"#v": "v"}
		in.ExpressionAttributeValues = item{":v": av.N("1")}
	}),
	legacyQuery("KeyConditions with placeholders like the generated ones", pkIsA, func(in *dynamodb.QueryInput) {
		in.FilterExpression = str("#l0 = :l0 OR #l1 = :l1")
		in.ExpressionAttributeNames = map[string]string{"#l0": "v", "#l1": "w"}
		in.ExpressionAttributeValues = item{":l0": av.N("1"), ":l1": av.S("zz")}
	}),
	legacyQuery("KeyConditions with a ProjectionExpression", pkIsA, func(in *dynamodb.QueryInput) {
		in.ProjectionExpression = str("#v, sk")
		in.ExpressionAttributeNames = map[string]string{"#v": "v"}
	}),
	failing(legacyQuery("KeyConditions with a ProjectionExpression and values", pkIsA, func(in *dynamodb.QueryInput) {
		in.ProjectionExpression = str("v")
		in.ExpressionAttributeValues = item{":v": av.N("1")}
	}), validation),
	failing(legacyQuery("KeyConditions with a FilterExpression on a key", pkIsA, func(in *dynamodb.QueryInput) {
		in.FilterExpression = str("sk = :v")
		in.ExpressionAttributeValues = item{":v": av.N("1")}
	}), validation),
	failing(legacyQuery("KeyConditions with values and no expression", pkIsA, func(in *dynamodb.QueryInput) {
		in.ExpressionAttributeValues = item{":v": av.N("1")}
	}), validation),
	failing(legacyQuery("KeyConditions with an unused value", pkIsA, func(in *dynamodb.QueryInput) {
		in.FilterExpression = str("attribute_exists(v)")
		in.ExpressionAttributeValues = item{":v": av.N("1")}
	}), validation),
	Step{Name: "ScanFilter", In: &dynamodb.ScanInput{TableName: str("T"), ScanFilter: map[string]types.Condition{
		"v": {ComparisonOperator: types.ComparisonOperatorLt, AttributeValueList: []types.AttributeValue{av.N("3")}}}}},
	failing(Step{Name: "ScanFilter and FilterExpression", In: &dynamodb.ScanInput{TableName: str("T"),
		ScanFilter: map[string]types.Condition{"v": {ComparisonOperator: types.ComparisonOperatorNotNull}}, FilterExpression: str("attribute_exists(v)")}}, validation),
}}

func TestLegacyParameters(t *testing.T) {
	Run(t, []Scenario{legacyParameters})
}
