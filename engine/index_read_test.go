package engine

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// Index reads on indexedTableInput: lsi1 (pk, l) INCLUDE a; gsi1 (g)
// KEYS_ONLY. Capacity figures as DynamoDB Local reports them.
func TestIndexQueries(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("idx"))
	for i := 1; i <= 3; i++ {
		mustPut(t, db, "idx", item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i)), "l": av.S("l" + strconv.Itoa(4-i)), "g": av.S("x"), "a": av.S("A"), "b": av.S("B")})
	}
	mustPut(t, db, "idx", item{"pk": av.S("p"), "sk": av.N("9"), "b": av.S("sparse")})
	full := func(i int) item {
		return item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i)), "l": av.S("l" + strconv.Itoa(4-i)), "g": av.S("x"), "a": av.S("A"), "b": av.S("B")}
	}
	tests := []struct {
		name     string
		in       dynamodb.QueryInput
		want     []map[string]types.AttributeValue
		last     map[string]types.AttributeValue
		table    float64
		indexCap float64
		err      string
	}{
		{name: "lsi projected", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :p"), Limit: aws.Int32(2)},
			want: []map[string]types.AttributeValue{{"pk": av.S("p"), "sk": av.N("3"), "l": av.S("l1"), "a": av.S("A")}, {"pk": av.S("p"), "sk": av.N("2"), "l": av.S("l2"), "a": av.S("A")}},
			last: item{"pk": av.S("p"), "sk": av.N("2"), "l": av.S("l2")}, indexCap: 0.5},
		{name: "lsi all attributes fetches", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :p"), Limit: aws.Int32(2), Select: types.SelectAllAttributes},
			want: []map[string]types.AttributeValue{full(3), full(2)}, last: item{"pk": av.S("p"), "sk": av.N("2"), "l": av.S("l2")}, table: 1, indexCap: 0.5},
		{name: "lsi projection of a table attribute fetches", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :p AND l > :l"), ProjectionExpression: aws.String("b"),
			ExpressionAttributeValues: item{":l": av.S("l2")}}, want: []map[string]types.AttributeValue{{"b": av.S("B")}}, table: 0.5, indexCap: 0.5},
		{name: "gsi keys only", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("g = :g"), ExpressionAttributeValues: item{":g": av.S("x")}, Select: types.SelectCount},
			indexCap: 0.5},
		{name: "gsi all attributes", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("g = :g"), ExpressionAttributeValues: item{":g": av.S("x")}, Select: types.SelectAllAttributes},
			err: "ValidationException: One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index gsi1 because its projection type is not ALL"},
		{name: "gsi consistent", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("g = :g"), ExpressionAttributeValues: item{":g": av.S("x")}, ConsistentRead: aws.Bool(true)},
			err: "ValidationException: Consistent reads are not supported on global secondary indexes"},
		{name: "gsi start key without index key", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("g = :g"), ExpressionAttributeValues: item{":g": av.S("x")},
			ExclusiveStartKey: item{"pk": av.S("p"), "sk": av.N("1"), "l": av.S("x")}}, err: "ValidationException: The provided starting key is invalid"},
		{name: "table key condition on index", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("pk = :p")},
			err: "ValidationException: Query condition missed key schema element: g"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.TableName = aws.String("idx")
			in.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
			if in.ExpressionAttributeValues == nil {
				in.ExpressionAttributeValues = item{}
			}
			if in.IndexName != nil && *in.IndexName == "lsi1" || *in.KeyConditionExpression == "pk = :p" {
				in.ExpressionAttributeValues[":p"] = av.S("p")
			}
			out, err := db.Query(ctx, &in)
			if got := errText(err); got != tt.err {
				t.Fatalf("error %q, want %q", got, tt.err)
			}
			if err != nil {
				return
			}
			if in.Select == types.SelectCount {
				if out.Count != 3 || out.Items != nil {
					t.Errorf("Count %d Items %v, want 3 and none (the sparse item is not indexed)", out.Count, out.Items)
				}
			} else if diff := cmp.Diff(tt.want, out.Items, cmpAV); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.last, out.LastEvaluatedKey, cmpAV); diff != "" {
				t.Errorf("LastEvaluatedKey (-want +got):\n%s", diff)
			}
			c := out.ConsumedCapacity
			var idx float64
			for _, m := range []map[string]types.Capacity{c.LocalSecondaryIndexes, c.GlobalSecondaryIndexes} {
				for _, v := range m {
					idx += *v.CapacityUnits
				}
			}
			if *c.Table.CapacityUnits != tt.table || idx != tt.indexCap || *c.CapacityUnits != tt.table+tt.indexCap {
				t.Errorf("capacity table %v index %v total %v, want %v %v", *c.Table.CapacityUnits, idx, *c.CapacityUnits, tt.table, tt.indexCap)
			}
		})
	}
}

func TestGSIBackfill(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("filled"), AttributeDefinitions: defs("pk", "S"),
		KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest,
	})
	const items = 3000
	for i := range items {
		mustPut(t, db, "filled", item{"pk": av.S(strconv.Itoa(i)), "g": av.N(strconv.Itoa(i % 10))})
	}
	out, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName: aws.String("filled"), AttributeDefinitions: defs("g", "N"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName: aws.String("byg"), KeySchema: keySchema("g"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if g := out.TableDescription.GlobalSecondaryIndexes[0]; g.IndexStatus != types.IndexStatusCreating || !aws.ToBool(g.Backfilling) {
		t.Errorf("new index %s backfilling %v, want CREATING and true", g.IndexStatus, aws.ToBool(g.Backfilling))
	}
	// Concurrent writes: move items 0..999 to g=100, delete 1000..1499, add
	// 3000..3499 (g=7); then the index must match the table exactly.
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		for i := range 1000 {
			mustPut(t, db, "filled", item{"pk": av.S(strconv.Itoa(i)), "g": av.N("100")})
		}
	}()
	go func() {
		defer wg.Done()
		for i := 1000; i < 1500; i++ {
			if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("filled"), Key: item{"pk": av.S(strconv.Itoa(i))}}); err != nil {
				t.Error(err)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := items; i < items+500; i++ {
			mustPut(t, db, "filled", item{"pk": av.S(strconv.Itoa(i)), "g": av.N("7")})
		}
	}()
	wg.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for {
		d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("filled")})
		if err != nil {
			t.Fatal(err)
		}
		g := d.Table.GlobalSecondaryIndexes[0]
		if g.IndexStatus == types.IndexStatusActive {
			if *g.ItemCount != 3000 || g.Backfilling != nil {
				t.Errorf("ItemCount %d Backfilling %v, want 3000 and none", *g.ItemCount, g.Backfilling)
			}
			break
		}
		// A nil error means the backfill finished since DescribeTable; the
		// next round sees the index ACTIVE and checks it.
		if _, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("filled"), IndexName: aws.String("byg"), KeyConditionExpression: aws.String("g = :g"),
			ExpressionAttributeValues: item{":g": av.N("7")}}); err != nil && errText(err) != "ValidationException: Cannot read from backfilling global secondary index: byg" {
			t.Errorf("query while backfilling: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the index never became ACTIVE")
		}
		time.Sleep(5 * time.Millisecond)
	}
	want := map[string]int{"100": 1000, "7": 650}
	for g := range 10 {
		if g != 7 {
			want[strconv.Itoa(g)] = 150
		}
	}
	for g, count := range want {
		q, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("filled"), IndexName: aws.String("byg"), KeyConditionExpression: aws.String("g = :g"),
			ExpressionAttributeValues: item{":g": av.N(g)}, Select: types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		if int(q.Count) != count {
			t.Errorf("g=%s: %d items, want %d", g, q.Count, count)
		}
	}
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("filled"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: aws.String("byg")}}}}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		d, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("filled")})
		if d.Table.GlobalSecondaryIndexes == nil {
			if len(d.Table.AttributeDefinitions) != 1 {
				t.Errorf("attribute definitions %v, want pk only", d.Table.AttributeDefinitions)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the index was never deleted")
		}
	}
}

// A backfill leaves out the items whose value for the new index's key
// would violate it (an empty string, a value over 2048 bytes, another
// type) and the index becomes ACTIVE all the same (Developer Guide,
// "Detecting and correcting index key violations"; DynamoDB Local indexes
// the empty string).
func TestGSIBackfillViolations(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("viol"), AttributeDefinitions: defs("pk", "S"),
		KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest,
	})
	for i, g := range []types.AttributeValue{av.S(""), av.S("x"), av.S(strings.Repeat("y", 2049)), av.N("1"), av.B("")} {
		mustPut(t, db, "viol", item{"pk": av.S(strconv.Itoa(i)), "g": g})
	}
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName: aws.String("viol"), AttributeDefinitions: defs("g", "S"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName: aws.String("byg"), KeySchema: keySchema("g"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}}},
	}); err != nil {
		t.Fatal(err)
	}
	d := waitIndexesActive(t, db, "viol")
	if got := *d.GlobalSecondaryIndexes[0].ItemCount; got != 1 {
		t.Errorf("index ItemCount %d, want 1 (only g = x)", got)
	}
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("viol"), IndexName: aws.String("byg")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 1 || out.Items[0]["pk"].(*types.AttributeValueMemberS).Value != "1" {
		t.Errorf("index holds %v, want item 1 alone", out.Items)
	}
}
