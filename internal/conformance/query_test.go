package conformance

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// queryItems seed the indexed table for the Query cases: each group lives in
// a partition (or index partition) of its own.
func queryItems() []item {
	its := []item{}
	for i, sk := range []string{"a", "b", "c", "d", "e"} {
		its = append(its, item{"pk": av.S("q-order"), "sk": av.S(sk), "val": av.N(fmt.Sprint(i + 1))})
	}
	for _, sk := range []string{"alpha", "beta", "gamma", "delta"} {
		its = append(its, item{"pk": av.S("q-range"), "sk": av.S(sk)})
	}
	for i, st := range []string{"active", "inactive", "active"} {
		its = append(its, item{"pk": av.S("q-filter"), "sk": av.S(fmt.Sprint(i + 1)), "status": av.S(st)})
	}
	for i := range 10 {
		cat := "even"
		if i%2 == 1 {
			cat = "odd"
		}
		its = append(its, item{"pk": av.S("q-page"), "sk": av.S(fmt.Sprintf("%03d", i)), "category": av.S(cat)})
	}
	its = append(its,
		item{"pk": av.S("q-single"), "sk": av.S("m")},
		item{"pk": av.S("q-parens"), "sk": av.S("1"), "data": av.S("a")},
		item{"pk": av.S("q-parens"), "sk": av.S("2"), "data": av.S("b")},
		item{"pk": av.S("q-parens"), "sk": av.S("3"), "data": av.S("c")},
		item{"pk": av.S("q-sel"), "sk": av.S("a"), "lsi1sk": av.S("sel-hash"), "lsi2sk": av.S("sel-r1"), "data": av.S("d1"), "extra": av.S("x1")},
		item{"pk": av.S("q-sel"), "sk": av.S("b"), "lsi1sk": av.S("sel-hash"), "lsi2sk": av.S("sel-r2"), "data": av.S("d2"), "extra": av.S("x2")},
		item{"pk": av.S("q-expr"), "sk": av.S("1"), "name": av.S("alice"), "age": av.N("30"), "tags": av.SS("admin", "user"),
			"mapAttr": av.M(item{"nested": av.S("deep-value")}), "listAttr": av.L(av.S("first"), av.S("second"))},
		item{"pk": av.S("q-expr"), "sk": av.S("2"), "name": av.S("bob"), "age": av.N("25"), "tags": av.SS("user"),
			"mapAttr": av.M(item{"nested": av.S("other-value")}), "listAttr": av.L(av.S("alpha"), av.S("beta"))},
		item{"pk": av.S("q-expr"), "sk": av.S("3"), "name": av.S("carol"), "age": av.N("35"), "tags": av.SS("admin", "manager"),
			"mapAttr": av.M(item{"nested": av.S("deep-value")}), "listAttr": av.L(av.S("first"), av.S("gamma"))},
		item{"pk": av.S("q-expr"), "sk": av.S("4"), "name": av.S("dave"), "age": av.N("28"), "tags": av.SS("viewer"),
			"mapAttr":  av.M(item{"nested": av.S("v0"), "k1": av.S("v1"), "k2": av.S("v2"), "k3": av.S("v3")}),
			"listAttr": av.L(av.S("x"), av.S("y"), av.S("z"), av.S("w")), "binAttr": av.B("\x01\x02\x03\x04\x05")},
		// "é" is one UTF-16 code unit, U+1D11E two; six UTF-8 bytes in all.
		item{"pk": av.S("q-utf16"), "sk": av.S("1"), "s": av.S("é\U0001D11E")},
		item{"pk": av.S("q-fparens"), "sk": av.S("1"), "type": av.S("alpha"), "status": av.S("active"), "name": av.S("alice")},
		item{"pk": av.S("q-fparens"), "sk": av.S("2"), "type": av.S("beta"), "status": av.S("inactive"), "name": av.S("bob")},
		item{"pk": av.S("q-fparens"), "sk": av.S("3"), "type": av.S("gamma"), "status": av.S("active"), "name": av.S("alex")},
		item{"pk": av.S("q-fparens"), "sk": av.S("4"), "type": av.S("alpha"), "status": av.S("active"), "name": av.S("carol")},
		item{"pk": av.S("q-gsi-1"), "sk": av.S("a"), "lsi1sk": av.S("gsi-A"), "lsi2sk": av.S("r1"), "data": av.S("item1")},
		item{"pk": av.S("q-gsi-2"), "sk": av.S("b"), "lsi1sk": av.S("gsi-A"), "lsi2sk": av.S("r2"), "data": av.S("item2")},
		item{"pk": av.S("q-gsi-3"), "sk": av.S("c"), "lsi1sk": av.S("gsi-B"), "lsi2sk": av.S("r3"), "data": av.S("item3")},
		item{"pk": av.S("q-sparse"), "sk": av.S("x")},
		item{"pk": av.S("q-lsi-1"), "sk": av.S("a"), "lsi1sk": av.S("alpha"), "lsi2sk": av.S("x-100"), "data": av.S("item1")},
		item{"pk": av.S("q-lsi-1"), "sk": av.S("b"), "lsi1sk": av.S("alpha-2"), "lsi2sk": av.S("x-200"), "data": av.S("item2")},
		item{"pk": av.S("q-lsi-1"), "sk": av.S("c"), "lsi1sk": av.S("beta"), "lsi2sk": av.S("x-150"), "data": av.S("item3")},
		item{"pk": av.S("q-lsi-2"), "sk": av.S("a"), "lsi1sk": av.S("alpha"), "lsi2sk": av.S("x-300"), "data": av.S("other")},
	)
	for i := range 4 {
		its = append(its,
			item{"pk": av.S(fmt.Sprintf("q-gtie-%d", i)), "sk": av.S(fmt.Sprintf("s-%d", i)), "lsi1sk": av.S("gtie-hash"), "lsi2sk": av.S("gtie-range")},
			item{"pk": av.S("q-ltie"), "sk": av.S(fmt.Sprintf("s-%d", i)), "lsi1sk": av.S("ltie-sk")})
	}
	return its
}

// queryCase is one Query and what DynamoDB answers.
type queryCase struct {
	name      string
	table     string // "num", "bin" or "" for the indexed table
	in        dynamodb.QueryInput
	follow    bool // walk every page
	check     pageCheck
	err       *wantErr
	skipLocal string // why DynamoDB Local fails the case
	pending   string // the engine gap that skips the case on every backend
}

func TestQuery(t *testing.T) {
	pk := func(v string) map[string]types.AttributeValue { return vals(":pk", av.S(v)) }
	cases := []queryCase{
		// Partition reads and order.
		{name: "whole partition", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-order"), ConsistentRead: aws.Bool(true)},
			check: all(counts(5, 5), inOrder("sk", "a", "b", "c", "d", "e"), continues(false))},
		{name: "descending with ScanIndexForward false", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-order"), ScanIndexForward: aws.Bool(false)},
			check: inOrder("sk", "e", "d", "c", "b", "a")},
		{name: "absent partition is empty", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-nothing")},
			check: all(counts(0, 0), inOrder("sk"))},
		// Sort key conditions.
		{name: "begins_with on the sort key", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :p)"), ExpressionAttributeValues: vals(":pk", av.S("q-range"), ":p", av.S("b"))},
			check: inOrder("sk", "beta")},
		{name: "BETWEEN on the sort key", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk AND sk BETWEEN :lo AND :hi"), ExpressionAttributeValues: vals(":pk", av.S("q-range"), ":lo", av.S("beta"), ":hi", av.S("delta"))},
			check: inOrder("sk", "beta", "delta")},
		{name: "less than on the sort key", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk AND sk < :v"), ExpressionAttributeValues: vals(":pk", av.S("q-range"), ":v", av.S("c"))},
			check: inOrder("sk", "alpha", "beta")},
		{name: "greater or equal on the sort key", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk AND sk >= :v"), ExpressionAttributeValues: vals(":pk", av.S("q-range"), ":v", av.S("delta"))},
			check: inOrder("sk", "delta", "gamma")},
		{name: "value on the left of the comparison", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk AND :lo <= #sk"), ExpressionAttributeNames: names("#pk", "pk", "#sk", "sk"), ExpressionAttributeValues: vals(":pk", av.S("q-single"), ":lo", av.S("a"))},
			check: inOrder("sk", "m")},
		{name: "parentheses around each condition", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("(#pk = :pk) AND (#sk = :sk)"), ExpressionAttributeNames: names("#pk", "pk", "#sk", "sk"), ExpressionAttributeValues: vals(":pk", av.S("q-parens"), ":sk", av.S("1"))},
			check: inOrder("data", "a")},
		{name: "parentheses around the whole condition", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("(#pk = :pk AND #sk = :sk)"), ExpressionAttributeNames: names("#pk", "pk", "#sk", "sk"), ExpressionAttributeValues: vals(":pk", av.S("q-parens"), ":sk", av.S("2"))},
			check: inOrder("data", "b")},
		{name: "nested parentheses", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("(#pk = :pk AND (#sk = :sk))"), ExpressionAttributeNames: names("#pk", "pk", "#sk", "sk"), ExpressionAttributeValues: vals(":pk", av.S("q-parens"), ":sk", av.S("3"))},
			check: inOrder("data", "c")},
		{name: "doubled parentheses are redundant", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("((#pk = :pk)) AND ((#sk = :sk))"), ExpressionAttributeNames: names("#pk", "pk", "#sk", "sk"), ExpressionAttributeValues: vals(":pk", av.S("q-parens"), ":sk", av.S("3"))},
			err: &wantErr{code: codeValidation, msg: "Invalid KeyConditionExpression: The expression has redundant parentheses;"}},
		// Filters count what they read.
		{name: "filter keeps ScannedCount of all read", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), FilterExpression: aws.String("#s = :st"), ExpressionAttributeNames: names("#s", "status"), ExpressionAttributeValues: vals(":pk", av.S("q-filter"), ":st", av.S("active"))},
			check: all(counts(2, 3), inOrder("sk", "1", "3"))},
		{name: "Limit ends the page with a cursor", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-page"), Limit: aws.Int32(3)},
			check: all(inOrder("sk", "000", "001", "002"), continues(true))},
		{name: "pages of four walk all ten", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-page"), Limit: aws.Int32(4)}, follow: true,
			check: inOrder("sk", "000", "001", "002", "003", "004", "005", "006", "007", "008", "009")},
		{name: "no cursor when everything fits", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-page")},
			check: all(counts(10, 10), continues(false))},
		{name: "Limit counts items read, not kept", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), FilterExpression: aws.String("#c = :c"), ExpressionAttributeNames: names("#pk", "pk", "#c", "category"), ExpressionAttributeValues: vals(":pk", av.S("q-page"), ":c", av.S("even")), Limit: aws.Int32(3)},
			check: all(counts(2, 3), continues(true))},
		{name: "Limit with a filter may return fewer", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), FilterExpression: aws.String("#c = :c"), ExpressionAttributeNames: names("#pk", "pk", "#c", "category"), ExpressionAttributeValues: vals(":pk", av.S("q-page"), ":c", av.S("even")), Limit: aws.Int32(2)},
			check: all(counts(1, 2), inOrder("sk", "000"), continues(true))},
		{name: "ExclusiveStartKey is excluded", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-order"), ExclusiveStartKey: item{"pk": av.S("q-order"), "sk": av.S("b")}},
			check: inOrder("sk", "c", "d", "e")},
		{name: "ExclusiveStartKey of another shape", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-order"), ExclusiveStartKey: item{"bad": av.S("p")}},
			err: &wantErr{code: codeValidation, has: []string{"The provided starting key is invalid"}}, skipLocal: localStartKeySize},
		{name: "ExclusiveStartKey without the index key", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("#h = :v"), ExpressionAttributeNames: names("#h", "lsi1sk"), ExpressionAttributeValues: vals(":v", av.S("x")), ExclusiveStartKey: item{"pk": av.S("x")}},
			err: &wantErr{code: codeValidation, has: []string{"The provided starting key is invalid"}}, skipLocal: localStartKeySize},
		// Select.
		{name: "Select COUNT", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-filter"), Select: types.SelectCount},
			check: countOnly(3, 3)},
		{name: "Select COUNT with a filter", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), FilterExpression: aws.String("#s = :st"), ExpressionAttributeNames: names("#s", "status"), ExpressionAttributeValues: vals(":pk", av.S("q-filter"), ":st", av.S("active")), Select: types.SelectCount},
			check: countOnly(2, 3)},
		{name: "ALL_PROJECTED_ATTRIBUTES on an INCLUDE index", in: dynamodb.QueryInput{IndexName: aws.String("gsi2"), KeyConditionExpression: aws.String("#h = :h"), ExpressionAttributeNames: names("#h", "lsi1sk"), ExpressionAttributeValues: vals(":h", av.S("sel-hash")), Select: types.SelectAllProjectedAttributes},
			check: all(inOrder("sk", "a", "b"), attrsPresent([]string{"pk", "sk", "lsi1sk", "lsi2sk", "data"}, "extra"))},
		{name: "ALL_ATTRIBUTES on an ALL local index", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("#pk = :pk"), ExpressionAttributeNames: names("#pk", "pk"), ExpressionAttributeValues: pk("q-sel"), Select: types.SelectAllAttributes, ConsistentRead: aws.Bool(true)},
			check: all(counts(2, 2), attrsPresent([]string{"pk", "sk", "lsi1sk", "lsi2sk", "data", "extra"}))},
		{name: "SPECIFIC_ATTRIBUTES with a projection", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), ExpressionAttributeNames: names("#pk", "pk", "#sk", "sk"), ExpressionAttributeValues: pk("q-sel"), ProjectionExpression: aws.String("#pk, #sk"), Select: types.SelectSpecificAttributes},
			check: all(counts(2, 2), attrsPresent([]string{"pk", "sk"}, "data", "extra", "lsi1sk"))},
		{name: "SPECIFIC_ATTRIBUTES without a projection", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), ExpressionAttributeNames: names("#pk", "pk"), ExpressionAttributeValues: pk("q-sel"), Select: types.SelectSpecificAttributes},
			err: &wantErr{code: codeValidation}},
		{name: "ALL_ATTRIBUTES with a projection", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), ExpressionAttributeNames: names("#pk", "pk"), ExpressionAttributeValues: pk("x"), Select: types.SelectAllAttributes, ProjectionExpression: aws.String("sk")},
			err: &wantErr{code: codeValidation, has: []string{"Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"}}},
		{name: "ALL_PROJECTED_ATTRIBUTES without an index", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), ExpressionAttributeNames: names("#pk", "pk"), ExpressionAttributeValues: pk("x"), Select: types.SelectAllProjectedAttributes},
			err: &wantErr{code: codeValidation, has: []string{"ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"}}},
		// Filter functions and operators.
		{name: "size of a string", in: exprQuery("size(#n) > :v", names("#n", "name"), ":v", av.N("3")), check: anyOrder("name", "alice", "carol", "dave")},
		{name: "contains on a string", in: exprQuery("contains(#n, :v)", names("#n", "name"), ":v", av.S("lic")), check: anyOrder("name", "alice")},
		{name: "contains on a set", in: exprQuery("contains(tags, :v)", nil, ":v", av.S("admin")), check: anyOrder("sk", "1", "3")},
		{name: "attribute_type", in: exprQuery("attribute_type(#n, :v)", names("#n", "name"), ":v", av.S("S")), check: counts(4, 4)},
		{name: "begins_with on a non-key attribute", in: exprQuery("begins_with(#n, :v)", names("#n", "name"), ":v", av.S("car")), check: anyOrder("name", "carol")},
		{name: "IN", in: exprQuery("#n IN (:v, :w)", names("#n", "name"), ":v", av.S("alice"), ":w", av.S("carol")), check: anyOrder("name", "alice", "carol")},
		{name: "NOT contains", in: exprQuery("NOT contains(tags, :v)", nil, ":v", av.S("admin")), check: anyOrder("name", "bob", "dave")},
		{name: "AND", in: exprQuery("#n = :v AND age > :w", names("#n", "name"), ":v", av.S("alice"), ":w", av.N("20")), check: anyOrder("name", "alice")},
		{name: "OR", in: exprQuery("#n = :v OR #n = :w", names("#n", "name"), ":v", av.S("alice"), ":w", av.S("bob")), check: anyOrder("name", "alice", "bob")},
		{name: "BETWEEN on a non-key attribute", in: exprQuery("age BETWEEN :v AND :w", nil, ":v", av.N("26"), ":w", av.N("34")), check: anyOrder("name", "alice", "dave")},
		{name: "nested map path", in: exprQuery("mapAttr.nested = :v", nil, ":v", av.S("deep-value")), check: anyOrder("sk", "1", "3")},
		{name: "list element", in: exprQuery("listAttr[0] = :v", nil, ":v", av.S("first")), check: anyOrder("sk", "1", "3")},
		{name: "size of a list", in: exprQuery("size(#a) = :v", names("#a", "listAttr"), ":v", av.N("4")), check: anyOrder("sk", "4")},
		{name: "size of a string set", in: exprQuery("size(#a) = :v", names("#a", "tags"), ":v", av.N("1")), check: anyOrder("sk", "2", "4")},
		{name: "size of a map", in: exprQuery("size(#a) > :v", names("#a", "mapAttr"), ":v", av.N("2")), check: anyOrder("sk", "4")},
		{name: "size of a binary", in: exprQuery("size(#a) > :v", names("#a", "binAttr"), ":v", av.N("3")), check: anyOrder("sk", "4")},
		{name: "size counts UTF-16 code units", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), FilterExpression: aws.String("size(#s) = :v"), ExpressionAttributeNames: names("#s", "s"), ExpressionAttributeValues: vals(":pk", av.S("q-utf16"), ":v", av.N("3"))},
			check: anyOrder("sk", "1")},
		{name: "size is not UTF-8 bytes", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), FilterExpression: aws.String("size(#s) = :v"), ExpressionAttributeNames: names("#s", "s"), ExpressionAttributeValues: vals(":pk", av.S("q-utf16"), ":v", av.N("6"))},
			check: anyOrder("sk")},
		{name: "size of a missing attribute matches nothing", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), FilterExpression: aws.String("size(#s) = :v"), ExpressionAttributeNames: names("#s", "no_such_attr"), ExpressionAttributeValues: vals(":pk", av.S("q-utf16"), ":v", av.N("0"))},
			check: anyOrder("sk")},
		{name: "filter with parenthesized conditions", in: fparensQuery("(#t = :a) OR (#t = :b)"), check: anyOrder("sk", "1", "2", "4")},
		{name: "filter wrapped in parentheses", in: fparensQuery("(#t = :a OR #t = :b)"), check: anyOrder("sk", "1", "2", "4")},
		{name: "filter with nested parentheses", in: fparensQuery("(#t = :a OR (#t = :b))"), check: anyOrder("sk", "1", "2", "4")},
		{name: "filter with parentheses and begins_with", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), FilterExpression: aws.String("(#s = :s) AND (begins_with(#n, :p))"),
			ExpressionAttributeNames: names("#pk", "pk", "#s", "status", "#n", "name"), ExpressionAttributeValues: vals(":pk", av.S("q-fparens"), ":s", av.S("active"), ":p", av.S("al"))},
			check: anyOrder("sk", "1", "3")},
		// Global indexes.
		{name: "hash-only global index", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("lsi1sk = :v"), ExpressionAttributeValues: vals(":v", av.S("gsi-A"))},
			check: anyOrder("pk", "q-gsi-1", "q-gsi-2")},
		{name: "global index with a range key", in: dynamodb.QueryInput{IndexName: aws.String("gsi2"), KeyConditionExpression: aws.String("lsi1sk = :h AND lsi2sk = :r"), ExpressionAttributeValues: vals(":h", av.S("gsi-A"), ":r", av.S("r1"))},
			check: inOrder("data", "item1")},
		{name: "absent global index key", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("lsi1sk = :v"), ExpressionAttributeValues: vals(":v", av.S("gsi-none"))},
			check: counts(0, 0)},
		{name: "global index walk over tied keys", in: dynamodb.QueryInput{IndexName: aws.String("gsi2"), KeyConditionExpression: aws.String("lsi1sk = :h AND lsi2sk = :r"), ExpressionAttributeValues: vals(":h", av.S("gtie-hash"), ":r", av.S("gtie-range")), Limit: aws.Int32(1)}, follow: true,
			check: all(anyOrder("pk", "q-gtie-0", "q-gtie-1", "q-gtie-2", "q-gtie-3"), cursorKeys("pk", "sk", "lsi1sk", "lsi2sk"))},
		// Local indexes.
		{name: "local index equality", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :pk AND lsi1sk = :v"), ExpressionAttributeValues: vals(":pk", av.S("q-lsi-1"), ":v", av.S("alpha")), ConsistentRead: aws.Bool(true)},
			check: all(inOrder("data", "item1"), attrsPresent([]string{"pk", "sk", "lsi1sk", "lsi2sk", "data"}))},
		{name: "local index begins_with", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :pk AND begins_with(lsi1sk, :v)"), ExpressionAttributeValues: vals(":pk", av.S("q-lsi-1"), ":v", av.S("alpha"))},
			check: inOrder("lsi1sk", "alpha", "alpha-2")},
		{name: "local index BETWEEN", in: dynamodb.QueryInput{IndexName: aws.String("lsi2"), KeyConditionExpression: aws.String("pk = :pk AND lsi2sk BETWEEN :lo AND :hi"), ExpressionAttributeValues: vals(":pk", av.S("q-lsi-1"), ":lo", av.S("x-100"), ":hi", av.S("x-200"))},
			check: inOrder("lsi2sk", "x-100", "x-150", "x-200")},
		{name: "local index partition in index order", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-lsi-1"), ConsistentRead: aws.Bool(true)},
			check: all(counts(3, 3), inOrder("lsi1sk", "alpha", "alpha-2", "beta"))},
		{name: "INCLUDE local index returns keys and included attributes", in: dynamodb.QueryInput{IndexName: aws.String("lsi2"), KeyConditionExpression: aws.String("pk = :pk AND lsi2sk = :v"), ExpressionAttributeValues: vals(":pk", av.S("q-lsi-1"), ":v", av.S("x-100"))},
			check: all(inOrder("lsi1sk", "alpha"), attrsPresent([]string{"pk", "sk", "lsi2sk", "lsi1sk"}, "data"))},
		{name: "absent local index partition", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("q-none")},
			check: counts(0, 0)},
		{name: "local index walk over tied keys", in: dynamodb.QueryInput{IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :p AND lsi1sk = :v"), ExpressionAttributeValues: vals(":p", av.S("q-ltie"), ":v", av.S("ltie-sk")), Limit: aws.Int32(1), ConsistentRead: aws.Bool(true)}, follow: true,
			check: all(anyOrder("sk", "s-0", "s-1", "s-2", "s-3"), cursorKeys("pk", "sk", "lsi1sk"))},
		// Number and binary sort keys.
		{name: "number sort key ascending", table: "num", in: numQuery("numq", ""), check: inOrder("sk", "1", "5", "10", "20", "50", "100")},
		{name: "number sort key descending", table: "num", in: withForward(numQuery("numq", ""), false), check: inOrder("sk", "100", "50", "20", "10", "5", "1")},
		{name: "number sort key greater than", table: "num", in: numQuery("numq", "sk > :a", ":a", av.N("15")), check: inOrder("sk", "20", "50", "100")},
		{name: "number sort key BETWEEN", table: "num", in: numQuery("numq", "sk BETWEEN :a AND :b", ":a", av.N("5"), ":b", av.N("50")), check: inOrder("sk", "5", "10", "20", "50")},
		{name: "number sort key Limit", table: "num", in: withLimit(numQuery("numq", ""), 3), check: all(inOrder("sk", "1", "5", "10"), continues(true))},
		{name: "number sort key numeric not text order", table: "num", in: numQuery("numq", "sk BETWEEN :a AND :b", ":a", av.N("1"), ":b", av.N("10")), check: inOrder("sk", "1", "5", "10")},
		{name: "negative numbers sort first", table: "num", in: numQuery("numq-neg", ""), check: inOrder("sk", "-100", "-5", "-1", "0", "1", "5", "10", "100")},
		{name: "at least a negative number", table: "num", in: numQuery("numq-neg", "sk >= :a", ":a", av.N("-1")), check: inOrder("sk", "-1", "0", "1", "5", "10", "100")},
		{name: "binary sort key in byte order", table: "bin", in: binQuery(""), check: inOrder("label", "01", "0102", "02", "ff")},
		{name: "binary sort key descending", table: "bin", in: withForward(binQuery(""), false), check: inOrder("label", "ff", "02", "0102", "01")},
		{name: "binary sort key greater than", table: "bin", in: binQuery("sk > :a", ":a", av.B("\x01\x02")), check: inOrder("label", "02", "ff")},
		{name: "binary sort key begins_with", table: "bin", in: binQuery("begins_with(sk, :a)", ":a", av.B("\x01")), check: inOrder("label", "01", "0102")},
		// Errors.
		{name: "missing table", in: dynamodb.QueryInput{TableName: aws.String(missingTable), KeyConditionExpression: aws.String("pk = :pk"), ExpressionAttributeValues: pk("x")},
			err: &errNotFound, skipLocal: localMissingTable},
		{name: "no key condition", in: dynamodb.QueryInput{}, err: &wantErr{code: codeValidation, msg: "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."}},
		{name: "condition on the sort key alone", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("sk = :v"), ExpressionAttributeValues: vals(":v", av.S("x"))},
			err: &wantErr{code: codeValidation, msg: "Query condition missed key schema element: pk"}, skipLocal: "its message does not name the missing key (Query condition missed key schema element)"},
		{name: "condition on a non-key attribute", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("attr1 = :v"), ExpressionAttributeValues: vals(":v", av.S("x"))},
			err: &wantErr{code: codeValidation, msg: "Query condition missed key schema element: pk"}, skipLocal: "its message does not name the missing key (Query condition missed key schema element)"},
		{name: "nested path on a key attribute", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk AND #sk.foo = :v"), ExpressionAttributeNames: names("#pk", "pk", "#sk", "sk"), ExpressionAttributeValues: vals(":pk", av.S("x"), ":v", av.S("x"))},
			err:       &wantErr{code: codeValidation, msg: "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"},
			skipLocal: "it says Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk"},
		{name: "unused attribute name", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :v"), ExpressionAttributeValues: vals(":v", av.S("x")), ExpressionAttributeNames: names("#unused", "someattr")},
			err: &wantErr{code: codeValidation, msg: "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"}},
		{name: "Select outside its enum", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :v"), ExpressionAttributeValues: vals(":v", av.S("x")), Select: "INVALID_VALUE"},
			err: &wantErr{code: codeValidation, msg: "1 validation error detected: Value 'INVALID_VALUE' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"}, skipLocal: localModel},
		{name: "consistent read on a global index", in: dynamodb.QueryInput{IndexName: aws.String("gsi1"), KeyConditionExpression: aws.String("#h = :v"), ExpressionAttributeNames: names("#h", "lsi1sk"), ExpressionAttributeValues: vals(":v", av.S("x")), ConsistentRead: aws.Bool(true)},
			err: &wantErr{code: codeValidation, msg: "Consistent reads are not supported on global secondary indexes"}, skipLocal: "it says Consistent read cannot be true when querying a GSI"},
		{name: "Limit of zero", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :v"), ExpressionAttributeValues: vals(":v", av.S("x")), Limit: aws.Int32(0)},
			err: &wantErr{code: codeValidation, msg: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"}, skipLocal: localModel},
		{name: "empty key condition", in: dynamodb.QueryInput{KeyConditionExpression: aws.String(""), ExpressionAttributeValues: vals(":v", av.S("x"))},
			err: &wantErr{code: codeValidation, msg: "Invalid KeyConditionExpression: The expression can not be empty;"}},
		{name: "filter names an undefined placeholder", in: dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), FilterExpression: aws.String("#missing = :f"), ExpressionAttributeValues: vals(":pk", av.S("x"), ":f", av.S("x"))},
			err: &wantErr{code: codeValidation, msg: "Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing"}},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		putAll(t, be.api, be.tb.indexed, queryItems())
		tableOf := map[string]string{"": be.tb.indexed, "num": numberSortTable(t, be), "bin": binarySortTable(t, be)}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if c.pending != "" {
					t.Skip(c.pending)
				}
				be.skipLocal(t, c.skipLocal)
				in := c.in
				if in.TableName == nil {
					in.TableName = aws.String(tableOf[c.table])
				}
				pages, err := queryPages(t, be.api, &in, c.follow)
				if c.err != nil {
					c.err.check(t, err)
					return
				}
				if err != nil {
					t.Fatalf("Query: %v", err)
				}
				c.check(t, pages)
			})
		}
	})
}

// exprQuery filters the q-expr partition with filter, names and value pairs.
func exprQuery(filter string, nm map[string]string, pairs ...any) dynamodb.QueryInput {
	return dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :pk"), FilterExpression: aws.String(filter),
		ExpressionAttributeNames: nm, ExpressionAttributeValues: vals(append([]any{":pk", av.S("q-expr")}, pairs...)...), ConsistentRead: aws.Bool(true)}
}

// fparensQuery filters the q-fparens partition on its type attribute.
func fparensQuery(filter string) dynamodb.QueryInput {
	return dynamodb.QueryInput{KeyConditionExpression: aws.String("#pk = :pk"), FilterExpression: aws.String(filter),
		ExpressionAttributeNames: names("#pk", "pk", "#t", "type"), ExpressionAttributeValues: vals(":pk", av.S("q-fparens"), ":a", av.S("alpha"), ":b", av.S("beta"))}
}

// numQuery reads partition p of the number-sorted table, with an optional
// sort key condition over value pairs.
func numQuery(p, sortCond string, pairs ...any) dynamodb.QueryInput {
	kc := "pk = :pk"
	if sortCond != "" {
		kc += " AND " + sortCond
	}
	return dynamodb.QueryInput{KeyConditionExpression: aws.String(kc), ExpressionAttributeValues: vals(append([]any{":pk", av.S(p)}, pairs...)...), ConsistentRead: aws.Bool(true)}
}

// binQuery reads the binary-sorted table's partition.
func binQuery(sortCond string, pairs ...any) dynamodb.QueryInput {
	return numQuery("binq", sortCond, pairs...)
}

func withForward(in dynamodb.QueryInput, forward bool) dynamodb.QueryInput {
	in.ScanIndexForward = aws.Bool(forward)
	return in
}

func withLimit(in dynamodb.QueryInput, limit int32) dynamodb.QueryInput {
	in.Limit = aws.Int32(limit)
	return in
}

// numberSortTable creates a table with a number sort key holding the
// partitions numq (positive keys) and numq-neg (keys around zero).
func numberSortTable(t *testing.T, be backend) string {
	t.Helper()
	name := sortedTable(t, be.api, "conf-numsort", types.ScalarAttributeTypeN)
	for _, k := range []string{"1", "5", "10", "20", "50", "100"} {
		put(t, be.api, name, item{"pk": av.S("numq"), "sk": av.N(k)})
	}
	for _, k := range []string{"-100", "-5", "-1", "0", "1", "5", "10", "100"} {
		put(t, be.api, name, item{"pk": av.S("numq-neg"), "sk": av.N(k)})
	}
	return name
}

// binarySortTable creates a table with a binary sort key whose partition binq
// holds four keys labelled by their hex.
func binarySortTable(t *testing.T, be backend) string {
	t.Helper()
	name := sortedTable(t, be.api, "conf-binsort", types.ScalarAttributeTypeB)
	for _, k := range [][]byte{{1}, {1, 2}, {2}, {0xff}} {
		put(t, be.api, name, item{"pk": av.S("binq"), "sk": av.B(string(k)), "label": av.S(fmt.Sprintf("%x", k))})
	}
	return name
}

// TestQueryHashOnlyIndexWalk walks a hash-only global index whose items share
// the index key and the table's partition key, differing only by sort key:
// every item comes back exactly once.
func TestQueryHashOnlyIndexWalk(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		in := &dynamodb.CreateTableInput{
			TableName:            aws.String("conf-gho"),
			AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeS), attrDef("gh", types.ScalarAttributeTypeS)},
			KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
			BillingMode:          types.BillingModePayPerRequest,
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: aws.String("gho"), KeySchema: []types.KeySchemaElement{keyElem("gh", types.KeyTypeHash)},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}},
		}
		table := testbackend.CreateTable(t, be.api, in)
		for i := range 5 {
			put(t, be.api, table, item{"pk": av.S("p"), "sk": av.S(fmt.Sprintf("s%d", i)), "gh": av.S("shared")})
		}
		pages, err := queryPages(t, be.api, &dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String("gho"),
			KeyConditionExpression: aws.String("#g = :g"), ExpressionAttributeNames: names("#g", "gh"), ExpressionAttributeValues: vals(":g", av.S("shared")), Limit: aws.Int32(2)}, true)
		if err != nil {
			t.Fatal(err)
		}
		all(anyOrder("sk", "s0", "s1", "s2", "s3", "s4"), cursorKeys("pk", "sk", "gh"))(t, pages)
	})
}

// TestQueryCapacityBeforeFilterAndProjection: a Query is charged for what it
// reads, so neither a filter nor a projection changes its capacity.
func TestQueryCapacityBeforeFilterAndProjection(t *testing.T) {
	variants := []capacityVariant{
		{name: "filter keeping one", filter: "keep = :k", keep: "yes", count: 1},
		{name: "filter keeping none", filter: "keep = :k", keep: "no-such-value", count: 0},
		{name: "projection of the sort key", projection: "sk", count: 6},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		checkCapacityUnchanged(t, be, be.tb.indexed, "q-cc", variants, func(t *testing.T, filter, projection *string, values item) (*types.ConsumedCapacity, int32) {
			withP := vals(":p", av.S("q-cc"))
			maps.Copy(withP, values)
			out, err := be.api.Query(context.Background(), &dynamodb.QueryInput{TableName: aws.String(be.tb.indexed), KeyConditionExpression: aws.String("pk = :p"),
				FilterExpression: filter, ProjectionExpression: projection, ExpressionAttributeValues: withP, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
			if err != nil {
				t.Fatal(err)
			}
			return out.ConsumedCapacity, out.Count
		})
	})
}
