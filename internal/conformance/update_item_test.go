package conformance

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestUpdateItem pins UpdateItem's semantics: SET (arithmetic, if_not_exists,
// list_append, nested paths, list indexes, the pre-update snapshot), REMOVE,
// ADD and DELETE, return values, conditions, and the errors of paths that
// cannot be applied.
func TestUpdateItem(t *testing.T) {
	key := item{"pk": s("u")}
	with := func(attrs item) item {
		it := item{"pk": s("u")}
		for k, v := range attrs {
			it[k] = v
		}
		return it
	}
	cases := []struct {
		name      string
		seed      item // nil: no item before the update
		expr      string
		cond      string
		names     map[string]string
		values    item
		rv        types.ReturnValue
		want      item // the item afterwards (the seed when err is set)
		wantAttrs item
		err       *wantErr
	}{
		{name: "creates a missing item", expr: "SET #d = :v", names: map[string]string{"#d": "data"}, values: item{":v": s("new")},
			want: with(item{"data": s("new")})},
		{name: "replaces an attribute", seed: with(item{"data": s("old")}), expr: "SET #d = :v",
			names: map[string]string{"#d": "data"}, values: item{":v": s("new")}, want: with(item{"data": s("new")})},
		{name: "adds an attribute", seed: with(item{"keep": s("k")}), expr: "SET newAttr = :v", values: item{":v": n("100")},
			want: with(item{"keep": s("k"), "newAttr": n("100")})},
		{name: "arithmetic", seed: with(item{"c": n("10")}), expr: "SET c = c + :inc", values: item{":inc": n("5")},
			want: with(item{"c": n("15")})},
		{name: "parenthesised arithmetic", seed: with(item{"c": n("10")}), expr: "SET c = (c - :v)", values: item{":v": n("3")},
			want: with(item{"c": n("7")})},
		{name: "if_not_exists keeps and creates", seed: with(item{"existing": s("keep-me")}),
			expr:   "SET existing = if_not_exists(existing, :def), newone = if_not_exists(newone, :def2)",
			values: item{":def": s("default"), ":def2": s("created")}, want: with(item{"existing": s("keep-me"), "newone": s("created")})},
		{name: "if_not_exists from another attribute", seed: with(item{"myval": s("original")}),
			expr: "SET #bk = if_not_exists(#bk, #mv)", names: map[string]string{"#bk": "backup", "#mv": "myval"},
			want: with(item{"myval": s("original"), "backup": s("original")})},
		{name: "arithmetic on if_not_exists", seed: with(item{"v": n("10")}), expr: "SET v = if_not_exists(v, :d) - :amt",
			values: item{":d": n("0"), ":amt": n("3")}, want: with(item{"v": n("7")})},
		{name: "list_append", seed: with(item{"vals": l(s("a"), s("b"))}), expr: "SET vals = list_append(vals, :more)",
			values: item{":more": l(s("c"), s("d"))}, want: with(item{"vals": l(s("a"), s("b"), s("c"), s("d"))})},
		{name: "list_append to prepend", seed: with(item{"vals": l(s("b"), s("c"))}), expr: "SET vals = list_append(:new, vals)",
			values: item{":new": l(s("a"))}, want: with(item{"vals": l(s("a"), s("b"), s("c"))})},
		{name: "list_append over if_not_exists of a missing list", seed: with(nil),
			expr:   "SET mylist = list_append(if_not_exists(mylist, :empty), :more)",
			values: item{":empty": l(), ":more": l(s("x"))}, want: with(item{"mylist": l(s("x"))})},
		{name: "later clauses read the item before the update", seed: with(item{"a": s("OLD")}), expr: "SET a = :v, b = a",
			values: item{":v": s("NEW")}, rv: types.ReturnValueAllNew,
			want: with(item{"a": s("NEW"), "b": s("OLD")}), wantAttrs: with(item{"a": s("NEW"), "b": s("OLD")})},
		{name: "SET through a missing map", seed: with(item{"top": s("v")}), expr: "SET #a.#b.#c = :v",
			names: map[string]string{"#a": "missing", "#b": "nested", "#c": "deep"}, values: item{":v": s("x")},
			err: &wantErr{code: codeValidation, msg: "The document path provided in the update expression is invalid for update"}},
		{name: "SET an existing nested path", seed: with(item{"mymap": m(item{"nested": s("old")})}), expr: "SET #m.#n = :v",
			names: map[string]string{"#m": "mymap", "#n": "nested"}, values: item{":v": s("updated")},
			want: with(item{"mymap": m(item{"nested": s("updated")})})},
		{name: "SET a new key in an existing map", seed: with(item{"parent": m(item{"keep": s("k")})}), expr: "SET parent.child = :v",
			values: item{":v": s("nested")}, want: with(item{"parent": m(item{"keep": s("k"), "child": s("nested")})})},
		{name: "SET three levels deep", seed: with(item{"a": m(item{"b": m(item{"c": s("old")})})}), expr: "SET #a.#b.#c = :v",
			names: map[string]string{"#a": "a", "#b": "b", "#c": "c"}, values: item{":v": s("new")},
			want: with(item{"a": m(item{"b": m(item{"c": s("new")})})})},
		{name: "nested arithmetic", seed: with(item{"mymap": m(item{"counter": n("10")})}), expr: "SET #m.#c = #m.#c + :inc",
			names: map[string]string{"#m": "mymap", "#c": "counter"}, values: item{":inc": n("5")},
			want: with(item{"mymap": m(item{"counter": n("15")})})},
		{name: "SET past the end of a list appends", seed: with(item{"l": l(s("a"), s("b"), s("c"))}), expr: "SET l[5] = :v",
			values: item{":v": s("inserted")}, want: with(item{"l": l(s("a"), s("b"), s("c"), s("inserted"))})},
		{name: "SET index 0 of an empty list", seed: with(item{"l": l()}), expr: "SET l[0] = :v",
			values: item{":v": s("first")}, want: with(item{"l": l(s("first"))})},
		{name: "two SETs of one path", seed: with(item{"val": s("original")}), expr: "SET #v = :a, #v = :b",
			names: map[string]string{"#v": "val"}, values: item{":a": s("first"), ":b": s("second")},
			err: &wantErr{code: codeValidation, msg: "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [val], path two: [val]"}},
		{name: "REMOVE", seed: with(item{"keep": s("yes"), "drop": s("no")}), expr: "REMOVE #d", names: map[string]string{"#d": "drop"},
			want: with(item{"keep": s("yes")})},
		{name: "REMOVE a missing attribute", seed: with(item{"e": s("hello")}), expr: "REMOVE ghost", want: with(item{"e": s("hello")})},
		{name: "REMOVE a missing nested path", seed: with(item{"m": m(item{"real": s("v")})}), expr: "REMOVE m.nonexistent",
			want: with(item{"m": m(item{"real": s("v")})})},
		{name: "REMOVE a nested key", seed: with(item{"m": m(item{"gone": s("g"), "keep": s("k")})}), expr: "REMOVE m.gone",
			want: with(item{"m": m(item{"keep": s("k")})})},
		{name: "REMOVE a list element shifts the rest", seed: with(item{"l": l(s("a"), s("b"), s("c"), s("d"))}), expr: "REMOVE l[1]",
			want: with(item{"l": l(s("a"), s("c"), s("d"))})},
		{name: "REMOVE the last list element", seed: with(item{"l": l(s("x"), s("y"))}), expr: "REMOVE l[1]",
			want: with(item{"l": l(s("x"))})},
		{name: "ADD to a number", seed: with(item{"count": n("10")}), expr: "ADD #c :v", names: map[string]string{"#c": "count"},
			values: item{":v": n("3")}, want: with(item{"count": n("13")})},
		{name: "ADD creates a number", seed: with(nil), expr: "ADD #c :v", names: map[string]string{"#c": "counter"},
			values: item{":v": n("10")}, want: with(item{"counter": n("10")})},
		{name: "ADD to a string set", seed: with(item{"tags": ss("a", "b")}), expr: "ADD tags :v", values: item{":v": ss("c", "d")},
			want: with(item{"tags": ss("a", "b", "c", "d")})},
		{name: "DELETE every member removes the set", seed: with(item{"tags": ss("a", "b")}), expr: "DELETE #t :v",
			names: map[string]string{"#t": "tags"}, values: item{":v": ss("a", "b")}, want: with(nil)},
		{name: "DELETE some members", seed: with(item{"tags": ss("a", "b", "c")}), expr: "DELETE tags :v",
			values: item{":v": ss("b")}, want: with(item{"tags": ss("a", "c")})},
		{name: "ALL_NEW", seed: with(item{"x": n("1")}), expr: "SET x = :v", values: item{":v": n("2")}, rv: types.ReturnValueAllNew,
			want: with(item{"x": n("2")}), wantAttrs: with(item{"x": n("2")})},
		{name: "UPDATED_OLD", seed: with(item{"x": n("1"), "y": s("keep")}), expr: "SET x = :v", values: item{":v": n("2")},
			rv: types.ReturnValueUpdatedOld, want: with(item{"x": n("2"), "y": s("keep")}), wantAttrs: item{"x": n("1")}},
		{name: "UPDATED_NEW", seed: with(item{"x": n("1"), "y": s("keep")}), expr: "SET x = :v", values: item{":v": n("2")},
			rv: types.ReturnValueUpdatedNew, want: with(item{"x": n("2"), "y": s("keep")}), wantAttrs: item{"x": n("2")}},
		{name: "condition holds", seed: with(item{"status": s("active")}), expr: "SET #d = :v", cond: "#s = :expected",
			names: map[string]string{"#d": "data", "#s": "status"}, values: item{":v": s("updated"), ":expected": s("active")},
			want: with(item{"status": s("active"), "data": s("updated")})},
		{name: "condition fails", seed: with(item{"status": s("inactive")}), expr: "SET #d = :v", cond: "#s = :expected",
			names: map[string]string{"#d": "data", "#s": "status"}, values: item{":v": s("nope"), ":expected": s("active")},
			err: &errCondFailed},
		{name: "attribute_not_exists holds", seed: with(item{"x": n("1")}), expr: "SET locked = :v", cond: "attribute_not_exists(locked)",
			values: item{":v": bl(true)}, want: with(item{"x": n("1"), "locked": bl(true)})},
		{name: "attribute_not_exists fails", seed: with(item{"locked": bl(true)}), expr: "SET locked = :v", cond: "attribute_not_exists(locked)",
			values: item{":v": bl(true)}, err: &errCondFailed},
		{name: "AND of two conditions fails", seed: with(item{"status": s("active"), "score": n("75")}), expr: "SET extra = :v",
			cond: "#s = :status AND score > :min", names: map[string]string{"#s": "status"},
			values: item{":v": bl(true), ":status": s("active"), ":min": n("100")}, err: &errCondFailed},
		{name: "attribute_exists does not create a missing item", expr: "ADD hit_count :inc", cond: "attribute_exists(pk)",
			values: item{":inc": n("1")}, err: &errCondFailed},
		{name: "SET the partition key", seed: with(nil), expr: "SET pk = :v", values: item{":v": s("other")},
			err: &wantErr{code: codeValidation, msg: "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"}},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ctx := context.Background()
				table := aws.String(be.tb.hash)
				if _, err := be.api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: table, Key: key}); err != nil {
					t.Fatal(err)
				}
				if c.seed != nil {
					put(t, be.api, be.tb.hash, c.seed)
				}
				in := &dynamodb.UpdateItemInput{TableName: table, Key: key, UpdateExpression: aws.String(c.expr),
					ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values, ReturnValues: c.rv}
				if c.cond != "" {
					in.ConditionExpression = aws.String(c.cond)
				}
				out, err := be.api.UpdateItem(ctx, in)
				if c.err != nil {
					c.err.check(t, err)
					sameItem(t, get(t, be.api, be.tb.hash, key), c.seed)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				sameItem(t, out.Attributes, c.wantAttrs)
				sameItem(t, get(t, be.api, be.tb.hash, key), c.want)
			})
		}
		t.Run("ALL_OLD on a failed condition", func(t *testing.T) {
			seed := item{"pk": s("rv"), "status": s("locked"), "data": s("important")}
			put(t, be.api, be.tb.hash, seed)
			_, err := be.api.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(be.tb.hash),
				Key: item{"pk": s("rv")}, UpdateExpression: aws.String("SET #d = :v"), ConditionExpression: aws.String("#s = :expected"),
				ExpressionAttributeNames:            map[string]string{"#d": "data", "#s": "status"},
				ExpressionAttributeValues:           item{":v": s("changed"), ":expected": s("active")},
				ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
			errCondFailed.check(t, err)
			var failed *types.ConditionalCheckFailedException
			if !errors.As(err, &failed) {
				t.Fatalf("%T is not a ConditionalCheckFailedException", err)
			}
			sameItem(t, failed.Item, seed)
		})
	})
}

// TestUpdateItemErrors pins UpdateItem's request-level rejections.
func TestUpdateItemErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		hash := aws.String(be.tb.hash)
		key := item{"pk": s("x")}
		cases := []struct {
			name  string
			in    dynamodb.UpdateItemInput
			want  wantErr
			local string
		}{
			{name: "missing table", in: dynamodb.UpdateItemInput{TableName: aws.String(missingTable), Key: key,
				UpdateExpression: aws.String("SET x = :v"), ExpressionAttributeValues: item{":v": s("t")}},
				want: errNotFound, local: localNotFound},
			{name: "name key without #", in: dynamodb.UpdateItemInput{TableName: hash, Key: key, UpdateExpression: aws.String("SET #s = :v"),
				ExpressionAttributeNames: map[string]string{"s": "status"}, ExpressionAttributeValues: item{":v": s("x")}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeNames contains invalid key: Syntax error; key: \"s\""}},
			{name: "value key without :", in: dynamodb.UpdateItemInput{TableName: hash, Key: key, UpdateExpression: aws.String("SET #s = :v"),
				ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{"v": s("x")}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\""}},
			{name: "names without an expression", in: dynamodb.UpdateItemInput{TableName: hash, Key: key,
				ExpressionAttributeNames: map[string]string{"#s": "status"}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeNames can only be specified when using expressions"}},
			{name: "unused name", in: dynamodb.UpdateItemInput{TableName: hash, Key: key, UpdateExpression: aws.String("SET #s = :v"),
				ExpressionAttributeNames: map[string]string{"#s": "status", "#unused": "other"}, ExpressionAttributeValues: item{":v": s("x")}},
				want: wantErr{code: codeValidation, msg: "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"}},
			{name: "AttributeUpdates beside UpdateExpression", in: dynamodb.UpdateItemInput{TableName: hash, Key: key,
				UpdateExpression: aws.String("SET x = :v"), ExpressionAttributeValues: item{":v": s("x")},
				AttributeUpdates: map[string]types.AttributeValueUpdate{"y": {Action: types.AttributeActionPut, Value: s("y")}}},
				want: wantErr{code: codeValidation, has: []string{"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"}}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.UpdateItem(context.Background(), &c.in)
				c.want.check(t, err)
			})
		}
	})
}
