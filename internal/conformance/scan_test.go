package conformance

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// scanHashItems seed the hash-keyed table for the Scan cases: 27 items.
func scanHashItems() []item {
	its := []item{
		{"pk": av.S("fo-1"), "strVal": av.S("apple"), "numVal": av.N("10"), "binVal": av.B("\x01\x02"), "setVal": av.SS("a", "b")},
		{"pk": av.S("fo-2"), "strVal": av.S("banana"), "numVal": av.N("20"), "binVal": av.B("\x03\x04"), "setVal": av.SS("b", "c")},
		{"pk": av.S("fo-3"), "strVal": av.S("cherry"), "numVal": av.N("30"), "binVal": av.B("\x05\x06"), "setVal": av.SS("a", "c")},
		{"pk": av.S("sel-0"), "category": av.S("alpha")},
		{"pk": av.S("sel-1"), "category": av.S("beta")},
		{"pk": av.S("sel-2"), "category": av.S("alpha")},
		{"pk": av.S("proj"), "a": av.S("alpha"), "b": av.S("beta")},
	}
	for i := range 20 {
		its = append(its, item{"pk": av.S(fmt.Sprintf("par-%03d", i)), "val": av.N(fmt.Sprint(i))})
	}
	return its
}

// scanIndexedItems seed the indexed table for the index Scan cases.
func scanIndexedItems() []item {
	return []item{
		{"pk": av.S("scan-gsi-1"), "sk": av.S("a"), "lsi1sk": av.S("scan-gsi-hash-A"), "lsi2sk": av.S("r1"), "data": av.S("val1"), "extra": av.S("e1")},
		{"pk": av.S("scan-gsi-2"), "sk": av.S("b"), "lsi1sk": av.S("scan-gsi-hash-A"), "lsi2sk": av.S("r2"), "data": av.S("val2"), "extra": av.S("e2")},
		{"pk": av.S("scan-gsi-3"), "sk": av.S("c"), "lsi1sk": av.S("scan-gsi-hash-B"), "lsi2sk": av.S("r3"), "data": av.S("val3"), "extra": av.S("e3")},
		{"pk": av.S("scan-lsi-1"), "sk": av.S("a"), "lsi1sk": av.S("sort-a"), "lsi2sk": av.S("r-a"), "data": av.S("val1")},
		{"pk": av.S("scan-lsi-1"), "sk": av.S("b"), "lsi1sk": av.S("sort-b"), "lsi2sk": av.S("r-b"), "data": av.S("val2")},
		{"pk": av.S("scan-lsi-2"), "sk": av.S("a"), "lsi1sk": av.S("sort-c"), "lsi2sk": av.S("r-c"), "data": av.S("val3")},
		{"pk": av.S("fes-1"), "sk": av.S("x"), "lsi1sk": av.S("marker"), "type": av.S("alpha"), "status": av.S("active")},
		{"pk": av.S("fes-2"), "sk": av.S("x"), "lsi1sk": av.S("marker"), "type": av.S("beta"), "status": av.S("inactive")},
		{"pk": av.S("fes-3"), "sk": av.S("x"), "lsi1sk": av.S("marker"), "type": av.S("gamma"), "status": av.S("active")},
		{"pk": av.S("fes-4"), "sk": av.S("x"), "lsi1sk": av.S("marker"), "type": av.S("alpha"), "status": av.S("active")},
	}
}

// scanCase is one Scan and what DynamoDB answers.
type scanCase struct {
	name      string
	indexed   bool // scan the indexed table instead of the hash table
	in        dynamodb.ScanInput
	follow    bool
	check     pageCheck
	err       *wantErr
	skipLocal string
	pending   string
}

// total wants n items across all pages, none of them twice (by pk and sk).
func total(want int) pageCheck {
	return func(t *testing.T, pages []page) {
		t.Helper()
		seen := map[string]bool{}
		got := 0
		for _, p := range pages {
			for _, it := range p.items {
				k := label(it, "pk") + "/" + label(it, "sk")
				if seen[k] {
					t.Errorf("item %s returned twice", k)
				}
				seen[k] = true
				got++
			}
		}
		if got != want {
			t.Errorf("%d items over %d pages, want %d", got, len(pages), want)
		}
	}
}

func TestScan(t *testing.T) {
	fo := func(filter string, nm map[string]string, pairs ...any) dynamodb.ScanInput {
		nm["#pk"] = "pk"
		return dynamodb.ScanInput{FilterExpression: aws.String(filter + " AND begins_with(#pk, :prefix)"), ExpressionAttributeNames: nm,
			ExpressionAttributeValues: vals(append([]any{":prefix", av.S("fo-")}, pairs...)...), ConsistentRead: aws.Bool(true)}
	}
	parens := func(filter string, pairs ...any) dynamodb.ScanInput {
		nm := names("#m", "lsi1sk", "#t", "type")
		if strings.Contains(filter, "#s") {
			nm = names("#m", "lsi1sk", "#s", "status")
		}
		return dynamodb.ScanInput{FilterExpression: aws.String(filter), ExpressionAttributeNames: nm,
			ExpressionAttributeValues: vals(append([]any{":m", av.S("marker")}, pairs...)...), ConsistentRead: aws.Bool(true)}
	}
	startKeyErr := &wantErr{code: codeValidation, has: []string{"The provided starting key is invalid"}}
	cases := []scanCase{
		{name: "whole table", in: dynamodb.ScanInput{ConsistentRead: aws.Bool(true)}, check: all(counts(27, 27), total(27), continues(false))},
		{name: "filter removing everything still counts what it read", in: dynamodb.ScanInput{FilterExpression: aws.String("pk = :v"), ExpressionAttributeValues: vals(":v", av.S("no-such-item"))},
			check: all(counts(0, 27), total(0))},
		{name: "filter", in: dynamodb.ScanInput{FilterExpression: aws.String("#c = :c AND begins_with(pk, :p)"), ExpressionAttributeNames: names("#c", "category"), ExpressionAttributeValues: vals(":c", av.S("alpha"), ":p", av.S("sel-"))},
			check: all(counts(2, 27), anyOrder("pk", "sel-0", "sel-2"))},
		{name: "Limit", in: dynamodb.ScanInput{Limit: aws.Int32(2)}, check: all(counts(2, 2), continues(true))},
		{name: "pages of two walk everything once", in: dynamodb.ScanInput{Limit: aws.Int32(2)}, follow: true, check: total(27)},
		{name: "pages of one never repeat the start key", in: dynamodb.ScanInput{Limit: aws.Int32(1), ConsistentRead: aws.Bool(true)}, follow: true, check: total(27)},
		{name: "Limit counts items read, not kept", in: dynamodb.ScanInput{Limit: aws.Int32(1), FilterExpression: aws.String("val > :v"), ExpressionAttributeValues: vals(":v", av.N("100"))},
			check: all(counts(0, 1), continues(true))},
		{name: "projection", in: dynamodb.ScanInput{ProjectionExpression: aws.String("a"), FilterExpression: aws.String("pk = :pk"), ExpressionAttributeValues: vals(":pk", av.S("proj"))},
			check: all(inOrder("a", "alpha"), attrsPresent([]string{"a"}, "b", "pk"))},
		{name: "ExclusiveStartKey of another shape", in: dynamodb.ScanInput{ExclusiveStartKey: item{"bad": av.S("p")}}, err: startKeyErr, skipLocal: localStartKeySize},
		{name: "Select COUNT", in: dynamodb.ScanInput{Select: types.SelectCount}, check: countOnly(27, 27)},
		{name: "Select COUNT with a filter", in: dynamodb.ScanInput{Select: types.SelectCount, FilterExpression: aws.String("#c = :c AND begins_with(pk, :p)"), ExpressionAttributeNames: names("#c", "category"), ExpressionAttributeValues: vals(":c", av.S("alpha"), ":p", av.S("sel-"))},
			check: countOnly(2, 27)},
		{name: "ALL_ATTRIBUTES with a projection", in: dynamodb.ScanInput{Select: types.SelectAllAttributes, ProjectionExpression: aws.String("pk")},
			err: &wantErr{code: codeValidation, has: []string{"Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"}}},
		{name: "ALL_PROJECTED_ATTRIBUTES without an index", in: dynamodb.ScanInput{Select: types.SelectAllProjectedAttributes},
			err: &wantErr{code: codeValidation, has: []string{"ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"}}},
		// Filter operators on each type.
		{name: "equal strings", in: fo("#v = :v", names("#v", "strVal"), ":v", av.S("banana")), check: anyOrder("pk", "fo-2")},
		{name: "unequal numbers", in: fo("#v <> :v", names("#v", "numVal"), ":v", av.N("20")), check: anyOrder("pk", "fo-1", "fo-3")},
		{name: "greater number", in: fo("#v > :v", names("#v", "numVal"), ":v", av.N("15")), check: anyOrder("pk", "fo-2", "fo-3")},
		{name: "string at most", in: fo("#v <= :v", names("#v", "strVal"), ":v", av.S("banana")), check: anyOrder("pk", "fo-1", "fo-2")},
		{name: "contains a substring", in: fo("contains(#v, :v)", names("#v", "strVal"), ":v", av.S("an")), check: anyOrder("pk", "fo-2")},
		{name: "attribute_exists", in: fo("attribute_exists(#v)", names("#v", "strVal")), check: anyOrder("pk", "fo-1", "fo-2", "fo-3")},
		{name: "greater binary, bytewise", in: fo("#v > :v", names("#v", "binVal"), ":v", av.B("\x03\x04")), check: anyOrder("pk", "fo-3")},
		{name: "begins_with on a binary", in: fo("begins_with(#v, :v)", names("#v", "binVal"), ":v", av.B("\x03")), check: anyOrder("pk", "fo-2")},
		{name: "BETWEEN binaries", in: fo("#v BETWEEN :lo AND :hi", names("#v", "binVal"), ":lo", av.B("\x01\x02"), ":hi", av.B("\x03\x04")), check: anyOrder("pk", "fo-1", "fo-2")},
		{name: "equal sets in another order", in: fo("#v = :v", names("#v", "setVal"), ":v", av.SS("b", "a")), check: anyOrder("pk", "fo-1")},
		{name: "unequal sets", in: fo("#v <> :v", names("#v", "setVal"), ":v", av.SS("a", "b")), check: anyOrder("pk", "fo-2", "fo-3")},
		{name: "begins_with a number", in: dynamodb.ScanInput{FilterExpression: aws.String("begins_with(#a, :n)"), ExpressionAttributeNames: names("#a", "strVal"), ExpressionAttributeValues: vals(":n", av.N("1"))},
			err: &wantErr{code: codeValidation, has: []string{"Incorrect operand type"}}},
		{name: "begins_with a number even when nothing has the attribute", in: dynamodb.ScanInput{FilterExpression: aws.String("begins_with(#a, :n)"), ExpressionAttributeNames: names("#a", "no_such_attr"), ExpressionAttributeValues: vals(":n", av.N("5"))},
			err: &wantErr{code: codeValidation, has: []string{"Incorrect operand type"}}},
		{name: "redundant parentheses", in: dynamodb.ScanInput{FilterExpression: aws.String("((#a = :v))"), ExpressionAttributeNames: names("#a", "strVal"), ExpressionAttributeValues: vals(":v", av.S("apple"))},
			err: &wantErr{code: codeValidation, msg: "Invalid FilterExpression: The expression has redundant parentheses;"}},
		// Parallel scan parameters.
		{name: "Segment without TotalSegments", in: dynamodb.ScanInput{Segment: aws.Int32(0)},
			err:       &wantErr{code: codeValidation, msg: "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"},
			skipLocal: "it says If segment is specified, total segment must also be specified"},
		{name: "Segment not below TotalSegments", in: dynamodb.ScanInput{Segment: aws.Int32(5), TotalSegments: aws.Int32(5)},
			err:       &wantErr{code: codeValidation, msg: "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 5 is not less than TotalSegments: 5"},
			skipLocal: "it answers with a constraint on segment (Member must have value less than or equal to 4)"},
		{name: "TotalSegments without Segment", in: dynamodb.ScanInput{TotalSegments: aws.Int32(4)},
			err:       &wantErr{code: codeValidation, msg: "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"},
			skipLocal: "it says If total segments is specified, a particular segment must also be specified for this request"},
		{name: "Limit of zero", in: dynamodb.ScanInput{Limit: aws.Int32(0)},
			err: &wantErr{code: codeValidation, msg: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"}, skipLocal: localModel},
		{name: "missing table", in: dynamodb.ScanInput{TableName: aws.String(missingTable)}, err: &errNotFound, skipLocal: localMissingTable},
		// Indexes.
		{name: "global index with ALL projection", indexed: true, in: dynamodb.ScanInput{IndexName: aws.String("gsi1"), FilterExpression: aws.String("begins_with(lsi1sk, :p)"), ExpressionAttributeValues: vals(":p", av.S("scan-gsi-hash-"))},
			check: all(anyOrder("pk", "scan-gsi-1", "scan-gsi-2", "scan-gsi-3"), attrsPresent([]string{"pk", "sk", "lsi1sk", "data", "extra"}))},
		{name: "global index with INCLUDE projection", indexed: true, in: dynamodb.ScanInput{IndexName: aws.String("gsi2"), FilterExpression: aws.String("begins_with(lsi1sk, :p)"), ExpressionAttributeValues: vals(":p", av.S("scan-gsi-hash-"))},
			check: all(anyOrder("pk", "scan-gsi-1", "scan-gsi-2", "scan-gsi-3"), attrsPresent([]string{"pk", "sk", "lsi1sk", "lsi2sk", "data"}, "extra"))},
		{name: "global index with a filter", indexed: true, in: dynamodb.ScanInput{IndexName: aws.String("gsi1"), FilterExpression: aws.String("lsi1sk = :v AND #d = :d"), ExpressionAttributeNames: names("#d", "data"), ExpressionAttributeValues: vals(":v", av.S("scan-gsi-hash-A"), ":d", av.S("val1"))},
			check: anyOrder("pk", "scan-gsi-1")},
		{name: "local index with ALL projection", indexed: true, in: dynamodb.ScanInput{IndexName: aws.String("lsi1"), FilterExpression: aws.String("begins_with(pk, :p)"), ExpressionAttributeValues: vals(":p", av.S("scan-lsi-")), ConsistentRead: aws.Bool(true)},
			check: all(anyOrder("lsi1sk", "sort-a", "sort-b", "sort-c"), attrsPresent([]string{"pk", "sk", "lsi1sk", "data"}))},
		{name: "local index with a filter", indexed: true, in: dynamodb.ScanInput{IndexName: aws.String("lsi1"), FilterExpression: aws.String("pk = :pk AND #d = :d"), ExpressionAttributeNames: names("#d", "data"), ExpressionAttributeValues: vals(":pk", av.S("scan-lsi-1"), ":d", av.S("val1"))},
			check: anyOrder("lsi1sk", "sort-a")},
		{name: "local index with INCLUDE projection", indexed: true, in: dynamodb.ScanInput{IndexName: aws.String("lsi2"), FilterExpression: aws.String("begins_with(pk, :p)"), ExpressionAttributeValues: vals(":p", av.S("scan-lsi-")), ConsistentRead: aws.Bool(true)},
			check: all(total(3), attrsPresent([]string{"pk", "sk", "lsi2sk", "lsi1sk"}, "data"))},
		{name: "filter with parenthesized conditions", indexed: true, in: parens("(#m = :m) AND ((#t = :a) OR (#t = :b))", ":a", av.S("alpha"), ":b", av.S("beta")), check: anyOrder("pk", "fes-1", "fes-2", "fes-4")},
		{name: "filter with a wrapped OR", indexed: true, in: parens("(#m = :m) AND (#t = :a OR #t = :b)", ":a", av.S("alpha"), ":b", av.S("beta")), check: anyOrder("pk", "fes-1", "fes-2", "fes-4")},
		{name: "filter with nested parentheses", indexed: true, in: parens("(#m = :m) AND (#t = :a OR (#t = :b))", ":a", av.S("alpha"), ":b", av.S("beta")), check: anyOrder("pk", "fes-1", "fes-2", "fes-4")},
		{name: "filter with NOT in parentheses", indexed: true, in: parens("(#m = :m) AND (NOT (#s = :s))", ":s", av.S("active")), check: anyOrder("pk", "fes-2")},
		{name: "global index filter with parentheses", indexed: true, in: func() dynamodb.ScanInput {
			in := parens("(#m = :m) AND ((#t = :a) OR (#t = :b))", ":a", av.S("alpha"), ":b", av.S("beta"))
			in.IndexName, in.ConsistentRead = aws.String("gsi1"), nil
			return in
		}(), check: anyOrder("pk", "fes-1", "fes-2", "fes-4")},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		putAll(t, be.api, be.tb.hash, scanHashItems())
		putAll(t, be.api, be.tb.indexed, scanIndexedItems())
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if c.pending != "" {
					t.Skip(c.pending)
				}
				be.skipLocal(t, c.skipLocal)
				in := c.in
				if in.TableName == nil {
					in.TableName = aws.String(be.tb.hash)
					if c.indexed {
						in.TableName = aws.String(be.tb.indexed)
					}
				}
				pages, err := scanPages(t, be.api, &in, c.follow)
				if c.err != nil {
					c.err.check(t, err)
					return
				}
				if err != nil {
					t.Fatalf("Scan: %v", err)
				}
				c.check(t, pages)
			})
		}
	})
}

// TestScanParallel: the segments of a parallel scan are disjoint and together
// hold exactly what a whole scan returns.
func TestScanParallel(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		putAll(t, be.api, be.tb.hash, scanHashItems())
		filter := func(in *dynamodb.ScanInput) *dynamodb.ScanInput {
			in.TableName, in.FilterExpression = aws.String(be.tb.hash), aws.String("begins_with(pk, :p)")
			in.ExpressionAttributeValues, in.ConsistentRead = vals(":p", av.S("par-")), aws.Bool(true)
			return in
		}
		var segments []page
		for seg := range int32(4) {
			pages, err := scanPages(t, be.api, filter(&dynamodb.ScanInput{Segment: aws.Int32(seg), TotalSegments: aws.Int32(4), Limit: aws.Int32(3)}), true)
			if err != nil {
				t.Fatalf("segment %d: %v", seg, err)
			}
			segments = append(segments, pages...)
		}
		whole, err := scanPages(t, be.api, filter(&dynamodb.ScanInput{}), true)
		if err != nil {
			t.Fatal(err)
		}
		total(20)(t, segments)
		anyOrder("pk", labels(whole, "pk")...)(t, segments)
	})
}

// TestScanIndexPages walks an index whose items share their index keys (a
// global index hash key, a local index sort key) in pages of ten, with and
// without a filter: every item comes back once.
func TestScanIndexPages(t *testing.T) {
	ten := "Num IN (:v0, :v1, :v2, :v3, :v4, :v5, :v6, :v7, :v8, :v9)"
	var tenVals []any
	for i := range 10 {
		tenVals = append(tenVals, fmt.Sprintf(":v%d", i), av.N(fmt.Sprint(i*5)))
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		gsiTable := testbackend.CreateTable(t, be.api, &dynamodb.CreateTableInput{
			TableName:            aws.String("conf-gsi-pages"),
			AttributeDefinitions: []types.AttributeDefinition{attrDef("ID", types.ScalarAttributeTypeS), attrDef("Type", types.ScalarAttributeTypeS)},
			KeySchema:            []types.KeySchemaElement{keyElem("ID", types.KeyTypeHash)},
			BillingMode:          types.BillingModePayPerRequest,
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: aws.String("TypeIndex"),
				KeySchema:  []types.KeySchemaElement{keyElem("Type", types.KeyTypeHash), keyElem("ID", types.KeyTypeRange)},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}},
		})
		lsiTable := testbackend.CreateTable(t, be.api, &dynamodb.CreateTableInput{
			TableName:            aws.String("conf-lsi-pages"),
			AttributeDefinitions: []types.AttributeDefinition{attrDef("ID", types.ScalarAttributeTypeS), attrDef("SK", types.ScalarAttributeTypeS), attrDef("Lsk", types.ScalarAttributeTypeS)},
			KeySchema:            []types.KeySchemaElement{keyElem("ID", types.KeyTypeHash), keyElem("SK", types.KeyTypeRange)},
			BillingMode:          types.BillingModePayPerRequest,
			LocalSecondaryIndexes: []types.LocalSecondaryIndex{{IndexName: aws.String("LsiIndex"),
				KeySchema:  []types.KeySchemaElement{keyElem("ID", types.KeyTypeHash), keyElem("Lsk", types.KeyTypeRange)},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}},
		})
		for i := range 50 {
			id := fmt.Sprintf("item-%03d", i)
			put(t, be.api, gsiTable, item{"ID": av.S(id), "Type": av.S("widget"), "Num": av.N(fmt.Sprint(i))})
			put(t, be.api, lsiTable, item{"ID": av.S("widget"), "SK": av.S(id), "Lsk": av.S(fmt.Sprintf("group-%d", i%5)), "Num": av.N(fmt.Sprint(i))})
		}
		for _, idx := range []struct{ table, index, key string }{{gsiTable, "TypeIndex", "ID"}, {lsiTable, "LsiIndex", "SK"}} {
			for _, filtered := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s filtered=%v", idx.index, filtered), func(t *testing.T) {
					in := &dynamodb.ScanInput{TableName: aws.String(idx.table), IndexName: aws.String(idx.index), Limit: aws.Int32(10)}
					want := 50
					if filtered {
						in.FilterExpression, in.ExpressionAttributeValues, want = aws.String(ten), vals(tenVals...), 10
					}
					pages, err := scanPages(t, be.api, in, true)
					if err != nil {
						t.Fatal(err)
					}
					if len(pages) > 6 {
						t.Errorf("%d pages of ten for 50 items", len(pages))
					}
					seen := map[string]bool{}
					for _, k := range labels(pages, idx.key) {
						if seen[k] {
							t.Errorf("%s returned twice", k)
						}
						seen[k] = true
					}
					if len(seen) != want {
						t.Errorf("%d distinct items, want %d", len(seen), want)
					}
				})
			}
		}
	})
}

// TestScanCapacityBeforeFilterAndProjection: a Scan is charged for what it
// reads, so neither a filter nor a projection changes its capacity.
func TestScanCapacityBeforeFilterAndProjection(t *testing.T) {
	variants := []capacityVariant{
		{name: "filter keeping one", filter: "keep = :k", keep: "yes", count: 1},
		{name: "filter keeping none", filter: "keep = :k", keep: "no-such-value", count: 0},
		{name: "narrow projection", projection: "pk", count: 6},
		{name: "filter and projection", filter: "keep = :k", projection: "pk", keep: "yes", count: 1},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		checkCapacityUnchanged(t, be, be.tb.composite, "scan-cc", variants, func(t *testing.T, filter, projection *string, values item) (*types.ConsumedCapacity, int32) {
			out, err := be.api.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(be.tb.composite),
				FilterExpression: filter, ProjectionExpression: projection, ExpressionAttributeValues: values, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
			if err != nil {
				t.Fatal(err)
			}
			return out.ConsumedCapacity, out.Count
		})
	})
}
