package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// Requests of BatchWriteItem on table S (hashTable), for the order of
// checks.
var (
	// putLarge puts an item over 400 KB.
	putLarge = putReq(item{"pk": av.S("large"), "a": long(400 << 10)})
	// putEmptySet puts an item holding an empty string set.
	putEmptySet = putReq(item{"pk": av.S("set"), "s": av.SS()})
	// putWrongKey puts an item whose key is a number, not a string.
	putWrongKey = putReq(item{"pk": av.N("1")})
	// putEmptyKey puts an item whose key is an empty string.
	putEmptyKey = putReq(item{"pk": av.S("")})
)

// writesToS is a BatchWriteItem of requests on S, and of one put on a
// table that does not exist when missing is set.
func writesToS(name string, missing bool, requests ...types.WriteRequest) Step {
	reqs := map[string][]types.WriteRequest{"S": requests}
	if missing {
		reqs["Absent"] = []types.WriteRequest{putReq(item{"pk": av.S("a")})}
	}
	return batchWrite(name, reqs)
}

// twice are two puts of one item.
var twice = []types.WriteRequest{putReq(item{"pk": av.S("b")}), putReq(item{"pk": av.S("b")})}

const (
	errLarge    = "Item size has exceeded the maximum allowed size"
	errEmptySet = "One or more parameter values were invalid: An string set  may not be empty"
)

// batchWriteCheckOrder checks the order in which BatchWriteItem checks its
// requests, as DynamoDB Local does: first the values of every item and
// key and the size of every item, then, table by table, the table, each
// request's key and the duplicates, in the requests' order. The tables
// are taken in the order of the request (random, as the SDK writes a Go
// map), so no step depends on it.
var batchWriteCheckOrder = Scenario{Name: "BatchWriteCheckOrder", Steps: []Step{
	hashTable("S"),
	failingWith(writesToS("a duplicate before an item over 400 KB", false, append(twice, putLarge)...), errLarge),
	failingWith(writesToS("a key of the wrong type before an item over 400 KB", false, putWrongKey, putLarge), errLarge),
	failingWith(writesToS("an empty key before an item over 400 KB", false, putEmptyKey, putLarge), errLarge),
	failingWith(writesToS("a delete's key with another attribute before an item over 400 KB", false,
		delReq(item{"pk": av.S("a"), "x": av.S("1")}), putLarge), errLarge),
	failingWith(writesToS("a duplicate before an empty set", false, append(twice, putEmptySet)...), errEmptySet),
	failingWith(writesToS("a key of the wrong type before an empty set", false, putWrongKey, putEmptySet), errEmptySet),
	failingWith(writesToS("a delete's key with an empty set before an item over 400 KB", false,
		delReq(item{"pk": av.S("a"), "s": av.SS()}), putLarge), errEmptySet),
	failingWith(writesToS("a missing table and an item over 400 KB", true, putLarge), errLarge),
	failingWith(writesToS("a missing table and an empty set", true, putEmptySet), errEmptySet),
	failingWith(writesToS("a missing table and a delete's key with an empty set", true, delReq(item{"pk": av.S("a"), "s": av.SS()})), errEmptySet),
	failingWith(writesToS("a key of the wrong type before a duplicate", false, append([]types.WriteRequest{putWrongKey}, twice...)...),
		"The provided key element does not match the schema"),
	failingWith(writesToS("a duplicate before a key of the wrong type", false, append(twice, putWrongKey)...),
		"Provided list of item keys contains duplicates"),
	failingWith(writesToS("an empty key before a duplicate", false, append([]types.WriteRequest{putEmptyKey}, twice...)...),
		"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
	{Name: "nothing was written", In: &dynamodb.ScanInput{TableName: str("S"), Select: types.SelectCount},
		Want: &dynamodb.ScanOutput{Count: 0, ScannedCount: 0}},
}}

// readsOfS is a BatchGetItem of keys of S with projection (when set) and
// names, and of one key of a table that does not exist when missing is
// set.
func readsOfS(name string, missing bool, projection string, names map[string]string, keys ...item) Step {
	ka := types.KeysAndAttributes{Keys: keys, ExpressionAttributeNames: names}
	if projection != "" {
		ka.ProjectionExpression = str(projection)
	}
	reqs := map[string]types.KeysAndAttributes{"S": ka}
	if missing {
		reqs["Absent"] = types.KeysAndAttributes{Keys: []item{{"pk": av.S("a")}}}
	}
	return batchGet(name, reqs)
}

// Keys of S, for the order of BatchGetItem's checks.
var (
	keyA        = item{"pk": av.S("a")}
	keyEmptySet = item{"pk": av.S("a"), "s": av.SS()}
	keyWrong    = item{"pk": av.N("1")}
	keyEmpty    = item{"pk": av.S("")}
)

const (
	errDuplicates    = "Provided list of item keys contains duplicates"
	errKeySchema     = "The provided key element does not match the schema"
	errDuplicateName = "One or more parameter values were invalid: Duplicate value in attribute name: a"
)

// batchGetCheckOrder checks the order in which BatchGetItem checks its
// keys, as DynamoDB Local does: first, across all tables, every key's
// values and whether it repeats an earlier key of its table; then the
// legacy AttributesToGet; then the tables and the keys against their
// schemas; then the projection expressions and their names.
var batchGetCheckOrder = Scenario{Name: "BatchGetCheckOrder", Steps: []Step{
	hashTable("S"),
	failingWith(readsOfS("a duplicate before an empty set", false, "", nil, keyA, keyA, keyEmptySet), errDuplicates),
	failingWith(readsOfS("an empty set before a duplicate", false, "", nil, keyEmptySet, keyA, keyA), errEmptySet),
	failingWith(readsOfS("a key of the wrong type before an empty set", false, "", nil, keyWrong, keyEmptySet), errEmptySet),
	failingWith(readsOfS("a key of the wrong type before a duplicate", false, "", nil, keyWrong, keyA, keyA), errDuplicates),
	failingWith(readsOfS("an empty key before a duplicate", false, "", nil, keyEmpty, keyA, keyA), errDuplicates),
	failingWith(readsOfS("a missing table and an empty set", true, "", nil, keyEmptySet), errEmptySet),
	failingWith(readsOfS("a missing table and a duplicate", true, "", nil, keyA, keyA), errDuplicates),
	failingWith(readsOfS("a projection that does not parse and a duplicate", false, "a,,b", nil, keyA, keyA), errDuplicates),
	failingWith(readsOfS("a projection that does not parse and a key of the wrong type", false, "a,,b", nil, keyWrong), errKeySchema),
	failingWith(readsOfS("a projection that does not parse and an empty key", false, "a,,b", nil, keyEmpty),
		"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
	failing(batchGet("a projection that does not parse on a missing table", map[string]types.KeysAndAttributes{
		"Absent": {Keys: []item{keyA}, ProjectionExpression: str("a,,b")}}), "ResourceNotFoundException"),
	failingWith(readsOfS("an unused name and a duplicate", false, "a", map[string]string{"#x": "x"}, keyA, keyA), errDuplicates),
	failingWith(readsOfS("an unused name and a key of the wrong type", false, "a", map[string]string{"#x": "x"}, keyWrong), errKeySchema),
	// The legacy AttributesToGet comes after the keys' values and
	// duplicates, before the tables, as in dynalite's tests, run against
	// DynamoDB.
	failingWith(batchGet("AttributesToGet naming a twice and keys twice", map[string]types.KeysAndAttributes{
		"S": {Keys: []item{keyA, keyA}, AttributesToGet: []string{"a", "a"}}}), errDuplicates),
	failingWith(batchGet("AttributesToGet naming a twice and an empty set", map[string]types.KeysAndAttributes{
		"S": {Keys: []item{keyEmptySet}, AttributesToGet: []string{"a", "a"}}}), errEmptySet),
	failingWith(batchGet("AttributesToGet naming a twice on a missing table", map[string]types.KeysAndAttributes{
		"Absent": {Keys: []item{{}}, AttributesToGet: []string{"a", "a"}}}), errDuplicateName),
	failingWith(batchGet("AttributesToGet naming a twice and a key of the wrong type", map[string]types.KeysAndAttributes{
		"S": {Keys: []item{keyWrong}, AttributesToGet: []string{"a", "a"}}}), errDuplicateName),
}}

func TestBatchCheckOrder(t *testing.T) { Run(t, []Scenario{batchWriteCheckOrder, batchGetCheckOrder}) }
