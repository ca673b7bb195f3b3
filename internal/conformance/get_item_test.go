package conformance

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/av"
)

// TestGetItemReads pins what GetItem returns: whole items, nothing for a
// missing key, and projections of top-level and nested paths (keys are not
// added to a projection, list elements come back compacted in index order).
func TestGetItemReads(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		put(t, be.api, be.tb.hash, item{"pk": av.S("full"), "data": av.S("hello"), "num": av.N("42"), "flag": av.Bool(true)})
		put(t, be.api, be.tb.hash, item{"pk": av.S("doc"), "a": av.S("alpha"), "b": av.S("beta"), "c": av.N("99"),
			"mymap": av.M(item{"nested": av.S("deep"), "other": av.N("42")}),
			"m":     av.M(item{"a": av.S("A"), "b": av.S("B"), "c": av.S("C")}),
			"l":     av.L(av.S("l0"), av.S("l1"), av.S("l2"))})
		put(t, be.api, be.tb.composite, item{"pk": av.S("p"), "sk": av.S("s1"), "value": av.S("v")})
		cases := []struct {
			name       string
			table      string
			key        item
			projection string
			names      map[string]string
			consistent bool
			want       item
		}{
			{name: "whole item", table: be.tb.hash, key: item{"pk": av.S("full")}, consistent: true,
				want: item{"pk": av.S("full"), "data": av.S("hello"), "num": av.N("42"), "flag": av.Bool(true)}},
			{name: "missing key", table: be.tb.hash, key: item{"pk": av.S("nope")}, consistent: true},
			{name: "eventually consistent missing key", table: be.tb.hash, key: item{"pk": av.S("nope")}},
			{name: "composite key", table: be.tb.composite, key: item{"pk": av.S("p"), "sk": av.S("s1")},
				want: item{"pk": av.S("p"), "sk": av.S("s1"), "value": av.S("v")}},
			{name: "sort key mismatch", table: be.tb.composite, key: item{"pk": av.S("p"), "sk": av.S("other")}},
			{name: "top-level projection", table: be.tb.hash, key: item{"pk": av.S("doc")}, projection: "a, c",
				want: item{"a": av.S("alpha"), "c": av.N("99")}},
			{name: "projection leaves the key out", table: be.tb.hash, key: item{"pk": av.S("doc")}, projection: "a",
				want: item{"a": av.S("alpha")}},
			{name: "nested map path", table: be.tb.hash, key: item{"pk": av.S("doc")}, projection: "#m.#n",
				names: map[string]string{"#m": "mymap", "#n": "nested"}, want: item{"mymap": av.M(item{"nested": av.S("deep")})}},
			{name: "sibling map paths", table: be.tb.hash, key: item{"pk": av.S("doc")}, projection: "m.a, m.b",
				want: item{"m": av.M(item{"a": av.S("A"), "b": av.S("B")})}},
			{name: "list element", table: be.tb.hash, key: item{"pk": av.S("doc")}, projection: "l[0]",
				want: item{"l": av.L(av.S("l0"))}},
			{name: "list elements compacted in index order", table: be.tb.hash, key: item{"pk": av.S("doc")}, projection: "#l[2], #l[0]",
				names: map[string]string{"#l": "l"}, want: item{"l": av.L(av.S("l0"), av.S("l2"))}},
			{name: "projection of a missing attribute", table: be.tb.hash, key: item{"pk": av.S("doc")}, projection: "zzz",
				want: item{}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := &dynamodb.GetItemInput{TableName: aws.String(c.table), Key: c.key, ConsistentRead: aws.Bool(c.consistent)}
				if c.projection != "" {
					in.ProjectionExpression = aws.String(c.projection)
				}
				in.ExpressionAttributeNames = c.names
				out, err := be.api.GetItem(context.Background(), in)
				if err != nil {
					t.Fatal(err)
				}
				sameItem(t, out.Item, c.want)
			})
		}
	})
}

// TestGetItemErrors pins GetItem's errors and their exact messages.
func TestGetItemErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		cases := []struct {
			name  string
			in    dynamodb.GetItemInput
			want  wantErr
			local string // why DynamoDB Local answers otherwise, if it does
		}{
			{name: "missing table", in: dynamodb.GetItemInput{TableName: aws.String(missingTable), Key: item{"pk": av.S("x")}},
				want: errNotFound, local: localNotFound},
			{name: "sort key left out", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.composite), Key: item{"pk": av.S("x")}},
				want: errKeySchema, local: localKeyCount},
			{name: "key of the wrong type", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.N("1")}},
				want: errKeySchema, local: localKeyType},
			{name: "projection syntax error", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("x")},
				ProjectionExpression: aws.String("!!! INVALID !!!")},
				want: wantErr{code: codeValidation, msg: `Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"`}},
			{name: "empty binary key", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hashB), Key: item{"pk": av.B("")}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("binary", "pk")}, local: localEmptyBinary},
			{name: "empty string key", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("")}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("string", "pk")}},
			{name: "overlapping projection paths", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("x")},
				ProjectionExpression: aws.String("#a, #a.#b"), ExpressionAttributeNames: map[string]string{"#a": "a", "#b": "b"}},
				want: wantErr{code: codeValidation, msg: "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"}},
			{name: "duplicate projection paths", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("x")},
				ProjectionExpression: aws.String("#a, #a"), ExpressionAttributeNames: map[string]string{"#a": "a"}},
				want: wantErr{code: codeValidation, msg: "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"}},
			{name: "undefined name in projection", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("x")},
				ProjectionExpression: aws.String("#undef")},
				want: wantErr{code: codeValidation, msg: "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #undef"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.GetItem(context.Background(), &c.in)
				c.want.check(t, err)
			})
		}
	})
}
