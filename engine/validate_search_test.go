package engine

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

// checkedTable is indexedTableInput ("chk": lsi1 (pk, l) INCLUDE a, gsi1 (g)
// KEYS_ONLY) holding items sk 1..3 in partition "p".
func checkedTable(t *testing.T) *DB {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("chk"))
	for i := 1; i <= 3; i++ {
		mustPut(t, db, "chk", item{"pk": s("p"), "sk": n(strconv.Itoa(i)), "l": s("l" + strconv.Itoa(i)), "g": s("x"), "a": s("A"), "b": s("B" + strconv.Itoa(i%2))})
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
		{name: "select checked before the global projection", index: "gsi1", projection: "a", sel: types.SelectAllProjectedAttributes,
			err: "ValidationException: Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &dynamodb.QueryInput{TableName: aws.String("chk"), KeyConditionExpression: aws.String("pk = :p"), Select: tt.sel,
				ExpressionAttributeValues: item{":p": s("p")}}
			if tt.index != "" {
				in.IndexName = aws.String(tt.index)
			}
			if tt.index == "gsi1" {
				in.KeyConditionExpression = aws.String("#g = :p")
				in.ExpressionAttributeNames = map[string]string{"#g": "g"}
				in.ExpressionAttributeValues[":p"] = s("x")
			}
			if tt.filter != "" {
				in.FilterExpression = aws.String(tt.filter)
				if strings.Contains(tt.filter, ":one") {
					in.ExpressionAttributeValues[":one"] = n("1")
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

func TestScanExpressionChecks(t *testing.T) {
	db := checkedTable(t)
	tests := []struct{ index, filter, projection, err string }{
		{filter: "attribute_exists(pk.x)", err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk"},
		{filter: "attribute_exists(l[1])", err: "ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: l"},
		{index: "gsi1", projection: "b", err: "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [b]"},
		{filter: "attribute_exists(pk)"}, // Scan filters may name key attributes
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
			want: []item{{"a": s("A"), "l": s("l1")}, {"a": s("A"), "l": s("l2")}, {"a": s("A"), "l": s("l3")}}},
		{name: "unprojected attribute", project: "b",
			want: []item{{"b": s("B1")}, {"b": s("B0")}, {"b": s("B1")}}, table: 1.5},
		{name: "filter on an unprojected attribute", filter: "b = :b",
			want: []item{{"pk": s("p"), "sk": n("1"), "l": s("l1"), "a": s("A")}, {"pk": s("p"), "sk": n("3"), "l": s("l3"), "a": s("A")}}, table: 1.5},
		{name: "filter with a projection", filter: "b = :b", project: "sk",
			want: []item{{"sk": n("1")}, {"sk": n("3")}}, table: 1.5},
		{name: "count", sel: types.SelectCount, filter: "b = :b", table: 1.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &dynamodb.ScanInput{TableName: aws.String("chk"), IndexName: aws.String("lsi1"), Select: tt.sel,
				ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes}
			if tt.filter != "" {
				in.FilterExpression = aws.String(tt.filter)
				in.ExpressionAttributeValues = item{":b": s("B1")}
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
