package engine

import (
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/av"
)

// legacyItem is the item the legacy condition tests evaluate against.
var legacyItem = item{
	"id": av.S("q"), "s": av.S("hello"), "n": av.N("5"), "bo": &types.AttributeValueMemberBOOL{Value: true},
	"ss": &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
	"l":  &types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("a"), av.N("1")}},
}

// cond is shorthand for one legacy comparison.
func cond(op types.ComparisonOperator, args ...types.AttributeValue) types.ExpectedAttributeValue {
	return types.ExpectedAttributeValue{ComparisonOperator: op, AttributeValueList: args}
}

type expected = map[string]types.ExpectedAttributeValue

// TestLegacyExpected checks Expected's validation messages and semantics
// (outcomes and messages as DynamoDB Local gives them).
func TestLegacyExpected(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("legacy"), AttributeDefinitions: defs("id", "S"), KeySchema: keySchema("id"), BillingMode: types.BillingModePayPerRequest,
	})
	put(t, db, "legacy", legacyItem)
	const failed = "ConditionalCheckFailedException: The conditional request failed"
	_, badNumber := attr.Normalize(av.N("abc")) // attr's message for an invalid number
	ss := &types.AttributeValueMemberSS{Value: []string{"b", "a"}}
	tests := []struct {
		name string
		exp  expected
		op   types.ConditionalOperator
		want string
	}{
		{"no args", expected{"x": cond("EQ")}, "", "ValidationException: One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: x"},
		{"two args", expected{"x": cond("EQ", av.S("a"), av.S("b"))}, "", "ValidationException: One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"},
		{"null with arg", expected{"x": cond("NULL", av.S("a"))}, "", "ValidationException: One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator"},
		{"between one arg", expected{"x": cond("BETWEEN", av.S("a"))}, "", "ValidationException: One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
		{"lt set", expected{"x": cond("LT", ss)}, "", "ValidationException: One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type"},
		{"lt bool", expected{"x": cond("LT", &types.AttributeValueMemberBOOL{Value: true})}, "", "ValidationException: One or more parameter values were invalid: ComparisonOperator LT is not valid for BOOL AttributeValue type"},
		{"contains set", expected{"x": cond("CONTAINS", ss)}, "", "ValidationException: One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for SS AttributeValue type"},
		{"begins with number", expected{"x": cond("BEGINS_WITH", av.N("1"))}, "", "ValidationException: One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"},
		{"in mixed", expected{"x": cond("IN", av.S("a"), av.N("1"))}, "", "ValidationException: One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type"},
		{"in set", expected{"x": cond("IN", av.S("a"), ss)}, "", "ValidationException: One or more parameter values were invalid: ComparisonOperator IN is not valid for SS AttributeValue type"},
		{"in none", expected{"x": cond("IN")}, "", "ValidationException: One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: IN for Attribute: x"},
		{"between reversed", expected{"x": cond("BETWEEN", av.S("b"), av.S("a"))}, "", "ValidationException: The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"},
		{"unknown operator", expected{"x": cond("FOO", av.S("b"))}, "", "ValidationException: Comparison type does not exist in DynamoDB"},
		{"bad number", expected{"x": cond("EQ", av.N("abc"))}, "", errText(badNumber)},
		{"empty name", expected{"": cond("NULL")}, "", "ValidationException: Empty attribute name"},
		{"nothing", expected{"x": {}}, "", "ValidationException: One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: x"},
		{"exists without value", expected{"x": {Exists: aws.Bool(true)}}, "", "ValidationException: One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: x"},
		{"not exists with value", expected{"x": {Exists: aws.Bool(false), Value: av.S("a")}}, "", "ValidationException: One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: x"},
		{"value and list", expected{"x": {Value: av.S("a"), ComparisonOperator: "EQ", AttributeValueList: []types.AttributeValue{av.S("a")}}}, "", "ValidationException: One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: x"},
		{"exists and operator", expected{"x": {Exists: aws.Bool(true), ComparisonOperator: "EQ", AttributeValueList: []types.AttributeValue{av.S("a")}}}, "", "ValidationException: One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: x"},
		{"list without operator", expected{"x": {AttributeValueList: []types.AttributeValue{av.S("a")}}}, "", "ValidationException: One or more parameter values were invalid: AttributeValueList can only be used with a ComparisonOperator for Attribute: x"},
		{"operator alone", nil, "OR", "ValidationException: ConditionalOperator cannot be used without Filter or Expected"},
		{"operator one condition", expected{"n": cond("NULL")}, "OR", "ValidationException: ConditionalOperator can only be used when Filter or Expected has two or more elements"},
		{"bad operator", expected{"n": cond("NULL"), "s": cond("NULL")}, "XOR", "ValidationException: 1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]"},

		{"empty", expected{}, "", ""},
		{"value", expected{"s": {Value: av.S("hello")}}, "", ""},
		{"value with operator", expected{"s": {Value: av.S("hello"), ComparisonOperator: "EQ"}}, "", ""},
		{"value differs", expected{"s": {Value: av.S("bye"), Exists: aws.Bool(true)}}, "", failed},
		{"not exists", expected{"zz": {Exists: aws.Bool(false)}}, "", ""},
		{"exists", expected{"s": {Exists: aws.Bool(false)}}, "", failed},
		{"eq set", expected{"ss": cond("EQ", ss)}, "", ""},
		{"eq document", expected{"x": cond("EQ", &types.AttributeValueMemberM{Value: item{}})}, "", failed},
		{"ne missing", expected{"zz": cond("NE", av.S("a"))}, "", ""},
		{"ne other type", expected{"n": cond("NE", av.S("5"))}, "", ""},
		{"ne same", expected{"n": cond("NE", av.N("5.0"))}, "", failed},
		{"lt", expected{"n": cond("LT", av.N("6"))}, "", ""},
		{"ge", expected{"n": cond("GE", av.N("6"))}, "", failed},
		{"contains list", expected{"l": cond("CONTAINS", av.N("1"))}, "", ""},
		{"contains set", expected{"ss": cond("CONTAINS", av.S("a"))}, "", ""},
		{"contains bool", expected{"bo": cond("CONTAINS", &types.AttributeValueMemberBOOL{Value: true})}, "", failed},
		{"not contains missing", expected{"zz": cond("NOT_CONTAINS", av.S("a"))}, "", failed},
		{"not contains string", expected{"s": cond("NOT_CONTAINS", av.S("z"))}, "", ""},
		{"not contains number", expected{"n": cond("NOT_CONTAINS", av.S("z"))}, "", ""},
		{"begins with", expected{"s": cond("BEGINS_WITH", av.S("he"))}, "", ""},
		{"in", expected{"n": cond("IN", av.N("4"), av.N("5"))}, "", ""},
		{"between", expected{"n": cond("BETWEEN", av.N("4"), av.N("5"))}, "", ""},
		{"not null", expected{"s": cond("NOT_NULL")}, "", ""},
		{"null", expected{"s": cond("NULL")}, "", failed},
		{"and", expected{"n": cond("NULL"), "s": cond("NOT_NULL")}, "AND", failed},
		{"and by default", expected{"n": cond("NULL"), "s": cond("NOT_NULL")}, "", failed},
		{"or", expected{"n": cond("NULL"), "s": cond("NOT_NULL")}, "OR", ""},
		{"dotted name", expected{"n.x": cond("NULL")}, "", ""},
		{"key attribute", expected{"id": cond("NULL")}, "", failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("legacy"), Item: legacyItem, Expected: tt.exp, ConditionalOperator: tt.op})
			if got := errText(err); got != tt.want {
				t.Errorf("PutItem: got  %s\nwant %s", got, tt.want)
			}
			_, err = db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("legacy"), Key: item{"id": av.S("q")}, Expected: tt.exp, ConditionalOperator: tt.op})
			if got := errText(err); got != tt.want {
				t.Errorf("DeleteItem: got  %s\nwant %s", got, tt.want)
			}
			put(t, db, "legacy", legacyItem)
		})
	}
}

// TestLegacyMixing checks the rules against mixing legacy and expression
// parameters, and placeholders without expressions.
func TestLegacyMixing(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("mixing"), AttributeDefinitions: defs("id", "S"), KeySchema: keySchema("id"), BillingMode: types.BillingModePayPerRequest,
	})
	key := item{"id": av.S("u")}
	notNull := expected{"n": cond("NULL")}
	set := map[string]types.AttributeValueUpdate{"x": {Action: "PUT", Value: av.S("5")}}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"put", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("mixing"), Item: key, ConditionalOperator: "OR", ConditionExpression: aws.String("attribute_exists(s)")})
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}"},
		{"put values", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("mixing"), Item: key, Expected: notNull, ExpressionAttributeValues: item{":a": av.S("x")}})
			return err
		}, "ValidationException: ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"},
		{"delete names", func() error {
			_, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("mixing"), Key: key, Expected: notNull, ExpressionAttributeNames: map[string]string{"#a": "x"}})
			return err
		}, "ValidationException: ExpressionAttributeNames can only be specified when using expressions"},
		{"update all", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("mixing"), Key: key, AttributeUpdates: set, Expected: notNull, ConditionalOperator: "OR",
				ConditionExpression: aws.String("attribute_exists(s)"), UpdateExpression: aws.String("SET a = :a")})
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates, Expected, ConditionalOperator} Expression parameters: {UpdateExpression, ConditionExpression}"},
		{"update", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("mixing"), Key: key, Expected: notNull, UpdateExpression: aws.String("SET a = :a")})
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {UpdateExpression}"},
		{"get", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("mixing"), Key: key, AttributesToGet: []string{"n"}, ProjectionExpression: aws.String("n")})
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"},
		{"get empty", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("mixing"), Key: key, AttributesToGet: []string{}})
			return err
		}, "ValidationException: 1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"get duplicate", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("mixing"), Key: key, AttributesToGet: []string{"a", "a"}})
			return err
		}, "ValidationException: One or more parameter values were invalid: Duplicate value in attribute name: a"},
		{"get duplicate last of many", func() error {
			// Each name was compared with every earlier one: 40,000 took 14 s.
			attrs := make([]string, 100_000)
			for i := range attrs {
				attrs[i] = "a" + strconv.Itoa(i)
			}
			attrs[len(attrs)-1] = "a7"
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("mixing"), Key: key, AttributesToGet: attrs})
			return err
		}, "ValidationException: One or more parameter values were invalid: Duplicate value in attribute name: a7"},
		{"query", func() error {
			_, err := legacyQuery(&dynamodb.QueryInput{TableName: aws.String("mixing"), KeyConditions: map[string]types.Condition{}, QueryFilter: map[string]types.Condition{},
				AttributesToGet: []string{"n"}, ConditionalOperator: "OR", KeyConditionExpression: aws.String("id = :u"), FilterExpression: aws.String("attribute_exists(n)"), ProjectionExpression: aws.String("n")}, 2)
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}"},
		{"query filter", func() error {
			_, err := legacyQuery(&dynamodb.QueryInput{TableName: aws.String("mixing"), KeyConditions: map[string]types.Condition{}, QueryFilter: map[string]types.Condition{},
				FilterExpression: aws.String("attribute_exists(n)")}, 2)
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {FilterExpression}"},
		{"query values", func() error {
			_, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("mixing"), KeyConditions: map[string]types.Condition{"id": {ComparisonOperator: "EQ", AttributeValueList: []types.AttributeValue{av.S("u")}}},
				ProjectionExpression: aws.String("n"), ExpressionAttributeValues: item{":a": av.S("x")}})
			return err
		}, "ValidationException: ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null"},
		{"scan", func() error {
			_, err := legacyScan(&dynamodb.ScanInput{TableName: aws.String("mixing"), ScanFilter: map[string]types.Condition{}, AttributesToGet: []string{"n"}, ConditionalOperator: "OR",
				FilterExpression: aws.String("attribute_exists(n)"), ProjectionExpression: aws.String("n")})
			return err
		}, "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, ScanFilter, ConditionalOperator} Expression parameters: {ProjectionExpression, FilterExpression}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errText(tt.call()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestLegacyAttributeUpdates checks AttributeUpdates: each action's effect
// and messages, and ReturnValues.
func TestLegacyAttributeUpdates(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("updates"), AttributeDefinitions: defs("id", "S"), KeySchema: keySchema("id"), BillingMode: types.BillingModePayPerRequest,
	})
	start := item{"id": av.S("u"), "s": av.S("hello"), "n": av.N("5"),
		"ss": &types.AttributeValueMemberSS{Value: []string{"a", "b"}}, "l": &types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("a")}}}
	list := func(vs ...types.AttributeValue) types.AttributeValue { return &types.AttributeValueMemberL{Value: vs} }
	type updates = map[string]types.AttributeValueUpdate
	tests := []struct {
		name    string
		upd     updates
		ret     types.ReturnValue
		want    item // the returned attributes
		wantErr string
	}{
		{"put, add, delete", updates{
			"n":   {Action: "ADD", Value: av.N("2")},
			"ss":  {Action: "DELETE", Value: &types.AttributeValueMemberSS{Value: []string{"a"}}},
			"s":   {Action: "DELETE"},
			"new": {Value: av.S("v")},
		}, "ALL_NEW", item{"id": av.S("u"), "n": av.N("7"), "ss": &types.AttributeValueMemberSS{Value: []string{"b"}}, "new": av.S("v"), "l": list(av.S("a"))}, ""},
		{"add to list", updates{"l": {Action: "ADD", Value: list(av.S("b"))}}, "UPDATED_NEW", item{"l": list(av.S("a"), av.S("b"))}, ""},
		{"add new list", updates{"nl": {Action: "ADD", Value: list(av.S("x"))}}, "UPDATED_NEW", item{"nl": list(av.S("x"))}, ""},
		{"add new number", updates{"nn": {Action: "ADD", Value: av.N("3")}}, "UPDATED_OLD", nil, ""},
		{"put old", updates{"s": {Action: "PUT", Value: av.S("bye")}}, "UPDATED_OLD", item{"s": av.S("hello")}, ""},
		{"delete missing set", updates{"zz": {Action: "DELETE", Value: &types.AttributeValueMemberSS{Value: []string{"5"}}}}, "UPDATED_NEW", nil, ""},
		{"nothing", updates{}, "ALL_NEW", start, ""},
		{"add string", updates{"n": {Action: "ADD", Value: av.S("x")}}, "", nil, "ValidationException: One or more parameter values were invalid: ADD action is not supported for the type STRING"},
		{"add map", updates{"x": {Action: "ADD", Value: &types.AttributeValueMemberM{Value: item{}}}}, "", nil, "ValidationException: One or more parameter values were invalid: ADD action is not supported for the type MAP"},
		{"add without value", updates{"x": {Action: "ADD"}}, "", nil, "ValidationException: One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"},
		{"put without value", updates{"x": {}}, "", nil, "ValidationException: One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"},
		{"delete number", updates{"n": {Action: "DELETE", Value: av.N("5")}}, "", nil, "ValidationException: One or more parameter values were invalid: DELETE action with value is not supported for the type NUMBER"},
		{"delete list", updates{"l": {Action: "DELETE", Value: list()}}, "", nil, "ValidationException: One or more parameter values were invalid: DELETE action with value is not supported for the type LIST"},
		{"delete other set type", updates{"ss": {Action: "DELETE", Value: &types.AttributeValueMemberNS{Value: []string{"5"}}}}, "", nil, "ValidationException: Type mismatch for attribute to update"},
		{"add set to number", updates{"n": {Action: "ADD", Value: &types.AttributeValueMemberSS{Value: []string{"a"}}}}, "", nil, "ValidationException: Type mismatch for attribute to update"},
		{"add number to list", updates{"l": {Action: "ADD", Value: av.N("1")}}, "", nil, "ValidationException: Type mismatch for attribute to update"},
		{"key", updates{"id": {Action: "PUT", Value: av.S("5")}}, "", nil, "ValidationException: One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key"},
		{"bad action", updates{"x": {Action: "XX", Value: av.S("5")}}, "", nil, "ValidationException: 1 validation error detected: Value 'XX' at 'attributeUpdates.x.member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			put(t, db, "updates", start)
			out, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("updates"), Key: item{"id": av.S("u")}, AttributeUpdates: tt.upd, ReturnValues: tt.ret})
			if got := errText(err); got != tt.wantErr {
				t.Fatalf("got  %s\nwant %s", got, tt.wantErr)
			}
			if err == nil {
				if diff := cmp.Diff(tt.want, item(out.Attributes), cmpAV); diff != "" {
					t.Errorf("attributes (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestLegacyReads checks AttributesToGet, KeyConditions, QueryFilter and
// ScanFilter through GetItem, Query and Scan.
func TestLegacyReads(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("reads"), AttributeDefinitions: defs("pk", "S", "sk", "N"), KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	})
	for i, v := range []string{"a", "b", "c", "d"} {
		put(t, db, "reads", item{"pk": av.S("p"), "sk": av.N(itoa(i)), "v": av.S(v), "w": av.N(itoa(i * 10))})
	}
	got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("reads"), Key: item{"pk": av.S("p"), "sk": av.N("1")}, AttributesToGet: []string{"v", "sk"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(item{"v": av.S("b"), "sk": av.N("1")}, item(got.Item), cmpAV); diff != "" {
		t.Errorf("GetItem (-want +got):\n%s", diff)
	}

	eq := func(v types.AttributeValue) types.Condition {
		return types.Condition{ComparisonOperator: "EQ", AttributeValueList: []types.AttributeValue{v}}
	}
	q, err := legacyQuery(&dynamodb.QueryInput{
		TableName: aws.String("reads"),
		KeyConditions: map[string]types.Condition{"pk": eq(av.S("p")),
			"sk": {ComparisonOperator: "BETWEEN", AttributeValueList: []types.AttributeValue{av.N("1"), av.N("3")}}},
		QueryFilter:         map[string]types.Condition{"v": eq(av.S("b")), "w": {ComparisonOperator: "GE", AttributeValueList: []types.AttributeValue{av.N("30")}}},
		ConditionalOperator: "OR",
		AttributesToGet:     []string{"v"},
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	qout, err := db.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]map[string]types.AttributeValue{{"v": av.S("b")}, {"v": av.S("d")}}, qout.Items, cmpAV); diff != "" {
		t.Errorf("Query (-want +got):\n%s", diff)
	}

	sc, err := legacyScan(&dynamodb.ScanInput{TableName: aws.String("reads"),
		ScanFilter: map[string]types.Condition{"v": {ComparisonOperator: "IN", AttributeValueList: []types.AttributeValue{av.S("a"), av.S("c")}}}})
	if err != nil {
		t.Fatal(err)
	}
	sout, err := db.Scan(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if sout.Count != 2 {
		t.Errorf("Scan count = %d, want 2", sout.Count)
	}

	// KeyConditions with a FilterExpression whose placeholders look like
	// the generated ones: the translation must not overwrite them.
	kf, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("reads"), KeyConditions: map[string]types.Condition{"pk": eq(av.S("p"))},
		FilterExpression: aws.String("#l0 = :l0"), ExpressionAttributeNames: map[string]string{"#l0": "v"}, ExpressionAttributeValues: item{":l0": av.S("c")},
		ProjectionExpression: aws.String("sk")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]map[string]types.AttributeValue{{"sk": av.N("2")}}, kf.Items, cmpAV); diff != "" {
		t.Errorf("Query with KeyConditions and a FilterExpression (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		name  string
		conds map[string]types.Condition
		want  string
	}{
		{"not indexable", map[string]types.Condition{"pk": eq(av.S("p")), "sk": {ComparisonOperator: "IN", AttributeValueList: []types.AttributeValue{av.N("1")}}}, "ValidationException: Attempted conditional constraint is not an indexable operation"},
		{"arguments", map[string]types.Condition{"pk": {ComparisonOperator: "EQ"}}, "ValidationException: One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"},
		{"operator", map[string]types.Condition{"pk": {}}, "ValidationException: Comparison type does not exist in DynamoDB"},
	} {
		_, err := legacyQuery(&dynamodb.QueryInput{TableName: aws.String("reads"), KeyConditions: tt.conds}, 2)
		if got := errText(err); got != tt.want {
			t.Errorf("%s: got  %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
