package conformance

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// TestPutItemStoresValues pins that PutItem stores every attribute type and
// shape as given (numbers in DynamoDB's canonical form) and replaces an
// existing item whole.
func TestPutItemStoresValues(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		cases := []struct {
			name  string
			put   item
			want  item   // nil: as put
			local string // why DynamoDB Local differs, if it does
		}{
			{name: "every type", put: item{"pk": av.S("types"), "s": av.S("hello"), "n": av.N("123.456"), "b": av.B("\x01\x02\x03"),
				"t": av.Bool(true), "f": av.Bool(false), "null": av.Null(), "ss": av.SS("a", "b", "c"), "ns": av.NS("1", "2", "3"),
				"bs": av.BS("\x01", "\x02"), "l": av.L(av.S("item1"), av.N("99"), av.Bool(true)), "m": av.M(item{"nested": av.S("value"), "num": av.N("7")})}},
			{name: "nested maps", put: item{"pk": av.S("nested"), "nested": av.M(item{"a": av.M(item{"b": av.M(item{"c": av.S("deep")})})})}},
			{name: "list of mixed types", put: item{"pk": av.S("mixed"), "mixed": av.L(av.S("str"), av.N("1"), av.Bool(true), av.Null(), av.M(item{"x": av.S("y")}))}},
			{name: "map of list of maps", put: item{"pk": av.S("mlm"), "outer": av.M(item{"items": av.L(
				av.M(item{"name": av.S("first"), "value": av.N("100")}), av.M(item{"name": av.S("second"), "value": av.N("200")}))})}},
			{name: "empty string outside the key", put: item{"pk": av.S("empty"), "e": av.S("")}},
			{name: "100 KB string", put: item{"pk": av.S("big"), "big": av.S(strings.Repeat("x", 100*1024))}},
			{name: "38 significant digits", put: item{"pk": av.S("digits"), "n": av.N("12345678901234567890123456789012345678")}},
			{name: "largest positive number", put: item{"pk": av.S("max"), "n": av.N("9.9999999999999999999999999999999999999E+125")},
				want: item{"pk": av.S("max"), "n": av.N("999999999999999999999999999999999999990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")}},
			{name: "largest negative number", put: item{"pk": av.S("min"), "n": av.N("-9.9999999999999999999999999999999999999E+125")},
				want: item{"pk": av.S("min"), "n": av.N("-999999999999999999999999999999999999990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				put(t, be.api, be.tb.hash, c.put)
				want := c.want
				if want == nil {
					want = c.put
				}
				sameItem(t, get(t, be.api, be.tb.hash, item{"pk": c.put["pk"]}), want)
			})
		}
		t.Run("composite key", func(t *testing.T) {
			it := item{"pk": av.S("p"), "sk": av.S("s"), "value": av.S("v")}
			put(t, be.api, be.tb.composite, it)
			sameItem(t, get(t, be.api, be.tb.composite, item{"pk": av.S("p"), "sk": av.S("s")}), it)
		})
		t.Run("replaces the whole item and returns the old one", func(t *testing.T) {
			ctx := context.Background()
			put(t, be.api, be.tb.hash, item{"pk": av.S("old"), "old": av.S("data")})
			out, err := be.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(be.tb.hash),
				Item: item{"pk": av.S("old"), "new": av.S("data")}, ReturnValues: types.ReturnValueAllOld})
			if err != nil {
				t.Fatal(err)
			}
			sameItem(t, out.Attributes, item{"pk": av.S("old"), "old": av.S("data")})
			sameItem(t, get(t, be.api, be.tb.hash, item{"pk": av.S("old")}), item{"pk": av.S("old"), "new": av.S("data")})
		})
		t.Run("ALL_OLD of a new item is nothing", func(t *testing.T) {
			out, err := be.api.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(be.tb.hash),
				Item: item{"pk": av.S("fresh")}, ReturnValues: types.ReturnValueAllOld})
			if err != nil {
				t.Fatal(err)
			}
			sameItem(t, out.Attributes, nil)
		})
	})
}

// TestPutItemConditions pins how PutItem's ConditionExpression is evaluated
// against the stored item (or its absence): functions, comparisons, missing
// attributes, boolean operators and parentheses.
func TestPutItemConditions(t *testing.T) {
	seed := item{"pk": av.S("seed"), "status": av.S("active"), "count": av.N("5"), "name": av.S("alice"),
		"mapAttr": av.M(item{"nested": av.S("deep-value")})}
	cases := []struct {
		name   string
		pk     string // the item written: seed's key, or a fresh one
		cond   string
		names  map[string]string
		values item
		fails  bool
	}{
		{name: "attribute_not_exists on a new item", pk: "new", cond: "attribute_not_exists(pk)"},
		{name: "attribute_not_exists on an existing item", pk: "seed", cond: "attribute_not_exists(pk)", fails: true},
		{name: "attribute_exists", pk: "seed", cond: "attribute_exists(#s)", names: map[string]string{"#s": "status"}},
		{name: "greater than holds", pk: "seed", cond: "#c > :min", names: map[string]string{"#c": "count"}, values: item{":min": av.N("3")}},
		{name: "greater than fails", pk: "seed", cond: "#c > :min", names: map[string]string{"#c": "count"}, values: item{":min": av.N("100")}, fails: true},
		{name: "not equal on a missing attribute holds", pk: "new", cond: "#s <> :v",
			names: map[string]string{"#s": "status"}, values: item{":v": av.S("working")}},
		{name: "OR of not-equal and less-than on missing attributes", pk: "new", cond: "#s <> :v OR #u < :t",
			names: map[string]string{"#s": "status", "#u": "updatedAt"}, values: item{":v": av.S("working"), ":t": av.S("2099-01-01T00:00:00Z")}},
		{name: "equal on a missing attribute fails", pk: "new", cond: "#s = :v",
			names: map[string]string{"#s": "status"}, values: item{":v": av.S("working")}, fails: true},
		{name: "size", pk: "seed", cond: "size(#n) < :max", names: map[string]string{"#n": "name"}, values: item{":max": av.N("10")}},
		{name: "contains", pk: "seed", cond: "contains(#n, :sub)", names: map[string]string{"#n": "name"}, values: item{":sub": av.S("lic")}},
		{name: "attribute_type", pk: "seed", cond: "attribute_type(#s, :t)", names: map[string]string{"#s": "status"}, values: item{":t": av.S("S")}},
		{name: "NOT attribute_exists on a new item", pk: "new", cond: "NOT attribute_exists(pk)"},
		{name: "AND", pk: "seed", cond: "#n = :name AND #c = :count", names: map[string]string{"#n": "name", "#c": "count"},
			values: item{":name": av.S("alice"), ":count": av.N("5")}},
		{name: "OR with one side true", pk: "seed", cond: "#n = :name OR #c = :count", names: map[string]string{"#n": "name", "#c": "count"},
			values: item{":name": av.S("nobody"), ":count": av.N("5")}},
		{name: "nested path comparison", pk: "seed", cond: "mapAttr.nested = :v", values: item{":v": av.S("deep-value")}},
		{name: "attribute_exists on a nested path", pk: "seed", cond: "attribute_exists(#m.#n)", names: map[string]string{"#m": "mapAttr", "#n": "nested"}},
		{name: "attribute_not_exists on a nested path", pk: "seed", cond: "attribute_not_exists(#m.#n)", names: map[string]string{"#m": "mapAttr", "#n": "missing"}},
		{name: "parentheses around each condition", pk: "new", cond: "(attribute_not_exists(pk)) AND (attribute_not_exists(#s))",
			names: map[string]string{"#s": "status"}},
		{name: "parentheses around the whole condition", pk: "new", cond: "(attribute_not_exists(pk) AND attribute_not_exists(#s))",
			names: map[string]string{"#s": "status"}},
		{name: "nested parentheses", pk: "new", cond: "(attribute_not_exists(pk) AND (attribute_not_exists(#s)))",
			names: map[string]string{"#s": "status"}},
		{name: "parenthesised condition fails", pk: "seed", cond: "(attribute_exists(pk)) AND (#s = :wrong)",
			names: map[string]string{"#s": "status"}, values: item{":wrong": av.S("inactive")}, fails: true},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				put(t, be.api, be.tb.hash, seed)
				key := item{"pk": av.S(c.pk)}
				written := item{"pk": av.S(c.pk), "data": av.S("written")}
				in := &dynamodb.PutItemInput{TableName: aws.String(be.tb.hash), Item: written,
					ConditionExpression: aws.String(c.cond), ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values}
				_, err := be.api.PutItem(context.Background(), in)
				want := written
				if c.fails {
					errCondFailed.check(t, err)
					want = nil
					if c.pk == "seed" {
						want = seed
					}
				} else if err != nil {
					t.Fatal(err)
				}
				sameItem(t, get(t, be.api, be.tb.hash, key), want)
				if _, err := be.api.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String(be.tb.hash), Key: key}); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

// TestPutItemErrors pins PutItem's rejections and their messages.
func TestPutItemErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		hash := aws.String(be.tb.hash)
		cases := []struct {
			name  string
			in    dynamodb.PutItemInput
			want  wantErr
			local string
		}{
			{name: "missing table", in: dynamodb.PutItemInput{TableName: aws.String(missingTable), Item: item{"pk": av.S("x")}},
				want: errNotFound, local: localNotFound},
			{name: "item without its key", in: dynamodb.PutItemInput{TableName: hash, Item: item{"other": av.S("x")}},
				want:  wantErr{code: codeValidation, msg: "One or more parameter values were invalid: Missing the key pk in the item"},
				local: `it says "One of the required keys was not given a value"`},
			{name: "key of the wrong type", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.N("5")}},
				want:  wantErr{code: codeValidation, msg: "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"},
				local: localKeyType},
			{name: "empty string set", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x"), "bad": av.SS()}},
				want: wantErr{code: codeValidation, has: []string{"One or more parameter values were invalid: An string set  may not be empty"}}},
			{name: "empty number set", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x"), "bad": av.NS()}},
				want: wantErr{code: codeValidation, has: []string{"One or more parameter values were invalid: An number set  may not be empty"}}},
			{name: "empty binary set", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x"), "bad": av.BS()}},
				want: wantErr{code: codeValidation, has: []string{"One or more parameter values were invalid: Binary sets should not be empty"}}},
			{name: "NULL false", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x"), "bad": &types.AttributeValueMemberNULL{Value: false}}},
				want: wantErr{code: codeValidation, msg: "One or more parameter values were invalid: Null attribute value types must have the value of true"}},
			{name: "duplicate strings in a set", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x"), "bad": av.SS("a", "a")}},
				want: wantErr{code: codeValidation, has: []string{"One or more parameter values were invalid: Input collection", "contains duplicates"}}},
			{name: "duplicate numbers in a set", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x"), "bad": av.NS("1", "1", "2")}},
				want: wantErr{code: codeValidation, has: []string{"contains duplicates"}}},
			{name: "duplicate binaries in a set", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x"), "bad": av.BS("\x01", "\x01")}},
				want: wantErr{code: codeValidation, has: []string{"contains duplicates"}}},
			{name: "unknown ReturnValues", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x")}, ReturnValues: "INVALID"},
				want: wantErr{code: codeValidation}},
			{name: "ReturnValues other than NONE and ALL_OLD", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x")}, ReturnValues: types.ReturnValueAllNew},
				want: wantErr{code: codeValidation, msg: "Return values set to invalid value"}},
			{name: "Expected beside ConditionExpression", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x")},
				Expected:            map[string]types.ExpectedAttributeValue{"pk": {Exists: aws.Bool(false)}},
				ConditionExpression: aws.String("attribute_not_exists(pk)")},
				want: wantErr{code: codeValidation, has: []string{"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"}}},
			{name: "values without an expression", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x")},
				ExpressionAttributeValues: item{":v": av.S("unused")}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"}},
			{name: "names without an expression", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x")},
				ExpressionAttributeNames: map[string]string{"#n": "unused"}},
				want: wantErr{code: codeValidation, msg: "ExpressionAttributeNames can only be specified when using expressions"}},
			{name: "redundant parentheses", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x")},
				ConditionExpression: aws.String("((attribute_not_exists(pk)))")},
				want: wantErr{code: codeValidation, has: []string{"Invalid ConditionExpression: The expression has redundant parentheses;"}}},
			{name: "contains with the same path twice", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("x")},
				ConditionExpression: aws.String("contains(#a, #a)"), ExpressionAttributeNames: map[string]string{"#a": "data"}},
				want: wantErr{code: codeValidation, msg: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]"}},
			{name: "empty binary key", in: dynamodb.PutItemInput{TableName: aws.String(be.tb.hashB), Item: item{"pk": av.B("")}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("binary", "pk")}, local: localEmptyBinary},
			{name: "empty string key", in: dynamodb.PutItemInput{TableName: hash, Item: item{"pk": av.S("")}},
				want: wantErr{code: codeValidation, msg: emptyKeyMsg("string", "pk")}},
			{name: "table name too long", in: dynamodb.PutItemInput{TableName: aws.String(strings.Repeat("a", 256)), Item: item{"pk": av.S("x")}},
				want: wantErr{code: codeValidation, msg: "1 validation error detected: Value '" + strings.Repeat("a", 256) + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"}, local: localModel},
			{name: "table name with invalid characters", in: dynamodb.PutItemInput{TableName: aws.String("bad table!@#"), Item: item{"pk": av.S("x")}},
				want: wantErr{code: codeValidation, msg: "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"}, local: localModel},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, c.local)
				_, err := be.api.PutItem(context.Background(), &c.in)
				c.want.check(t, err)
			})
		}
	})
}
