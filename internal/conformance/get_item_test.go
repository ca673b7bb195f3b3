package conformance

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// TestGetItemReads pins what GetItem returns: whole items, nothing for a
// missing key, and projections of top-level and nested paths (keys are not
// added to a projection, list elements come back compacted in index order).
func TestGetItemReads(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		put(t, be.api, be.tb.hash, item{"pk": s("full"), "data": s("hello"), "num": n("42"), "flag": bl(true)})
		put(t, be.api, be.tb.hash, item{"pk": s("doc"), "a": s("alpha"), "b": s("beta"), "c": n("99"),
			"mymap": m(item{"nested": s("deep"), "other": n("42")}),
			"m":     m(item{"a": s("A"), "b": s("B"), "c": s("C")}),
			"l":     l(s("l0"), s("l1"), s("l2"))})
		put(t, be.api, be.tb.composite, item{"pk": s("p"), "sk": s("s1"), "value": s("v")})
		cases := []struct {
			name       string
			table      string
			key        item
			projection string
			names      map[string]string
			consistent bool
			want       item
		}{
			{name: "whole item", table: be.tb.hash, key: item{"pk": s("full")}, consistent: true,
				want: item{"pk": s("full"), "data": s("hello"), "num": n("42"), "flag": bl(true)}},
			{name: "missing key", table: be.tb.hash, key: item{"pk": s("nope")}, consistent: true},
			{name: "eventually consistent missing key", table: be.tb.hash, key: item{"pk": s("nope")}},
			{name: "composite key", table: be.tb.composite, key: item{"pk": s("p"), "sk": s("s1")},
				want: item{"pk": s("p"), "sk": s("s1"), "value": s("v")}},
			{name: "sort key mismatch", table: be.tb.composite, key: item{"pk": s("p"), "sk": s("other")}},
			{name: "top-level projection", table: be.tb.hash, key: item{"pk": s("doc")}, projection: "a, c",
				want: item{"a": s("alpha"), "c": n("99")}},
			{name: "projection leaves the key out", table: be.tb.hash, key: item{"pk": s("doc")}, projection: "a",
				want: item{"a": s("alpha")}},
			{name: "nested map path", table: be.tb.hash, key: item{"pk": s("doc")}, projection: "#m.#n",
				names: map[string]string{"#m": "mymap", "#n": "nested"}, want: item{"mymap": m(item{"nested": s("deep")})}},
			{name: "sibling map paths", table: be.tb.hash, key: item{"pk": s("doc")}, projection: "m.a, m.b",
				want: item{"m": m(item{"a": s("A"), "b": s("B")})}},
			{name: "list element", table: be.tb.hash, key: item{"pk": s("doc")}, projection: "l[0]",
				want: item{"l": l(s("l0"))}},
			{name: "list elements compacted in index order", table: be.tb.hash, key: item{"pk": s("doc")}, projection: "#l[2], #l[0]",
				names: map[string]string{"#l": "l"}, want: item{"l": l(s("l0"), s("l2"))}},
			{name: "projection of a missing attribute", table: be.tb.hash, key: item{"pk": s("doc")}, projection: "zzz",
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
			{name: "missing table", in: dynamodb.GetItemInput{TableName: aws.String(missingTable), Key: item{"pk": s("x")}},
				want: errNotFound, local: localNotFound},
			{name: "sort key left out", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.composite), Key: item{"pk": s("x")}},
				want: errKeySchema, local: localKeyCount},
			{name: "key of the wrong type", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": n("1")}},
				want: errKeySchema, local: localKeyType},
			{name: "projection syntax error", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": s("x")},
				ProjectionExpression: aws.String("!!! INVALID !!!")},
				want: wantErr{code: codeValidation, msg: `Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"`}},
			{name: "empty binary key", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hashB), Key: item{"pk": b()}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("binary", "pk")}, local: localEmptyBinary},
			{name: "empty string key", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": s("")}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("string", "pk")}},
			{name: "overlapping projection paths", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": s("x")},
				ProjectionExpression: aws.String("#a, #a.#b"), ExpressionAttributeNames: map[string]string{"#a": "a", "#b": "b"}},
				want: wantErr{code: codeValidation, msg: "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"}},
			{name: "duplicate projection paths", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": s("x")},
				ProjectionExpression: aws.String("#a, #a"), ExpressionAttributeNames: map[string]string{"#a": "a"}},
				want: wantErr{code: codeValidation, msg: "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"}},
			{name: "undefined name in projection", in: dynamodb.GetItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": s("x")},
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
