package engine

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// checkedTable is indexedTableInput ("chk": lsi1 (pk, l) INCLUDE a, gsi1 (g)
// KEYS_ONLY) holding items sk 1..3 in partition "p".
func checkedTable(t *testing.T) *DB {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("chk"))
	for i := 1; i <= 3; i++ {
		mustPut(t, db, "chk", item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i)), "l": av.S("l" + strconv.Itoa(i)), "g": av.S("x"), "a": av.S("A"), "b": av.S("B" + strconv.Itoa(i%2))})
	}
	return db
}

// The messages and their order were checked against DynamoDB Local.
func TestQueryExpressionChecks(t *testing.T) {
	db := checkedTable(t)
	tests := []struct {
		name, index, filter, projection string
		sel                             types.Select
		err                             string
	}{
		{name: "filter on partition key", filter: "pk = :p",
			err: "ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: pk"},
		{name: "partition key reported before sort key", filter: "sk > :one AND pk = :p",
			err: "ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: pk"},
		{name: "filter on sort key", filter: "a = :p OR (b = :p AND sk > :one)",
			err: "ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"},
		{name: "filter on local index key", index: "lsi1", filter: "l = :p",
			err: "ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: l"},
		{name: "filter on the table sort key through a local index", index: "lsi1", filter: "sk > :one"},
		{name: "filter on global index key", index: "gsi1", filter: "#g = :p",
			err: "ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: g"},
		{name: "nested table key in filter", filter: "attribute_exists(a.b) AND size(pk.x) > :one",
			err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk"},
		{name: "nested index key in projection", projection: "g[0]",
			err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: g"},
		{name: "filter checked before projection", filter: "attribute_exists(sk.y)", projection: "pk.x",
			err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk"},
		{name: "unprojected filter attributes on a local index", index: "lsi1", filter: "zz = :p AND b = :p AND a = :p", sel: types.SelectSpecificAttributes,
			err: "ValidationException: One or more parameter values were invalid: Secondary index lsi1 does not project one or more filter attributes: [b, zz]"},
		{name: "unprojected filter attributes on a global index", index: "gsi1", filter: "a = :p",
			err: "ValidationException: One or more parameter values were invalid: Secondary index gsi1 does not project one or more filter attributes: [a]"},
		{name: "unprojected projection on a global index", index: "gsi1", projection: "b.c, pk, a",
			err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [a, b]"},
		{name: "unprojected projection listed in hash order", index: "gsi1", projection: "ss, x, bs, ns",
			err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [ss, bs, ns, x]"},
		{name: "unprojected projection in one bucket, the latest first", index: "gsi1", projection: "bs, a",
			err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [a, bs]"},
		{name: "select checked before the global projection", index: "gsi1", projection: "a", sel: types.SelectAllProjectedAttributes,
			err: "ValidationException: Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &dynamodb.QueryInput{TableName: aws.String("chk"), KeyConditionExpression: aws.String("pk = :p"), Select: tt.sel,
				ExpressionAttributeValues: item{":p": av.S("p")}}
			if tt.index != "" {
				in.IndexName = aws.String(tt.index)
			}
			if tt.index == "gsi1" {
				in.KeyConditionExpression = aws.String("#g = :p")
				in.ExpressionAttributeNames = map[string]string{"#g": "g"}
				in.ExpressionAttributeValues[":p"] = av.S("x")
			}
			if tt.filter != "" {
				in.FilterExpression = aws.String(tt.filter)
				if strings.Contains(tt.filter, ":one") {
					in.ExpressionAttributeValues[":one"] = av.N("1")
				}
			}
			if tt.projection != "" {
				in.ProjectionExpression = aws.String(tt.projection)
			}
			if _, err := db.Query(ctx, in); errText(err) != tt.err {
				t.Errorf("error %q, want %q", errText(err), tt.err)
			}
		})
	}
}

// A Query's filter and projection mistakes are reported before its key
// condition's, as DynamoDB Local does.
func TestQueryExpressionOrder(t *testing.T) {
	db := checkedTable(t)
	tests := []struct{ filter, projection, err string }{
		{filter: "NOT ((a = :p AND b = :p))", err: "ValidationException: Invalid FilterExpression: The expression has redundant parentheses;"},
		{projection: "a, a", err: "ValidationException: Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
		{err: "ValidationException: Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}"},
	}
	for _, tt := range tests {
		in := &dynamodb.QueryInput{TableName: aws.String("chk"), KeyConditionExpression: aws.String("pk = :p AND sk BETWEEN :two AND :one"),
			ExpressionAttributeValues: item{":p": av.S("p"), ":one": av.N("1"), ":two": av.N("2")}}
		if tt.filter != "" {
			in.FilterExpression = aws.String(tt.filter)
		}
		if tt.projection != "" {
			in.ProjectionExpression = aws.String(tt.projection)
		}
		if _, err := db.Query(ctx, in); errText(err) != tt.err {
			t.Errorf("Query %+v: error %q, want %q", tt, errText(err), tt.err)
		}
	}
}

func TestScanExpressionChecks(t *testing.T) {
	db := checkedTable(t)
	tests := []struct{ index, filter, projection, err string }{
		{filter: "attribute_exists(pk.x)", err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk"},
		{filter: "attribute_exists(l[1])", err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: l"},
		{index: "gsi1", projection: "b", err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [b]"},
		// In java.util.HashSet order: "ns" (bucket 5), "x" (8), "n" (14);
		// "q", "a" and "bs" share bucket 1, added from the last path.
		{index: "gsi1", projection: "n[0], ns, x", err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [ns, x, n]"},
		{index: "gsi1", projection: "q, a, bs", err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [bs, a, q]"},
		{index: "gsi1", projection: "q, a.b, bs, a.c", err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [a, bs, q]"},
		{filter: "attribute_exists(pk)"}, // Scan filters may name key attributes
		// The table's partition key, its sort key, then the indexes' keys,
		// whatever the written order.
		{filter: "attribute_exists(sk.y) OR attribute_exists(pk.x)", err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk"},
		{filter: "attribute_exists(l[1]) OR attribute_exists(sk.x)", err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk"},
		{filter: "attribute_exists(l[1])", projection: "pk.x", err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: l"},
	}
	for _, tt := range tests {
		in := &dynamodb.ScanInput{TableName: aws.String("chk"), IndexName: aws.String(tt.index)}
		if tt.index == "" {
			in.IndexName = nil
		}
		if tt.filter != "" {
			in.FilterExpression = aws.String(tt.filter)
		}
		if tt.projection != "" {
			in.ProjectionExpression = aws.String(tt.projection)
		}
		if _, err := db.Scan(ctx, in); errText(err) != tt.err {
			t.Errorf("Scan %+v: error %q, want %q", tt, errText(err), tt.err)
		}
	}
}

// A local index fetches table items for attributes it does not project:
// whole items or a projection that needs them, and (Scan only, since Query
// rejects such filters) a filter on them, whose output stays the index row.
// Projected attributes are read from the index alone, as DynamoDB documents
// for SPECIFIC_ATTRIBUTES; DynamoDB Local fetches for any projection on a
// local index, and its Scan of an index reads (and charges) table items.
func TestLocalIndexFetches(t *testing.T) {
	db := checkedTable(t)
	tests := []struct {
		name            string
		sel             types.Select
		filter, project string
		want            []item
		table           float64
	}{
		{name: "projected attributes only", project: "a, l",
			want: []item{{"a": av.S("A"), "l": av.S("l1")}, {"a": av.S("A"), "l": av.S("l2")}, {"a": av.S("A"), "l": av.S("l3")}}},
		{name: "unprojected attribute", project: "b",
			want: []item{{"b": av.S("B1")}, {"b": av.S("B0")}, {"b": av.S("B1")}}, table: 1.5},
		{name: "filter on an unprojected attribute", filter: "b = :b",
			want: []item{{"pk": av.S("p"), "sk": av.N("1"), "l": av.S("l1"), "a": av.S("A")}, {"pk": av.S("p"), "sk": av.N("3"), "l": av.S("l3"), "a": av.S("A")}}, table: 1.5},
		{name: "filter with a projection", filter: "b = :b", project: "sk",
			want: []item{{"sk": av.N("1")}, {"sk": av.N("3")}}, table: 1.5},
		{name: "count", sel: types.SelectCount, filter: "b = :b", table: 1.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &dynamodb.ScanInput{TableName: aws.String("chk"), IndexName: aws.String("lsi1"), Select: tt.sel,
				ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes}
			if tt.filter != "" {
				in.FilterExpression = aws.String(tt.filter)
				in.ExpressionAttributeValues = item{":b": av.S("B1")}
			}
			if tt.project != "" {
				in.ProjectionExpression = aws.String(tt.project)
			}
			out, err := db.Scan(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			var got []item
			for _, it := range out.Items {
				got = append(got, it)
			}
			if diff := cmp.Diff(tt.want, got, cmpAV); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			c := out.ConsumedCapacity
			if *c.Table.CapacityUnits != tt.table || *c.LocalSecondaryIndexes["lsi1"].CapacityUnits != 0.5 {
				t.Errorf("capacity table %v index %v, want %v and 0.5", *c.Table.CapacityUnits, *c.LocalSecondaryIndexes["lsi1"].CapacityUnits, tt.table)
			}
		})
	}
}

// An empty string in a key condition is refused as in an item's key,
// naming the index read, if any, as DynamoDB Local does.
func TestQueryEmptyKeyValues(t *testing.T) {
	db := checkedTable(t)
	tests := []struct{ index, kc, err string }{
		{kc: "pk = :e", err: "ValidationException: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"},
		{index: "lsi1", kc: "pk = :p AND begins_with(l, :e)",
			err: "ValidationException: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: lsi1, IndexKey: l"},
		{index: "lsi1", kc: "pk = :e AND l = :p",
			err: "ValidationException: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: lsi1, IndexKey: pk"},
		{kc: "pk = :e AND sk = :p", err: "ValidationException: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"},
		{index: "gsi1", kc: "g = :e", err: "ValidationException: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi1, IndexKey: g"},
	}
	for _, tt := range tests {
		in := &dynamodb.QueryInput{TableName: aws.String("chk"), KeyConditionExpression: aws.String(tt.kc)}
		if tt.index != "" {
			in.IndexName = aws.String(tt.index)
		}
		in.ExpressionAttributeValues = item{":e": av.S("")}
		if strings.Contains(tt.kc, ":p") {
			in.ExpressionAttributeValues[":p"] = av.S("p")
		}
		if _, err := db.Query(ctx, in); errText(err) != tt.err {
			t.Errorf("Query %q: error %q, want %q", tt.kc, errText(err), tt.err)
		}
	}
}
