package engine

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/av"
)

// mustPut writes an item or fails the test.
func mustPut(t testing.TB, db *DB, table string, it item) {
	t.Helper()
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
		t.Fatal(err)
	}
}

// numbers returns the values of the N attribute name in items, in order.
func numbers(items []map[string]types.AttributeValue, name string) []int {
	out := []int{}
	for _, it := range items {
		v, _ := strconv.Atoi(it[name].(*types.AttributeValueMemberN).Value)
		out = append(out, v)
	}
	return out
}

// queryTable is a table "qtab" with pk S and sk N holding pk "a" with sk 1..20
// and pk "b" with sk 1..3; items also carry a string "t" ("t01".."t20").
func queryTable(t *testing.T) *DB {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("qtab"), AttributeDefinitions: defs("pk", "S", "sk", "N"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	})
	for i := 1; i <= 20; i++ {
		mustPut(t, db, "qtab", item{"pk": av.S("a"), "sk": av.N(strconv.Itoa(i)), "t": av.S(fmt.Sprintf("t%02d", i))})
	}
	for i := 1; i <= 3; i++ {
		mustPut(t, db, "qtab", item{"pk": av.S("b"), "sk": av.N(strconv.Itoa(i))})
	}
	return db
}

func TestQueryKeyConditions(t *testing.T) {
	db := queryTable(t)
	tests := []struct {
		cond     string
		values   item
		backward bool
		want     []int
	}{
		{"pk = :a", item{":a": av.S("a")}, false, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}},
		{"pk = :b", item{":b": av.S("b")}, true, []int{3, 2, 1}},
		{"pk = :a AND sk = :v", item{":a": av.S("a"), ":v": av.N("7")}, false, []int{7}},
		{"pk = :a AND sk < :v", item{":a": av.S("a"), ":v": av.N("3")}, false, []int{1, 2}},
		{"pk = :a AND sk <= :v", item{":a": av.S("a"), ":v": av.N("3")}, true, []int{3, 2, 1}},
		{"pk = :a AND sk > :v", item{":a": av.S("a"), ":v": av.N("18")}, false, []int{19, 20}},
		{"pk = :a AND sk >= :v", item{":a": av.S("a"), ":v": av.N("18")}, true, []int{20, 19, 18}},
		{"pk = :a AND sk BETWEEN :x AND :y", item{":a": av.S("a"), ":x": av.N("9"), ":y": av.N("11")}, false, []int{9, 10, 11}},
		{"sk BETWEEN :x AND :y AND pk = :a", item{":a": av.S("a"), ":x": av.N("9.5"), ":y": av.N("10")}, false, []int{10}},
		{":v > sk AND pk = :a", item{":a": av.S("a"), ":v": av.N("2")}, false, []int{1}},
		{"pk = :z", item{":z": av.S("zzz")}, false, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			out, err := db.Query(ctx, &dynamodb.QueryInput{
				TableName: aws.String("qtab"), KeyConditionExpression: aws.String(tt.cond),
				ExpressionAttributeValues: tt.values, ScanIndexForward: aws.Bool(!tt.backward),
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, numbers(out.Items, "sk")); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if out.Count != int32(len(tt.want)) || out.ScannedCount != out.Count || out.LastEvaluatedKey != nil {
				t.Errorf("Count %d ScannedCount %d LastEvaluatedKey %v", out.Count, out.ScannedCount, out.LastEvaluatedKey)
			}
		})
	}
}

func TestQueryBeginsWith(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("bwtab"), AttributeDefinitions: defs("pk", "S", "sk", "S"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	})
	for _, sk := range []string{"a", "ab", "abc", "abd", "ac", "b", "é", "éa"} {
		mustPut(t, db, "bwtab", item{"pk": av.S("p"), "sk": av.S(sk)})
	}
	for prefix, want := range map[string][]string{
		"ab": {"ab", "abc", "abd"}, "a": {"a", "ab", "abc", "abd", "ac"}, "abe": {}, "é": {"é", "éa"},
	} {
		out, err := db.Query(ctx, &dynamodb.QueryInput{
			TableName: aws.String("bwtab"), KeyConditionExpression: aws.String("pk = :p AND begins_with(sk, :s)"),
			ExpressionAttributeValues: item{":p": av.S("p"), ":s": av.S(prefix)},
		})
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, it := range out.Items {
			got = append(got, it["sk"].(*types.AttributeValueMemberS).Value)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("begins_with %q (-want +got):\n%s", prefix, diff)
		}
	}
}

// The messages were checked against DynamoDB Local, except where DynamoDB's
// own differ (noted).
func TestQueryErrors(t *testing.T) {
	db := queryTable(t)
	a := item{":a": av.S("a")}
	tests := []struct {
		name string
		in   dynamodb.QueryInput
		err  string
	}{
		{"no key condition", dynamodb.QueryInput{}, "ValidationException: Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."},
		// DynamoDB names the missed element; DynamoDB Local does not.
		{"missed key", dynamodb.QueryInput{KeyConditionExpression: aws.String("sk = :v"), ExpressionAttributeValues: item{":v": av.N("1")}},
			"ValidationException: Query condition missed key schema element: pk"},
		{"other attribute", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a AND zz = :v"), ExpressionAttributeValues: item{":a": av.S("a"), ":v": av.N("1")}},
			"ValidationException: Query condition missed key schema element: sk"},
		{"range on partition", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk > :a"), ExpressionAttributeValues: a},
			"ValidationException: Query key condition not supported"},
		{"partition type", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :v"), ExpressionAttributeValues: item{":v": av.N("1")}},
			"ValidationException: One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{"sort type", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a AND sk > :v"), ExpressionAttributeValues: item{":a": av.S("a"), ":v": av.S("1")}},
			"ValidationException: One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{"limit", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, Limit: aws.Int32(0)},
			"ValidationException: 1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"select", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, Select: "FOO"},
			"ValidationException: 1 validation error detected: Value 'FOO' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"},
		{"count with projection", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, Select: types.SelectCount, ProjectionExpression: aws.String("t")},
			"ValidationException: Cannot specify the ProjectionExpression when choosing to get only the Count"},
		{"all with projection", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, Select: types.SelectAllAttributes, ProjectionExpression: aws.String("t")},
			"ValidationException: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"},
		// With AttributesToGet, DynamoDB's messages name AttributesToGet.
		{"count with attributes to get", dynamodb.QueryInput{KeyConditions: map[string]types.Condition{"pk": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{av.S("a")}}},
			Select: types.SelectCount, AttributesToGet: []string{"t"}},
			"ValidationException: Cannot specify the AttributesToGet when choosing to get only the Count"},
		{"all with attributes to get", dynamodb.QueryInput{KeyConditions: map[string]types.Condition{"pk": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{av.S("a")}}},
			Select: types.SelectAllAttributes, AttributesToGet: []string{"t"}},
			"ValidationException: Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"},
		{"projected with attributes to get", dynamodb.QueryInput{KeyConditions: map[string]types.Condition{"pk": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{av.S("a")}}},
			Select: types.SelectAllProjectedAttributes, AttributesToGet: []string{"t"}},
			"ValidationException: Cannot specify the AttributesToGet when choosing to get ALL_PROJECTED_ATTRIBUTES"},
		{"specific without projection", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, Select: types.SelectSpecificAttributes},
			"ValidationException: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"},
		{"projected without index", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, Select: types.SelectAllProjectedAttributes},
			"ValidationException: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"},
		{"no such index", dynamodb.QueryInput{IndexName: aws.String("nope"), KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a},
			"ValidationException: The table does not have the specified index: nope"},
		{"start key size", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, ExclusiveStartKey: item{"pk": av.S("a")}},
			"ValidationException: The provided starting key is invalid: The provided key element does not match the schema"},
		{"start key name", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, ExclusiveStartKey: item{"pk": av.S("a"), "x": av.N("1")}},
			"ValidationException: The provided starting key is invalid"},
		// DynamoDB Local says "Type mismatch for attribute to update".
		{"start key type", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, ExclusiveStartKey: item{"pk": av.S("a"), "sk": av.S("1")}},
			"ValidationException: The provided starting key is invalid: The provided key element does not match the schema"},
		{"start key other partition", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a"), ExpressionAttributeValues: a, ExclusiveStartKey: item{"pk": av.S("b"), "sk": av.N("1")}},
			"ValidationException: The provided starting key does not match the range key predicate"},
		{"start key outside range", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :a AND sk > :v"), ExpressionAttributeValues: item{":a": av.S("a"), ":v": av.N("3")}, ExclusiveStartKey: item{"pk": av.S("a"), "sk": av.N("1")}},
			"ValidationException: The provided starting key does not match the range key predicate"},
		{"empty legacy KeyConditions", dynamodb.QueryInput{KeyConditions: map[string]types.Condition{}},
			"ValidationException: Conditions can be of length 1 or 2 only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.TableName = aws.String("qtab")
			_, err := db.Query(ctx, &in)
			if got := errText(err); got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
		})
	}
}

func TestQueryOptions(t *testing.T) {
	db := queryTable(t)
	tests := []struct {
		name           string
		in             dynamodb.QueryInput
		want           []item
		count, scanned int32
		last           item
		consumed       float64
	}{
		{name: "limit backward", in: dynamodb.QueryInput{Limit: aws.Int32(2), ScanIndexForward: aws.Bool(false)},
			want: []item{{"pk": av.S("a"), "sk": av.N("20"), "t": av.S("t20")}, {"pk": av.S("a"), "sk": av.N("19"), "t": av.S("t19")}}, count: 2, scanned: 2,
			last: item{"pk": av.S("a"), "sk": av.N("19")}, consumed: 0.5},
		{name: "start key", in: dynamodb.QueryInput{Limit: aws.Int32(1), ExclusiveStartKey: item{"pk": av.S("a"), "sk": av.N("2")}, ConsistentRead: aws.Bool(true)},
			want: []item{{"pk": av.S("a"), "sk": av.N("3"), "t": av.S("t03")}}, count: 1, scanned: 1, last: item{"pk": av.S("a"), "sk": av.N("3")}, consumed: 1},
		{name: "filter counts after the limit", in: dynamodb.QueryInput{Limit: aws.Int32(5), FilterExpression: aws.String("t > :t"), ExpressionAttributeValues: item{":t": av.S("t03")}},
			want: []item{{"pk": av.S("a"), "sk": av.N("4"), "t": av.S("t04")}, {"pk": av.S("a"), "sk": av.N("5"), "t": av.S("t05")}}, count: 2, scanned: 5,
			last: item{"pk": av.S("a"), "sk": av.N("5")}, consumed: 0.5},
		{name: "projection", in: dynamodb.QueryInput{Limit: aws.Int32(1), ProjectionExpression: aws.String("t")},
			want: []item{{"t": av.S("t01")}}, count: 1, scanned: 1, last: item{"pk": av.S("a"), "sk": av.N("1")}, consumed: 0.5},
		{name: "count", in: dynamodb.QueryInput{Select: types.SelectCount, Limit: aws.Int32(3)},
			count: 3, scanned: 3, last: item{"pk": av.S("a"), "sk": av.N("3")}, consumed: 0.5},
		{name: "limit reached at the end", in: dynamodb.QueryInput{Limit: aws.Int32(20), Select: types.SelectCount},
			count: 20, scanned: 20, last: item{"pk": av.S("a"), "sk": av.N("20")}, consumed: 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.TableName = aws.String("qtab")
			in.KeyConditionExpression = aws.String("pk = :a")
			if in.ExpressionAttributeValues == nil {
				in.ExpressionAttributeValues = item{}
			}
			in.ExpressionAttributeValues[":a"] = av.S("a")
			in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
			out, err := db.Query(ctx, &in)
			if err != nil {
				t.Fatal(err)
			}
			var want []map[string]types.AttributeValue
			for _, it := range tt.want {
				want = append(want, it)
			}
			if in.Select != types.SelectCount && want == nil {
				want = []map[string]types.AttributeValue{}
			}
			if diff := cmp.Diff(want, out.Items, cmpAV); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string]types.AttributeValue(tt.last), out.LastEvaluatedKey, cmpAV); diff != "" {
				t.Errorf("LastEvaluatedKey (-want +got):\n%s", diff)
			}
			if out.Count != tt.count || out.ScannedCount != tt.scanned || *out.ConsumedCapacity.CapacityUnits != tt.consumed {
				t.Errorf("Count %d ScannedCount %d capacity %v, want %d %d %v", out.Count, out.ScannedCount, *out.ConsumedCapacity.CapacityUnits, tt.count, tt.scanned, tt.consumed)
			}
		})
	}
}

// Sort keys compare as numbers and as unsigned bytes, in both directions
// (results checked against DynamoDB Local). When Limit stops a page at the
// last key of the range, DynamoDB Local looks ahead and leaves out
// LastEvaluatedKey; DynamoDB documents that a LastEvaluatedKey may precede an
// empty page, and we return it whenever Limit ends the page.
func TestQuerySortKeyOrder(t *testing.T) {
	db := openMemory(t)
	for _, typ := range []string{"N", "B"} {
		mustCreate(t, db, &dynamodb.CreateTableInput{
			TableName: aws.String("order" + typ), AttributeDefinitions: defs("pk", "S", "sk", typ),
			KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
		})
	}
	nums := []string{"100", "-2", "1.5", "-10", "0", "10", "-0.001", "1E+10"}
	for _, v := range nums {
		mustPut(t, db, "orderN", item{"pk": av.S("p"), "sk": av.N(v)})
	}
	bins := []string{"\xff\xff", "a", "\x00", "ab\xff", "\xff", "ab", "\x00\x01", "b", "\xff\x00"}
	for _, v := range bins {
		mustPut(t, db, "orderB", item{"pk": av.S("p"), "sk": av.B(v)})
	}
	tests := []struct {
		table, cond string
		values      item
		backward    bool
		want        []string
	}{
		{"orderN", "pk = :p", nil, false, []string{"-10", "-2", "-0.001", "0", "1.5", "10", "100", "10000000000"}},
		{"orderN", "pk = :p AND sk BETWEEN :x AND :y", item{":x": av.N("-2"), ":y": av.N("1E1")}, true, []string{"10", "1.5", "0", "-0.001", "-2"}},
		{"orderN", "pk = :p AND sk < :x", item{":x": av.N("-0.0010")}, false, []string{"-10", "-2"}},
		{"orderN", "pk = :p AND sk >= :x", item{":x": av.N("1.50")}, true, []string{"10000000000", "100", "10", "1.5"}},
		{"orderB", "pk = :p", nil, false, []string{"\x00", "\x00\x01", "a", "ab", "ab\xff", "b", "\xff", "\xff\x00", "\xff\xff"}},
		{"orderB", "pk = :p AND begins_with(sk, :x)", item{":x": av.B("\xff")}, true, []string{"\xff\xff", "\xff\x00", "\xff"}},
		{"orderB", "pk = :p AND begins_with(sk, :x)", item{":x": av.B("ab")}, false, []string{"ab", "ab\xff"}},
		{"orderB", "pk = :p AND sk BETWEEN :x AND :y", item{":x": av.B("\x00\x01"), ":y": av.B("ab\xff")}, true, []string{"ab\xff", "ab", "a", "\x00\x01"}},
		{"orderB", "pk = :p AND sk > :x", item{":x": av.B("\xff")}, false, []string{"\xff\x00", "\xff\xff"}},
	}
	for _, tt := range tests {
		t.Run(tt.table+" "+tt.cond, func(t *testing.T) {
			values := item{":p": av.S("p")}
			for k, v := range tt.values {
				values[k] = v
			}
			in := &dynamodb.QueryInput{TableName: aws.String(tt.table), KeyConditionExpression: aws.String(tt.cond),
				ExpressionAttributeValues: values, ScanIndexForward: aws.Bool(!tt.backward), Limit: aws.Int32(int32(len(tt.want)))}
			out, err := db.Query(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, it := range out.Items {
				switch v := it["sk"].(type) {
				case *types.AttributeValueMemberN:
					got = append(got, v.Value)
				case *types.AttributeValueMemberB:
					got = append(got, string(v.Value))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sort keys (-want +got):\n%s", diff)
			}
			if out.LastEvaluatedKey == nil {
				t.Error("no LastEvaluatedKey after a page that Limit ended")
			}
		})
	}
}

// TestQueryPartitionsSharingAHash queries, on disk, two partitions whose
// keys hash alike, so that their rows share the store's group prefix
// (keyspace and hash): each Query and GetItem must see its own partition
// only, forwards (by prefix seek) and backwards, whole, by sort key
// condition and page by page.
func TestQueryPartitionsSharingAHash(t *testing.T) {
	const pkA, pkB = "p2039599", "p2222382"
	a, b := partitionPrefix(1, av.S(pkA)), partitionPrefix(1, av.S(pkB))
	if n := storage.PrefixLen; n != len(keyspace(1))+4 || a[0] != storage.PrefixMarker || string(a[:n]) != string(b[:n]) {
		t.Fatalf("partition prefixes %x and %x do not share the store's %d-byte group prefix", a, b, n)
	}
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("coll"), AttributeDefinitions: defs("pk", "S", "sk", "N"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	})
	for i := 1; i <= 6; i++ {
		mustPut(t, db, "coll", item{"pk": av.S(pkA), "sk": av.N(strconv.Itoa(i)), "p": av.S("a")})
		mustPut(t, db, "coll", item{"pk": av.S(pkB), "sk": av.N(strconv.Itoa(i * 10)), "p": av.S("b")})
	}
	if err := db.Close(); err != nil { // the rows go to a table
		t.Fatal(err)
	}
	if db, err = Open(Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tests := []struct {
		pk       string
		cond     string
		values   item
		backward bool
		want     []int
	}{
		{pkA, "pk = :pk", nil, false, []int{1, 2, 3, 4, 5, 6}},
		{pkA, "pk = :pk", nil, true, []int{6, 5, 4, 3, 2, 1}},
		{pkB, "pk = :pk", nil, false, []int{10, 20, 30, 40, 50, 60}},
		{pkB, "pk = :pk", nil, true, []int{60, 50, 40, 30, 20, 10}},
		{pkA, "pk = :pk AND sk BETWEEN :lo AND :hi", item{":lo": av.N("2"), ":hi": av.N("40")}, false, []int{2, 3, 4, 5, 6}},
		{pkB, "pk = :pk AND sk > :lo", item{":lo": av.N("5")}, false, []int{10, 20, 30, 40, 50, 60}},
		{pkB, "pk = :pk AND sk < :hi", item{":hi": av.N("30")}, true, []int{20, 10}},
	}
	for _, tt := range tests {
		values := item{":pk": av.S(tt.pk)}
		for k, v := range tt.values {
			values[k] = v
		}
		for _, limit := range []int32{0, 4} {
			var got []int
			in := &dynamodb.QueryInput{
				TableName: aws.String("coll"), KeyConditionExpression: aws.String(tt.cond),
				ExpressionAttributeValues: values, ScanIndexForward: aws.Bool(!tt.backward),
			}
			if limit > 0 {
				in.Limit = aws.Int32(limit)
			}
			for {
				out, err := db.Query(ctx, in)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, numbers(out.Items, "sk")...)
				if out.LastEvaluatedKey == nil {
					break
				}
				in.ExclusiveStartKey = out.LastEvaluatedKey
			}
			if !cmp.Equal(got, tt.want) {
				t.Errorf("%s %q backward=%v limit %d: got %v, want %v", tt.pk, tt.cond, tt.backward, limit, got, tt.want)
			}
		}
	}
	for _, k := range []item{{"pk": av.S(pkA), "sk": av.N("10")}, {"pk": av.S(pkB), "sk": av.N("1")}} {
		out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("coll"), Key: k})
		if err != nil || out.Item != nil {
			t.Errorf("GetItem(%v) = %v, %v; want no item", k, out.Item, err)
		}
	}
}
