package server

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/av"
)

// The engine serves the fast path.
var _ EncodedReads = (*engine.DB)(nil)

// sdkOnly hides a backend's EncodedReads, so that the server answers
// through its SDK methods.
type sdkOnly struct{ Backend }

// TestEncodedReadsMatchSDK sends the same reads to a server whose engine
// hands it stored items and to one that gets SDK values from the same
// engine: status and JSON (capacity, counts, LastEvaluatedKey, items,
// projections of nested paths) must be the same, but for the order of
// object members.
func TestEncodedReadsMatchSDK(t *testing.T) {
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loadRandomItems(t, db)
	fast, sdk := New(db), New(sdkOnly{db})

	for _, c := range encodedReadCalls() {
		want := request{target: c.target, body: c.body}.send(sdk)
		got := request{target: c.target, body: c.body}.send(fast)
		if got.Code != want.Code {
			t.Fatalf("%s %s: status %d, want %d\n%s\n%s", c.target, c.body, got.Code, want.Code, got.Body, want.Body)
		}
		if diff := sameJSON(t, want.Body.Bytes(), got.Body.Bytes()); diff != "" {
			t.Fatalf("%s %s: answers differ (-SDK values +stored items):\n%s", c.target, c.body, diff)
		}
		if got.Code != 200 {
			t.Fatalf("%s %s: %s", c.target, c.body, got.Body)
		}
	}
}

// readCall is one request of TestEncodedReadsMatchSDK.
type readCall struct{ target, body string }

// obj is a JSON object of a request.
type obj = map[string]any

// merge merges the members of request objects; the placeholder maps of
// several are merged too.
func merge(objs ...obj) obj {
	m := obj{}
	for _, o := range objs {
		for k, v := range o {
			if prev, ok := m[k].(obj); ok && (k == "ExpressionAttributeNames" || k == "ExpressionAttributeValues") {
				for pk, pv := range v.(obj) {
					prev[pk] = pv
				}
				continue
			}
			if vo, ok := v.(obj); ok {
				v = merge(vo) // a copy, which merging may change
			}
			m[k] = v
		}
	}
	return m
}

// body is the JSON of merged request objects.
func body(objs ...obj) string {
	b, err := json.Marshal(merge(objs...))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// encodedReadCalls returns reads of every kind of the items of
// loadRandomItems: with and without projections (of nested paths and
// list elements too), filters, limits, Select, consistency and capacity.
func encodedReadCalls() []readCall {
	key := func(p, s int) obj {
		return obj{"pk": obj{"S": "p" + strconv.Itoa(p)}, "sk": obj{"N": strconv.Itoa(s)}}
	}
	proj := obj{"ProjectionExpression": "doc.x, doc.y, l[1], l[3], #v, sk, nothing.here", "ExpressionAttributeNames": obj{"#v": "v"}}
	filter := obj{
		"FilterExpression":          "size(l) > :two OR attribute_type(v, :s) OR contains(l, :zero)",
		"ExpressionAttributeValues": obj{":two": obj{"N": "2"}, ":s": obj{"S": "S"}, ":zero": obj{"N": "0"}},
	}
	var calls []readCall
	for _, extra := range []obj{
		{},
		{"ConsistentRead": true},
		proj,
		{"ProjectionExpression": "nothing"},
		{"AttributesToGet": []string{"doc", "v"}},
	} {
		for _, k := range []obj{key(1, 4), key(2, 5), key(0, 999)} {
			calls = append(calls, readCall{"GetItem", body(obj{"TableName": "items", "Key": k, "ReturnConsumedCapacity": "TOTAL"}, extra)})
		}
		calls = append(calls,
			readCall{"BatchGetItem", body(obj{"RequestItems": obj{"items": merge(obj{"Keys": []obj{key(0, 0), key(1, 4), key(2, 999)}}, extra)}, "ReturnConsumedCapacity": "TOTAL"})},
			readCall{"TransactGetItems", body(obj{"TransactItems": []obj{
				{"Get": obj{"TableName": "items", "Key": key(0, 3)}},
				{"Get": obj{"TableName": "items", "Key": key(2, 999)}},
				{"Get": merge(obj{"TableName": "items", "Key": key(1, 7)}, proj)},
			}, "ReturnConsumedCapacity": "INDEXES"})},
		)
	}
	for _, extra := range []obj{
		{},
		{"Limit": 7, "ReturnConsumedCapacity": "INDEXES"},
		filter,
		merge(filter, obj{"Select": "COUNT", "Limit": 20}),
		merge(filter, proj),
		{"IndexName": "lsi", "Select": "ALL_ATTRIBUTES", "ReturnConsumedCapacity": "INDEXES"},
		{"IndexName": "lsi", "Limit": 3},
		{"IndexName": "lsi", "Select": "ALL_ATTRIBUTES", "FilterExpression": "sk > :two", "ExpressionAttributeValues": obj{":two": obj{"N": "2"}}},
		{"IndexName": "lsi", "ProjectionExpression": "l, pk"},
		{"Select": "COUNT"},
	} {
		for _, q := range []obj{
			{"ExpressionAttributeValues": obj{":p": obj{"S": "p1"}}},
			{"ExpressionAttributeValues": obj{":p": obj{"S": "p2"}}, "ScanIndexForward": false},
		} {
			calls = append(calls, readCall{"Query", body(obj{"TableName": "items", "KeyConditionExpression": "pk = :p"}, q, extra)})
		}
		calls = append(calls, readCall{"Scan", body(obj{"TableName": "items"}, extra)})
	}
	calls = append(calls,
		readCall{"Query", body(obj{"TableName": "items", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": obj{":p": obj{"S": "p1"}}, "Limit": 5, "ExclusiveStartKey": key(1, 10)})},
		readCall{"Query", body(obj{"TableName": "items", "IndexName": "gsi", "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": obj{":g": obj{"S": "g2"}}})},
		readCall{"Scan", body(obj{"TableName": "items", "IndexName": "gsi", "ReturnConsumedCapacity": "INDEXES"})},
		readCall{"Scan", body(obj{"TableName": "items", "Segment": 1, "TotalSegments": 3, "Limit": 9})},
		readCall{"Scan", body(obj{"TableName": "items", "Limit": 9, "ExclusiveStartKey": key(1, 10)})},
	)
	return calls
}

// loadRandomItems creates table items (pk S, sk N; a global index on g, a local
// index on lsk projecting the keys only) and puts random items in it.
func loadRandomItems(t *testing.T, db *engine.DB) {
	t.Helper()
	ctx := context.Background()
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("items"),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeN},
			{AttributeName: aws.String("g"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("lsk"), AttributeType: types.ScalarAttributeTypeN},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange},
		},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("gsi"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("g"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{{
			IndexName: aws.String("lsi"),
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
				{AttributeName: aws.String("lsk"), KeyType: types.KeyTypeRange},
			},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(31, 32))
	for i := range 60 {
		item := av.Random(r, 4, 2)
		item["pk"] = av.S("p" + strconv.Itoa(i%3))
		item["sk"] = av.Int(i)
		item["v"] = av.RandomValue(r, 3, 2)
		item["doc"] = av.M(av.Item{"x": av.RandomValue(r, 3, 2), "y": av.M(av.Random(r, 3, 2)), "z": av.N("1")})
		item["l"] = av.L(av.RandomValue(r, 2, 1), av.RandomValue(r, 2, 1), av.Int(i%2), av.RandomValue(r, 2, 1))
		if i%2 == 0 {
			item["g"] = av.S("g" + strconv.Itoa(i%4))
			item["lsk"] = av.Int(-i)
		}
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("items"), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
}
