package difftest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// edgeItem is the item the expression edge scenarios read and update: a
// name with a dot, names that are function names or keywords, nested
// lists and maps, numbers at the edge of DynamoDB's precision and strings
// outside ASCII.
var edgeItem = item{
	"pk": s("a"), "sk": n("1"), "a.b": s("dotted"), "a": m(item{"b": s("nested")}),
	"size": n("3"), "contains": s("c"), "convert": s("v"), "and_more": s("x"),
	"l":   l(m(item{"x": n("1"), "y": l(s("p"), s("q"))}), s("second"), l(n("7"), n("8"))),
	"big": n("99999999999999999999999999999999999999"), "tiny": n("1E-130"), "p38": n("1.0000000000000000000000000000000000001"),
	"e": s("é"), "z": s("z"), "emoji": s("😀"), "cjk": s("中"),
}

// edgeCond is a conditional update of key1 that sets nothing new: it
// succeeds when cond holds and fails with ConditionalCheckFailedException
// when it does not; err, if set, is the error it must fail with instead.
func edgeCond(cond string, names map[string]string, values item, holds bool, err ...string) Step {
	st := Step{Name: cond, In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str("SET touched = :touched"),
		ConditionExpression: str(cond), ExpressionAttributeNames: names, ExpressionAttributeValues: withTouched(values)}}
	switch {
	case len(err) > 0:
		st.Err = err[0]
	case !holds:
		st.Err = "ConditionalCheckFailedException"
	}
	return st
}

// withTouched adds the value edgeCond sets.
func withTouched(v item) item {
	out := item{":touched": bl(true)}
	for k, e := range v {
		out[k] = e
	}
	return out
}

// inList returns "x IN (:v0, ..., :vN-1)" and its values, all different
// from x's value unless hit.
func inList(count int, hit bool) (string, item) {
	phs := make([]string, count)
	values := item{}
	for i := range count {
		phs[i] = ":v" + strconv.Itoa(i)
		values[phs[i]] = n(strconv.Itoa(1000 + i))
	}
	if hit {
		values[":v"+strconv.Itoa(count-1)] = n("3")
	}
	return "size IN (" + strings.Join(phs, ", ") + ")", values
}

// proj reads key1 from T with a projection.
func proj(expr string, names map[string]string) Step {
	return Step{Name: "projection " + expr, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: str(expr),
		ExpressionAttributeNames: names}}
}

var in100, in100Values = inList(100, true)
var in101, in101Values = inList(101, true)
var in100Miss, in100MissValues = inList(100, false)

var expressionEdges = Scenario{Name: "ExpressionEdges", Steps: []Step{
	hashRangeTable("T"),
	put("seed", withKey(edgeItem)),
	// Names: dots, function names and keywords.
	edgeCond("#ab = :v", map[string]string{"#ab": "a.b"}, item{":v": s("dotted")}, true),
	edgeCond("a.b = :v", nil, item{":v": s("nested")}, true),
	edgeCond("#a.#b = :v", map[string]string{"#a": "a", "#b": "b"}, item{":v": s("nested")}, true),
	edgeCond("#a.b = :v", map[string]string{"#a": "a.b"}, item{":v": s("dotted")}, false),
	edgeCond("size(size) = :v", nil, item{":v": n("1")}, false),
	edgeCond("size = :v", nil, item{":v": n("3")}, true),
	edgeCond("contains(contains, :v)", nil, item{":v": s("c")}, true),
	edgeCond("attribute_exists(convert) AND attribute_exists(and_more)", nil, nil, true),
	edgeCond("begins_with(begins_with, :v)", nil, item{":v": s("x")}, false),
	edgeCond("attribute_type(attribute_type, :t)", nil, item{":t": s("S")}, false),
	edgeCond("SIZE(size) = :v", nil, item{":v": n("1")}, false, validation),
	edgeCond("attribute_exists(and)", nil, nil, false, validation),
	edgeCond("attribute_exists(#and)", map[string]string{"#and": "and"}, nil, false),
	edgeCond("attribute_exists(between.x)", nil, nil, false, validation),
	edgeCond("attribute_exists(a.size)", nil, nil, false),
	edgeCond("attribute_exists(a.status)", nil, nil, false, validation),
	edgeCond("attribute_exists(a.#s)", map[string]string{"#s": "status"}, nil, false),
	edgeCond("size(l[0].y) = :v", nil, item{":v": n("2")}, true),
	edgeCond("l[0].y[1] = :v", nil, item{":v": s("q")}, true),
	edgeCond("l[2][1] = :v", nil, item{":v": n("8")}, true),
	edgeCond("l[1].x = :v", nil, item{":v": n("8")}, false),
	edgeCond("NOT(size = :v)", nil, item{":v": n("3")}, false),
	edgeCond("(size) = :v", nil, item{":v": n("3")}, true),
	edgeCond("not size = :v or size > :v", nil, item{":v": n("3")}, false),
	// IN lists of up to 100 operands.
	edgeCond(in100, nil, in100Values, true),
	edgeCond(in100Miss, nil, in100MissValues, false),
	edgeCond(in101, nil, in101Values, false, validation),
	// BETWEEN bounds.
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": n("3"), ":hi": n("3")}, true),
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": n("4"), ":hi": n("2")}, false, validation),
	edgeCond("z BETWEEN :lo AND :hi", nil, item{":lo": s("z"), ":hi": s("a")}, false, validation),
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": n("1"), ":hi": s("9")}, false, validation),
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": s("1"), ":hi": s("9")}, false),
	// Numbers at the edge of precision.
	edgeCond("big = :v", nil, item{":v": n("9.9999999999999999999999999999999999999E+37")}, true),
	edgeCond("big < :v", nil, item{":v": n("100000000000000000000000000000000000000")}, true),
	edgeCond("tiny > :v", nil, item{":v": n("0")}, true),
	edgeCond("tiny < :v", nil, item{":v": n("2E-130")}, true),
	edgeCond("p38 > :v", nil, item{":v": n("1")}, true),
	edgeCond("p38 = :v", nil, item{":v": n("1.00000000000000000000000000000000000010")}, true),
	// Strings compare by UTF-8 bytes.
	edgeCond("e > :v", nil, item{":v": s("z")}, true),
	edgeCond("emoji > :v", nil, item{":v": s("\uffff")}, true),
	edgeCond("cjk < :v", nil, item{":v": s("\uff61")}, true),
	// ADD at the edge of precision.
	upd("ADD big :one", nil, item{":one": n("1")}, ""),
	upd("ADD big :v", nil, item{":v": n("-100000000000000000000000000000000000000")}, ""),
	upd("ADD p38 :v", nil, item{":v": n("1E-37")}, ""),
	real(upd("ADD p38 :v", nil, item{":v": n("1E-38")}, validation), localItemMessages, "Attempting to store more than 38 significant digits in a Number"),
	{Name: "a difference of zero", LocalDiffers: localArithmeticZero, Want: &dynamodb.UpdateItemOutput{Attributes: item{"zero": n("0")}},
		In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: k2, UpdateExpression: str("SET zero = :t - :t"),
			ExpressionAttributeValues: item{":t": n("1E-130")}, ReturnValues: types.ReturnValueUpdatedNew}},
	upd("SET huge = :a + :a", nil, item{":a": n("9E+125")}, validation),
	upd("SET #ab = :v, #a.#b = :w", map[string]string{"#ab": "a.b", "#a": "a", "#b": "b"}, item{":v": s("D"), ":w": s("N")}, ""),
	// Projections of nested paths.
	proj("l[0].y[1], l[2], a.b, #ab", map[string]string{"#ab": "a.b"}),
	proj("l[1], l[0].x", nil),
	proj("l[5], nope.x, a.nope", nil),
	proj("#s, #c", map[string]string{"#s": "size", "#c": "contains"}),
	proj("size, convert", nil),
	{Name: "projection of a keyword", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: str("l, between")}},
	{Name: "projection with a reserved word", Err: validation, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: str("a.status")}},
	{Name: "query projection", In: &dynamodb.QueryInput{TableName: str("T"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: pkA,
		ProjectionExpression: str("l[0].y, l[2][0], a.b, sk")}},
	{Name: "scan projection", In: &dynamodb.ScanInput{TableName: str("T"), ProjectionExpression: str("l[0], #ab, a"), ExpressionAttributeNames: map[string]string{"#ab": "a.b"}}},
	{Name: "batch get projection", In: &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"T": {Keys: []item{key1},
		ProjectionExpression: str("l[2][1], a.#b"), ExpressionAttributeNames: map[string]string{"#b": "b"}}}}},
	{Name: "transact get projection", In: &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{{Get: &types.Get{TableName: str("T"), Key: key1,
		ProjectionExpression: str("l[0].y[0], l[1]")}}}}},
	// Reserved words and keywords in each kind of expression.
	upd("SET size = size + :one", nil, item{":one": n("1")}, ""),
	upd("REMOVE convert", nil, nil, ""),
	upd("SET status = :v", nil, item{":v": s("x")}, validation),
	upd("SET a.status = :v", nil, item{":v": s("x")}, validation),
	upd("SET v = size(l)", nil, nil, validation),
	upd("SET v = if_not_exists(size, :v)", nil, item{":v": n("0")}, ""),
	upd("SET and = :v", nil, item{":v": n("0")}, validation),
	upd("set lower = :v remove z", nil, item{":v": s("keywords in any case")}, validation),
	upd("set #lower = :v remove z", map[string]string{"#lower": "lower"}, item{":v": s("keywords in any case")}, ""),
	failing(query("reserved word in a key condition", "pk = :p AND data = :s", withValues(item{":s": n("1")}), func(in *dynamodb.QueryInput) {
		in.TableName = str("T")
	}), validation),
	real(failing(query("function name in a key condition", "pk = :p AND size = :s", withValues(item{":s": n("1")}), func(in *dynamodb.QueryInput) {
		in.TableName = str("T")
	}), validation), localQueryMissedKey, "Query condition missed key schema element: sk"),
	{Name: "reserved word in a filter", Err: validation, In: &dynamodb.ScanInput{TableName: str("T"), FilterExpression: str("data = :v"),
		ExpressionAttributeValues: item{":v": s("x")}}},
	{Name: "function name in a filter", In: &dynamodb.ScanInput{TableName: str("T"), FilterExpression: str("size > :v AND contains(contains, :c)"),
		ExpressionAttributeValues: item{":v": n("1"), ":c": s("c")}}},
	get("final item", key1),
}}

// binarySortKeys checks Query and Scan order of binary sort keys (unsigned
// bytes) and string sort keys outside ASCII (UTF-8 bytes).
var binarySortKeys = Scenario{Name: "BinaryAndUnicodeSortKeys", Steps: []Step{
	{Name: "create B", In: &dynamodb.CreateTableInput{TableName: str("B"),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeB), attrDef("sk", types.ScalarAttributeTypeB)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		BillingMode:          types.BillingModePayPerRequest}},
	{Name: "create U", In: &dynamodb.CreateTableInput{TableName: str("U"),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeS)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		BillingMode:          types.BillingModePayPerRequest}},
	{Name: "binary keys", In: &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"B": {
		putReq(item{"pk": b("p"), "sk": b("\x00")}), putReq(item{"pk": b("p"), "sk": b("\x00\x00")}), putReq(item{"pk": b("p"), "sk": b("\x01")}),
		putReq(item{"pk": b("p"), "sk": b("\x7f")}), putReq(item{"pk": b("p"), "sk": b("\x80")}), putReq(item{"pk": b("p"), "sk": b("\xff")}),
		putReq(item{"pk": b("p"), "sk": b("\xff\x00")}), putReq(item{"pk": b("p"), "sk": b("a")}),
	}}}},
	{Name: "string keys", In: &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"U": {
		putReq(item{"pk": s("p"), "sk": s("z")}), putReq(item{"pk": s("p"), "sk": s("é")}), putReq(item{"pk": s("p"), "sk": s("😀")}),
		putReq(item{"pk": s("p"), "sk": s("\uffff")}), putReq(item{"pk": s("p"), "sk": s("中")}), putReq(item{"pk": s("p"), "sk": s("Z")}),
		putReq(item{"pk": s("p"), "sk": s("e\u0301")}), putReq(item{"pk": s("p"), "sk": s("\u007f")}),
	}}}},
	{Name: "binary order", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": b("p")}}},
	{Name: "binary order backwards", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": b("p")},
		ScanIndexForward: new(false)}},
	{Name: "binary range", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": b("p"), ":a": b("\x00\x00"), ":b": b("\x80")}}},
	{Name: "binary prefix", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND begins_with(sk, :a)"),
		ExpressionAttributeValues: item{":p": b("p"), ":a": b("\xff")}}},
	{Name: "binary greater", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND sk > :a"),
		ExpressionAttributeValues: item{":p": b("p"), ":a": b("\x7f")}}},
	{Name: "binary page", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": b("p")},
		Limit: new(int32(3)), ExclusiveStartKey: item{"pk": b("p"), "sk": b("\x01")}}},
	{Name: "binary reversed bounds", Err: validation, In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": b("p"), ":a": b("\x80"), ":b": b("\x01")}}},
	{Name: "string order", In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": s("p")}}},
	{Name: "string range", In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": s("p"), ":a": s("z"), ":b": s("\uffff")}}},
	{Name: "string prefix", In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p AND begins_with(sk, :a)"),
		ExpressionAttributeValues: item{":p": s("p"), ":a": s("e")}}},
	{Name: "string reversed bounds", Err: validation, In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": s("p"), ":a": s("😀"), ":b": s("\uffff")}}},
	{Name: "string filter", In: &dynamodb.ScanInput{TableName: str("U"), FilterExpression: str("sk > :a"), ExpressionAttributeValues: item{":a": s("\uff00")}}},
}}

func TestExpressionEdges(t *testing.T) {
	Run(t, []Scenario{expressionEdges, binarySortKeys})
}
