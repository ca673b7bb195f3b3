package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// twPlainUpdate is a transactional update of key in T.
func twPlainUpdate(key item, update string, values item) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{TableName: str("T"), Key: key, UpdateExpression: str(update), ExpressionAttributeValues: values}}
}

// emptyKey is a key of T with an empty partition key value.
var emptyKey = item{"pk": av.S(""), "sk": av.N("1")}

// transactionKeys checks how transactions report invalid key values: an
// empty key value fails the whole request, a key of the wrong type or
// shape cancels the transaction with a ValidationError reason.
var transactionKeys = Scenario{Name: "TransactionKeys", Steps: []Step{
	indexedTable(true),
	put("an item", withKey(item{"g": av.S("x")})),
	pending(failing(Step{Name: "UpdateItem setting an empty index key", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: k1,
		UpdateExpression: str("SET g = :v"), ExpressionAttributeValues: item{":v": av.S("")}}}, validation), emptyIndexKeyUpdate),
	failing(transactWrite("put with an empty partition key", twPut(emptyKey, "")), validation),
	failing(transactWrite("put with an empty index key", twPut(withKey(item{"g": av.S("")}), "")), validation),
	failing(transactWrite("a valid put and one with an empty key", twPut(k2, ""), twPut(emptyKey, "")), validation),
	failing(transactWrite("delete with an empty key", twDelete(emptyKey)), validation),
	failing(transactWrite("update with an empty key", twPlainUpdate(emptyKey, "SET v = :v", item{":v": av.N("1")})), validation),
	pending(failing(transactWrite("update setting an empty index key", twPlainUpdate(k1, "SET g = :v", item{":v": av.S("")})), validation), emptyIndexKeyUpdate),
	failing(transactWrite("check with an empty key", twCheck(emptyKey, "attribute_exists(v)", nil)), validation),
	real(failing(transactWrite("put with an index key of the wrong type", twPut(withKey(item{"g": av.N("1")}), "")), "TransactionCanceledException"),
		localItemMessages, txValidationError),
	transactGet("nothing was written", k1, k2),
}}

// emptyIndexKeyUpdate is the pending difference of an update that sets an
// index key to an empty value.
const emptyIndexKeyUpdate = pendingWrite + "an update setting an index key to an empty value must say \"One or more parameter values are not valid. " +
	"The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute " +
	"cannot contain an empty string value.\" (DynamoDB Local, and AWS as captured by paritysuite/dynamodb-conformance); the engine gives PutItem's " +
	"\"A value specified for a secondary index key is not supported...\" message"

// transactionUpdates checks that an update that the item it finds makes
// invalid cancels the transaction (a ValidationError reason at its action,
// the other actions' reasons kept) rather than failing the request, and
// that an update's own mistake still fails the request. The steps that
// Compare check the rewrite of the engine's answer into DynamoDB Local's.
var transactionUpdates = Scenario{Name: "TransactionUpdates", Steps: []Step{
	indexedTable(false),
	put("an item", withKey(item{"v": av.S("text"), "big": av.N("9E125")})),
	real(failing(transactWrite("arithmetic on a string", twPut(k2, ""), twPlainUpdate(k1, "SET v = v + :o", item{":o": one})), "TransactionCanceledException"),
		localTransactUpdateItem, "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]"),
	real(failing(transactWrite("beside a failing check", twCheck(k2, "attribute_exists(v)", nil), twPlainUpdate(k1, "SET v.x = :o", item{":o": one})),
		"TransactionCanceledException"), localTransactUpdateItem,
		"Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, ValidationError]"),
	comparing(transactWrite("number overflow", twPlainUpdate(k1, "SET big = big + big", nil))),
	comparing(transactWrite("an attribute of a missing item", twPut(withKey(item{"pk": av.S("b")}), ""), twPlainUpdate(k2, "SET v = w + :o", item{":o": one}))),
	failing(transactWrite("a syntax error", twPlainUpdate(k1, "SET v = v +", nil)), validation),
	transactGet("nothing was written", k2, withKey(item{"pk": av.S("b")})),
}}

// comparing makes st a step compared with DynamoDB Local alone.
func comparing(st Step) Step {
	st.Compare = true
	return st
}

func TestTransactionKeys(t *testing.T) {
	Run(t, []Scenario{transactionKeys, transactionUpdates})
}
