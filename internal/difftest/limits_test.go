package difftest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// Why DynamoDB Local's answers to the limits below differ from DynamoDB's.
const (
	localIndexKeySize         = "DynamoDB Local says only \"Size limit exceeded\"; DynamoDB names the index key, its size, the limit and the index (reported from AWS)"
	localIndexKeySizeOnUpdate = "DynamoDB Local lets UpdateItem (and PartiQL UPDATE) store an index key value over its size limit; " +
		"DynamoDB rejects every write that would violate an index's key schema (Developer Guide, index key violations)"
	localMultiKey = "DynamoDB Local has no multi-attribute keys for global secondary indexes (DynamoDB, November 2025): it refuses the key schema"
)

// limitsTable is table T keyed by pk (S) and sk (N), with a global index on
// g (S) and gs (S) and a local index on l (S).
var limitsTable = Step{Name: "create T", In: &dynamodb.CreateTableInput{
	TableName: str("T"), BillingMode: types.BillingModePayPerRequest,
	AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeN),
		attrDef("g", types.ScalarAttributeTypeS), attrDef("gs", types.ScalarAttributeTypeS), attrDef("l", types.ScalarAttributeTypeS)},
	KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
	GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: str("gsi1"),
		KeySchema:  []types.KeySchemaElement{keyElem("g", types.KeyTypeHash), keyElem("gs", types.KeyTypeRange)},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}},
	LocalSecondaryIndexes: []types.LocalSecondaryIndex{{IndexName: str("lsi1"),
		KeySchema:  []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("l", types.KeyTypeRange)},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}}},
}}

// long is a string value of n bytes.
func long(n int) types.AttributeValue { return av.S(strings.Repeat("x", n)) }

// padded is text followed by spaces up to size bytes.
func padded(text string, size int) *string { return str(text + strings.Repeat(" ", size-len(text))) }

// indexKeySize is DynamoDB's message for an index key value over its limit.
func indexKeySize(attr string, size, limit int, index string) string {
	return invalidParams + "Size limit exceeded for Index Key " + attr + " Actual Size: " + strconv.Itoa(size) +
		" bytes Max Size: " + strconv.Itoa(limit) + " bytes IndexName: " + index
}

var indexKeyLimits = Scenario{Name: "IndexKeyLimits", Steps: []Step{
	limitsTable,
	put("global partition key of 2048 bytes", withKey(item{"g": long(2048)})),
	put("global sort key of 1024 bytes", withKey(item{"g": av.S("g"), "gs": long(1024)})),
	put("local sort key of 1024 bytes", withKey(item{"l": long(1024)})),
	real(failing(put("global partition key of 2049 bytes", withKey(item{"g": long(2049)})), validation), localIndexKeySize, indexKeySize("g", 2049, 2048, "gsi1")),
	real(failing(put("global sort key of 1025 bytes", withKey(item{"g": av.S("g"), "gs": long(1025)})), validation), localIndexKeySize, indexKeySize("gs", 1025, 1024, "gsi1")),
	real(failing(put("global sort key of 1025 bytes without the partition key", withKey(item{"gs": long(1025)})), validation), localIndexKeySize, indexKeySize("gs", 1025, 1024, "gsi1")),
	real(failing(put("local sort key of 1025 bytes", withKey(item{"l": long(1025)})), validation), localIndexKeySize, indexKeySize("l", 1025, 1024, "lsi1")),
	real(Step{Name: "batch write of a global partition key of 2049 bytes", Err: validation, In: &dynamodb.BatchWriteItemInput{
		RequestItems: map[string][]types.WriteRequest{"T": {{PutRequest: &types.PutRequest{Item: withKey(item{"g": long(2049)})}}}}}},
		localIndexKeySize, indexKeySize("g", 2049, 2048, "gsi1")),
	real(Step{Name: "transaction with a local sort key of 1025 bytes fails whole", Err: validation, In: &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{{Put: &types.Put{TableName: str("T"), Item: withKey(item{"l": long(1025)})}}}}},
		localIndexKeySize, indexKeySize("l", 1025, 1024, "lsi1")),
	real(Step{Name: "update to a global partition key of 2049 bytes", Err: validation, In: &dynamodb.UpdateItemInput{
		TableName: str("T"), Key: key1, UpdateExpression: str("SET g = :v"), ExpressionAttributeValues: item{":v": long(2049)}}},
		localIndexKeySizeOnUpdate, indexKeySize("g", 2049, 2048, "gsi1")),
	real(Step{Name: "statement setting a global partition key of 2049 bytes", Err: validation, In: &dynamodb.ExecuteStatementInput{
		Statement: str(`UPDATE "T" SET g = ? WHERE pk = 'a' AND sk = 1`), Parameters: []types.AttributeValue{long(2049)}}},
		localIndexKeySizeOnUpdate, indexKeySize("g", 2049, 2048, "gsi1")),
	{Name: "nothing oversized was stored", LocalDiffers: localIndexKeySizeOnUpdate,
		In:   &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ConsistentRead: aws.Bool(true)},
		Want: &dynamodb.GetItemOutput{Item: withKey(item{"l": long(1024)})}},
}}

// localKeySize is why DynamoDB Local's message for a table key value over
// its size limit differs.
const localKeySize = "DynamoDB Local says \"Hash primary key values must be under 2048 bytes, and range primary key values must be under 1024 bytes\"; " +
	"DynamoDB names the key and its limit (reported from AWS)"

// keyT is an item of table K, keyed by the strings pk and sk.
func keyT(pk, sk string) item { return item{"pk": av.S(pk), "sk": av.S(sk)} }

var (
	errHashKeySize  = invalidParams + "Size of hashkey has exceeded the maximum size limit of2048 bytes"
	errRangeKeySize = invalidParams + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
)

// The table's key values: a partition key of 2048 bytes and a sort key of
// 1024 bytes at most, counted in UTF-8 bytes, for every write.
var tableKeyLimits = Scenario{Name: "TableKeyLimits", Steps: []Step{
	{Name: "create K", In: &dynamodb.CreateTableInput{TableName: str("K"), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeS)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)}}},
	{Name: "partition key of 2048 bytes", In: &dynamodb.PutItemInput{TableName: str("K"), Item: keyT(strings.Repeat("p", 2048), "s")}},
	{Name: "partition key of 2048 bytes in 1024 characters", In: &dynamodb.PutItemInput{TableName: str("K"), Item: keyT(strings.Repeat("é", 1024), "s")}},
	{Name: "sort key of 1024 bytes", In: &dynamodb.PutItemInput{TableName: str("K"), Item: keyT("p", strings.Repeat("s", 1024))}},
	{Name: "partition key of 2049 bytes", Err: validation, Message: errHashKeySize, LocalDiffers: localKeySize,
		In: &dynamodb.PutItemInput{TableName: str("K"), Item: keyT(strings.Repeat("p", 2049), "s")}},
	{Name: "partition key of 2050 bytes in 1025 characters", Err: validation, Message: errHashKeySize, LocalDiffers: localKeySize,
		In: &dynamodb.PutItemInput{TableName: str("K"), Item: keyT(strings.Repeat("é", 1025), "s")}},
	{Name: "sort key of 1025 bytes", Err: validation, Message: errRangeKeySize, LocalDiffers: localKeySize,
		In: &dynamodb.PutItemInput{TableName: str("K"), Item: keyT("p", strings.Repeat("s", 1025))}},
	{Name: "update of a sort key of 1025 bytes", Err: validation, Message: errRangeKeySize, LocalDiffers: localKeySize,
		In: &dynamodb.UpdateItemInput{TableName: str("K"), Key: keyT("p", strings.Repeat("s", 1025)), UpdateExpression: str("SET x = :v"), ExpressionAttributeValues: item{":v": av.N("1")}}},
	{Name: "delete of a partition key of 2049 bytes", Err: validation, Message: errHashKeySize, LocalDiffers: localKeySize,
		In: &dynamodb.DeleteItemInput{TableName: str("K"), Key: keyT(strings.Repeat("p", 2049), "s")}},
	{Name: "batch write of a sort key of 1025 bytes", Err: validation, Message: errRangeKeySize, LocalDiffers: localKeySize,
		In: &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"K": {{PutRequest: &types.PutRequest{Item: keyT("p", strings.Repeat("s", 1025))}}}}}},
	{Name: "statement inserting a partition key of 2049 bytes", Err: validation, Message: errHashKeySize, LocalDiffers: localKeySize,
		In: &dynamodb.ExecuteStatementInput{Statement: str(`INSERT INTO "K" VALUE {'pk': ?, 'sk': 's'}`), Parameters: []types.AttributeValue{long(2049)}}},
	{Name: "what was stored", In: &dynamodb.ScanInput{TableName: str("K"), Select: types.SelectCount}},
}}

// condT is a conditional put of key1 into T.
func condT(name, cond string, values item) Step {
	return Step{Name: name, In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1, ConditionExpression: str(cond), ExpressionAttributeValues: values}}
}

// orChain is a condition of n ORs and n+1 comparisons.
func orChain(n int) string {
	return strings.Repeat("x = :v OR (", n) + "x = :v" + strings.Repeat(")", n)
}

// deepPath is a document path of n levels.
func deepPath(n int) string { return "a" + strings.Repeat(".b", n-1) }

var expressionLimits = Scenario{Name: "ExpressionLimits", Steps: []Step{
	hashRangeTable("T"),
	put("an item", key1),
	failing(Step{Name: "condition of 4096 bytes", In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
		ConditionExpression: padded("attribute_not_exists(pk)", 4096)}}, "ConditionalCheckFailedException"),
	{Name: "condition of 4097 bytes", Err: validation, Message: "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
		In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1, ConditionExpression: padded("attribute_not_exists(pk)", 4097)}},
	{Name: "key condition of 4097 bytes", Err: validation, Message: "Invalid KeyConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
		In: &dynamodb.QueryInput{TableName: str("T"), KeyConditionExpression: padded("pk = :p", 4097), ExpressionAttributeValues: pkA}},
	{Name: "filter of 4097 bytes", Err: validation, Message: "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
		In: &dynamodb.ScanInput{TableName: str("T"), FilterExpression: padded("attribute_exists(x)", 4097)}},
	{Name: "projection of 4097 bytes", Err: validation, Message: "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;",
		In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: padded("pk", 4097)}},
	{Name: "update of 4097 bytes", Err: validation, Message: "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;",
		In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: padded("SET x = :v", 4097), ExpressionAttributeValues: item{":v": av.S("x")}}},
	{Name: "name placeholder of 255 bytes", In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
		ProjectionExpression: str("#" + strings.Repeat("n", 254)), ExpressionAttributeNames: map[string]string{"#" + strings.Repeat("n", 254): "x"}}},
	{Name: "name placeholder of 256 bytes", Err: validation,
		Message: "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256",
		In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1,
			ProjectionExpression: str("#" + strings.Repeat("n", 255)), ExpressionAttributeNames: map[string]string{"#" + strings.Repeat("n", 255): "x"}}},
	{Name: "value placeholder of 256 bytes", Err: validation,
		Message: "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;",
		In: &dynamodb.PutItemInput{TableName: str("T"), Item: key1,
			ConditionExpression: str("x = :" + strings.Repeat("v", 255)), ExpressionAttributeValues: item{":" + strings.Repeat("v", 255): av.S("x")}}},
	failing(condT("condition of 299 operators", orChain(149), item{":v": av.S("q")}), "ConditionalCheckFailedException"),
	{Name: "condition of 301 operators", Err: validation, Message: "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
		In: condT("", orChain(150), item{":v": av.S("q")}).In},
	{Name: "filter of 401 operators", Err: validation, Message: "Invalid FilterExpression: The expression contains too many operators; operator count: 301",
		In: &dynamodb.ScanInput{TableName: str("T"), FilterExpression: str(orChain(200)), ExpressionAttributeValues: item{":v": av.S("q")}}},
	failing(condT("condition path of 32 levels", "attribute_exists("+deepPath(32)+")", nil), "ConditionalCheckFailedException"),
	{Name: "condition path of 33 levels", Err: validation, Message: "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33",
		In: condT("", "attribute_exists("+deepPath(33)+")", nil).In},
	{Name: "projection path of 32 levels", In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: str(deepPath(32))}},
	{Name: "projection path of 33 levels", Err: validation, Message: "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33",
		In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: str(deepPath(33))}},
	{Name: "projection list path of 33 levels", Err: validation, Message: "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33",
		In: &dynamodb.GetItemInput{TableName: str("T"), Key: key1, ProjectionExpression: str("a" + strings.Repeat("[0]", 32))}},
	{Name: "update path of 33 levels", Err: validation, Message: "Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33",
		In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1, UpdateExpression: str("SET " + deepPath(33) + " = :v"), ExpressionAttributeValues: item{":v": av.N("1")}}},
	{Name: "list_append of if_not_exists", In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1,
		UpdateExpression: str("SET c = list_append(if_not_exists(c, :v), :v)"), ExpressionAttributeValues: item{":v": av.L(av.N("1"))}}},
	{Name: "if_not_exists of list_append", Err: validation,
		Message: "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append",
		In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1,
			UpdateExpression: str("SET c = if_not_exists(c, list_append(:v, :v))"), ExpressionAttributeValues: item{":v": av.L()}}},
	{Name: "list_append of list_append", Err: validation,
		Message: "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append",
		In: &dynamodb.UpdateItemInput{TableName: str("T"), Key: key1,
			UpdateExpression: str("SET c = list_append(c, list_append(:v, :v))"), ExpressionAttributeValues: item{":v": av.L()}}},
	get("after the refused updates", key1),
}}

// substitutions are n expression attribute values :v0, :v1, ... that add up
// (placeholders and values) to size bytes.
func substitutions(n, size int) item {
	values := item{}
	for i := range n {
		k := ":v" + strconv.Itoa(i)
		size -= len(k)
		values[k] = nil
	}
	for i := range n {
		part := size / (n - i)
		values[":v"+strconv.Itoa(i)] = long(part)
		size -= part
	}
	return values
}

// manyNames are n expression attribute names #n0, #n1, ... of 250 bytes.
func manyNames(n int) map[string]string {
	names := map[string]string{}
	for i := range n {
		names["#n"+strconv.Itoa(i)] = strings.Repeat("z", 250)
	}
	return names
}

// The Developer Guide's limit on all of an expression's substitutions, 2 MB
// of ExpressionAttributeNames and of ExpressionAttributeValues, is checked
// before the expressions: an unused placeholder counts.
var substitutionLimits = Scenario{Name: "SubstitutionLimits", Steps: []Step{
	hashTable("S"),
	{Name: "values of 2 MB, unused", Err: validation, Message: "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v1}",
		In: &dynamodb.ScanInput{TableName: str("S"), FilterExpression: str("a = :v0"),
			ExpressionAttributeValues: item{":v0": av.S("x"), ":v1": long(2<<20 - 3 - 1 - 3)}}},
	{Name: "values of 2 MB and a byte", Err: validation, Message: "ExpressionAttributeValues exceeds max size",
		In: &dynamodb.ScanInput{TableName: str("S"), FilterExpression: str("a = :v0"), ExpressionAttributeValues: substitutions(2, 2<<20+1)}},
	{Name: "values of 2 MB and a byte in a condition", Err: validation, Message: "ExpressionAttributeValues exceeds max size",
		In: &dynamodb.DeleteItemInput{TableName: str("S"), Key: item{"pk": av.S("a")}, ConditionExpression: str("a IN (:v0, :v1, :v2, :v3, :v4, :v5)"),
			ExpressionAttributeValues: substitutions(6, 2<<20+1)}},
	{Name: "values of 2 MB and a byte in a transaction", Err: validation, Message: "ExpressionAttributeValues exceeds max size",
		In: &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{{ConditionCheck: &types.ConditionCheck{
			TableName: str("S"), Key: item{"pk": av.S("a")}, ConditionExpression: str("a IN (:v0, :v1, :v2)"), ExpressionAttributeValues: substitutions(3, 2<<20+1)}}}}},
	{Name: "names of over 2 MB", Err: validation, Message: "ExpressionAttributeNames exceeds max size",
		In: &dynamodb.GetItemInput{TableName: str("S"), Key: item{"pk": av.S("a")}, ProjectionExpression: str("#n0"), ExpressionAttributeNames: manyNames(8300)}},
	{Name: "a statement's parameters are not substitutions", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT * FROM "S" WHERE a IN [?, ?, ?, ?, ?, ?]`),
		Parameters: []types.AttributeValue{long(390000), long(390000), long(390000), long(390000), long(390000), long(390000)}}},
}}

// bigPuts are n puts into S of 380 KB items.
func bigPuts(n int) []types.TransactWriteItem {
	var out []types.TransactWriteItem
	for i := range n {
		out = append(out, types.TransactWriteItem{Put: &types.Put{TableName: str("S"),
			Item: item{"pk": av.S(strconv.Itoa(i)), "x": long(380 * 1024)}}})
	}
	return out
}

var transactionLimits = Scenario{Name: "TransactionLimits", Steps: []Step{
	hashTable("S"),
	{Name: "11 puts of 380 KB", Err: validation, Message: "Transaction payload size cannot exceed 4MB. Payload Size: 4280365",
		In: &dynamodb.TransactWriteItemsInput{TransactItems: bigPuts(11)}},
	{Name: "10 puts of 380 KB", In: &dynamodb.TransactWriteItemsInput{TransactItems: bigPuts(10)}},
	{Name: "11 updates with 380 KB values", Err: validation, Message: "Transaction payload size cannot exceed 4MB. Payload Size: 4280475",
		In: &dynamodb.TransactWriteItemsInput{TransactItems: func() []types.TransactWriteItem {
			var out []types.TransactWriteItem
			for i := range 11 {
				out = append(out, types.TransactWriteItem{Update: &types.Update{TableName: str("S"), Key: item{"pk": av.S("u" + strconv.Itoa(i))},
					UpdateExpression: str("SET x = :v"), ExpressionAttributeValues: item{":v": long(380 * 1024)}}})
			}
			return out
		}()}},
	{Name: "11 inserts of 380 KB", Err: validation, Message: "Transaction payload size cannot exceed 4MB. Payload Size: 4280376",
		In: &dynamodb.ExecuteTransactionInput{TransactStatements: func() []types.ParameterizedStatement {
			var out []types.ParameterizedStatement
			for i := range 11 {
				out = append(out, types.ParameterizedStatement{Statement: str(`INSERT INTO "S" VALUE {'pk': ?, 'x': ?}`),
					Parameters: []types.AttributeValue{av.S("i" + strconv.Itoa(i)), long(380 * 1024)}})
			}
			return out
		}()}},
	{Name: "count", In: &dynamodb.ScanInput{TableName: str("S"), Select: types.SelectCount}},
}}

// scanS is a Scan of table S changed by change.
func scanS(name string, change func(*dynamodb.ScanInput)) Step {
	in := &dynamodb.ScanInput{TableName: str("S")}
	change(in)
	return Step{Name: name, In: in}
}

var selectLimits = Scenario{Name: "SelectLimits", Steps: []Step{
	hashTable("S"),
	failing(scanS("COUNT with AttributesToGet", func(in *dynamodb.ScanInput) {
		in.Select, in.AttributesToGet = types.SelectCount, []string{"x"}
	}), validation),
	failing(scanS("ALL_ATTRIBUTES with AttributesToGet", func(in *dynamodb.ScanInput) {
		in.Select, in.AttributesToGet = types.SelectAllAttributes, []string{"x"}
	}), validation),
	failing(scanS("ALL_PROJECTED_ATTRIBUTES with AttributesToGet", func(in *dynamodb.ScanInput) {
		in.Select, in.AttributesToGet = types.SelectAllProjectedAttributes, []string{"x"}
	}), validation),
	scanS("SPECIFIC_ATTRIBUTES with AttributesToGet", func(in *dynamodb.ScanInput) {
		in.Select, in.AttributesToGet = types.SelectSpecificAttributes, []string{"x"}
	}),
	failing(scanS("SPECIFIC_ATTRIBUTES without a projection", func(in *dynamodb.ScanInput) { in.Select = types.SelectSpecificAttributes }), validation),
	failing(scanS("ALL_PROJECTED_ATTRIBUTES of a table", func(in *dynamodb.ScanInput) { in.Select = types.SelectAllProjectedAttributes }), validation),
	failing(scanS("COUNT with a projection", func(in *dynamodb.ScanInput) {
		in.Select, in.ProjectionExpression = types.SelectCount, str("x")
	}), validation),
	failing(scanS("ALL_ATTRIBUTES with a projection", func(in *dynamodb.ScanInput) {
		in.Select, in.ProjectionExpression = types.SelectAllAttributes, str("x")
	}), validation),
	failing(scanS("AttributesToGet with a projection", func(in *dynamodb.ScanInput) {
		in.AttributesToGet, in.ProjectionExpression = []string{"x"}, str("x")
	}), validation),
}}

// multiKey builds a key schema of the given HASH then RANGE attributes.
func multiKey(hash []string, rng ...string) []types.KeySchemaElement {
	var ks []types.KeySchemaElement
	for _, h := range hash {
		ks = append(ks, keyElem(h, types.KeyTypeHash))
	}
	for _, r := range rng {
		ks = append(ks, keyElem(r, types.KeyTypeRange))
	}
	return ks
}

// matchItem is an item of table M.
func matchItem(id, region, round, bracket string) item {
	return item{"id": av.S(id), "tournament": av.S("w24"), "region": av.S(region), "round": av.N(round), "bracket": av.S(bracket)}
}

// queryM queries index byRound of table M.
func queryM(name, cond string, values item, want ...item) Step {
	return Step{Name: name, LocalDiffers: localMultiKey,
		In: &dynamodb.QueryInput{TableName: str("M"), IndexName: str("byRound"), KeyConditionExpression: str(cond),
			ExpressionAttributeNames: map[string]string{"#r": "region"}, ExpressionAttributeValues: values},
		Want: &dynamodb.QueryOutput{Items: want, Count: int32(len(want)), ScannedCount: int32(len(want))}}
}

// Multi-attribute keys: DynamoDB Local refuses them, so these steps pin
// DynamoDB's documented behaviour on the engine alone.
var multiAttributeKeys = Scenario{Name: "MultiAttributeKeys", Steps: []Step{
	{Name: "create M", LocalDiffers: localMultiKey, In: &dynamodb.CreateTableInput{
		TableName: str("M"), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{attrDef("id", types.ScalarAttributeTypeS), attrDef("tournament", types.ScalarAttributeTypeS),
			attrDef("region", types.ScalarAttributeTypeS), attrDef("round", types.ScalarAttributeTypeN), attrDef("bracket", types.ScalarAttributeTypeS)},
		KeySchema: []types.KeySchemaElement{keyElem("id", types.KeyTypeHash)},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: str("byRound"),
			KeySchema:  multiKey([]string{"tournament", "region"}, "round", "bracket"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}},
	}},
	{Name: "put 1", LocalDiffers: localMultiKey, In: &dynamodb.PutItemInput{TableName: str("M"), Item: matchItem("1", "eu", "2", "upper")}},
	{Name: "put 2", LocalDiffers: localMultiKey, In: &dynamodb.PutItemInput{TableName: str("M"), Item: matchItem("2", "eu", "10", "lower")}},
	{Name: "put 3", LocalDiffers: localMultiKey, In: &dynamodb.PutItemInput{TableName: str("M"), Item: matchItem("3", "eu", "2", "lower")}},
	{Name: "put 4 in another region", LocalDiffers: localMultiKey, In: &dynamodb.PutItemInput{TableName: str("M"), Item: matchItem("4", "us", "1", "upper")}},
	{Name: "put 5 without a bracket", LocalDiffers: localMultiKey, In: &dynamodb.PutItemInput{TableName: str("M"),
		Item: item{"id": av.S("5"), "tournament": av.S("w24"), "region": av.S("eu"), "round": av.N("1")}}},
	queryM("every partition attribute", "tournament = :t AND #r = :r", item{":t": av.S("w24"), ":r": av.S("eu")},
		matchItem("3", "eu", "2", "lower"), matchItem("1", "eu", "2", "upper"), matchItem("2", "eu", "10", "lower")),
	queryM("first sort attribute", "tournament = :t AND #r = :r AND round = :n", item{":t": av.S("w24"), ":r": av.S("eu"), ":n": av.N("2")},
		matchItem("3", "eu", "2", "lower"), matchItem("1", "eu", "2", "upper")),
	queryM("range on the second sort attribute", "tournament = :t AND #r = :r AND round = :n AND bracket > :b",
		item{":t": av.S("w24"), ":r": av.S("eu"), ":n": av.N("2"), ":b": av.S("lower")}, matchItem("1", "eu", "2", "upper")),
	{Name: "a partition attribute missing", Err: validation, LocalDiffers: localMultiKey, Message: "Query condition missed key schema element: region",
		In: &dynamodb.QueryInput{TableName: str("M"), IndexName: str("byRound"), KeyConditionExpression: str("tournament = :t"),
			ExpressionAttributeValues: item{":t": av.S("w24")}}},
	{Name: "a sort attribute skipped", Err: validation, LocalDiffers: localMultiKey, Message: "Query condition missed key schema element: round",
		In: &dynamodb.QueryInput{TableName: str("M"), IndexName: str("byRound"), KeyConditionExpression: str("tournament = :t AND #r = :r AND bracket = :b"),
			ExpressionAttributeNames: map[string]string{"#r": "region"}, ExpressionAttributeValues: item{":t": av.S("w24"), ":r": av.S("eu"), ":b": av.S("upper")}}},
	{Name: "a condition after a range", Err: validation, LocalDiffers: localMultiKey, Message: "Query key condition not supported",
		In: &dynamodb.QueryInput{TableName: str("M"), IndexName: str("byRound"), KeyConditionExpression: str("tournament = :t AND #r = :r AND round > :n AND bracket = :b"),
			ExpressionAttributeNames: map[string]string{"#r": "region"}, ExpressionAttributeValues: item{":t": av.S("w24"), ":r": av.S("eu"), ":n": av.N("1"), ":b": av.S("upper")}}},
}}

func TestLimits(t *testing.T) {
	Run(t, []Scenario{tableKeyLimits, indexKeyLimits, expressionLimits, substitutionLimits, substitutedSizeLimits, transactionLimits, selectLimits, multiAttributeKeys})
}
