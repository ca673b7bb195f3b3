package conformance

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb/internal/av"
)

// TestBatchGetItem pins BatchGetItem's answers: found items only (an empty
// list for a table with none), projections without the key, an empty map for
// a found item the projection misses, and UnprocessedKeys present but empty.
func TestBatchGetItem(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		for i := range 3 {
			put(t, be.api, be.tb.hash, item{"pk": av.S(fmt.Sprint("bg-", i)), "val": av.N(fmt.Sprint(i * 10))})
		}
		put(t, be.api, be.tb.hash, item{"pk": av.S("doc"), "a": av.S("alpha"), "b": av.S("beta"), "c": av.N("99"),
			"m": av.M(item{"nested": av.S("deep"), "other": av.N("42")}), "l": av.L(av.M(item{"x": av.S("X"), "y": av.S("Y"), "z": av.S("Z")}), av.S("l1"))})
		put(t, be.api, be.tb.composite, item{"pk": av.S("c"), "sk": av.S("1"), "val": av.S("from-composite")})
		hash, composite := be.tb.hash, be.tb.composite
		cases := []struct {
			name string
			req  map[string]types.KeysAndAttributes
			want map[string][]item
		}{
			{name: "several keys", req: map[string]types.KeysAndAttributes{hash: {Keys: []item{{"pk": av.S("bg-0")}, {"pk": av.S("bg-1")}, {"pk": av.S("bg-2")}}}},
				want: map[string][]item{hash: {{"pk": av.S("bg-0"), "val": av.N("0")}, {"pk": av.S("bg-1"), "val": av.N("10")}, {"pk": av.S("bg-2"), "val": av.N("20")}}}},
			{name: "found and missing keys", req: map[string]types.KeysAndAttributes{hash: {Keys: []item{{"pk": av.S("bg-0")}, {"pk": av.S("nope")}}, ConsistentRead: aws.Bool(true)}},
				want: map[string][]item{hash: {{"pk": av.S("bg-0"), "val": av.N("0")}}}},
			{name: "projection leaves the key out", req: map[string]types.KeysAndAttributes{hash: {Keys: []item{{"pk": av.S("doc")}}, ProjectionExpression: aws.String("a, c")}},
				want: map[string][]item{hash: {{"a": av.S("alpha"), "c": av.N("99")}}}},
			{name: "nested projection", req: map[string]types.KeysAndAttributes{hash: {Keys: []item{{"pk": av.S("doc")}}, ProjectionExpression: aws.String("#m.#n"),
				ExpressionAttributeNames: map[string]string{"#m": "m", "#n": "nested"}}},
				want: map[string][]item{hash: {{"m": av.M(item{"nested": av.S("deep")})}}}},
			{name: "paths sharing a list element merge", req: map[string]types.KeysAndAttributes{hash: {Keys: []item{{"pk": av.S("doc")}}, ProjectionExpression: aws.String("l[0].x, l[0].y")}},
				want: map[string][]item{hash: {{"l": av.L(av.M(item{"x": av.S("X"), "y": av.S("Y")}))}}}},
			{name: "projection matching nothing keeps an empty item", req: map[string]types.KeysAndAttributes{hash: {Keys: []item{{"pk": av.S("doc")}}, ProjectionExpression: aws.String("nonexistent")}},
				want: map[string][]item{hash: {{}}}},
			{name: "two tables", req: map[string]types.KeysAndAttributes{
				hash:      {Keys: []item{{"pk": av.S("bg-1")}}},
				composite: {Keys: []item{{"pk": av.S("c"), "sk": av.S("1")}}}},
				want: map[string][]item{hash: {{"pk": av.S("bg-1"), "val": av.N("10")}}, composite: {{"pk": av.S("c"), "sk": av.S("1"), "val": av.S("from-composite")}}}},
			{name: "a table with nothing found", req: map[string]types.KeysAndAttributes{
				hash:      {Keys: []item{{"pk": av.S("bg-1")}}},
				composite: {Keys: []item{{"pk": av.S("none"), "sk": av.S("none")}}}},
				want: map[string][]item{hash: {{"pk": av.S("bg-1"), "val": av.N("10")}}, composite: {}}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				out, err := be.api.BatchGetItem(context.Background(), &dynamodb.BatchGetItemInput{RequestItems: c.req})
				if err != nil {
					t.Fatal(err)
				}
				sortByPK := cmpopts.SortSlices(func(a, b item) bool { return fmt.Sprint(a["pk"]) < fmt.Sprint(b["pk"]) })
				if diff := cmp.Diff(c.want, out.Responses, attrCmp, sortByPK); diff != "" {
					t.Errorf("Responses differ (-want +got):\n%s", diff)
				}
				if out.UnprocessedKeys == nil || len(out.UnprocessedKeys) != 0 {
					t.Errorf("UnprocessedKeys = %#v, want an empty map", out.UnprocessedKeys)
				}
			})
		}
	})
}

// TestBatchGetItemErrors pins BatchGetItem's rejections and their messages.
func TestBatchGetItemErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		hash := be.tb.hash
		keys := func(n int) []item {
			out := make([]item, n)
			for i := range out {
				out[i] = item{"pk": av.S(fmt.Sprint("k", i))}
			}
			return out
		}
		overlap := func(one, two string) wantErr {
			return wantErr{code: codeValidation, msg: "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: " + one + ", path two: " + two}
		}
		cases := []struct {
			name  string
			req   map[string]types.KeysAndAttributes
			want  wantErr
			local string
		}{
			{name: "no tables", req: map[string]types.KeysAndAttributes{},
				want: wantErr{code: codeValidation, msg: "The requestItems parameter is required for BatchGetItem"}, local: localModel},
			{name: "more than 100 keys", req: map[string]types.KeysAndAttributes{hash: {Keys: keys(101)}},
				want: wantErr{code: codeValidation, msg: "1 validation error detected: Value at 'RequestItems." + hash + ".member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100"}, local: localModel},
			{name: "missing table", req: map[string]types.KeysAndAttributes{missingTable: {Keys: keys(1)}},
				want: errNotFound, local: localNotFound},
			{name: "duplicate keys", req: map[string]types.KeysAndAttributes{hash: {Keys: []item{{"pk": av.S("d")}, {"pk": av.S("d")}}}},
				want: wantErr{code: codeValidation, msg: msgDuplicates}},
			{name: "AttributesToGet beside ProjectionExpression", req: map[string]types.KeysAndAttributes{hash: {Keys: keys(1),
				AttributesToGet: []string{"pk"}, ProjectionExpression: aws.String("pk")}},
				want: wantErr{code: codeValidation, has: []string{"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"}}},
			{name: "ProjectionExpression on one table and AttributesToGet on another", req: map[string]types.KeysAndAttributes{
				hash:            {Keys: keys(1), ProjectionExpression: aws.String("pk")},
				be.tb.composite: {Keys: []item{{"pk": av.S("a"), "sk": av.S("b")}}, AttributesToGet: []string{"pk"}}},
				want: wantErr{code: codeValidation}},
			{name: "empty binary key", req: map[string]types.KeysAndAttributes{be.tb.hashB: {Keys: []item{{"pk": av.B("")}}}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("binary", "pk")}, local: localEmptyBinary},
			{name: "duplicate projection paths", req: map[string]types.KeysAndAttributes{hash: {Keys: keys(1), ProjectionExpression: aws.String("a, a")}},
				want: overlap("[a]", "[a]")},
			{name: "two names for one attribute", req: map[string]types.KeysAndAttributes{hash: {Keys: keys(1), ProjectionExpression: aws.String("#a, #b"),
				ExpressionAttributeNames: map[string]string{"#a": "a", "#b": "a"}}},
				want: overlap("[a]", "[a]")},
			{name: "parent and child paths", req: map[string]types.KeysAndAttributes{hash: {Keys: keys(1), ProjectionExpression: aws.String("a, a.b")}},
				want: overlap("[a]", "[a, b]")},
			{name: "one bad projection fails the batch", req: map[string]types.KeysAndAttributes{
				hash:            {Keys: keys(1), ProjectionExpression: aws.String("a, a")},
				be.tb.composite: {Keys: []item{{"pk": av.S("a"), "sk": av.S("b")}}, ProjectionExpression: aws.String("a")}},
				want: overlap("[a]", "[a]")},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.BatchGetItem(context.Background(), &dynamodb.BatchGetItemInput{RequestItems: c.req})
				c.want.check(t, err)
			})
		}
	})
}

// TestBatchWriteItem pins BatchWriteItem's effects across tables and that
// UnprocessedItems is present but empty when everything was written.
func TestBatchWriteItem(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		hash, composite := be.tb.hash, be.tb.composite
		putReq := func(it item) types.WriteRequest { return types.WriteRequest{PutRequest: &types.PutRequest{Item: it}} }
		delReq := func(key item) types.WriteRequest {
			return types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: key}}
		}
		write := func(t *testing.T, req map[string][]types.WriteRequest) {
			t.Helper()
			out, err := be.api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: req})
			if err != nil {
				t.Fatal(err)
			}
			if out.UnprocessedItems == nil || len(out.UnprocessedItems) != 0 {
				t.Errorf("UnprocessedItems = %#v, want an empty map", out.UnprocessedItems)
			}
		}
		t.Run("puts, deletes and both across tables", func(t *testing.T) {
			put(t, be.api, hash, item{"pk": av.S("gone")})
			put(t, be.api, composite, item{"pk": av.S("gone"), "sk": av.S("x")})
			write(t, map[string][]types.WriteRequest{
				hash:      {putReq(item{"pk": av.S("h1"), "val": av.N("1")}), putReq(item{"pk": av.S("h2"), "tags": av.SS("", "a")}), delReq(item{"pk": av.S("gone")})},
				composite: {putReq(item{"pk": av.S("c1"), "sk": av.S("a")}), delReq(item{"pk": av.S("gone"), "sk": av.S("x")})},
			})
			sameItem(t, get(t, be.api, hash, item{"pk": av.S("h1")}), item{"pk": av.S("h1"), "val": av.N("1")})
			sameItem(t, get(t, be.api, hash, item{"pk": av.S("h2")}), item{"pk": av.S("h2"), "tags": av.SS("", "a")})
			sameItem(t, get(t, be.api, hash, item{"pk": av.S("gone")}), nil)
			sameItem(t, get(t, be.api, composite, item{"pk": av.S("c1"), "sk": av.S("a")}), item{"pk": av.S("c1"), "sk": av.S("a")})
			sameItem(t, get(t, be.api, composite, item{"pk": av.S("gone"), "sk": av.S("x")}), nil)
		})
	})
}

// TestBatchWriteItemErrors pins BatchWriteItem's rejections: the batch is
// validated whole before anything is written.
func TestBatchWriteItemErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		putReq := func(it item) types.WriteRequest { return types.WriteRequest{PutRequest: &types.PutRequest{Item: it}} }
		puts := func(n int) []types.WriteRequest {
			out := make([]types.WriteRequest, n)
			for i := range out {
				out[i] = putReq(item{"pk": av.S(fmt.Sprint("w", i))})
			}
			return out
		}
		hash, indexed := be.tb.hash, be.tb.indexed
		const localIndexKeyType = `it says only "One or more parameter values were invalid: Type mismatch for Index Key" (or "Invalid attribute value type")`
		indexMsg := "One or more parameter values were invalid: Type mismatch for Index Key lsi1sk Expected: S Actual: "
		emptyIndexMsg := "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
		cases := []struct {
			name  string
			req   map[string][]types.WriteRequest
			want  wantErr
			local string
		}{
			{name: "no tables", req: map[string][]types.WriteRequest{},
				want: wantErr{code: codeValidation, msg: "The requestItems parameter is required for BatchWriteItem"}, local: localModel},
			{name: "more than 25 requests", req: map[string][]types.WriteRequest{hash: puts(26)},
				want: wantErr{code: codeValidation, has: []string{"1 validation error detected: Value '{" + hash + "=[",
					"]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"}}, local: localModel},
			{name: "missing table", req: map[string][]types.WriteRequest{missingTable: puts(1)}, want: errNotFound, local: localNotFound},
			{name: "the same key twice", req: map[string][]types.WriteRequest{hash: {putReq(item{"pk": av.S("d"), "v": av.S("1")}), putReq(item{"pk": av.S("d"), "v": av.S("2")})}},
				want: wantErr{code: codeValidation, msg: msgDuplicates}},
			{name: "a put and a delete of one key", req: map[string][]types.WriteRequest{hash: {putReq(item{"pk": av.S("d")}),
				{DeleteRequest: &types.DeleteRequest{Key: item{"pk": av.S("d")}}}}},
				want: wantErr{code: codeValidation, msg: msgDuplicates}},
			{name: "item without its key", req: map[string][]types.WriteRequest{hash: {putReq(item{"notkey": av.S("x")})}},
				want: wantErr{code: codeValidation}},
			{name: "key of the wrong type", req: map[string][]types.WriteRequest{hash: {putReq(item{"pk": av.N("5")})}},
				want: errKeySchema, local: localKeyType},
			{name: "key that is not a scalar", req: map[string][]types.WriteRequest{hash: {putReq(item{"pk": av.L(av.S("x"))})}},
				want: errKeySchema, local: `it says "Invalid attribute value type"`},
			{name: "empty string key", req: map[string][]types.WriteRequest{hash: {putReq(item{"pk": av.S("")})}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("string", "pk")}},
			{name: "empty binary key in a put", req: map[string][]types.WriteRequest{be.tb.hashB: {putReq(item{"pk": av.B("")})}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("binary", "pk")}, local: localEmptyBinary},
			{name: "empty binary key in a delete", req: map[string][]types.WriteRequest{be.tb.hashB: {{DeleteRequest: &types.DeleteRequest{Key: item{"pk": av.B("")}}}}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("binary", "pk")}, local: localEmptyBinary},
			{name: "index key of the wrong type", req: map[string][]types.WriteRequest{indexed: {putReq(item{"pk": av.S("i"), "sk": av.S("a"), "lsi1sk": av.N("5")})}},
				want: wantErr{code: codeValidation, msg: indexMsg + "N IndexName: gsi1"}, local: localIndexKeyType},
			{name: "index key that is not a scalar", req: map[string][]types.WriteRequest{indexed: {putReq(item{"pk": av.S("i"), "sk": av.S("b"), "lsi1sk": av.L(av.S("x"))})}},
				want: wantErr{code: codeValidation, msg: indexMsg + "L IndexName: gsi1"}, local: localIndexKeyType},
			{name: "empty string index key", req: map[string][]types.WriteRequest{indexed: {putReq(item{"pk": av.S("i"), "sk": av.S("c"), "lsi1sk": av.S("")})}},
				want:  wantErr{code: codeValidation, msg: emptyIndexMsg + "string value. IndexName: gsi1, IndexKey: lsi1sk"},
				local: "it names the local index lsi1 where DynamoDB names the index whose name sorts first, gsi1"},
			{name: "empty binary index key", req: map[string][]types.WriteRequest{be.tb.gsiB: {putReq(item{"pk": av.S("i"), "bidx": av.B("")})}},
				want: wantErr{code: codeValidation, msg: emptyIndexMsg + "binary value. IndexName: gsib, IndexKey: bidx"}, local: localEmptyBinary},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.BatchWriteItem(context.Background(), &dynamodb.BatchWriteItemInput{RequestItems: c.req})
				c.want.check(t, err)
			})
		}
	})
}
