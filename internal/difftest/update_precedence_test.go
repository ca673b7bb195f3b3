package difftest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// Runtime errors of UpdateItem, as DynamoDB words them.
const (
	wrongType   = "An operand in the update expression has an incorrect data type"
	invalidPath = "The document path provided in the update expression is invalid for update"
	missing     = "The provided expression refers to an attribute that does not exist in the item"
)

// precedenceCases are updates with two or more runtime errors, and the one
// DynamoDB Local reports (recorded from it; the scenario compares with it
// again). They pin the order in which the engine checks an update's
// actions: see docs/decisions/update-error-order.md.
var precedenceCases = []struct{ expr, message string }{
	{"SET a = nothere, b = list_append(s, l)", wrongType},
	{"SET b = nothere, a = list_append(s, l)", missing},
	{"SET a = list_append(s, l), b = nothere", missing},
	{"SET b = list_append(s, l), a = nothere", wrongType},
	{"SET a = nothere, b = list_append(s, l), c = nothere2", missing},
	{"SET c = nothere, b = list_append(s, l), a = nothere2", missing},
	{"SET a = list_append(s, l), b = nothere, c = s + :one", wrongType},
	{"SET c = list_append(s, l), b = nothere, a = s + :one", wrongType},
	{"SET a = nothere REMOVE b.x ADD n :ss", wrongType},
	{"REMOVE nothere.x SET a = s + :one", wrongType},
	{"SET z = s + :one REMOVE nothere.x", wrongType},
	{"SET a = s + :one REMOVE nothere.x", wrongType},
	{"SET a = s + :one, b = nothere.x", missing},
	{"SET b = s + :one, a = nothere.x", wrongType},
	{"ADD n :ss SET a = nothere", wrongType},
	{"ADD n :ss SET z = nothere", wrongType},
	{"SET m.q = nothere, a = s + :one", missing},
	{"SET aa = nothere, a = s + :one", wrongType},
	{"SET a = nothere, aa = s + :one", missing},
	{"SET #A = nothere, b = s + :one", wrongType},
	{"SET Aa = nothere, BB = s + :one", wrongType},
	{"SET BB = nothere, Aa = s + :one", wrongType},
	{"SET BB = s + :one, Aa = nothere", missing},
	{"SET m.q = nothere, m.r = s + :one", wrongType},
	{"SET m.r = s + :one, m.q = nothere", wrongType},
	{"SET l[1] = nothere, l[2] = s + :one", wrongType},
	{"SET l[2] = s + :one, l[1] = nothere", wrongType},
	{"REMOVE nothere.x SET a = nothere2", missing},
	{"SET a = nothere2 REMOVE nothere.x", missing},
	{"SET nothere.x = :one, a = nothere2", missing},
	{"SET z = nothere2, nothere.x = :one", missing},
	{"SET nothere.x = s + :one", invalidPath},
	{"SET nothere.x = nothere2", invalidPath},
	{"SET a = nothere DELETE n :ss", wrongType},
	{"DELETE n :ss SET a = nothere", wrongType},
	{"DELETE s :ss SET a = nothere", wrongType},
	{"ADD s :one SET a = nothere", wrongType},
	{"ADD x :one SET a = s + :one", wrongType},
	{"SET a = nothere, m.q = s + :one", wrongType},
	{"SET m.q = s + :one, a = nothere", wrongType},
	{"SET m.q.r = :one, a = s + :one", invalidPath},
	{"SET a = s + :one, l[5].x = :one", invalidPath},
	{"SET m.q.r = nothere", invalidPath},
	{"SET m.q.r = :one, z = nothere", invalidPath},
	{"SET b = nothere, m.q.r = :one", invalidPath},
	{"SET nothere.x = :one, b = s + :one", wrongType},
	{"REMOVE m.q.r SET a = s + :one", invalidPath},
	{"ADD m.q.r :one SET a = nothere", invalidPath},
	{"SET m.q.r = :one, m.x = nothere", missing},
	{"SET m.x.r = :one, m.q = nothere", invalidPath},
	{"SET s = nothere, a = s + :one", missing},
	{"REMOVE l[5] SET a = nothere", missing},
	{"DELETE nothere.x :ss", invalidPath},
	{"DELETE nothere.x :ss SET a = nothere", missing},
	{"SET s.x = :one, a = nothere", invalidPath},
	{"SET a = nothere, s.x = :one", invalidPath},
	{"SET s.x = nothere", invalidPath},
	{"REMOVE s.x SET a = s + :one", invalidPath},
	{"SET l[0].x = :one, a = nothere", invalidPath},
	{"SET a = if_not_exists(s, nothere)", missing},
	{"SET a = list_append(if_not_exists(s, nothere), nothere2)", missing},
	{"SET a = list_append(if_not_exists(nothere, s), nothere2)", wrongType},
	{"SET a = if_not_exists(nothere, nothere2) + s", missing},
	{"SET a = s + if_not_exists(nothere, nothere2)", missing},
	{"SET a = n + if_not_exists(nothere, s)", wrongType},
	{"SET m.Aa = nothere, m.BB = s + :one", wrongType},
	{"SET m.BB = nothere, m.Aa = s + :one", wrongType},
	{"SET m.x = nothere, m.Aa.q = :one", missing},
	{"SET m.Aa.q = :one, m.x = nothere", missing},
	{"SET l[0] = nothere, l[3] = s + :one, l[1] = nothere", wrongType},
	{"SET l[3] = nothere, l[0] = s + :one", missing},
	{"SET a = s + nothere", wrongType},
	{"SET a = nothere + s", missing},
	{"SET a = list_append(s, nothere)", wrongType},
	{"SET a = list_append(nothere, s)", missing},
	{"SET a = if_not_exists(nothere, s) + :one", wrongType},
	{"SET a = :one + if_not_exists(nothere, nothere2)", missing},
}

// updatePrecedence runs precedenceCases on an item holding a string s, a
// one-element list l, a number n, an empty map m and a string A.
func updatePrecedence() Scenario {
	steps := []Step{
		hashTable("T"),
		put("seed", item{"pk": av.S("k"), "s": av.S("str"), "l": av.L(av.S("x")), "n": av.N("1"), "m": av.M(item{}), "A": av.S("q")}),
	}
	for _, c := range precedenceCases {
		in := &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("k")}, UpdateExpression: str(c.expr)}
		if strings.Contains(c.expr, "#A") {
			in.ExpressionAttributeNames = map[string]string{"#A": "A"}
		}
		values := item{}
		if strings.Contains(c.expr, ":one") {
			values[":one"] = av.N("1")
		}
		if strings.Contains(c.expr, ":ss") {
			values[":ss"] = av.SS("a")
		}
		if len(values) > 0 {
			in.ExpressionAttributeValues = values
		}
		steps = append(steps, Step{Name: c.expr, In: in, Err: validation, Message: c.message})
	}
	return Scenario{Name: "UpdateErrorPrecedence", Steps: steps}
}

// betweenBoundsAsSent checks that BETWEEN's messages quote number bounds as
// the request wrote them, and that of two actions whose operands have the
// wrong type the last one written is reported, as DynamoDB does.
var betweenBoundsAsSent = Scenario{Name: "ErrorOperandsAsSent", Steps: []Step{
	hashTable("T"),
	put("seed", item{"pk": av.S("k"), "n": av.N("1")}),
	withMessage(Step{Name: "BETWEEN bounds reversed", Err: validation, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("k")},
		UpdateExpression: str("SET n = :lo"), ConditionExpression: str("n BETWEEN :lo AND :hi"),
		ExpressionAttributeValues: item{":lo": av.N("1E+2"), ":hi": av.N("-0")}}},
		"Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:1E+2}, upper bound operand: AttributeValue: {N:-0}"),
	withMessage(Step{Name: "BETWEEN bounds of two types", Err: validation, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("k")},
		UpdateExpression: str("SET n = :lo"), ConditionExpression: str("n BETWEEN :lo AND :hi"),
		ExpressionAttributeValues: item{":lo": av.N("1.0"), ":hi": av.S("a")}}},
		"Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1.0}, upper bound operand: AttributeValue: {S:a}"),
	withMessage(Step{Name: "two DELETE operands of the wrong type", Err: validation, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("k")},
		UpdateExpression:          str("DELETE c :null, s :bool"),
		ExpressionAttributeValues: item{":null": av.Null(), ":bool": &types.AttributeValueMemberBOOL{Value: false}}}},
		"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: BOOLEAN, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
	withMessage(Step{Name: "two DELETE operands of the wrong type, the other way round", Err: validation, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("k")},
		UpdateExpression:          str("DELETE s :bool, c :null"),
		ExpressionAttributeValues: item{":null": av.Null(), ":bool": &types.AttributeValueMemberBOOL{Value: false}}}},
		"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NULL, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
	withMessage(Step{Name: "two SET operators with operands of the wrong type", Err: validation, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("k")},
		UpdateExpression:          str("SET b = list_append(l, :s), a = :s - n"),
		ExpressionAttributeValues: item{":s": av.S("x")}}},
		"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: S"),
	withMessage(Step{Name: "two SET operators with operands of the wrong type, the other way round", Err: validation, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: item{"pk": av.S("k")},
		UpdateExpression:          str("SET a = :s - n, b = list_append(l, :s)"),
		ExpressionAttributeValues: item{":s": av.S("x")}}},
		"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S"),
}}

func TestUpdateErrorPrecedence(t *testing.T) {
	Run(t, []Scenario{updatePrecedence(), betweenBoundsAsSent})
}
