package difftest

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// DynamoDB Local's limits on what a request's placeholders stand for,
// beyond the 2 MB on all of them (SubstitutionLimits), probed on DynamoDB
// Local (AWS documents none of them):
//   - an expression once its placeholders are replaced, its text plus the
//     name or value each one stands for at every use, is at most 1 MB;
//   - the names and values an update expression's SET and ADD actions
//     write, counted before the item is read, are at most 400 KB;
//   - a list or map given on its own (an expression attribute value, a
//     PartiQL parameter, a legacy condition's value) fits in an item, and
//     so does a legacy Expected, counted as an item;
//   - a key condition's sort key value is at most 1,024 bytes, as an item's.
//
// PartiQL statements and legacy parameters render to expressions that are
// not held to the first two; a statement's sort key values are not held to
// the last.

var zKey = item{"pk": av.S("p"), "sk": av.S("s")}

const (
	// megabyte is the limit on an expression with its substitutions.
	megabyte = 1 << 20
	// itemLimit is the limit on an item, and on what an update writes.
	itemLimit = 400 * 1024
)

const (
	errExpressionSize = "Expression size has exceeded the maximum allowed size;"
	errUpdateSize     = "Item size to update has exceeded the maximum allowed size"
	errDocumentSize   = "Item size has exceeded the maximum allowed size"
	errSortValueSize  = invalidParams + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
)

// updateZ is an UpdateItem of zKey.
func updateZ(name, update, cond string, values item) Step {
	in := &dynamodb.UpdateItemInput{TableName: str("Z"), Key: zKey, UpdateExpression: str(update), ExpressionAttributeValues: values}
	if cond != "" {
		in.ConditionExpression = str(cond)
	}
	return Step{Name: name, In: in}
}

// queryZ is a Query of partition p of Z under key condition "pk = :p AND
// sortCond", with values besides :p (unless values holds another).
func queryZ(name, sortCond string, values item) Step {
	if values[":p"] == nil {
		values[":p"] = av.S("p")
	}
	return Step{Name: name, In: &dynamodb.QueryInput{TableName: str("Z"), KeyConditionExpression: str("pk = :p AND " + sortCond),
		ExpressionAttributeValues: values}}
}

// statementZ is an ExecuteStatement on Z.
func statementZ(name, statement string, params ...types.AttributeValue) Step {
	return Step{Name: name, In: &dynamodb.ExecuteStatementInput{Statement: str(strings.ReplaceAll(statement, "Z", `"Z"`)), Parameters: params}}
}

// expectedZ is a PutItem of zKey under the legacy Expected exp.
func expectedZ(name string, exp map[string]types.ExpectedAttributeValue) Step {
	return Step{Name: name, In: &dynamodb.PutItemInput{TableName: str("Z"), Item: zKey, Expected: exp}}
}

// failingWith is st failing with a ValidationException and message.
func failingWith(st Step, message string) Step {
	st.Err, st.Message = validation, message
	return st
}

// listOf is a list holding a string of n bytes.
func listOf(n int) types.AttributeValue { return av.L(long(n)) }

var one = av.N("1")

// Table Z is keyed by the strings pk and sk; item zKey holds a number z, a
// map m and a string set ss.
var substitutedSizeLimits = Scenario{Name: "SubstitutedSizeLimits", Steps: []Step{
	{Name: "create Z", In: &dynamodb.CreateTableInput{TableName: str("Z"), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeS)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)}}},
	{Name: "an item", In: &dynamodb.PutItemInput{TableName: str("Z"), Item: item{"pk": av.S("p"), "sk": av.S("s"), "z": av.N("1"),
		"m": av.M(item{"q": av.N("1")}), "ss": av.SS("a")}}},
	// "a = :v OR z = :one" is 18 bytes, and :one stands for 2.
	updateZ("a condition of 1 MB with its values", "SET y = :one", "a = :v OR z = :one", item{":one": one, ":v": long(megabyte - 20)}),
	failingWith(updateZ("a condition of 1 MB and a byte with its values", "SET y = :one", "a = :v OR z = :one", item{":one": one, ":v": long(megabyte - 19)}),
		"Invalid ConditionExpression: "+errExpressionSize),
	failing(updateZ("a value counts at each use", "SET y = :one", "a = :v OR b = :v OR z <> :one", item{":one": one, ":v": long((megabyte - 31) / 2)}),
		"ConditionalCheckFailedException"),
	failingWith(updateZ("a value counts at each use, over", "SET y = :one", "a = :v OR b = :v OR z <> :one", item{":one": one, ":v": long((megabyte-31)/2 + 1)}),
		"Invalid ConditionExpression: "+errExpressionSize),
	failing(updateZ("a list counts as an item's attribute", "SET y = :one", "a = :v OR a = :v OR a = :v OR a = :v",
		item{":one": one, ":v": listOf((megabyte-36)/4 - 4)}), "ConditionalCheckFailedException"),
	failingWith(updateZ("a list counts as an item's attribute, over", "SET y = :one", "a = :v OR a = :v OR a = :v OR a = :v",
		item{":one": one, ":v": listOf((megabyte-36)/4 - 3)}), "Invalid ConditionExpression: "+errExpressionSize),
	failingWith(Step{Name: "a name counts at each use", In: &dynamodb.GetItemInput{TableName: str("Z"), Key: zKey,
		ProjectionExpression: str(strings.Repeat("#n.", 15) + "#n"), ExpressionAttributeNames: map[string]string{"#n": strings.Repeat("n", 65535)}}},
		"Invalid ProjectionExpression: "+errExpressionSize),
	failingWith(updateZ("an update expression over 1 MB", "SET y = if_not_exists(z, :v)", "", item{":v": long(megabyte)}),
		"Invalid UpdateExpression: "+errExpressionSize),
	failingWith(queryZ("a key condition over 1 MB", "sk < :v", item{":v": long(megabyte)}), "Invalid KeyConditionExpression: "+errExpressionSize),
	failingWith(Step{Name: "a filter over 1 MB", In: &dynamodb.ScanInput{TableName: str("Z"), FilterExpression: str("a = :v"),
		ExpressionAttributeValues: item{":v": long(megabyte)}}}, "Invalid FilterExpression: "+errExpressionSize),
	failingWith(Step{Name: "a filter over 1 MB before the key condition over it", In: &dynamodb.QueryInput{TableName: str("Z"),
		KeyConditionExpression: str("pk = :p AND sk < :v"), FilterExpression: str("a = :v"), ExpressionAttributeValues: item{":p": av.S("p"), ":v": long(megabyte)}}},
		"Invalid FilterExpression: "+errExpressionSize),
	failingWith(updateZ("the size after the operands' types", "SET y = :one", "a = :v AND begins_with(a, :one)", item{":one": one, ":v": long(megabyte)}),
		"Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
	failingWith(updateZ("the size before unused values", "SET y = :one", "a = :v", item{":one": one, ":v": long(megabyte), ":u": one}),
		"Invalid ConditionExpression: "+errExpressionSize),
	failingWith(Step{Name: "a transaction's condition over 1 MB fails it whole", In: &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: str("Z"), Item: item{"pk": av.S("t"), "sk": av.S("t")}}},
		{ConditionCheck: &types.ConditionCheck{TableName: str("Z"), Key: zKey, ConditionExpression: str("a = :v"), ExpressionAttributeValues: item{":v": long(megabyte)}}}}}},
		"Invalid ConditionExpression: "+errExpressionSize),
	failing(statementZ("a statement's parameters are not substituted", "UPDATE Z SET y = 1 WHERE pk = 'p' AND sk = 's' AND (a = ? OR a = ? OR a = ?)",
		long(400000), long(400000), long(400000)), "ConditionalCheckFailedException"),
	{Name: "nor are a legacy filter's values", In: &dynamodb.ScanInput{TableName: str("Z"), ScanFilter: map[string]types.Condition{
		"a": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{long(600000)}},
		"b": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{long(600000)}}}}},

	// What an update writes: "y" and the value if_not_exists could write,
	// though z exists.
	updateZ("an update writing 400 KB", "SET y = if_not_exists(z, :v)", "", item{":v": long(itemLimit - 1)}),
	failingWith(updateZ("an update writing 400 KB and a byte", "SET y = if_not_exists(z, :v)", "", item{":v": long(itemLimit)}), errUpdateSize),
	updateZ("an update writing 400 KB along a path", "SET m.q = if_not_exists(z, :v)", "", item{":v": long(itemLimit - 2)}),
	failingWith(updateZ("an update writing 400 KB and a byte along a path", "SET m.q = if_not_exists(z, :v)", "", item{":v": long(itemLimit - 1)}), errUpdateSize),
	updateZ("a value an update writes twice", "SET y = if_not_exists(z, :v), w = if_not_exists(z, :v)", "", item{":v": long(itemLimit/2 - 1)}),
	failingWith(updateZ("a value an update writes twice, over", "SET y = if_not_exists(z, :v), w = if_not_exists(z, :v)", "", item{":v": long(itemLimit / 2)}), errUpdateSize),
	failingWith(updateZ("ADD writes", "SET y = if_not_exists(z, :v) ADD ss :w", "", item{":v": long(itemLimit / 2), ":w": av.SS(strings.Repeat("w", itemLimit/2))}), errUpdateSize),
	updateZ("DELETE and REMOVE do not", "SET y = if_not_exists(z, :v) DELETE ss :w REMOVE w", "",
		item{":v": long(itemLimit - 1), ":w": av.SS(strings.Repeat("w", itemLimit))}),
	failingWith(updateZ("what an update writes before its condition", "SET y = if_not_exists(z, :v)", "a = :w OR", item{":v": long(itemLimit)}), errUpdateSize),
	failingWith(updateZ("an update expression's size before what it writes", "SET y = if_not_exists(z, :v)", "", item{":v": long(megabyte - 27)}),
		"Invalid UpdateExpression: "+errExpressionSize),
	failingWith(Step{Name: "a transaction's update writing over 400 KB fails it whole", In: &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: str("Z"), Item: item{"pk": av.S("t"), "sk": av.S("t")}}},
		{Update: &types.Update{TableName: str("Z"), Key: zKey, UpdateExpression: str("SET y = if_not_exists(z, :v)"), ExpressionAttributeValues: item{":v": long(itemLimit)}}}}}},
		errUpdateSize),
	statementZ("a statement's update is not counted", "UPDATE Z SET y = if_not_exists(z, ?) WHERE pk = 'p' AND sk = 's'", long(itemLimit)),

	// Lists and maps given on their own.
	failing(updateZ("a list value of an item's size", "SET y = :one", "a = :v", item{":one": one, ":v": listOf(itemLimit)}), "ConditionalCheckFailedException"),
	failingWith(updateZ("a list value over an item's size", "SET y = :one", "a = :v", item{":one": one, ":v": listOf(itemLimit + 1)}),
		"ExpressionAttributeValues contains invalid value: "+errDocumentSize+" for key :v"),
	failing(updateZ("a map value of an item's size", "SET y = :one", "a = :v", item{":one": one, ":v": av.M(item{"kk": long(itemLimit - 2)})}),
		"ConditionalCheckFailedException"),
	failingWith(updateZ("a map value over an item's size", "SET y = :one", "a = :v", item{":one": one, ":v": av.M(item{"kk": long(itemLimit - 1)})}),
		"ExpressionAttributeValues contains invalid value: "+errDocumentSize+" for key :v"),
	failingWith(updateZ("a nested list counts as an attribute", "SET y = :one", "a = :v", item{":one": one, ":v": av.L(long(itemLimit-2), av.L())}),
		"ExpressionAttributeValues contains invalid value: "+errDocumentSize+" for key :v"),
	failingWith(updateZ("a list value over an item's size before a syntax error", "SET y = :one", "a = :v OR", item{":one": one, ":v": listOf(itemLimit + 1)}),
		"ExpressionAttributeValues contains invalid value: "+errDocumentSize+" for key :v"),
	failing(updateZ("a string value over an item's size", "SET y = :one", "a = :v", item{":one": one, ":v": long(itemLimit + 1)}), "ConditionalCheckFailedException"),
	failingWith(statementZ("a list parameter over an item's size", "SELECT * FROM Z WHERE pk = 'p' AND a = ?", listOf(itemLimit+1)), errDocumentSize),
	failingWith(statementZ("a list parameter over an item's size before the next parameter's mistake", "SELECT * FROM Z WHERE pk = ? AND a = ?",
		listOf(itemLimit+1), &types.AttributeValueMemberSS{}), errDocumentSize),
	failingWith(Step{Name: "a legacy condition's list value over an item's size", In: &dynamodb.PutItemInput{TableName: str("Z"), Item: zKey,
		Expected: map[string]types.ExpectedAttributeValue{"a": {Value: listOf(itemLimit + 1)}}}}, errDocumentSize),

	// A legacy Expected counts as an item: each attribute's name, once, and
	// the values it is compared with.
	failing(expectedZ("a legacy condition's value of an item's size", map[string]types.ExpectedAttributeValue{"a": {Value: long(itemLimit - 1)}}),
		"ConditionalCheckFailedException"),
	failingWith(expectedZ("a legacy condition's value over an item's size", map[string]types.ExpectedAttributeValue{"a": {Value: long(itemLimit)}}),
		errDocumentSize),
	failing(expectedZ("a legacy condition's bounds of an item's size", map[string]types.ExpectedAttributeValue{"a": {ComparisonOperator: types.ComparisonOperatorBetween,
		AttributeValueList: []types.AttributeValue{long(itemLimit/2 - 1), av.S(strings.Repeat("y", itemLimit/2-1))}}}), "ConditionalCheckFailedException"),
	failingWith(expectedZ("a legacy condition's bounds over an item's size", map[string]types.ExpectedAttributeValue{"a": {ComparisonOperator: types.ComparisonOperatorBetween,
		AttributeValueList: []types.AttributeValue{long(itemLimit / 2), av.S(strings.Repeat("y", itemLimit/2))}}}), errDocumentSize),
	// Each attribute's values are checked before its size is added (the
	// attributes come in the order the request lists them, which Go's
	// maps do not keep, so one attribute shows it).
	failingWith(expectedZ("a legacy condition's values before its size", map[string]types.ExpectedAttributeValue{"a": {
		ComparisonOperator: types.ComparisonOperatorIn, AttributeValueList: []types.AttributeValue{long(itemLimit), av.SS()}}}),
		invalidParams+"An string set  may not be empty"),

	// A key condition's sort key value.
	queryZ("a sort key value of 1024 bytes", "sk = :s", item{":s": long(1024)}),
	failingWith(queryZ("a sort key value of 1025 bytes", "sk = :s", item{":s": long(1025)}), errSortValueSize),
	failingWith(queryZ("a sort key value of 1026 bytes in 513 characters", "sk = :s", item{":s": av.S(strings.Repeat("é", 513))}), errSortValueSize),
	failingWith(queryZ("a sort key prefix of 1025 bytes", "begins_with(sk, :s)", item{":s": long(1025)}), errSortValueSize),
	failingWith(queryZ("a sort key bound of 1025 bytes", "sk BETWEEN :a AND :s", item{":a": av.S("a"), ":s": long(1025)}), errSortValueSize),
	queryZ("sort key bounds of 600 bytes each", "sk BETWEEN :a AND :s", item{":a": long(600), ":s": av.S(strings.Repeat("y", 600))}),
	failingWith(queryZ("a sort key value's size before its type", "sk = :s", item{":s": av.B(strings.Repeat("b", 1025))}), errSortValueSize),
	queryZ("a partition key value of any size", "sk = :s", item{":s": av.S("s"), ":p": long(5000)}),
	statementZ("a statement's sort key value of any size", "SELECT * FROM Z WHERE pk = 'p' AND sk = ?", long(1025)),
	{Name: "what the refused requests left", In: &dynamodb.GetItemInput{TableName: str("Z"), Key: zKey, ConsistentRead: aws.Bool(true)}},
}}
