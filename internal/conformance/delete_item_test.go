package conformance

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// TestDeleteItem pins DeleteItem's results: the item goes, deleting a missing
// item succeeds quietly, ALL_OLD returns what was deleted, and a condition
// (parenthesised or not) guards the delete.
func TestDeleteItem(t *testing.T) {
	seed := item{"pk": av.S("seed"), "status": av.S("active")}
	cases := []struct {
		name      string
		pk        string
		cond      string
		values    item
		all       bool // ReturnValues ALL_OLD
		fails     bool
		wantAttrs item
	}{
		{name: "existing item", pk: "seed"},
		{name: "missing item", pk: "missing"},
		{name: "ALL_OLD of an existing item", pk: "seed", all: true, wantAttrs: seed},
		{name: "ALL_OLD of a missing item", pk: "missing", all: true},
		{name: "condition holds", pk: "seed", cond: "#s = :v", values: item{":v": av.S("active")}},
		{name: "condition fails", pk: "seed", cond: "#s = :v", values: item{":v": av.S("pending")}, fails: true},
		{name: "parentheses around each condition", pk: "seed", cond: "(attribute_exists(pk)) AND (#s = :v)", values: item{":v": av.S("active")}},
		{name: "parentheses around the whole condition", pk: "seed", cond: "(attribute_exists(pk) AND #s = :v)", values: item{":v": av.S("active")}},
		{name: "nested parentheses", pk: "seed", cond: "(attribute_exists(pk) AND (#s = :v))", values: item{":v": av.S("active")}},
		{name: "parenthesised condition fails", pk: "seed", cond: "(attribute_exists(pk)) AND (#s = :v)", values: item{":v": av.S("inactive")}, fails: true},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				put(t, be.api, be.tb.hash, seed)
				in := &dynamodb.DeleteItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S(c.pk)}}
				if c.cond != "" {
					in.ConditionExpression = aws.String(c.cond)
					in.ExpressionAttributeNames = map[string]string{"#s": "status"}
					in.ExpressionAttributeValues = c.values
				}
				if c.all {
					in.ReturnValues = types.ReturnValueAllOld
				}
				out, err := be.api.DeleteItem(context.Background(), in)
				if c.fails {
					errCondFailed.check(t, err)
					sameItem(t, get(t, be.api, be.tb.hash, item{"pk": av.S("seed")}), seed)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				sameItem(t, out.Attributes, c.wantAttrs)
				sameItem(t, get(t, be.api, be.tb.hash, item{"pk": av.S(c.pk)}), nil)
			})
		}
		t.Run("composite key", func(t *testing.T) {
			key := item{"pk": av.S("p"), "sk": av.S("s")}
			put(t, be.api, be.tb.composite, item{"pk": av.S("p"), "sk": av.S("s"), "v": av.S("x")})
			if _, err := be.api.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String(be.tb.composite), Key: key}); err != nil {
				t.Fatal(err)
			}
			sameItem(t, get(t, be.api, be.tb.composite, key), nil)
		})
	})
}

// TestDeleteItemErrors pins DeleteItem's rejections and their messages.
func TestDeleteItemErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		cases := []struct {
			name  string
			in    dynamodb.DeleteItemInput
			want  wantErr
			local string
		}{
			{name: "missing table", in: dynamodb.DeleteItemInput{TableName: aws.String(missingTable), Key: item{"pk": av.S("x")}},
				want: errNotFound, local: localNotFound},
			{name: "sort key left out", in: dynamodb.DeleteItemInput{TableName: aws.String(be.tb.composite), Key: item{"pk": av.S("x")}},
				want: errKeySchema, local: localKeyCount},
			{name: "Expected beside ConditionExpression", in: dynamodb.DeleteItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("x")},
				Expected:            map[string]types.ExpectedAttributeValue{"pk": {Exists: aws.Bool(false)}},
				ConditionExpression: aws.String("attribute_not_exists(pk)")},
				want: wantErr{code: codeValidation, has: []string{"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"}}},
			{name: "empty binary key", in: dynamodb.DeleteItemInput{TableName: aws.String(be.tb.hashB), Key: item{"pk": av.B("")}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("binary", "pk")}, local: localEmptyBinary},
			{name: "ReturnValues other than NONE and ALL_OLD", in: dynamodb.DeleteItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("x")},
				ReturnValues: types.ReturnValueUpdatedNew},
				want: wantErr{code: codeValidation, msg: "Return values set to invalid value"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.DeleteItem(context.Background(), &c.in)
				c.want.check(t, err)
			})
		}
	})
}
