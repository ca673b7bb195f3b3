package engine

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemenc"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// put writes an item or fails the test.
func put(t *testing.T, db *DB, table string, it item) {
	t.Helper()
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
		t.Fatal(err)
	}
}

// get reads an item (strongly consistent) or fails the test.
func get(t *testing.T, db *DB, table string, key item) item {
	t.Helper()
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func TestItemValidation(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("checked"))
	long := string(make([]byte, 2049))
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"put missing key", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S("a")}})
			return err
		}, "ValidationException: One or more parameter values were invalid: Missing the key sk in the item"},
		{"put key type", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.N("1"), "sk": av.N("1")}})
			return err
		}, "ValidationException: One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"},
		{"put empty key", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S(""), "sk": av.N("1")}})
			return err
		}, "ValidationException: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"},
		{"put long key", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S(long), "sk": av.N("1")}})
			return err
		}, "ValidationException: One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"},
		{"put index key type", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S("a"), "sk": av.N("1"), "g": av.B("x")}})
			return err
		}, "ValidationException: One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: B IndexName: gsi1"},
		{"put empty index key", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("")}})
			return err
		}, "ValidationException: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: lsi1, IndexKey: l"},
		{"put too large", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S("a"), "sk": av.N("1"), "big": av.S(string(make([]byte, 400*1024)))}})
			return err
		}, "ValidationException: Item size has exceeded the maximum allowed size"},
		{"put returns updated", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S("a"), "sk": av.N("1")}, ReturnValues: "UPDATED_NEW"})
			return err
		}, "ValidationException: Return values set to invalid value"},
		{"put legacy", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S("a"), "sk": av.N("1")}, Expected: map[string]types.ExpectedAttributeValue{}, ConditionExpression: aws.String("attribute_exists(a)")})
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"},
		{"put values without expression", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("checked"), Item: item{"pk": av.S("a"), "sk": av.N("1")}, ExpressionAttributeValues: item{":a": av.S("x")}})
			return err
		}, "ValidationException: ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"},
		{"update names without expression", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("checked"), Key: item{"pk": av.S("a"), "sk": av.N("1")}, ExpressionAttributeNames: map[string]string{"#a": "a"}})
			return err
		}, "ValidationException: ExpressionAttributeNames can only be specified when using expressions"},
		{"get missing sort key", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("checked"), Key: item{"pk": av.S("a")}})
			return err
		}, "ValidationException: The provided key element does not match the schema"},
		{"get extra attribute", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("checked"), Key: item{"pk": av.S("a"), "sk": av.N("1"), "x": av.S("1")}})
			return err
		}, "ValidationException: The provided key element does not match the schema"},
		{"get wrong type", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("checked"), Key: item{"pk": av.S("a"), "sk": av.S("1")}})
			return err
		}, "ValidationException: The provided key element does not match the schema"},
		{"delete returns new", func() error {
			_, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("checked"), Key: item{"pk": av.S("a"), "sk": av.N("1")}, ReturnValues: "ALL_NEW"})
			return err
		}, "ValidationException: Return values set to invalid value"},
		{"bad return values", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("checked"), Key: item{"pk": av.S("a"), "sk": av.N("1")}, ReturnValues: "SOME"})
			return err
		}, "ValidationException: 1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"},
		{"missing table", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("nothere"), Key: item{"pk": av.S("a")}})
			return err
		}, "ResourceNotFoundException: Requested resource not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errText(tt.call()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPutGetDeleteWithIndexes(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("rows"))
	key := item{"pk": av.S("a"), "sk": av.N("1")}
	full := item{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("x"), "g": av.S("y"), "a": av.S("in lsi"), "z": av.S("nowhere")}
	out, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("rows"), Item: full,
		ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes, ReturnItemCollectionMetrics: types.ReturnItemCollectionMetricsSize})
	if err != nil {
		t.Fatal(err)
	}
	wantCap := &types.ConsumedCapacity{TableName: aws.String("rows"), CapacityUnits: aws.Float64(3),
		Table:                  &types.Capacity{CapacityUnits: aws.Float64(1)},
		LocalSecondaryIndexes:  map[string]types.Capacity{"lsi1": {CapacityUnits: aws.Float64(1)}},
		GlobalSecondaryIndexes: map[string]types.Capacity{"gsi1": {CapacityUnits: aws.Float64(1)}}}
	if diff := cmp.Diff(wantCap, out.ConsumedCapacity, cmpopts.IgnoreUnexported(types.ConsumedCapacity{}, types.Capacity{})); diff != "" {
		t.Errorf("ConsumedCapacity (-want +got):\n%s", diff)
	}
	if m := out.ItemCollectionMetrics; m == nil || !cmp.Equal(m.SizeEstimateRangeGB, []float64{0, 1}) {
		t.Errorf("ItemCollectionMetrics = %+v, want range [0 1]", m)
	}
	if got := get(t, db, "rows", key); !cmp.Equal(got, full, cmpAV) {
		t.Errorf("GetItem = %v, want %v", got, full)
	}
	// The index rows hold the projections.
	wantRows := map[string][]item{
		"lsi1": {{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("x"), "a": av.S("in lsi")}},
		"gsi1": {{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("y")}},
	}
	if diff := cmp.Diff(wantRows, indexRows(t, db, "rows"), cmpAV); diff != "" {
		t.Errorf("index rows (-want +got):\n%s", diff)
	}
	// Dropping the GSI key removes the item from that index only.
	put(t, db, "rows", item{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("x2")})
	wantRows = map[string][]item{"lsi1": {{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("x2")}}}
	if diff := cmp.Diff(wantRows, indexRows(t, db, "rows"), cmpAV); diff != "" {
		t.Errorf("index rows after put (-want +got):\n%s", diff)
	}
	d, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("rows")})
	if *d.Table.ItemCount != 1 || *d.Table.LocalSecondaryIndexes[0].ItemCount != 1 || *d.Table.GlobalSecondaryIndexes[0].ItemCount != 0 {
		t.Errorf("counts: table %d, lsi %d, gsi %d; want 1, 1, 0", *d.Table.ItemCount, *d.Table.LocalSecondaryIndexes[0].ItemCount, *d.Table.GlobalSecondaryIndexes[0].ItemCount)
	}
	del, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("rows"), Key: key, ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		t.Fatal(err)
	}
	if want := (item{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("x2")}); !cmp.Equal(del.Attributes, want, cmpAV) {
		t.Errorf("DeleteItem ALL_OLD = %v, want %v", del.Attributes, want)
	}
	if got := get(t, db, "rows", key); got != nil {
		t.Errorf("GetItem after delete = %v", got)
	}
	if rows := indexRows(t, db, "rows"); len(rows) != 0 {
		t.Errorf("index rows after delete: %v", rows)
	}
}

func TestReadCapacity(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("reads"))
	put(t, db, "reads", item{"pk": av.S("a"), "sk": av.N("1"), "big": av.S(string(make([]byte, 5000)))})
	tests := []struct {
		key        item
		consistent bool
		want       float64
	}{
		{item{"pk": av.S("a"), "sk": av.N("1")}, true, 2},
		{item{"pk": av.S("a"), "sk": av.N("1")}, false, 1},
		{item{"pk": av.S("b"), "sk": av.N("1")}, true, 1},
		{item{"pk": av.S("b"), "sk": av.N("1")}, false, 0.5},
	}
	for _, tt := range tests {
		out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("reads"), Key: tt.key,
			ConsistentRead: aws.Bool(tt.consistent), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
		if err != nil {
			t.Fatal(err)
		}
		if got := *out.ConsumedCapacity.CapacityUnits; got != tt.want {
			t.Errorf("GetItem %v consistent=%v: %v units, want %v", tt.key, tt.consistent, got, tt.want)
		}
	}
}

// cmpAV compares attribute values by content.
var cmpAV = cmp.Exporter(func(reflect.Type) bool { return true })

// indexRows returns the projected items stored in each index of a table.
func indexRows(t *testing.T, db *DB, name string) map[string][]item {
	t.Helper()
	tbl := db.tables[name]
	rows := map[string][]item{}
	for _, ix := range tbl.indexList() {
		err := db.store.Scan(keyspace(ix.id), keyspaceEnd(ix.id), false, func(_, v []byte) bool {
			it, err := itemenc.DecodeItem(v)
			if err != nil {
				t.Fatal(err)
			}
			rows[ix.name] = append(rows[ix.name], it)
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return rows
}
