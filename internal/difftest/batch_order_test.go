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

func TestBatchWriteCheckOrder(t *testing.T) { Run(t, []Scenario{batchWriteCheckOrder}) }
