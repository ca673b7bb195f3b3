package engine

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// simpleTable creates an on-demand table keyed by id (S).
func simpleTable(t *testing.T, db *DB, name string) {
	t.Helper()
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String(name), AttributeDefinitions: defs("id", "S"), KeySchema: keySchema("id"), BillingMode: types.BillingModePayPerRequest,
	})
}

func TestBatchGetItem(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "bg1")
	put(t, db, "bg1", item{"id": av.S("a"), "x": av.S("hello"), "y": av.N("1")})
	put(t, db, "bg1", item{"id": av.S("b"), "x": av.S("hello"), "y": av.N("2")})

	out, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
		RequestItems: map[string]types.KeysAndAttributes{"bg1": {
			Keys: []map[string]types.AttributeValue{{"id": av.S("a")}, {"id": av.S("b")}, {"id": av.S("c")}}, ProjectionExpression: aws.String("#x"),
			ExpressionAttributeNames: map[string]string{"#x": "x"},
		}},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &dynamodb.BatchGetItemOutput{
		Responses:        map[string][]map[string]types.AttributeValue{"bg1": {{"x": av.S("hello")}, {"x": av.S("hello")}}},
		UnprocessedKeys:  map[string]types.KeysAndAttributes{},
		ConsumedCapacity: []types.ConsumedCapacity{{TableName: aws.String("bg1"), CapacityUnits: aws.Float64(1)}},
	}
	if diff := cmp.Diff(want, out, cmpAV); diff != "" {
		t.Errorf("projection (-want +got):\n%s", diff)
	}

	out, err = db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
		RequestItems: map[string]types.KeysAndAttributes{"bg1": {
			Keys: []map[string]types.AttributeValue{{"id": av.S("a")}}, AttributesToGet: []string{"y"}, ConsistentRead: aws.Bool(true),
		}},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes,
	})
	if err != nil {
		t.Fatal(err)
	}
	want = &dynamodb.BatchGetItemOutput{
		Responses:       map[string][]map[string]types.AttributeValue{"bg1": {{"y": av.N("1")}}},
		UnprocessedKeys: map[string]types.KeysAndAttributes{},
		ConsumedCapacity: []types.ConsumedCapacity{{TableName: aws.String("bg1"), CapacityUnits: aws.Float64(1),
			Table: &types.Capacity{CapacityUnits: aws.Float64(1)}}},
	}
	if diff := cmp.Diff(want, out, cmpAV); diff != "" {
		t.Errorf("AttributesToGet (-want +got):\n%s", diff)
	}
}

// TestBatchGetItemLimit checks the 16 MB response limit: the keys not read
// come back in UnprocessedKeys, with the table's request parameters.
func TestBatchGetItemLimit(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "big")
	var keys []map[string]types.AttributeValue
	for i := range 50 {
		id := av.S(itoa(100 + i))
		put(t, db, "big", item{"id": id, "v": av.S(strings.Repeat("x", 390*1024))})
		keys = append(keys, item{"id": id})
	}
	out, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		"big": {Keys: keys, ProjectionExpression: aws.String("id")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := len(out.Responses["big"])
	rest := out.UnprocessedKeys["big"]
	if got == 0 || got >= 50 || got+len(rest.Keys) != 50 {
		t.Fatalf("read %d items, %d unprocessed; want a partial read of 50", got, len(rest.Keys))
	}
	if got*390*1024 > maxBatchGetBytes {
		t.Errorf("read %d items of 390 KB, over 16 MB", got)
	}
	if diff := cmp.Diff(keys[got:], rest.Keys, cmpAV); diff != "" || deref(rest.ProjectionExpression) != "id" {
		t.Errorf("unprocessed keys (-want +got):\n%s, projection %q", diff, deref(rest.ProjectionExpression))
	}
}

func TestBatchGetItemErrors(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "bg2")
	keys := func(ids ...string) []map[string]types.AttributeValue {
		var ks []map[string]types.AttributeValue
		for _, id := range ids {
			ks = append(ks, item{"id": av.S(id)})
		}
		return ks
	}
	var many []string
	for i := range 101 {
		many = append(many, itoa(i))
	}
	tests := []struct {
		name string
		req  map[string]types.KeysAndAttributes
		want string
	}{
		{"null", nil, "ValidationException: The requestItems parameter is required for BatchGetItem"},
		{"empty", map[string]types.KeysAndAttributes{}, "ValidationException: The requestItems parameter is required for BatchGetItem"},
		{"no keys", map[string]types.KeysAndAttributes{"bg2": {}}, "ValidationException: The list of keys in RequestItems for BatchGetItem is required: bg2 has empty list"},
		{"too many across tables", map[string]types.KeysAndAttributes{"bg2": {Keys: keys(many[:51]...)}, "other": {Keys: keys(many[51:]...)}}, "ValidationException: Too many items requested for the BatchGetItem call"},
		{"duplicates", map[string]types.KeysAndAttributes{"bg2": {Keys: keys("a", "a")}}, "ValidationException: Provided list of item keys contains duplicates"},
		{"missing table", map[string]types.KeysAndAttributes{"nothere": {Keys: keys("a")}}, "ResourceNotFoundException: Requested resource not found"},
		{"bad name", map[string]types.KeysAndAttributes{"x": {Keys: keys("a")}}, "ValidationException: " + apiMessage(errBadName)},
		{"key type", map[string]types.KeysAndAttributes{"bg2": {Keys: []map[string]types.AttributeValue{{"id": av.N("1")}}}}, "ValidationException: The provided key element does not match the schema"},
		{"empty key", map[string]types.KeysAndAttributes{"bg2": {Keys: keys("")}}, "ValidationException: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id"},
		{"both projections", map[string]types.KeysAndAttributes{"bg2": {Keys: keys("a"), AttributesToGet: []string{"a"}, ProjectionExpression: aws.String("b")}},
			"ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"},
		{"names alone", map[string]types.KeysAndAttributes{"bg2": {Keys: keys("a"), ExpressionAttributeNames: map[string]string{"#a": "a"}}}, "ValidationException: ExpressionAttributeNames can only be specified when using expressions"},
		{"unused name", map[string]types.KeysAndAttributes{"bg2": {Keys: keys("a"), ProjectionExpression: aws.String("#a"), ExpressionAttributeNames: map[string]string{"#a": "a", "#b": "b"}}},
			"ValidationException: Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}"},
		{"empty attributes", map[string]types.KeysAndAttributes{"bg2": {Keys: keys("a"), AttributesToGet: []string{}}}, "ValidationException: AttributesToGet cannot be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: tt.req})
			if got := errText(err); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestBatchWriteItem(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("bw1"))
	simpleTable(t, db, "bw2")
	put(t, db, "bw2", item{"id": av.S("gone")})
	out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
		RequestItems: map[string][]types.WriteRequest{
			"bw1": {{PutRequest: &types.PutRequest{Item: item{"pk": av.S("p"), "sk": av.N("1"), "l": av.S("x"), "g": av.S("y")}}}},
			"bw2": {{PutRequest: &types.PutRequest{Item: item{"id": av.S("new")}}}, {DeleteRequest: &types.DeleteRequest{Key: item{"id": av.S("gone")}}}},
		},
		ReturnConsumedCapacity:      types.ReturnConsumedCapacityTotal,
		ReturnItemCollectionMetrics: types.ReturnItemCollectionMetricsSize,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &dynamodb.BatchWriteItemOutput{
		UnprocessedItems: map[string][]types.WriteRequest{},
		ConsumedCapacity: []types.ConsumedCapacity{
			{TableName: aws.String("bw1"), CapacityUnits: aws.Float64(3)}, // table, LSI and GSI
			{TableName: aws.String("bw2"), CapacityUnits: aws.Float64(2)},
		},
		ItemCollectionMetrics: map[string][]types.ItemCollectionMetrics{"bw1": {{
			ItemCollectionKey: item{"pk": av.S("p")}, SizeEstimateRangeGB: []float64{0, 1},
		}}},
	}
	if diff := cmp.Diff(want, out, cmpAV); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if get(t, db, "bw2", item{"id": av.S("gone")}) != nil || get(t, db, "bw2", item{"id": av.S("new")}) == nil {
		t.Error("the batch's put and delete were not both applied")
	}
}

func TestBatchWriteItemErrors(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "bw3")
	putReq := func(id types.AttributeValue) types.WriteRequest {
		return types.WriteRequest{PutRequest: &types.PutRequest{Item: item{"id": id}}}
	}
	var many []types.WriteRequest
	for i := range 26 {
		many = append(many, putReq(av.S(itoa(i))))
	}
	tests := []struct {
		name string
		req  map[string][]types.WriteRequest
		want string
	}{
		{"null", nil, "ValidationException: The requestItems parameter is required for BatchWriteItem"},
		{"empty", map[string][]types.WriteRequest{}, "ValidationException: The requestItems parameter is required for BatchWriteItem"},
		{"empty table", map[string][]types.WriteRequest{"bw3": {}}, "ValidationException: The batch write request list for a table cannot be null or empty: bw3"},
		{"too many across tables", map[string][]types.WriteRequest{"bw3": many[:13], "other": many[13:]}, "ValidationException: Too many items requested for the BatchWriteItem call"},
		{"neither", map[string][]types.WriteRequest{"bw3": {{}}}, "ValidationException: " + apiMessage(errWriteRequestKind)},
		{"both", map[string][]types.WriteRequest{"bw3": {{PutRequest: &types.PutRequest{Item: item{"id": av.S("1")}}, DeleteRequest: &types.DeleteRequest{Key: item{"id": av.S("1")}}}}},
			"ValidationException: " + apiMessage(errWriteRequestKind)},
		{"null item", map[string][]types.WriteRequest{"bw3": {{PutRequest: &types.PutRequest{}}}}, "ValidationException: The supplied Item contains a null AttributeValue"},
		{"duplicates", map[string][]types.WriteRequest{"bw3": {putReq(av.S("1")), {DeleteRequest: &types.DeleteRequest{Key: item{"id": av.S("1")}}}}},
			"ValidationException: Provided list of item keys contains duplicates"},
		{"missing table", map[string][]types.WriteRequest{"nothere": {putReq(av.S("1"))}}, "ResourceNotFoundException: Requested resource not found"},
		{"put key type", map[string][]types.WriteRequest{"bw3": {putReq(av.S("ok")), putReq(av.N("1"))}}, "ValidationException: The provided key element does not match the schema"},
		{"delete key", map[string][]types.WriteRequest{"bw3": {{DeleteRequest: &types.DeleteRequest{Key: item{"idx": av.S("1")}}}}}, "ValidationException: The provided key element does not match the schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: tt.req})
			if got := errText(err); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	// A batch with an invalid write makes none of its writes.
	if get(t, db, "bw3", item{"id": av.S("ok")}) != nil {
		t.Error("a batch that failed validation wrote an item")
	}
}
