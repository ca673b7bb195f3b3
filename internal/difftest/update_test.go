package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// upd updates key1 in T, returning the whole new item; err is the error
// code it must fail with, if any.
func upd(expr string, names map[string]string, values item, err string) Step {
	return Step{Name: expr, Err: err, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str(expr),
		ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValues: types.ReturnValueAllNew}}
}

var updateActions = Scenario{Name: "UpdateActions", Steps: []Step{
	hashRangeTable("T"),
	put("seed", item{"pk": s("a"), "sk": n("1"), "n": n("10"), "l": l(s("a"), s("b"), s("c"), s("d")),
		"ss": ss("x", "y"), "ns": ns("1", "2"), "m": m(item{"k": s("v"), "in": m(item{"x": n("1")})})}),
	upd("SET n = n + :v", nil, item{":v": n("1.5")}, ""),
	upd("SET n = n - :v", nil, item{":v": n("20")}, ""),
	upd("SET n = :a + :b", nil, item{":a": n("0.1"), ":b": n("0.2")}, ""),
	upd("SET x = n + nothere", nil, nil, validation),
	upd("SET x = s + :v", nil, item{":v": n("1")}, validation),
	upd("SET n = n + :v", nil, item{":v": s("1")}, validation),
	upd("SET c = if_not_exists(c, :z) + :one", nil, item{":z": n("0"), ":one": n("1")}, ""),
	upd("SET c = if_not_exists(c, :z) + :one", nil, item{":z": n("0"), ":one": n("1")}, ""),
	upd("SET l = list_append(l, :more)", nil, item{":more": l(s("e"))}, ""),
	upd("SET l = list_append(:front, l)", nil, item{":front": l(s("0"))}, ""),
	upd("SET l = list_append(l, :v)", nil, item{":v": s("x")}, validation),
	upd("SET l[1] = :v", nil, item{":v": s("B")}, ""),
	upd("SET l[20] = :v", nil, item{":v": s("appended")}, ""),
	upd("REMOVE l[0], l[2]", nil, nil, ""),
	upd("REMOVE l[50]", nil, nil, ""),
	upd("SET m.k = :v, m.in.y = :v", nil, item{":v": s("w")}, validation),
	upd("SET m.k = :v, m.#i.y = :v", map[string]string{"#i": "in"}, item{":v": s("w")}, ""),
	upd("SET m.nope.x = :v", nil, item{":v": s("w")}, validation),
	upd("SET #n = :v", map[string]string{"#n": "name"}, item{":v": s("reserved words need placeholders")}, ""),
	upd("SET name = :v", nil, item{":v": s("x")}, validation),
	upd("REMOVE m.k, nothere", nil, nil, ""),
	upd("ADD n :v", nil, item{":v": n("5")}, ""),
	upd("ADD newn :v", nil, item{":v": n("-3")}, ""),
	upd("ADD ss :v", nil, item{":v": ss("y", "z")}, ""),
	upd("ADD ns :v", nil, item{":v": ns("3")}, ""),
	upd("ADD newss :v", nil, item{":v": ss("p")}, ""),
	upd("ADD ss :v", nil, item{":v": ns("3")}, validation),
	upd("ADD l :v", nil, item{":v": l(s("x"))}, validation),
	upd("ADD m.k2 :v", nil, item{":v": n("1")}, ""),
	upd("DELETE ss :v", nil, item{":v": ss("x", "nope")}, ""),
	upd("DELETE newss :v", nil, item{":v": ss("p")}, ""),
	upd("DELETE ns :v", nil, item{":v": n("1")}, validation),
	upd("DELETE nothere :v", nil, item{":v": ss("a")}, ""),
	upd("SET a = :v REMOVE n ADD ns :s DELETE ss :d", nil, item{":v": s("a"), ":s": ns("9"), ":d": ss("y")}, ""),
	upd("SET a = :v, a = :v", nil, item{":v": s("a")}, validation),
	upd("SET m = :v REMOVE m.k", nil, item{":v": s("a")}, validation),
	upd("SET l[0] = :v REMOVE l", nil, item{":v": s("a")}, validation),
	upd("SET pk = :v", nil, item{":v": s("b")}, validation),
	upd("REMOVE sk", nil, nil, validation),
	upd("ADD sk :v", nil, item{":v": n("1")}, validation),
	upd("SET a = :v", nil, nil, validation),
	upd("SET a = :v", nil, item{":v": s("a"), ":w": s("unused")}, validation),
	upd("SET a = :v", map[string]string{"#u": "unused"}, item{":v": s("a")}, validation),
	upd("SET #a = :v", nil, item{":v": s("a")}, validation),
	upd("SET a = :v SET b = :v", nil, item{":v": s("a")}, validation),
	upd("SET a :v", nil, item{":v": s("a")}, validation),
	upd("REMOVE", nil, nil, validation),
	upd("SET a = size(l)", nil, nil, validation),
	upd("SET a = if_not_exists(:v, b)", nil, item{":v": s("a")}, validation),
	upd("SET e = :v", nil, item{":v": s("")}, ""),
	upd("SET emptyset = :v", nil, item{":v": ss()}, validation),
	get("final item", key1),
}}

func TestUpdateActions(t *testing.T) {
	Run(t, []Scenario{updateActions})
}
