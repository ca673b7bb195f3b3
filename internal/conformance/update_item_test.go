package conformance

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// TestUpdateItem pins UpdateItem's semantics: SET (arithmetic, if_not_exists,
// list_append, nested paths, list indexes, the pre-update snapshot), REMOVE,
// ADD and DELETE, return values, conditions, and the errors of paths that
// cannot be applied.
func TestUpdateItem(t *testing.T) {
	key := item{"pk": av.S("u")}
	with := func(attrs item) item {
		it := item{"pk": av.S("u")}
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
		{name: "creates a missing item", expr: "SET #d = :v", names: map[string]string{"#d": "data"}, values: item{":v": av.S("new")},
			want: with(item{"data": av.S("new")})},
		{name: "replaces an attribute", seed: with(item{"data": av.S("old")}), expr: "SET #d = :v",
			names: map[string]string{"#d": "data"}, values: item{":v": av.S("new")}, want: with(item{"data": av.S("new")})},
		{name: "adds an attribute", seed: with(item{"keep": av.S("k")}), expr: "SET newAttr = :v", values: item{":v": av.N("100")},
			want: with(item{"keep": av.S("k"), "newAttr": av.N("100")})},
		{name: "arithmetic", seed: with(item{"c": av.N("10")}), expr: "SET c = c + :inc", values: item{":inc": av.N("5")},
			want: with(item{"c": av.N("15")})},
		{name: "parenthesised arithmetic", seed: with(item{"c": av.N("10")}), expr: "SET c = (c - :v)", values: item{":v": av.N("3")},
			want: with(item{"c": av.N("7")})},
		{name: "if_not_exists keeps and creates", seed: with(item{"existing": av.S("keep-me")}),
			expr:   "SET existing = if_not_exists(existing, :def), newone = if_not_exists(newone, :def2)",
			values: item{":def": av.S("default"), ":def2": av.S("created")}, want: with(item{"existing": av.S("keep-me"), "newone": av.S("created")})},
		{name: "if_not_exists from another attribute", seed: with(item{"myval": av.S("original")}),
			expr: "SET #bk = if_not_exists(#bk, #mv)", names: map[string]string{"#bk": "backup", "#mv": "myval"},
			want: with(item{"myval": av.S("original"), "backup": av.S("original")})},
		{name: "arithmetic on if_not_exists", seed: with(item{"v": av.N("10")}), expr: "SET v = if_not_exists(v, :d) - :amt",
			values: item{":d": av.N("0"), ":amt": av.N("3")}, want: with(item{"v": av.N("7")})},
		{name: "list_append", seed: with(item{"vals": av.L(av.S("a"), av.S("b"))}), expr: "SET vals = list_append(vals, :more)",
			values: item{":more": av.L(av.S("c"), av.S("d"))}, want: with(item{"vals": av.L(av.S("a"), av.S("b"), av.S("c"), av.S("d"))})},
		{name: "list_append to prepend", seed: with(item{"vals": av.L(av.S("b"), av.S("c"))}), expr: "SET vals = list_append(:new, vals)",
			values: item{":new": av.L(av.S("a"))}, want: with(item{"vals": av.L(av.S("a"), av.S("b"), av.S("c"))})},
		{name: "list_append over if_not_exists of a missing list", seed: with(nil),
			expr:   "SET mylist = list_append(if_not_exists(mylist, :empty), :more)",
			values: item{":empty": av.L(), ":more": av.L(av.S("x"))}, want: with(item{"mylist": av.L(av.S("x"))})},
		{name: "later clauses read the item before the update", seed: with(item{"a": av.S("OLD")}), expr: "SET a = :v, b = a",
			values: item{":v": av.S("NEW")}, rv: types.ReturnValueAllNew,
			want: with(item{"a": av.S("NEW"), "b": av.S("OLD")}), wantAttrs: with(item{"a": av.S("NEW"), "b": av.S("OLD")})},
		{name: "SET through a missing map", seed: with(item{"top": av.S("v")}), expr: "SET #a.#b.#c = :v",
			names: map[string]string{"#a": "missing", "#b": "nested", "#c": "deep"}, values: item{":v": av.S("x")},
			err: &wantErr{code: codeValidation, msg: "The document path provided in the update expression is invalid for update"}},
		{name: "SET an existing nested path", seed: with(item{"mymap": av.M(item{"nested": av.S("old")})}), expr: "SET #m.#n = :v",
			names: map[string]string{"#m": "mymap", "#n": "nested"}, values: item{":v": av.S("updated")},
			want: with(item{"mymap": av.M(item{"nested": av.S("updated")})})},
		{name: "SET a new key in an existing map", seed: with(item{"parent": av.M(item{"keep": av.S("k")})}), expr: "SET parent.child = :v",
			values: item{":v": av.S("nested")}, want: with(item{"parent": av.M(item{"keep": av.S("k"), "child": av.S("nested")})})},
		{name: "SET three levels deep", seed: with(item{"a": av.M(item{"b": av.M(item{"c": av.S("old")})})}), expr: "SET #a.#b.#c = :v",
			names: map[string]string{"#a": "a", "#b": "b", "#c": "c"}, values: item{":v": av.S("new")},
			want: with(item{"a": av.M(item{"b": av.M(item{"c": av.S("new")})})})},
		{name: "nested arithmetic", seed: with(item{"mymap": av.M(item{"counter": av.N("10")})}), expr: "SET #m.#c = #m.#c + :inc",
			names: map[string]string{"#m": "mymap", "#c": "counter"}, values: item{":inc": av.N("5")},
			want: with(item{"mymap": av.M(item{"counter": av.N("15")})})},
		{name: "SET past the end of a list appends", seed: with(item{"l": av.L(av.S("a"), av.S("b"), av.S("c"))}), expr: "SET l[5] = :v",
			values: item{":v": av.S("inserted")}, want: with(item{"l": av.L(av.S("a"), av.S("b"), av.S("c"), av.S("inserted"))})},
		{name: "SET index 0 of an empty list", seed: with(item{"l": av.L()}), expr: "SET l[0] = :v",
			values: item{":v": av.S("first")}, want: with(item{"l": av.L(av.S("first"))})},
		{name: "two SETs of one path", seed: with(item{"val": av.S("original")}), expr: "SET #v = :a, #v = :b",
			names: map[string]string{"#v": "val"}, values: item{":a": av.S("first"), ":b": av.S("second")},
			err: &wantErr{code: codeValidation, msg: "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [val], path two: [val]"}},
		{name: "REMOVE", seed: with(item{"keep": av.S("yes"), "drop": av.S("no")}), expr: "REMOVE #d", names: map[string]string{"#d": "drop"},
			want: with(item{"keep": av.S("yes")})},
		{name: "REMOVE a missing attribute", seed: with(item{"e": av.S("hello")}), expr: "REMOVE ghost", want: with(item{"e": av.S("hello")})},
		{name: "REMOVE a missing nested path", seed: with(item{"m": av.M(item{"real": av.S("v")})}), expr: "REMOVE m.nonexistent",
			want: with(item{"m": av.M(item{"real": av.S("v")})})},
		{name: "REMOVE a nested key", seed: with(item{"m": av.M(item{"gone": av.S("g"), "keep": av.S("k")})}), expr: "REMOVE m.gone",
			want: with(item{"m": av.M(item{"keep": av.S("k")})})},
		{name: "REMOVE a list element shifts the rest", seed: with(item{"l": av.L(av.S("a"), av.S("b"), av.S("c"), av.S("d"))}), expr: "REMOVE l[1]",
			want: with(item{"l": av.L(av.S("a"), av.S("c"), av.S("d"))})},
		{name: "REMOVE the last list element", seed: with(item{"l": av.L(av.S("x"), av.S("y"))}), expr: "REMOVE l[1]",
			want: with(item{"l": av.L(av.S("x"))})},
		{name: "ADD to a number", seed: with(item{"count": av.N("10")}), expr: "ADD #c :v", names: map[string]string{"#c": "count"},
			values: item{":v": av.N("3")}, want: with(item{"count": av.N("13")})},
		{name: "ADD creates a number", seed: with(nil), expr: "ADD #c :v", names: map[string]string{"#c": "counter"},
			values: item{":v": av.N("10")}, want: with(item{"counter": av.N("10")})},
		{name: "ADD to a string set", seed: with(item{"tags": av.SS("a", "b")}), expr: "ADD tags :v", values: item{":v": av.SS("c", "d")},
			want: with(item{"tags": av.SS("a", "b", "c", "d")})},
		{name: "DELETE every member removes the set", seed: with(item{"tags": av.SS("a", "b")}), expr: "DELETE #t :v",
			names: map[string]string{"#t": "tags"}, values: item{":v": av.SS("a", "b")}, want: with(nil)},
		{name: "DELETE some members", seed: with(item{"tags": av.SS("a", "b", "c")}), expr: "DELETE tags :v",
			values: item{":v": av.SS("b")}, want: with(item{"tags": av.SS("a", "c")})},
		{name: "ALL_NEW", seed: with(item{"x": av.N("1")}), expr: "SET x = :v", values: item{":v": av.N("2")}, rv: types.ReturnValueAllNew,
			want: with(item{"x": av.N("2")}), wantAttrs: with(item{"x": av.N("2")})},
		{name: "UPDATED_OLD", seed: with(item{"x": av.N("1"), "y": av.S("keep")}), expr: "SET x = :v", values: item{":v": av.N("2")},
			rv: types.ReturnValueUpdatedOld, want: with(item{"x": av.N("2"), "y": av.S("keep")}), wantAttrs: item{"x": av.N("1")}},
		{name: "UPDATED_NEW", seed: with(item{"x": av.N("1"), "y": av.S("keep")}), expr: "SET x = :v", values: item{":v": av.N("2")},
			rv: types.ReturnValueUpdatedNew, want: with(item{"x": av.N("2"), "y": av.S("keep")}), wantAttrs: item{"x": av.N("2")}},
		{name: "condition holds", seed: with(item{"status": av.S("active")}), expr: "SET #d = :v", cond: "#s = :expected",
			names: map[string]string{"#d": "data", "#s": "status"}, values: item{":v": av.S("updated"), ":expected": av.S("active")},
			want: with(item{"status": av.S("active"), "data": av.S("updated")})},
		{name: "condition fails", seed: with(item{"status": av.S("inactive")}), expr: "SET #d = :v", cond: "#s = :expected",
			names: map[string]string{"#d": "data", "#s": "status"}, values: item{":v": av.S("nope"), ":expected": av.S("active")},
			err: &errCondFailed},
		{name: "attribute_not_exists holds", seed: with(item{"x": av.N("1")}), expr: "SET locked = :v", cond: "attribute_not_exists(locked)",
			values: item{":v": av.Bool(true)}, want: with(item{"x": av.N("1"), "locked": av.Bool(true)})},
		{name: "attribute_not_exists fails", seed: with(item{"locked": av.Bool(true)}), expr: "SET locked = :v", cond: "attribute_not_exists(locked)",
			values: item{":v": av.Bool(true)}, err: &errCondFailed},
		{name: "AND of two conditions fails", seed: with(item{"status": av.S("active"), "score": av.N("75")}), expr: "SET extra = :v",
			cond: "#s = :status AND score > :min", names: map[string]string{"#s": "status"},
			values: item{":v": av.Bool(true), ":status": av.S("active"), ":min": av.N("100")}, err: &errCondFailed},
		{name: "attribute_exists does not create a missing item", expr: "ADD hit_count :inc", cond: "attribute_exists(pk)",
			values: item{":inc": av.N("1")}, err: &errCondFailed},
		{name: "SET the partition key", seed: with(nil), expr: "SET pk = :v", values: item{":v": av.S("other")},
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
			seed := item{"pk": av.S("rv"), "status": av.S("locked"), "data": av.S("important")}
			put(t, be.api, be.tb.hash, seed)
			_, err := be.api.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(be.tb.hash),
				Key: item{"pk": av.S("rv")}, UpdateExpression: aws.String("SET #d = :v"), ConditionExpression: aws.String("#s = :expected"),
				ExpressionAttributeNames:            map[string]string{"#d": "data", "#s": "status"},
				ExpressionAttributeValues:           item{":v": av.S("changed"), ":expected": av.S("active")},
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
		key := item{"pk": av.S("x")}
		cases := []struct {
			name  string
			in    dynamodb.UpdateItemInput
			want  wantErr
			local string
		}{
			{name: "missing table", in: dynamodb.UpdateItemInput{TableName: aws.String(missingTable), Key: key,
				UpdateExpression: aws.String("SET x = :v"), ExpressionAttributeValues: item{":v": av.S("t")}},
				want: errNotFound, local: localNotFound},
			{name: "name key without #", in: dynamodb.UpdateItemInput{TableName: hash, Key: key, UpdateExpression: aws.String("SET #s = :v"),
				ExpressionAttributeNames: map[string]string{"s": "status"}, ExpressionAttributeValues: item{":v": av.S("x")}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeNames contains invalid key: Syntax error; key: \"s\""}},
			{name: "value key without :", in: dynamodb.UpdateItemInput{TableName: hash, Key: key, UpdateExpression: aws.String("SET #s = :v"),
				ExpressionAttributeNames: map[string]string{"#s": "status"}, ExpressionAttributeValues: item{"v": av.S("x")}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\""}},
			{name: "names without an expression", in: dynamodb.UpdateItemInput{TableName: hash, Key: key,
				ExpressionAttributeNames: map[string]string{"#s": "status"}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeNames can only be specified when using expressions"}},
			{name: "unused name", in: dynamodb.UpdateItemInput{TableName: hash, Key: key, UpdateExpression: aws.String("SET #s = :v"),
				ExpressionAttributeNames: map[string]string{"#s": "status", "#unused": "other"}, ExpressionAttributeValues: item{":v": av.S("x")}},
				want: wantErr{code: codeValidation, msg: "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"}},
			{name: "AttributeUpdates beside UpdateExpression", in: dynamodb.UpdateItemInput{TableName: hash, Key: key,
				UpdateExpression: aws.String("SET x = :v"), ExpressionAttributeValues: item{":v": av.S("x")},
				AttributeUpdates: map[string]types.AttributeValueUpdate{"y": {Action: types.AttributeActionPut, Value: av.S("y")}}},
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
