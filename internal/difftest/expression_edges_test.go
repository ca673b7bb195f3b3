package difftest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// edgeItem is the item the expression edge scenarios read and update: a
// name with a dot, names that are function names or keywords, nested
// lists and maps, numbers at the edge of DynamoDB's precision and strings
// outside ASCII.
var edgeItem = item{
	"pk": av.S("a"), "sk": av.N("1"), "a.b": av.S("dotted"), "a": av.M(item{"b": av.S("nested")}),
	"size": av.N("3"), "contains": av.S("c"), "convert": av.S("v"), "and_more": av.S("x"),
	"l":   av.L(av.M(item{"x": av.N("1"), "y": av.L(av.S("p"), av.S("q"))}), av.S("second"), av.L(av.N("7"), av.N("8"))),
	"big": av.N("99999999999999999999999999999999999999"), "tiny": av.N("1E-130"), "p38": av.N("1.0000000000000000000000000000000000001"),
	"e": av.S("é"), "z": av.S("z"), "emoji": av.S("😀"), "cjk": av.S("中"),
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
	out := item{":touched": av.Bool(true)}
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
		values[phs[i]] = av.N(strconv.Itoa(1000 + i))
	}
	if hit {
		values[":v"+strconv.Itoa(count-1)] = av.N("3")
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
	edgeCond("#ab = :v", map[string]string{"#ab": "a.b"}, item{":v": av.S("dotted")}, true),
	edgeCond("a.b = :v", nil, item{":v": av.S("nested")}, true),
	edgeCond("#a.#b = :v", map[string]string{"#a": "a", "#b": "b"}, item{":v": av.S("nested")}, true),
	edgeCond("#a.b = :v", map[string]string{"#a": "a.b"}, item{":v": av.S("dotted")}, false),
	edgeCond("size(size) = :v", nil, item{":v": av.N("1")}, false),
	edgeCond("size = :v", nil, item{":v": av.N("3")}, true),
	edgeCond("contains(contains, :v)", nil, item{":v": av.S("c")}, true),
	edgeCond("attribute_exists(convert) AND attribute_exists(and_more)", nil, nil, true),
	edgeCond("begins_with(begins_with, :v)", nil, item{":v": av.S("x")}, false),
	edgeCond("attribute_type(attribute_type, :t)", nil, item{":t": av.S("S")}, false),
	edgeCond("SIZE(size) = :v", nil, item{":v": av.N("1")}, false, validation),
	edgeCond("attribute_exists(and)", nil, nil, false, validation),
	edgeCond("attribute_exists(#and)", map[string]string{"#and": "and"}, nil, false),
	edgeCond("attribute_exists(between.x)", nil, nil, false, validation),
	edgeCond("attribute_exists(a.size)", nil, nil, false),
	edgeCond("attribute_exists(a.status)", nil, nil, false, validation),
	edgeCond("attribute_exists(a.#s)", map[string]string{"#s": "status"}, nil, false),
	edgeCond("size(l[0].y) = :v", nil, item{":v": av.N("2")}, true),
	edgeCond("l[0].y[1] = :v", nil, item{":v": av.S("q")}, true),
	edgeCond("l[2][1] = :v", nil, item{":v": av.N("8")}, true),
	edgeCond("l[1].x = :v", nil, item{":v": av.N("8")}, false),
	edgeCond("NOT(size = :v)", nil, item{":v": av.N("3")}, false),
	edgeCond("(size) = :v", nil, item{":v": av.N("3")}, true),
	edgeCond("not size = :v or size > :v", nil, item{":v": av.N("3")}, false),
	// IN lists of up to 100 operands.
	edgeCond(in100, nil, in100Values, true),
	edgeCond(in100Miss, nil, in100MissValues, false),
	edgeCond(in101, nil, in101Values, false, validation),
	// BETWEEN bounds.
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": av.N("3"), ":hi": av.N("3")}, true),
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": av.N("4"), ":hi": av.N("2")}, false, validation),
	edgeCond("z BETWEEN :lo AND :hi", nil, item{":lo": av.S("z"), ":hi": av.S("a")}, false, validation),
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": av.N("1"), ":hi": av.S("9")}, false, validation),
	edgeCond("size BETWEEN :lo AND :hi", nil, item{":lo": av.S("1"), ":hi": av.S("9")}, false),
	// Numbers at the edge of precision.
	edgeCond("big = :v", nil, item{":v": av.N("9.9999999999999999999999999999999999999E+37")}, true),
	edgeCond("big < :v", nil, item{":v": av.N("100000000000000000000000000000000000000")}, true),
	edgeCond("tiny > :v", nil, item{":v": av.N("0")}, true),
	edgeCond("tiny < :v", nil, item{":v": av.N("2E-130")}, true),
	edgeCond("p38 > :v", nil, item{":v": av.N("1")}, true),
	edgeCond("p38 = :v", nil, item{":v": av.N("1.00000000000000000000000000000000000010")}, true),
	// Strings compare by UTF-8 bytes.
	edgeCond("e > :v", nil, item{":v": av.S("z")}, true),
	edgeCond("emoji > :v", nil, item{":v": av.S("\uffff")}, true),
	edgeCond("cjk < :v", nil, item{":v": av.S("\uff61")}, true),
	// ADD at the edge of precision.
	upd("ADD big :one", nil, item{":one": av.N("1")}, ""),
	upd("ADD big :v", nil, item{":v": av.N("-100000000000000000000000000000000000000")}, ""),
	upd("ADD p38 :v", nil, item{":v": av.N("1E-37")}, ""),
	real(upd("ADD p38 :v", nil, item{":v": av.N("1E-38")}, validation), localItemMessages, "Attempting to store more than 38 significant digits in a Number"),
	{Name: "a difference of zero", LocalDiffers: localArithmeticZero, Want: &dynamodb.UpdateItemOutput{Attributes: item{"zero": av.N("0")}},
		In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: k2, UpdateExpression: str("SET zero = :t - :t"),
			ExpressionAttributeValues: item{":t": av.N("1E-130")}, ReturnValues: types.ReturnValueUpdatedNew}},
	upd("SET huge = :a + :a", nil, item{":a": av.N("9E+125")}, validation),
	upd("SET #ab = :v, #a.#b = :w", map[string]string{"#ab": "a.b", "#a": "a", "#b": "b"}, item{":v": av.S("D"), ":w": av.S("N")}, ""),
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
	upd("SET size = size + :one", nil, item{":one": av.N("1")}, ""),
	upd("REMOVE convert", nil, nil, ""),
	upd("SET status = :v", nil, item{":v": av.S("x")}, validation),
	upd("SET a.status = :v", nil, item{":v": av.S("x")}, validation),
	upd("SET v = size(l)", nil, nil, validation),
	upd("SET v = if_not_exists(size, :v)", nil, item{":v": av.N("0")}, ""),
	upd("SET and = :v", nil, item{":v": av.N("0")}, validation),
	upd("set lower = :v remove z", nil, item{":v": av.S("keywords in any case")}, validation),
	upd("set #lower = :v remove z", map[string]string{"#lower": "lower"}, item{":v": av.S("keywords in any case")}, ""),
	failing(query("reserved word in a key condition", "pk = :p AND data = :s", withValues(item{":s": av.N("1")}), func(in *dynamodb.QueryInput) {
		in.TableName = str("T")
	}), validation),
	real(failing(query("function name in a key condition", "pk = :p AND size = :s", withValues(item{":s": av.N("1")}), func(in *dynamodb.QueryInput) {
		in.TableName = str("T")
	}), validation), localQueryMissedKey, "Query condition missed key schema element: sk"),
	{Name: "reserved word in a filter", Err: validation, In: &dynamodb.ScanInput{TableName: str("T"), FilterExpression: str("data = :v"),
		ExpressionAttributeValues: item{":v": av.S("x")}}},
	{Name: "function name in a filter", In: &dynamodb.ScanInput{TableName: str("T"), FilterExpression: str("size > :v AND contains(contains, :c)"),
		ExpressionAttributeValues: item{":v": av.N("1"), ":c": av.S("c")}}},
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
		putReq(item{"pk": av.B("p"), "sk": av.B("\x00")}), putReq(item{"pk": av.B("p"), "sk": av.B("\x00\x00")}), putReq(item{"pk": av.B("p"), "sk": av.B("\x01")}),
		putReq(item{"pk": av.B("p"), "sk": av.B("\x7f")}), putReq(item{"pk": av.B("p"), "sk": av.B("\x80")}), putReq(item{"pk": av.B("p"), "sk": av.B("\xff")}),
		putReq(item{"pk": av.B("p"), "sk": av.B("\xff\x00")}), putReq(item{"pk": av.B("p"), "sk": av.B("a")}),
	}}}},
	{Name: "string keys", In: &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"U": {
		putReq(item{"pk": av.S("p"), "sk": av.S("z")}), putReq(item{"pk": av.S("p"), "sk": av.S("é")}), putReq(item{"pk": av.S("p"), "sk": av.S("😀")}),
		putReq(item{"pk": av.S("p"), "sk": av.S("\uffff")}), putReq(item{"pk": av.S("p"), "sk": av.S("中")}), putReq(item{"pk": av.S("p"), "sk": av.S("Z")}),
		putReq(item{"pk": av.S("p"), "sk": av.S("e\u0301")}), putReq(item{"pk": av.S("p"), "sk": av.S("\u007f")}),
	}}}},
	{Name: "binary order", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": av.B("p")}}},
	{Name: "binary order backwards", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": av.B("p")},
		ScanIndexForward: new(false)}},
	{Name: "binary range", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": av.B("p"), ":a": av.B("\x00\x00"), ":b": av.B("\x80")}}},
	{Name: "binary prefix", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND begins_with(sk, :a)"),
		ExpressionAttributeValues: item{":p": av.B("p"), ":a": av.B("\xff")}}},
	{Name: "binary greater", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND sk > :a"),
		ExpressionAttributeValues: item{":p": av.B("p"), ":a": av.B("\x7f")}}},
	{Name: "binary page", In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": av.B("p")},
		Limit: new(int32(3)), ExclusiveStartKey: item{"pk": av.B("p"), "sk": av.B("\x01")}}},
	{Name: "binary reversed bounds", Err: validation, In: &dynamodb.QueryInput{TableName: str("B"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": av.B("p"), ":a": av.B("\x80"), ":b": av.B("\x01")}}},
	{Name: "string order", In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": av.S("p")}}},
	{Name: "string range", In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": av.S("p"), ":a": av.S("z"), ":b": av.S("\uffff")}}},
	{Name: "string prefix", In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p AND begins_with(sk, :a)"),
		ExpressionAttributeValues: item{":p": av.S("p"), ":a": av.S("e")}}},
	{Name: "string reversed bounds", Err: validation, In: &dynamodb.QueryInput{TableName: str("U"), KeyConditionExpression: str("pk = :p AND sk BETWEEN :a AND :b"),
		ExpressionAttributeValues: item{":p": av.S("p"), ":a": av.S("😀"), ":b": av.S("\uffff")}}},
	{Name: "string filter", In: &dynamodb.ScanInput{TableName: str("U"), FilterExpression: str("sk > :a"), ExpressionAttributeValues: item{":a": av.S("\uff00")}}},
}}

func TestExpressionEdges(t *testing.T) {
	Run(t, []Scenario{expressionEdges, binarySortKeys})
}
