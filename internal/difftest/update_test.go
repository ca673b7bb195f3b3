package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// upd updates key1 in T, returning the whole new item; err is the error
// code it must fail with, if any.
func upd(expr string, names map[string]string, values item, err string) Step {
	return Step{Name: expr, Err: err, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str(expr),
		ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValues: types.ReturnValueAllNew}}
}

// withMessage is st with the exact error message every backend must
// return.
func withMessage(st Step, message string) Step {
	st.Message = message
	return st
}

var updateActions = Scenario{Name: "UpdateActions", Steps: []Step{
	hashRangeTable("T"),
	put("seed", item{"pk": av.S("a"), "sk": av.N("1"), "n": av.N("10"), "l": av.L(av.S("a"), av.S("b"), av.S("c"), av.S("d")),
		"ss": av.SS("x", "y"), "ns": av.NS("1", "2"), "m": av.M(item{"k": av.S("v"), "in": av.M(item{"x": av.N("1")})})}),
	upd("SET n = n + :v", nil, item{":v": av.N("1.5")}, ""),
	upd("SET n = n - :v", nil, item{":v": av.N("20")}, ""),
	upd("SET n = :a + :b", nil, item{":a": av.N("0.1"), ":b": av.N("0.2")}, ""),
	upd("SET x = n + nothere", nil, nil, validation),
	upd("SET x = s + :v", nil, item{":v": av.N("1")}, validation),
	upd("SET n = n + :v", nil, item{":v": av.S("1")}, validation),
	upd("SET c = if_not_exists(c, :z) + :one", nil, item{":z": av.N("0"), ":one": av.N("1")}, ""),
	upd("SET c = if_not_exists(c, :z) + :one", nil, item{":z": av.N("0"), ":one": av.N("1")}, ""),
	upd("SET a = if_not_exists(n, n)", nil, nil, validation),
	upd("SET a = if_not_exists(#n, n) + :v", map[string]string{"#n": "n"}, item{":v": av.N("1")}, validation),
	withMessage(upd("SET a = if_not_exists(n, n) + :v", nil, item{":v": av.S("1")}, validation),
		"Invalid UpdateExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: if_not_exists, first operand: [n]"),
	upd("SET l = list_append(l, :more)", nil, item{":more": av.L(av.S("e"))}, ""),
	upd("SET l = list_append(:front, l)", nil, item{":front": av.L(av.S("0"))}, ""),
	upd("SET l = list_append(l, :v)", nil, item{":v": av.S("x")}, validation),
	upd("SET l[1] = :v", nil, item{":v": av.S("B")}, ""),
	upd("SET l[20] = :v", nil, item{":v": av.S("appended")}, ""),
	upd("REMOVE l[0], l[2]", nil, nil, ""),
	upd("REMOVE l[50]", nil, nil, ""),
	upd("SET m.k = :v, m.in.y = :v", nil, item{":v": av.S("w")}, validation),
	upd("SET m.k = :v, m.#i.y = :v", map[string]string{"#i": "in"}, item{":v": av.S("w")}, ""),
	upd("SET m.nope.x = :v", nil, item{":v": av.S("w")}, validation),
	upd("SET #n = :v", map[string]string{"#n": "name"}, item{":v": av.S("reserved words need placeholders")}, ""),
	upd("SET name = :v", nil, item{":v": av.S("x")}, validation),
	upd("REMOVE m.k, nothere", nil, nil, ""),
	upd("ADD n :v", nil, item{":v": av.N("5")}, ""),
	upd("ADD newn :v", nil, item{":v": av.N("-3")}, ""),
	upd("ADD ss :v", nil, item{":v": av.SS("y", "z")}, ""),
	upd("ADD ns :v", nil, item{":v": av.NS("3")}, ""),
	upd("ADD newss :v", nil, item{":v": av.SS("p")}, ""),
	upd("ADD ss :v", nil, item{":v": av.NS("3")}, validation),
	upd("ADD l :v", nil, item{":v": av.L(av.S("x"))}, validation),
	upd("ADD m.k2 :v", nil, item{":v": av.N("1")}, ""),
	upd("DELETE ss :v", nil, item{":v": av.SS("x", "nope")}, ""),
	upd("DELETE newss :v", nil, item{":v": av.SS("p")}, ""),
	upd("DELETE ns :v", nil, item{":v": av.N("1")}, validation),
	upd("DELETE nothere :v", nil, item{":v": av.SS("a")}, ""),
	upd("SET a = :v REMOVE n ADD ns :s DELETE ss :d", nil, item{":v": av.S("a"), ":s": av.NS("9"), ":d": av.SS("y")}, ""),
	upd("SET a = :v, a = :v", nil, item{":v": av.S("a")}, validation),
	upd("SET m = :v REMOVE m.k", nil, item{":v": av.S("a")}, validation),
	upd("SET l[0] = :v REMOVE l", nil, item{":v": av.S("a")}, validation),
	upd("SET pk = :v", nil, item{":v": av.S("b")}, validation),
	upd("REMOVE sk", nil, nil, validation),
	upd("ADD sk :v", nil, item{":v": av.N("1")}, validation),
	upd("SET a = :v", nil, nil, validation),
	upd("SET a = :v", nil, item{":v": av.S("a"), ":w": av.S("unused")}, validation),
	upd("SET a = :v", map[string]string{"#u": "unused"}, item{":v": av.S("a")}, validation),
	upd("SET #a = :v", nil, item{":v": av.S("a")}, validation),
	upd("SET a = :v SET b = :v", nil, item{":v": av.S("a")}, validation),
	upd("SET a :v", nil, item{":v": av.S("a")}, validation),
	upd("REMOVE", nil, nil, validation),
	upd("SET a = size(l)", nil, nil, validation),
	upd("SET a = if_not_exists(:v, b)", nil, item{":v": av.S("a")}, validation),
	upd("SET e = :v", nil, item{":v": av.S("")}, ""),
	upd("SET emptyset = :v", nil, item{":v": av.SS()}, validation),
	get("final item", key1),
}}

func TestUpdateActions(t *testing.T) {
	Run(t, []Scenario{updateActions})
}
