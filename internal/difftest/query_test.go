package difftest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// readTable creates R (pk S, sk N) with a local index on u (INCLUDE x), a
// global index on g, u (KEYS_ONLY) and a global index on g, sk (ALL). No
// two items share an index key: DynamoDB leaves the order of such ties
// undefined.
var readTable = Step{Name: "create R", In: &dynamodb.CreateTableInput{
	TableName:            str("R"),
	AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), skDef, gsiKey, attrDef("u", types.ScalarAttributeTypeS)},
	KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
	LocalSecondaryIndexes: []types.LocalSecondaryIndex{{IndexName: str("lsiInclude"),
		KeySchema:  []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("u", types.KeyTypeRange)},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"x"}}}},
	GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
		{IndexName: str("gsiKeys"), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash), keyElem("u", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}},
		{IndexName: str("gsiAll"), KeySchema: []types.KeySchemaElement{keyElem("g", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
			Projection: allProj},
	},
	BillingMode: types.BillingModePayPerRequest,
}}

// seedR writes 30 items under pk "a" (sk 1..30) and 3 under pk "b", in
// batches; for pk "a", g is "g0".."g2" and u runs against sk ("u30".."u01"),
// for "b" both are absent.
func seedR() []Step {
	var steps []Step
	var batch []types.WriteRequest
	flush := func() {
		steps = append(steps, Step{Name: "seed batch", In: &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"R": batch}}})
		batch = nil
	}
	for i := 1; i <= 30; i++ {
		it := item{"pk": av.S("a"), "sk": av.N(strconv.Itoa(i)), "g": av.S("g" + strconv.Itoa(i%3)), "u": av.S(fmt.Sprintf("u%02d", 31-i)), "x": av.N(strconv.Itoa(i * 10)), "y": av.S("y")}
		batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		if len(batch) == 25 {
			flush()
		}
	}
	for i := 1; i <= 3; i++ {
		batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: item{"pk": av.S("b"), "sk": av.N(strconv.Itoa(i)), "x": av.N("0")}}})
	}
	flush()
	return steps
}

// query returns a Query step on R with the key condition and values,
// changed by opts.
func query(name, kc string, values item, opts ...func(*dynamodb.QueryInput)) Step {
	in := &dynamodb.QueryInput{TableName: str("R"), KeyConditionExpression: str(kc), ExpressionAttributeValues: values}
	for _, o := range opts {
		o(in)
	}
	return Step{Name: name, In: in}
}

// failing sets the error code a step must fail with.
// awsVerified marks a step where DynamoDB Local's message differs from the
// one recorded from AWS DynamoDB by the public, AWS-verified conformance
// suite nubo-db/dynamodb-conformance (its tier-3 error-message tests).
const awsVerified = "DynamoDB Local's wording differs from AWS DynamoDB's as recorded by an AWS-verified conformance suite"

func failing(st Step, code string) Step {
	st.Err = code
	return st
}

var pkA = item{":p": av.S("a")}

func withValues(v item) item {
	out := item{":p": av.S("a")}
	for k, e := range v {
		out[k] = e
	}
	return out
}

// DynamoDB Local's answers to an ExclusiveStartKey with an empty partition
// key value, of the table and of a global index: the error of an item with
// that key, after "The query can return at most one row and cannot be
// restarted." (for Query and Scan alike).
const (
	emptyStartPK = "The query can return at most one row and cannot be restarted. The provided starting key is invalid: " +
		"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
	emptyStartGSIKey = "The query can return at most one row and cannot be restarted. The provided starting key is invalid: " +
		"One or more parameter values are not valid. A value specified for a secondary index key is not supported. " +
		"The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsiKeys, IndexKey: g"
)

var queries = Scenario{Name: "Query", Steps: append(append([]Step{readTable}, seedR()...),
	query("whole partition", "pk = :p", pkA),
	query("other partition", "pk = :p", item{":p": av.S("b")}),
	query("missing partition", "pk = :p", item{":p": av.S("zz")}),
	query("sort key =", "pk = :p AND sk = :s", withValues(item{":s": av.N("7")})),
	query("sort key <", "pk = :p AND sk < :s", withValues(item{":s": av.N("4")})),
	query("sort key <=", "pk = :p AND sk <= :s", withValues(item{":s": av.N("4")})),
	query("sort key >", "pk = :p AND sk > :s", withValues(item{":s": av.N("27")})),
	query("sort key >=", "pk = :p AND sk >= :s", withValues(item{":s": av.N("27")})),
	query("sort key BETWEEN", "pk = :p AND sk BETWEEN :a AND :b", withValues(item{":a": av.N("10"), ":b": av.N("12")})),
	query("reversed key condition", ":p = pk AND :s < sk", withValues(item{":s": av.N("28")})),
	query("parenthesized", "(pk = :p) AND (sk < :s)", withValues(item{":s": av.N("3")})),
	query("backwards", "pk = :p", pkA, func(in *dynamodb.QueryInput) { in.ScanIndexForward = aws.Bool(false); in.Limit = aws.Int32(4) }),
	query("first page", "pk = :p", pkA, func(in *dynamodb.QueryInput) { in.Limit = aws.Int32(10) }),
	query("middle page", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.Limit = aws.Int32(10)
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("10")}
	}),
	query("last page exactly full", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.Limit = aws.Int32(10)
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("20")}
	}),
	query("page after the last", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.Limit = aws.Int32(10)
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("30")}
	}),
	query("backwards page", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.Limit = aws.Int32(3)
		in.ScanIndexForward = aws.Bool(false)
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("10")}
	}),
	query("filter", "pk = :p", withValues(item{":x": av.N("250")}), func(in *dynamodb.QueryInput) { in.FilterExpression = str("x >= :x") }),
	query("filter with a limit counts scanned items", "pk = :p", withValues(item{":x": av.N("250")}), func(in *dynamodb.QueryInput) {
		in.FilterExpression = str("x >= :x")
		in.Limit = aws.Int32(26)
	}),
	query("count", "pk = :p", pkA, func(in *dynamodb.QueryInput) { in.Select = types.SelectCount }),
	query("count with a filter and limit", "pk = :p", withValues(item{":x": av.N("100")}), func(in *dynamodb.QueryInput) {
		in.Select = types.SelectCount
		in.FilterExpression = str("x < :x")
		in.Limit = aws.Int32(5)
	}),
	query("projection", "pk = :p AND sk < :s", withValues(item{":s": av.N("3")}), func(in *dynamodb.QueryInput) { in.ProjectionExpression = str("x, g") }),
	query("specific attributes", "pk = :p AND sk < :s", withValues(item{":s": av.N("3")}), func(in *dynamodb.QueryInput) {
		in.ProjectionExpression = str("sk")
		in.Select = types.SelectSpecificAttributes
	}),
	query("consistent with capacity", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.ConsistentRead = aws.Bool(true)
		in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	}),
	query("eventual with index capacity", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	}),
	query("local index, all attributes", "pk = :p AND u < :u", withValues(item{":u": av.S("u05")}), func(in *dynamodb.QueryInput) { in.IndexName = str("lsiInclude") }),
	query("local index, projected attributes", "pk = :p AND begins_with(u, :u)", withValues(item{":u": av.S("u1")}), func(in *dynamodb.QueryInput) {
		in.IndexName = str("lsiInclude")
		in.Select = types.SelectAllProjectedAttributes
	}),
	query("local index page", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.IndexName = str("lsiInclude")
		in.Limit = aws.Int32(4)
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("27"), "u": av.S("u04")}
	}),
	query("global keys-only index", "g = :g", item{":g": av.S("g2")}, func(in *dynamodb.QueryInput) { in.IndexName = str("gsiKeys") }),
	query("global keys-only index page", "g = :g", item{":g": av.S("g2")}, func(in *dynamodb.QueryInput) {
		in.IndexName = str("gsiKeys")
		in.Limit = aws.Int32(2)
	}),
	query("global all index with a sort condition", "g = :g AND sk > :s", item{":g": av.S("g0"), ":s": av.N("20")}, func(in *dynamodb.QueryInput) {
		in.IndexName = str("gsiAll")
	}),
	query("global all index backwards page", "g = :g", item{":g": av.S("g0")}, func(in *dynamodb.QueryInput) {
		in.IndexName = str("gsiAll")
		in.ScanIndexForward = aws.Bool(false)
		in.Limit = aws.Int32(3)
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("24"), "g": av.S("g0")}
	}),
	query("global keys-only index page after a start key", "g = :g", item{":g": av.S("g1")}, func(in *dynamodb.QueryInput) {
		in.IndexName = str("gsiKeys")
		in.Limit = aws.Int32(3)
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("19"), "g": av.S("g1"), "u": av.S("u12")}
	}),
	failing(query("begins_with on a number sort key", "pk = :p AND begins_with(sk, :s)", withValues(item{":s": av.N("1")})), validation),
	failing(query("no key condition", "", nil, func(in *dynamodb.QueryInput) { in.KeyConditionExpression = nil }), validation),
	real(failing(query("condition on a non-key attribute", "pk = :p AND x = :x", withValues(item{":x": av.N("1")})), validation),
		localQueryMissedKey, "Query condition missed key schema element: sk"),
	real(failing(query("non-key attribute first", "x = :x AND pk = :p", withValues(item{":x": av.N("1")})), validation),
		localQueryMissedKey, "Query condition missed key schema element: sk"),
	real(failing(query("non-key BETWEEN", "pk = :p AND x BETWEEN :x AND :y", withValues(item{":x": av.N("1"), ":y": av.N("2")})), validation),
		localQueryMissedKey, "Query condition missed key schema element: sk"),
	real(failing(query("sort key and a non-key attribute", "x = :x AND sk = :x", item{":x": av.N("1")}), validation),
		localQueryMissedKey, "Query condition missed key schema element: pk"),
	failing(query("non-key begins_with on a number", "pk = :p AND begins_with(x, :x)", withValues(item{":x": av.N("1")})), validation),
	failing(query("three conditions", "pk = :p AND sk = :x AND x = :y", withValues(item{":x": av.N("1"), ":y": av.N("2")})), validation),
	failing(query("the partition key twice", "pk = :p AND pk = :p", pkA), validation),
	query("sort key first", "sk = :x AND :p = pk", withValues(item{":x": av.N("1")})),
	real(failing(query("sort key only", "sk = :s", item{":s": av.N("1")}), validation), localQueryMissedKey, "Query condition missed key schema element: pk"),
	failing(query("partition key range", "pk > :p", pkA), validation),
	failing(query("OR in a key condition", "pk = :p OR sk = :s", withValues(item{":s": av.N("1")})), validation),
	failing(query("wrong key value type", "pk = :p", item{":p": av.N("1")}), validation),
	failing(query("filter on a key attribute", "pk = :p", withValues(item{":s": av.N("1")}), func(in *dynamodb.QueryInput) { in.FilterExpression = str("sk = :s") }), validation),
	failing(query("unknown index", "pk = :p", pkA, func(in *dynamodb.QueryInput) { in.IndexName = str("nope") }), validation),
	withMessage(failing(query("consistent read on a global index", "g = :g", item{":g": av.S("g1")}, func(in *dynamodb.QueryInput) {
		in.IndexName = str("gsiKeys")
		in.ConsistentRead = aws.Bool(true)
	}), validation), gsiConsistentMessage),
	failing(query("projected attributes without an index", "pk = :p", pkA, func(in *dynamodb.QueryInput) { in.Select = types.SelectAllProjectedAttributes }), validation),
	failing(query("count with a projection", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.Select = types.SelectCount
		in.ProjectionExpression = str("x")
	}), validation),
	real(failing(query("limit zero", "pk = :p", pkA, func(in *dynamodb.QueryInput) { in.Limit = aws.Int32(0) }), validation), localModelValidation, limitZero),
	failing(query("start key of another partition", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.ExclusiveStartKey = item{"pk": av.S("b"), "sk": av.N("1")}
	}), validation),
	real(failing(query("start key missing the sort key", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.ExclusiveStartKey = item{"pk": av.S("a")}
	}), validation), awsVerified, "The provided starting key is invalid: The provided key element does not match the schema"),
	failing(query("unused value", "pk = :p", withValues(item{":u": av.N("1")})), validation),
	withMessage(failing(query("start key of an empty partition key", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.ExclusiveStartKey = item{"pk": av.S(""), "sk": av.N("1")}
	}), validation), emptyStartPK),
	withMessage(failing(query("start key of an empty local index sort key", "pk = :p", pkA, func(in *dynamodb.QueryInput) {
		in.IndexName = str("lsiInclude")
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("27"), "u": av.S("")}
	}), validation), "The provided starting key is invalid: One or more parameter values are not valid. A value specified for a secondary index key is not supported. "+
		"The AttributeValue for a key attribute cannot contain an empty string value. IndexName: lsiInclude, IndexKey: u"),
	withMessage(failing(query("start key of an empty global index partition key", "g = :g", item{":g": av.S("g1")}, func(in *dynamodb.QueryInput) {
		in.IndexName = str("gsiKeys")
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("19"), "g": av.S(""), "u": av.S("u12")}
	}), validation), emptyStartGSIKey),
	failing(query("missing table", "pk = :p", pkA, func(in *dynamodb.QueryInput) { in.TableName = str("nope") }), "ResourceNotFoundException"),
)}

// scan returns a Scan step on R changed by opts.
func scan(name string, opts ...func(*dynamodb.ScanInput)) Step {
	in := &dynamodb.ScanInput{TableName: str("R")}
	for _, o := range opts {
		o(in)
	}
	return Step{Name: name, In: in}
}

// single-partition tables scan in sort key order on every backend, so
// their pages compare step by step.
var scans = Scenario{Name: "Scan", Steps: append(append([]Step{readTable}, seedR()...),
	scan("everything"),
	scan("filter", func(in *dynamodb.ScanInput) {
		in.FilterExpression = str("x BETWEEN :a AND :b")
		in.ExpressionAttributeValues = item{":a": av.N("50"), ":b": av.N("80")}
	}),
	scan("filter on a key attribute", func(in *dynamodb.ScanInput) {
		in.FilterExpression = str("pk = :p AND sk < :s")
		in.ExpressionAttributeValues = item{":p": av.S("a"), ":s": av.N("3")}
	}),
	scan("count", func(in *dynamodb.ScanInput) { in.Select = types.SelectCount }),
	scan("projection", func(in *dynamodb.ScanInput) { in.ProjectionExpression = str("sk, y") }),
	scan("capacity", func(in *dynamodb.ScanInput) {
		in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
		in.ConsistentRead = aws.Bool(true)
	}),
	scan("global index", func(in *dynamodb.ScanInput) { in.IndexName = str("gsiKeys") }),
	scan("local index, projected", func(in *dynamodb.ScanInput) {
		in.IndexName = str("lsiInclude")
		in.Select = types.SelectAllProjectedAttributes
	}),
	withMessage(failing(scan("start key of an empty partition key", func(in *dynamodb.ScanInput) {
		in.ExclusiveStartKey = item{"pk": av.S(""), "sk": av.N("1")}
	}), validation), emptyStartPK),
	withMessage(failing(scan("index start key of an empty global index partition key", func(in *dynamodb.ScanInput) {
		in.IndexName = str("gsiKeys")
		in.ExclusiveStartKey = item{"pk": av.S("a"), "sk": av.N("19"), "g": av.S(""), "u": av.S("u12")}
	}), validation), emptyStartGSIKey),
	scan("all segments of one", func(in *dynamodb.ScanInput) { in.Segment = aws.Int32(0); in.TotalSegments = aws.Int32(1) }),
	real(failing(scan("segment without total", func(in *dynamodb.ScanInput) { in.Segment = aws.Int32(0) }), validation), awsVerified,
		"The TotalSegments parameter is required but was not present in the request when Segment parameter is present"),
	real(failing(scan("total without segment", func(in *dynamodb.ScanInput) { in.TotalSegments = aws.Int32(2) }), validation), awsVerified,
		"The Segment parameter is required but was not present in the request when parameter TotalSegments is present"),
	real(failing(scan("segment out of range", func(in *dynamodb.ScanInput) { in.Segment = aws.Int32(2); in.TotalSegments = aws.Int32(2) }), validation), awsVerified,
		"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2"),
	real(failing(scan("limit zero", func(in *dynamodb.ScanInput) { in.Limit = aws.Int32(0) }), validation), localModelValidation, limitZero),
	failing(scan("unknown index", func(in *dynamodb.ScanInput) { in.IndexName = str("nope") }), validation),
	withMessage(failing(scan("consistent read on a global index", func(in *dynamodb.ScanInput) {
		in.IndexName = str("gsiAll")
		in.ConsistentRead = aws.Bool(true)
	}), validation), gsiConsistentMessage),
	failing(scan("specific attributes without a projection", func(in *dynamodb.ScanInput) { in.Select = types.SelectSpecificAttributes }), validation),
	failing(scan("missing table", func(in *dynamodb.ScanInput) { in.TableName = str("nope") }), "ResourceNotFoundException"),
	hashRangeTable("T"),
	put("one", item{"pk": av.S("p"), "sk": av.N("1")}),
	put("two", item{"pk": av.S("p"), "sk": av.N("2")}),
	put("three", item{"pk": av.S("p"), "sk": av.N("3")}),
	Step{Name: "single-partition first page", In: &dynamodb.ScanInput{TableName: str("T"), Limit: aws.Int32(2)}},
	Step{Name: "single-partition last page", In: &dynamodb.ScanInput{TableName: str("T"), Limit: aws.Int32(2), ExclusiveStartKey: item{"pk": av.S("p"), "sk": av.N("2")}}},
	Step{Name: "single-partition exactly full page", In: &dynamodb.ScanInput{TableName: str("T"), Limit: aws.Int32(1), ExclusiveStartKey: item{"pk": av.S("p"), "sk": av.N("2")}}},
)}

// gsiConsistentMessage is DynamoDB's answer to a strongly consistent read
// of a global secondary index.
const gsiConsistentMessage = "Consistent reads are not supported on global secondary indexes"

func TestQueryScan(t *testing.T) {
	Run(t, []Scenario{queries, scans, fetchedPages})
}

// fetchedPages pages through a local index that keeps only keys, asking for
// every attribute: the items fetched from the table count toward each
// page's 1 MB, and toward its capacity.
var fetchedPages = Scenario{Name: "LocalIndexFetchedPages", Steps: func() []Step {
	steps := []Step{{Name: "create F", In: &dynamodb.CreateTableInput{
		TableName: str("F"),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeS),
			attrDef("lsk", types.ScalarAttributeTypeS)},
		KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{{IndexName: str("byLsk"),
			KeySchema:  []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("lsk", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}}},
		BillingMode: types.BillingModePayPerRequest,
	}}}
	d := strings.Repeat("x", 100000)
	for i := range 30 {
		k := fmt.Sprintf("%02d", i)
		steps = append(steps, Step{Name: "put " + k, In: &dynamodb.PutItemInput{TableName: str("F"),
			Item: item{"pk": av.S("p"), "sk": av.S(k), "lsk": av.S(k), "d": av.S(d)}}})
	}
	return append(steps,
		Step{Name: "query every attribute", Paged: true, In: &dynamodb.QueryInput{TableName: str("F"), IndexName: str("byLsk"),
			KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": av.S("p")},
			Select: types.SelectAllAttributes, ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes}},
		Step{Name: "query an unprojected attribute", Paged: true, In: &dynamodb.QueryInput{TableName: str("F"), IndexName: str("byLsk"),
			KeyConditionExpression: str("pk = :p"), ExpressionAttributeValues: item{":p": av.S("p")},
			ProjectionExpression: str("sk, d"), ConsistentRead: aws.Bool(true), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}},
		// DynamoDB Local charges this Scan's rows and fetched items to the
		// index, their total rounded up to 4 KB once (134.5 units for the
		// first page), where its Query above charges the fetched items to
		// the table, each on its own; the engine charges both alike.
		Step{Name: "scan every attribute", Paged: true, Unkept: []string{"ConsumedCapacity"}, In: &dynamodb.ScanInput{TableName: str("F"), IndexName: str("byLsk"),
			Select: types.SelectAllAttributes, ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes}},
	)
}()}
