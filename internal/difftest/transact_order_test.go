package difftest

import (
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// Actions of TransactWriteItems on table S (hashTable), for the order of
// checks.
var (
	// oversized has 2 MB and a byte of ExpressionAttributeValues.
	oversized = types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str("S"), Key: item{"pk": av.S("big")},
		ConditionExpression: str("a IN (:v0, :v1, :v2)"), ExpressionAttributeValues: substitutions(3, 2<<20+1)}}
	// mistyped compares a number set with <=.
	mistyped = types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str("S"), Key: item{"pk": av.S("a")},
		ConditionExpression: str(":a <= b"), ExpressionAttributeValues: item{":a": av.NS("1")}}}
	// unparsable has a condition cut short.
	unparsable = types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str("S"), Key: item{"pk": av.S("a")},
		ConditionExpression: str("a <= ")}}
	// tableless checks an item of a table that does not exist.
	tableless = types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str("Absent"), Key: item{"pk": av.S("a")},
		ConditionExpression: str("attribute_exists(a)")}}
	// wrongKey has a key of the wrong type: an invalid item.
	wrongKey = types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str("S"), Key: item{"pk": av.N("1")},
		ConditionExpression: str("attribute_exists(a)")}}
)

// exists is a ConditionCheck that item pk has attribute a.
func exists(pk string) types.TransactWriteItem {
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str("S"), Key: item{"pk": av.S(pk)},
		ConditionExpression: str("attribute_exists(a)")}}
}

// largePuts are n puts into S of 380 KB items, the last of them with
// condition cond when it is set.
func largePuts(n int, cond string) []types.TransactWriteItem {
	puts := bigPuts(n)
	if cond != "" {
		puts[n-1].Put.ConditionExpression = str(cond)
	}
	return puts
}

// exceedsPayload is the error of eleven largePuts.
const exceedsPayload = "Transaction payload size cannot exceed 4MB. Payload Size: 4280365"

// transactionCheckOrder checks the order in which TransactWriteItems
// checks its actions, as DynamoDB Local does: one action after the other,
// each whole (its substitutions' size, its expressions, then the payload
// so far) before the next; then a table that does not exist, two actions on
// one item, and last the items' own values, which cancel the transaction
// once the other actions' conditions are evaluated.
var transactionCheckOrder = Scenario{Name: "TransactionCheckOrder", Steps: []Step{
	hashTable("S"),
	{Name: "an item with a", In: &dynamodb.PutItemInput{TableName: str("S"), Item: item{"pk": av.S("x"), "a": av.S("1")}}},
	failingWith(transactWrite("a mistyped condition before oversized values", mistyped, oversized),
		"Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <=, operand type: NS"),
	failingWith(transactWrite("oversized values before a mistyped condition", oversized, mistyped), "ExpressionAttributeValues exceeds max size"),
	failingWith(transactWrite("a syntax error before oversized values", unparsable, oversized),
		`Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "<= "`),
	failingWith(transactWrite("a mistyped condition before the payload", append([]types.TransactWriteItem{mistyped}, largePuts(11, "")...)...),
		"Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <=, operand type: NS"),
	failingWith(transactWrite("the payload before a later mistyped condition", append(largePuts(11, ""), mistyped)...), exceedsPayload),
	failingWith(transactWrite("an action's syntax error before the payload it crosses", largePuts(11, "a <=")...),
		`Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "<="`),
	failingWith(transactWrite("a missing table after oversized values", tableless, oversized), "ExpressionAttributeValues exceeds max size"),
	failingWith(transactWrite("a missing table after the payload", append([]types.TransactWriteItem{tableless}, largePuts(11, "")...)...),
		"Transaction payload size cannot exceed 4MB. Payload Size: 4280387"),
	failingWith(transactWrite("a wrong key type after oversized values", wrongKey, oversized), "ExpressionAttributeValues exceeds max size"),
	failingWith(transactWrite("two actions on one item after a syntax error", exists("x"), exists("x"), unparsable),
		`Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "<= "`),
	failingWith(transactWrite("two actions on one item after oversized values", exists("x"), exists("x"), oversized), "ExpressionAttributeValues exceeds max size"),
	differs(failing(transactWrite("a missing table before two actions on one item", exists("x"), exists("x"), tableless), "ResourceNotFoundException"),
		localTransactionOrder),
	failing(transactWrite("a missing table before two actions on one item whose conditions fail", exists("y"), exists("y"), tableless), "ResourceNotFoundException"),
	failing(transactWrite("a missing table before a wrong key type", wrongKey, tableless), "ResourceNotFoundException"),
	failingWith(transactWrite("two actions on one item before a wrong key type", exists("x"), exists("x"), wrongKey),
		"Transaction request cannot include multiple operations on one item"),
	// The other actions' conditions are evaluated: their reasons tell
	// which failed. DynamoDB Local words the wrong key type's reason
	// differently (localKeyMessages).
	unkept(cancelled(transactWrite("a wrong key type, a condition met and one not", wrongKey, exists("x"), exists("y")),
		"ValidationError, None, ConditionalCheckFailed"), "Message"),
	unkept(cancelled(transactWrite("a condition not met and a wrong key type", exists("y"), wrongKey), "ConditionalCheckFailed, ValidationError"), "Message"),
	real(failing(transactWrite("too many actions before oversized values", append([]types.TransactWriteItem{oversized}, manyChecks(100)...)...), validation),
		localShapeValidation, "1 validation error detected: Member must have length less than or equal to 100"),
	{Name: "nothing was written", In: &dynamodb.GetItemInput{TableName: str("S"), Key: item{"pk": av.S("0")}, ConsistentRead: aws.Bool(true)},
		Want: &dynamodb.GetItemOutput{}},
}}

// cancelled is st cancelling its transaction with reasons, the codes of
// its CancellationReasons.
func cancelled(st Step, reasons string) Step {
	st.Err = "TransactionCanceledException"
	st.Message = "Transaction cancelled, please refer cancellation reasons for specific reasons [" + reasons + "]"
	return st
}

// differs is st, whose answer from DynamoDB Local differs for reason why.
func differs(st Step, why string) Step {
	st.LocalDiffers = why
	return st
}

// unkept is st compared with DynamoDB Local without fields.
func unkept(st Step, fields ...string) Step {
	st.Unkept = fields
	return st
}

// manyChecks are n ConditionChecks of distinct items of S.
func manyChecks(n int) []types.TransactWriteItem {
	checks := make([]types.TransactWriteItem, n)
	for i := range checks {
		checks[i] = exists("item-" + strconv.Itoa(i))
	}
	return checks
}

func TestTransactionCheckOrder(t *testing.T) { Run(t, []Scenario{transactionCheckOrder}) }
