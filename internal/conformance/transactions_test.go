package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// token returns a fresh ClientRequestToken (a shared DynamoDB Local keeps
// tokens across tables and test runs).
func token() *string {
	b := make([]byte, 16)
	rand.Read(b)
	return aws.String(hex.EncodeToString(b))
}

// TestTransactWriteItems pins TransactWriteItems: all actions apply together
// or none does, conditions of every action kind cancel the whole transaction
// with one reason per action, and idempotency tokens replay or conflict.
func TestTransactWriteItems(t *testing.T) {
	type twi = types.TransactWriteItem
	seed := []item{
		{"pk": av.S("upd"), "data": av.S("before"), "status": av.S("active"), "score": av.N("10")},
		{"pk": av.S("del"), "status": av.S("active")},
		{"pk": av.S("check"), "status": av.S("active")},
	}
	cases := []struct {
		name    string
		actions func(hash, composite string) []twi
		reasons []string // nil: the transaction succeeds
		want    map[string]item
		wantC   item // the composite table's item c/1 afterwards
		oldItem item // the Item of the first reason (ALL_OLD)
	}{
		{name: "put, update and delete", actions: func(h, _ string) []twi {
			return []twi{
				{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("new"), "data": av.S("created")}}},
				{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("upd")}, UpdateExpression: aws.String("SET #d = :v"),
					ExpressionAttributeNames: map[string]string{"#d": "data"}, ExpressionAttributeValues: item{":v": av.S("after")}}},
				{Delete: &types.Delete{TableName: &h, Key: item{"pk": av.S("del")}}},
			}
		}, want: map[string]item{"new": {"pk": av.S("new"), "data": av.S("created")},
			"upd": {"pk": av.S("upd"), "data": av.S("after"), "status": av.S("active"), "score": av.N("10")}, "del": nil}},
		{name: "condition check holds", actions: func(h, _ string) []twi {
			return []twi{
				{ConditionCheck: &types.ConditionCheck{TableName: &h, Key: item{"pk": av.S("check")}, ConditionExpression: aws.String("(attribute_exists(pk)) AND (#s = :v)"),
					ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{":v": av.S("active")}}},
				{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("new")}}},
			}
		}, want: map[string]item{"new": {"pk": av.S("new")}}},
		{name: "condition check fails", actions: func(h, _ string) []twi {
			return []twi{
				{ConditionCheck: &types.ConditionCheck{TableName: &h, Key: item{"pk": av.S("check")}, ConditionExpression: aws.String("#s = :v"),
					ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{":v": av.S("locked")}}},
				{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("new")}}},
			}
		}, reasons: []string{"ConditionalCheckFailed", "None"}, want: map[string]item{"new": nil}},
		{name: "put condition fails", actions: func(h, _ string) []twi {
			return []twi{{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("del"), "data": av.S("replaced")}, ConditionExpression: aws.String("attribute_not_exists(pk)"),
				ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}}}
		}, reasons: []string{"ConditionalCheckFailed"}, oldItem: item{"pk": av.S("del"), "status": av.S("active")},
			want: map[string]item{"del": {"pk": av.S("del"), "status": av.S("active")}}},
		{name: "update condition fails", actions: func(h, _ string) []twi {
			return []twi{{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("upd")}, UpdateExpression: aws.String("SET score = :v"),
				ConditionExpression: aws.String("score > :min"), ExpressionAttributeValues: item{":v": av.N("100"), ":min": av.N("50")}}}}
		}, reasons: []string{"ConditionalCheckFailed"}, want: map[string]item{"upd": seed[0]}},
		{name: "delete condition fails", actions: func(h, _ string) []twi {
			return []twi{{Delete: &types.Delete{TableName: &h, Key: item{"pk": av.S("del")}, ConditionExpression: aws.String("#s = :v"),
				ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{":v": av.S("gone")}}}}
		}, reasons: []string{"ConditionalCheckFailed"}, want: map[string]item{"del": seed[1]}},
		{name: "update with attribute_exists does not create", actions: func(h, _ string) []twi {
			return []twi{{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("ghost")}, UpdateExpression: aws.String("ADD hits :inc"),
				ConditionExpression: aws.String("attribute_exists(pk)"), ExpressionAttributeValues: item{":inc": av.N("1")}}}}
		}, reasons: []string{"ConditionalCheckFailed"}, want: map[string]item{"ghost": nil}},
		{name: "update with attribute_not_exists creates", actions: func(h, _ string) []twi {
			return []twi{{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("ghost")}, UpdateExpression: aws.String("SET #s = :v"),
				ConditionExpression: aws.String("attribute_not_exists(pk)"), ExpressionAttributeNames: map[string]string{"#s": "status"},
				ExpressionAttributeValues: item{":v": av.S("created")}}}}
		}, want: map[string]item{"ghost": {"pk": av.S("ghost"), "status": av.S("created")}}},
		{name: "comparison on a missing item cancels", actions: func(h, _ string) []twi {
			return []twi{{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("ghost")}, UpdateExpression: aws.String("SET x = :v"),
				ConditionExpression: aws.String("score > :min"), ExpressionAttributeValues: item{":v": av.S("x"), ":min": av.N("0")}}}}
		}, reasons: []string{"ConditionalCheckFailed"}, want: map[string]item{"ghost": nil}},
		{name: "one failing action cancels the others", actions: func(h, _ string) []twi {
			return []twi{
				{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("upd")}, UpdateExpression: aws.String("SET #s = :v"), ConditionExpression: aws.String("attribute_exists(pk)"),
					ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{":v": av.S("updated")}}},
				{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("ghost")}, UpdateExpression: aws.String("SET #s = :v"), ConditionExpression: aws.String("attribute_exists(pk)"),
					ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{":v": av.S("updated")}}},
			}
		}, reasons: []string{"None", "ConditionalCheckFailed"}, want: map[string]item{"upd": seed[0], "ghost": nil}},
		{name: "parenthesised conditions on every kind", actions: func(h, _ string) []twi {
			return []twi{
				{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("new")}, ConditionExpression: aws.String("(attribute_not_exists(pk)) AND (attribute_not_exists(#s))"),
					ExpressionAttributeNames: map[string]string{"#s": "status"}}},
				{Update: &types.Update{TableName: &h, Key: item{"pk": av.S("upd")}, UpdateExpression: aws.String("SET #s = :next"), ConditionExpression: aws.String("(#s = :cur AND score > :min)"),
					ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{":cur": av.S("active"), ":next": av.S("updated"), ":min": av.N("5")}}},
				{Delete: &types.Delete{TableName: &h, Key: item{"pk": av.S("del")}, ConditionExpression: aws.String("(attribute_exists(pk) AND (#s = :v))"),
					ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{":v": av.S("active")}}},
			}
		}, want: map[string]item{"new": {"pk": av.S("new")}, "upd": {"pk": av.S("upd"), "data": av.S("before"), "status": av.S("updated"), "score": av.N("10")}, "del": nil}},
		{name: "two tables", actions: func(h, c string) []twi {
			return []twi{
				{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("new"), "data": av.S("from-hash")}}},
				{Put: &types.Put{TableName: &c, Item: item{"pk": av.S("c"), "sk": av.S("1"), "data": av.S("from-composite")}}},
			}
		}, want: map[string]item{"new": {"pk": av.S("new"), "data": av.S("from-hash")}}, wantC: item{"pk": av.S("c"), "sk": av.S("1"), "data": av.S("from-composite")}},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, pk := range []string{"new", "ghost"} {
					if _, err := be.api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S(pk)}}); err != nil {
						t.Fatal(err)
					}
				}
				for _, it := range seed {
					put(t, be.api, be.tb.hash, it)
				}
				_, err := be.api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: c.actions(be.tb.hash, be.tb.composite)})
				if c.reasons == nil {
					if err != nil {
						t.Fatal(err)
					}
				} else {
					checkCancellation(t, err, c.reasons, c.oldItem)
				}
				for pk, want := range c.want {
					sameItem(t, get(t, be.api, be.tb.hash, item{"pk": av.S(pk)}), want)
				}
				if c.wantC != nil {
					sameItem(t, get(t, be.api, be.tb.composite, item{"pk": av.S("c"), "sk": av.S("1")}), c.wantC)
				}
			})
		}
		t.Run("a repeated token replays", func(t *testing.T) {
			tok := token()
			in := &dynamodb.TransactWriteItemsInput{ClientRequestToken: tok, TransactItems: []types.TransactWriteItem{
				{Update: &types.Update{TableName: aws.String(be.tb.hash), Key: item{"pk": av.S("idem")}, UpdateExpression: aws.String("ADD n :one"),
					ExpressionAttributeValues: item{":one": av.N("1")}}}}}
			for range 2 {
				if _, err := be.api.TransactWriteItems(ctx, in); err != nil {
					t.Fatal(err)
				}
			}
			sameItem(t, get(t, be.api, be.tb.hash, item{"pk": av.S("idem")}), item{"pk": av.S("idem"), "n": av.N("1")})
		})
		t.Run("a repeated token with another request conflicts", func(t *testing.T) {
			tok := token()
			putOf := func(v string) *dynamodb.TransactWriteItemsInput {
				return &dynamodb.TransactWriteItemsInput{ClientRequestToken: tok, TransactItems: []types.TransactWriteItem{
					{Put: &types.Put{TableName: aws.String(be.tb.hash), Item: item{"pk": av.S("idem2"), "v": av.S(v)}}}}}
			}
			if _, err := be.api.TransactWriteItems(ctx, putOf("first")); err != nil {
				t.Fatal(err)
			}
			_, err := be.api.TransactWriteItems(ctx, putOf("second"))
			wantErr{code: "IdempotentParameterMismatchException"}.check(t, err)
		})
	})
}

// checkCancellation fails t unless err is a TransactionCanceledException
// with DynamoDB's message for the reasons and the given reason codes (and,
// when oldItem is set, that Item on the first reason).
func checkCancellation(t *testing.T, err error, reasons []string, oldItem item) {
	t.Helper()
	msg := "Transaction cancelled, please refer cancellation reasons for specific reasons ["
	for i, r := range reasons {
		if i > 0 {
			msg += ", "
		}
		msg += r
	}
	wantErr{code: codeTxCancelled, msg: msg + "]"}.check(t, err)
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("%T is not a TransactionCanceledException", err)
	}
	var got []string
	for _, r := range tce.CancellationReasons {
		got = append(got, aws.ToString(r.Code))
	}
	if diff := cmp.Diff(reasons, got); diff != "" {
		t.Errorf("reason codes differ (-want +got):\n%s", diff)
	}
	if oldItem != nil && len(tce.CancellationReasons) > 0 {
		sameItem(t, tce.CancellationReasons[0].Item, oldItem)
	}
}

// TestTransactWriteItemsErrors pins the request-level rejections of
// TransactWriteItems.
func TestTransactWriteItemsErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		h := be.tb.hash
		missing := missingTable
		cases := []struct {
			name    string
			actions []types.TransactWriteItem
			want    wantErr
			local   string
		}{
			{name: "no actions", actions: []types.TransactWriteItem{}, want: wantErr{code: codeValidation}},
			{name: "two actions on one item", actions: []types.TransactWriteItem{
				{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("dup"), "v": av.S("1")}}},
				{Put: &types.Put{TableName: &h, Item: item{"pk": av.S("dup"), "v": av.S("2")}}}},
				want: wantErr{code: codeValidation, msg: "Transaction request cannot include multiple operations on one item"}},
			{name: "missing table", actions: []types.TransactWriteItem{{Put: &types.Put{TableName: &missing, Item: item{"pk": av.S("x")}}}},
				want: errNotFound, local: localNotFound},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.TransactWriteItems(context.Background(), &dynamodb.TransactWriteItemsInput{TransactItems: c.actions})
				c.want.check(t, err)
			})
		}
	})
}

// TestTransactGetItems pins TransactGetItems: one response per request in
// order (empty for a missing item), 2 read units per item found or not, and
// its rejections.
func TestTransactGetItems(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		h, c := be.tb.hash, be.tb.composite
		put(t, be.api, h, item{"pk": av.S("tg1"), "idx": av.N("1")})
		put(t, be.api, h, item{"pk": av.S("tg2"), "idx": av.N("2")})
		put(t, be.api, c, item{"pk": av.S("tg"), "sk": av.S("1"), "data": av.S("comp")})
		getOf := func(table string, key item) types.TransactGetItem {
			return types.TransactGetItem{Get: &types.Get{TableName: aws.String(table), Key: key}}
		}
		t.Run("responses in request order", func(t *testing.T) {
			out, err := be.api.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
				TransactItems: []types.TransactGetItem{getOf(h, item{"pk": av.S("tg2")}), getOf(c, item{"pk": av.S("tg"), "sk": av.S("1")}),
					getOf(h, item{"pk": av.S("none")}), getOf(h, item{"pk": av.S("tg1")})}})
			if err != nil {
				t.Fatal(err)
			}
			var got []item
			for _, r := range out.Responses {
				got = append(got, r.Item)
			}
			want := []item{{"pk": av.S("tg2"), "idx": av.N("2")}, {"pk": av.S("tg"), "sk": av.S("1"), "data": av.S("comp")}, nil, {"pk": av.S("tg1"), "idx": av.N("1")}}
			if diff := cmp.Diff(want, got, attrCmp); diff != "" {
				t.Errorf("responses differ (-want +got):\n%s", diff)
			}
			total := 0.0
			for _, cc := range out.ConsumedCapacity {
				total += aws.ToFloat64(cc.CapacityUnits)
			}
			if total != 8 {
				t.Errorf("capacity units = %v, want 8 (2 per item, found or not)", total)
			}
		})
		t.Run("INDEXES reports the table's read units", func(t *testing.T) {
			be.skipLocal(t, "it reports no ReadCapacityUnits on Table")
			out, err := be.api.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes,
				TransactItems: []types.TransactGetItem{getOf(h, item{"pk": av.S("tg1")})}})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.ConsumedCapacity) != 1 || out.ConsumedCapacity[0].Table == nil {
				t.Fatalf("ConsumedCapacity = %+v, want one entry with the table's units", out.ConsumedCapacity)
			}
			if got := aws.ToFloat64(out.ConsumedCapacity[0].Table.ReadCapacityUnits); got != 2 {
				t.Errorf("Table.ReadCapacityUnits = %v, want 2", got)
			}
		})
		cases := []struct {
			name  string
			items []types.TransactGetItem
			want  wantErr
			local string
		}{
			{name: "no items", items: []types.TransactGetItem{}, want: wantErr{code: codeValidation}},
			{name: "missing table", items: []types.TransactGetItem{getOf(missingTable, item{"pk": av.S("x")})}, want: errNotFound, local: localNotFound},
			{name: "one item twice", items: []types.TransactGetItem{getOf(h, item{"pk": av.S("tg1")}), getOf(h, item{"pk": av.S("tg1")})},
				want: wantErr{code: codeValidation, msg: "Transaction request cannot include multiple operations on one item"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: c.items})
				c.want.check(t, err)
			})
		}
	})
}
