package difftest

import (
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// putReq and delReq are BatchWriteItem requests.
func putReq(it item) types.WriteRequest {
	return types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
}

func delReq(key item) types.WriteRequest {
	return types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: key}}
}

// batchWrite and batchGet build batch steps.
func batchWrite(name string, reqs map[string][]types.WriteRequest) Step {
	return Step{Name: name, In: &dynamodb.BatchWriteItemInput{RequestItems: reqs}}
}

func batchGet(name string, reqs map[string]types.KeysAndAttributes) Step {
	return Step{Name: name, In: &dynamodb.BatchGetItemInput{RequestItems: reqs}}
}

// hashKeys returns n keys of the hash table P.
func hashKeys(n int) []item {
	keys := make([]item, n)
	for i := range keys {
		keys[i] = item{"pk": av.S("k" + strconv.Itoa(i))}
	}
	return keys
}

var batches = Scenario{Name: "Batches", Steps: []Step{
	hashRangeTable("T"), hashTable("P"),
	batchWrite("puts into two tables", map[string][]types.WriteRequest{
		"T": {putReq(item{"pk": av.S("a"), "sk": av.N("1"), "v": av.S("one")}), putReq(item{"pk": av.S("a"), "sk": av.N("2"), "v": av.S("two")})},
		"P": {putReq(item{"pk": av.S("x"), "n": av.N("1")}), putReq(item{"pk": av.S("y"), "n": av.N("2")}), putReq(item{"pk": av.S("z")})},
	}),
	{Name: "puts and deletes with capacity", Pending: pendingWrite + "BatchWriteItem reports 1 capacity unit for T's delete and put where DynamoDB Local reports 2", In: &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
		"T": {delReq(item{"pk": av.S("a"), "sk": av.N("2")}), putReq(item{"pk": av.S("b"), "sk": av.N("1")})},
		"P": {delReq(item{"pk": av.S("missing")})},
	}, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal, ReturnItemCollectionMetrics: types.ReturnItemCollectionMetricsSize}},
	batchGet("gets from two tables", map[string]types.KeysAndAttributes{
		"T": {Keys: []item{{"pk": av.S("a"), "sk": av.N("1")}, {"pk": av.S("a"), "sk": av.N("2")}, {"pk": av.S("b"), "sk": av.N("1")}}},
		"P": {Keys: []item{{"pk": av.S("x")}, {"pk": av.S("y")}, {"pk": av.S("nope")}}, ConsistentRead: aws.Bool(true)},
	}),
	batchGet("projection", map[string]types.KeysAndAttributes{
		"P": {Keys: []item{{"pk": av.S("x")}, {"pk": av.S("y")}}, ProjectionExpression: str("#n"), ExpressionAttributeNames: map[string]string{"#n": "n"}},
	}),
	batchGet("legacy AttributesToGet", map[string]types.KeysAndAttributes{
		"P": {Keys: []item{{"pk": av.S("x")}}, AttributesToGet: []string{"n"}},
	}),
	{Name: "capacity", In: &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		"P": {Keys: []item{{"pk": av.S("x")}, {"pk": av.S("y")}}},
		"T": {Keys: []item{{"pk": av.S("a"), "sk": av.N("1")}}, ConsistentRead: aws.Bool(true)},
	}, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}},
	failing(batchGet("duplicate keys", map[string]types.KeysAndAttributes{"P": {Keys: []item{{"pk": av.S("x")}, {"pk": av.S("x")}}}}), validation),
	real(failing(batchGet("no tables", map[string]types.KeysAndAttributes{}), validation), localModelValidation,
		"The requestItems parameter is required for BatchGetItem"),
	failing(batchGet("no keys", map[string]types.KeysAndAttributes{"P": {Keys: []item{}}}), validation),
	real(failing(batchGet("101 keys", map[string]types.KeysAndAttributes{"P": {Keys: hashKeys(101)}}), validation), localModelValidation, ""),
	real(failing(batchGet("key of the wrong type", map[string]types.KeysAndAttributes{"P": {Keys: []item{{"pk": av.N("1")}}}}), validation), localKeyMessages, keyMismatch),
	real(failing(batchGet("key with an extra attribute", map[string]types.KeysAndAttributes{"P": {Keys: []item{{"pk": av.S("x"), "n": av.N("1")}}}}), validation), localKeyMessages, keyMismatch),
	failing(batchGet("missing table", map[string]types.KeysAndAttributes{"nope": {Keys: []item{{"pk": av.S("x")}}}}), "ResourceNotFoundException"),
	failing(batchGet("projection and AttributesToGet", map[string]types.KeysAndAttributes{
		"P": {Keys: []item{{"pk": av.S("x")}}, AttributesToGet: []string{"n"}, ProjectionExpression: str("n")}}), validation),
	real(failing(batchWrite("no tables", map[string][]types.WriteRequest{}), validation), localModelValidation,
		"The requestItems parameter is required for BatchWriteItem"),
	failing(batchWrite("no requests", map[string][]types.WriteRequest{"P": {}}), validation),
	real(failing(batchWrite("26 requests", map[string][]types.WriteRequest{"P": func() []types.WriteRequest {
		var reqs []types.WriteRequest
		for _, k := range hashKeys(26) {
			reqs = append(reqs, putReq(k))
		}
		return reqs
	}()}), validation), localModelValidation, ""),
	failing(batchWrite("put and delete of one key", map[string][]types.WriteRequest{"P": {putReq(item{"pk": av.S("x")}), delReq(item{"pk": av.S("x")})}}), validation),
	failing(batchWrite("two puts of one key", map[string][]types.WriteRequest{"P": {putReq(item{"pk": av.S("x")}), putReq(item{"pk": av.S("x"), "n": av.N("9")})}}), validation),
	failing(batchWrite("empty request", map[string][]types.WriteRequest{"P": {{}}}), validation),
	pending(real(failing(batchWrite("put without the key", map[string][]types.WriteRequest{"P": {putReq(item{"n": av.N("1")})}}), validation), localKeyMessages, keyMismatch),
		pendingWrite+"a BatchWriteItem put reports PutItem's \"Missing the key pk in the item\"; DynamoDB says \"The provided key element does not match the schema\" in batches (dynalite's tests, checked against DynamoDB)"),
	real(failing(batchWrite("delete with a key of the wrong type", map[string][]types.WriteRequest{"P": {delReq(item{"pk": av.N("1")})}}), validation), localKeyMessages, keyMismatch),
	failing(batchWrite("invalid item", map[string][]types.WriteRequest{"P": {putReq(item{"pk": av.S("q"), "e": av.SS()})}}), validation),
	failing(batchWrite("missing table", map[string][]types.WriteRequest{"nope": {putReq(item{"pk": av.S("x")})}}), "ResourceNotFoundException"),
	batchGet("nothing was written by the failures", map[string]types.KeysAndAttributes{"P": {Keys: []item{{"pk": av.S("x")}, {"pk": av.S("q")}, {"pk": av.S("k1")}}, ConsistentRead: aws.Bool(true)}}),
}}

// twPut, twUpdate, twDelete and twCheck are TransactWriteItems members on T.
func twPut(it item, cond string) types.TransactWriteItem {
	p := &types.Put{TableName: str("T"), Item: it}
	if cond != "" {
		p.ConditionExpression = str(cond)
	}
	return types.TransactWriteItem{Put: p}
}

func twUpdate(key item, update string, values item) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{TableName: str("T"), Key: key, UpdateExpression: str(update), ExpressionAttributeValues: values}}
}

func twDelete(key item) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{TableName: str("T"), Key: key}}
}

func twCheck(key item, cond string, values item) types.TransactWriteItem {
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str("T"), Key: key, ConditionExpression: str(cond),
		ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}}
}

func transactWrite(name string, items ...types.TransactWriteItem) Step {
	return Step{Name: name, In: &dynamodb.TransactWriteItemsInput{TransactItems: items}}
}

func transactGet(name string, keys ...item) Step {
	in := &dynamodb.TransactGetItemsInput{}
	for _, k := range keys {
		in.TransactItems = append(in.TransactItems, types.TransactGetItem{Get: &types.Get{TableName: str("T"), Key: k}})
	}
	return Step{Name: name, In: in}
}

var (
	k1 = item{"pk": av.S("a"), "sk": av.N("1")}
	k2 = item{"pk": av.S("a"), "sk": av.N("2")}
	k3 = item{"pk": av.S("a"), "sk": av.N("3")}
)

var transactions = Scenario{Name: "Transactions", Steps: []Step{
	hashRangeTable("T"),
	transactWrite("put two items", twPut(withKey(item{"v": av.N("10")}), "attribute_not_exists(pk)"), twPut(item{"pk": av.S("a"), "sk": av.N("2"), "v": av.N("5")}, "")),
	transactWrite("update, delete and check",
		twUpdate(k1, "SET v = v - :d", item{":d": av.N("3")}),
		twDelete(k2),
		twCheck(k3, "attribute_not_exists(pk)", nil)),
	transactGet("read them back", k1, k2, k3),
	{Name: "read with a projection", In: &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		{Get: &types.Get{TableName: str("T"), Key: k1, ProjectionExpression: str("v")}}}, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}},
	real(failing(transactWrite("two operations on one item",
		twUpdate(k1, "SET v = :z", item{":z": av.N("0")}),
		twCheck(k1, "v > :big", item{":big": av.N("100")}),
	), validation), localTransactSameItem,
		"Transaction request cannot include multiple operations on one item"),
	failing(transactWrite("cancellation reasons",
		twPut(item{"pk": av.S("a"), "sk": av.N("4")}, ""),
		twCheck(k1, "v > :big", item{":big": av.N("100")}),
		twCheck(k3, "attribute_exists(pk)", nil),
	), "TransactionCanceledException"),
	transactGet("nothing of the cancelled transaction was applied", k1, item{"pk": av.S("a"), "sk": av.N("4")}),
	{Name: "no items", In: &dynamodb.TransactWriteItemsInput{}, Err: validation, LocalDiffers: localShapeValidation,
		Message: "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null"},
	failing(transactWrite("empty member", types.TransactWriteItem{}), validation),
	failing(transactWrite("two actions in one member", types.TransactWriteItem{Put: &types.Put{TableName: str("T"), Item: k1}, Delete: &types.Delete{TableName: str("T"), Key: k2}}), validation),
	failing(transactWrite("invalid update", twUpdate(k1, "SET pk = :v", item{":v": av.S("x")})), "TransactionCanceledException"),
	failing(transactWrite("missing table", types.TransactWriteItem{Put: &types.Put{TableName: str("nope"), Item: k1}}), "ResourceNotFoundException"),
	{Name: "get no items", In: &dynamodb.TransactGetItemsInput{}, Err: validation, LocalDiffers: localShapeValidation,
		Message: "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null"},
	real(failing(transactGet("key of the wrong type", item{"pk": av.S("a"), "sk": av.S("1")}), "TransactionCanceledException"), localTransactKey, txValidationError),
	real(failing(transactGet("key missing the sort key", k1, item{"pk": av.S("a")}), "TransactionCanceledException"), localTransactKey,
		"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]"),
	real(failing(transactGet("key with an extra attribute", withKey(item{"x": av.S("q")})), "TransactionCanceledException"), localTransactKey, txValidationError),
	real(failing(transactWrite("delete with a key of the wrong type", twDelete(item{"pk": av.S("a"), "sk": av.S("1")})), "TransactionCanceledException"),
		localKeyMessages, txValidationError),
	failing(transactGet("empty string key", item{"pk": av.S(""), "sk": av.N("1")}), validation),
	{Name: "idempotent first", In: &dynamodb.TransactWriteItemsInput{ClientRequestToken: str(txToken),
		TransactItems: []types.TransactWriteItem{twUpdate(k1, "SET v = v + :one", item{":one": av.N("1")})}}},
	{Name: "idempotent repeat changes nothing", In: &dynamodb.TransactWriteItemsInput{ClientRequestToken: str(txToken),
		TransactItems: []types.TransactWriteItem{twUpdate(k1, "SET v = v + :one", item{":one": av.N("1")})}}},
	{Name: "same token, other request", Err: "IdempotentParameterMismatchException", In: &dynamodb.TransactWriteItemsInput{ClientRequestToken: str(txToken),
		TransactItems: []types.TransactWriteItem{twUpdate(k1, "SET v = v + :two", item{":two": av.N("2")})}}},
	transactGet("applied once", k1),
}}

// txToken is the transactions scenario's idempotency token, fresh for each
// test binary: a shared DynamoDB Local remembers tokens for ten minutes.
var txToken = "token-" + randomHex(8)

// txValidationError is DynamoDB's message for a transaction of one member
// cancelled by a validation error.
const txValidationError = "Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]"

// keyMismatch is DynamoDB's message for a key that does not match the
// key schema.
const keyMismatch = "The provided key element does not match the schema"

func TestBatchesAndTransactions(t *testing.T) {
	Run(t, []Scenario{batches, transactions})
}
