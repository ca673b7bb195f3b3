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

func TestTransactionKeys(t *testing.T) {
	Run(t, []Scenario{transactionKeys})
}
