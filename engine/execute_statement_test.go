package engine

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// statement runs a statement, returning its items or error text.
func statement(db *DB, text string, params ...types.AttributeValue) ([]item, string) {
	out, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(text), Parameters: params})
	if err != nil {
		return nil, errText(err)
	}
	return out.Items, ""
}

// statementFixture is a table with an LSI and a GSI holding items of
// partitions a and b.
func statementFixture(t *testing.T) *DB {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("stm"))
	for _, it := range []item{
		{"pk": av.S("a"), "sk": av.N("1"), "l": av.S("z"), "g": av.S("x"), "a": av.N("10"), "m": av.M(item{"k": av.L(av.S("v0"), av.S("v1"))})},
		{"pk": av.S("a"), "sk": av.N("2"), "l": av.S("y"), "a": av.N("20"), "b": av.S("hello")},
		{"pk": av.S("a"), "sk": av.N("3"), "g": av.S("x"), "a": av.N("30")},
		{"pk": av.S("b"), "sk": av.N("1"), "a": av.N("40")},
	} {
		put(t, db, "stm", it)
	}
	return db
}

func TestExecuteStatementSelect(t *testing.T) {
	db := statementFixture(t)
	tests := []struct {
		name, text string
		params     []types.AttributeValue
		want       []item
	}{
		{name: "partition", text: `SELECT sk FROM stm WHERE pk = 'a'`, want: []item{{"sk": av.N("1")}, {"sk": av.N("2")}, {"sk": av.N("3")}}},
		{name: "partition descending, with a sort key condition and a filter",
			text: `SELECT sk FROM stm WHERE pk = ? AND sk >= 2 AND a <> 20 ORDER BY sk DESC`, params: []types.AttributeValue{av.S("a")},
			want: []item{{"sk": av.N("3")}}},
		{name: "a filter on a key attribute", text: `SELECT sk FROM stm WHERE pk = 'a' AND sk IN [1, 3] AND pk <> 'b'`,
			want: []item{{"sk": av.N("1")}, {"sk": av.N("3")}}},
		{name: "partitions in the order listed", text: `SELECT pk, sk FROM stm WHERE pk IN ['b', 'a'] AND sk = 1`,
			want: []item{{"pk": av.S("b"), "sk": av.N("1")}, {"pk": av.S("a"), "sk": av.N("1")}}},
		{name: "partitions in descending order", text: `SELECT pk, sk FROM stm WHERE (pk = 'a' OR pk = 'b') AND sk = 1 ORDER BY pk DESC`,
			want: []item{{"pk": av.S("b"), "sk": av.N("1")}, {"pk": av.S("a"), "sk": av.N("1")}}},
		{name: "a scan", text: `SELECT a FROM stm WHERE a > 25 AND b IS MISSING`, want: []item{{"a": av.N("30")}, {"a": av.N("40")}}},
		{name: "nested paths, flattened", text: `SELECT m.k[1], a, nothere FROM stm WHERE pk = 'a' AND sk = 1`,
			want: []item{{"k[1]": av.S("v1"), "a": av.N("10")}}},
		{name: "an item without the paths", text: `SELECT b FROM stm WHERE pk = 'a' AND sk = 1`, want: []item{{}}},
		{name: "a global index", text: `SELECT * FROM "stm"."gsi1" WHERE g = 'x'`,
			want: []item{{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("x")}, {"pk": av.S("a"), "sk": av.N("3"), "g": av.S("x")}}},
		{name: "a local index, fetching what it does not project", text: `SELECT sk, b FROM "stm"."lsi1" WHERE pk = 'a' AND l < 'z'`,
			want: []item{{"sk": av.N("2"), "b": av.S("hello")}}},
		{name: "functions", text: `SELECT sk FROM stm WHERE pk = 'a' AND (begins_with(b, 'he') OR size(m.k) = 2) AND attribute_type(a, 'N')`,
			want: []item{{"sk": av.N("1")}, {"sk": av.N("2")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errMsg := statement(db, tt.text, tt.params...)
			if errMsg != "" {
				t.Fatal(errMsg)
			}
			if tt.name == "a scan" { // storage order, not a defined one
				slicesSortByA(got)
			}
			if diff := cmp.Diff(tt.want, got, cmpAV); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// slicesSortByA orders items by their number attribute a.
func slicesSortByA(items []item) {
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if items[j]["a"].(*types.AttributeValueMemberN).Value < items[i]["a"].(*types.AttributeValueMemberN).Value {
				items[i], items[j] = items[j], items[i]
			}
		}
	}
}

func TestExecuteStatementErrors(t *testing.T) {
	db := statementFixture(t)
	tests := []struct {
		text       string
		consistent bool
		want       string
	}{
		{`SELECT * FROM nope`, false, "ResourceNotFoundException: Requested resource not found"},
		{`SELECT * FROM "stm"."nope"`, false, "ValidationException: The table does not have the specified index"},
		{`SELECT * FROM "stm"."gsi1" WHERE g = 'x'`, true, "ValidationException: Strongly consistent read is not supported on Global Secondary Indexes"},
		{`SELECT a FROM "stm"."gsi1" WHERE g = 'x'`, false, "ValidationException: One or more parameter values were invalid: Global secondary index gsi1 does not project [a]"},
		// Messages of the expressions a statement compiles to come without
		// the expression parameter DynamoDB would name.
		{`SELECT * FROM stm WHERE pk = 'a' AND begins_with(sk, 1)`, false,
			"ValidationException: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
		{`SELECT m.k, m.k[1] FROM stm`, false,
			"ValidationException: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, k, [1]], path two: [m, k]"},
		{`SELECT * FROM stm WHERE a BETWEEN 2 AND 1`, false, "ValidationException: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " +
			"lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}"},
		{`EXISTS(SELECT * FROM stm WHERE pk = 'a' AND sk = 1 AND a = 1)`, false, "ValidationException: EXISTS can only be used in ExecuteTransaction write requests."},
		{`SELEC * FROM stm`, false, "ValidationException: Statement wasn't well formed, can't be processed: Expected data manipulation"},
	}
	for _, tt := range tests {
		_, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(tt.text), ConsistentRead: aws.Bool(tt.consistent)})
		if got := errText(err); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
}

// Reading a SELECT page by page, whatever the Limit, returns every item
// once, across the partitions it names, and a NextToken continues only its
// own statement.
func TestExecuteStatementPages(t *testing.T) {
	db := statementFixture(t)
	text := `SELECT pk, sk FROM stm WHERE pk IN ['a', 'nope', 'b'] ORDER BY sk DESC`
	want, _ := statement(db, text)
	if len(want) != 4 {
		t.Fatalf("got %d items, want 4", len(want))
	}
	for limit := int32(1); limit <= 5; limit++ {
		var got []item
		var token *string
		pages := 0
		for {
			out, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(text), Limit: aws.Int32(limit), NextToken: token})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, out.Items...)
			if pages++; out.NextToken == nil || pages > 10 {
				break
			}
			token = out.NextToken
		}
		if diff := cmp.Diff(want, got, cmpAV); diff != "" {
			t.Errorf("Limit %d (-all at once +page by page):\n%s", limit, diff)
		}
	}
	out, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(text), Limit: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range []*dynamodb.ExecuteStatementInput{
		{Statement: aws.String(`SELECT pk FROM stm WHERE pk IN ['a', 'nope', 'b'] ORDER BY sk DESC`), NextToken: out.NextToken},
		{Statement: aws.String(`SELECT pk, sk FROM stm WHERE pk IN [?, 'nope', 'b'] ORDER BY sk DESC`), Parameters: []types.AttributeValue{av.S("a")}, NextToken: out.NextToken},
		{Statement: aws.String(text), NextToken: aws.String("bm90IGEgdG9rZW4=")},
	} {
		if _, err := db.ExecuteStatement(ctx, other); errText(err) != "ValidationException: Invalid NextToken" {
			t.Errorf("%s with another's token: %v", *other.Statement, err)
		}
	}
}

// The reads of an IN share the page's 1 MB: a page ends with the item that
// reaches it, whichever read it is in, and its NextToken resumes after that
// item (DynamoDB Local's pages of 11, 11 and 5 items).
func TestExecuteStatementINPagesStopAtOneMegabyte(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("pql1mb"), AttributeDefinitions: defs("pk", "S", "sk", "N"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	})
	d := strings.Repeat("x", 99990)
	var want []string
	for _, pk := range []string{"a", "b", "c"} {
		for i := range 9 {
			mustPut(t, db, "pql1mb", item{"pk": av.S(pk), "sk": av.N(strconv.Itoa(i)), "d": av.S(d)})
			want = append(want, pk+strconv.Itoa(i))
		}
	}
	var got []string
	var sizes []int
	var token *string
	for range 10 {
		out, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{
			Statement: aws.String(`SELECT * FROM pql1mb WHERE pk IN ['a', 'b', 'c']`), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range out.Items {
			got = append(got, it["pk"].(*types.AttributeValueMemberS).Value+it["sk"].(*types.AttributeValueMemberN).Value)
		}
		sizes = append(sizes, len(out.Items))
		if token = out.NextToken; token == nil {
			break
		}
	}
	if !slices.Equal(sizes, []int{11, 11, 5}) {
		t.Errorf("pages of %v items, want [11 11 5]", sizes)
	}
	if !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
}

func TestExecuteStatementWrites(t *testing.T) {
	db := statementFixture(t)
	tests := []struct {
		text      string
		onFailure types.ReturnValuesOnConditionCheckFailure
		want      []item
		err       string
	}{
		{text: `INSERT INTO stm VALUE {'pk': 'c', 'sk': 1, 's': <<'x'>>}`, want: []item{}},
		{text: `INSERT INTO stm VALUE {'pk': 'c', 'sk': 1}`, err: "DuplicateItemException: Duplicate primary key exists in table"},
		{text: `INSERT INTO stm VALUE {'pk': 'c', 'sk': 1}`, onFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
			err: "ConditionalCheckFailedException: The conditional request failed"},
		{text: `INSERT INTO stm VALUE {'pk': 'c', 'sk': 'x'}`, err: "ValidationException: Key attribute's data type should match its data type in table's schema: Key sk"},
		{text: `UPDATE stm SET a = a + 1, s = set_add(s, <<'y'>>) WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`,
			want: []item{{"a": av.N("11"), "s": av.SS("y")}}},
		{text: `UPDATE stm SET a = 1 WHERE pk = 'nope' AND sk = 1`, err: "ConditionalCheckFailedException: The conditional request failed"},
		{text: `UPDATE stm SET a = 1 WHERE pk = 'a' AND sk = 1 AND a = 0`, err: "ConditionalCheckFailedException: The conditional request failed"},
		{text: `UPDATE stm SET pk = 'x' WHERE pk = 'a' AND sk = 1`, err: "ValidationException: One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"},
		// A failed condition comes first.
		{text: `UPDATE stm SET pk = 'x' WHERE pk = 'nope' AND sk = 1`, err: "ConditionalCheckFailedException: The conditional request failed"},
		{text: `UPDATE stm SET a = 1 SET sk = 2 WHERE pk = 'a' AND sk = 1 AND a = 0`, err: "ConditionalCheckFailedException: The conditional request failed"},
		{text: `UPDATE stm REMOVE nothere WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED OLD *`, want: []item{}},
		{text: `DELETE FROM stm WHERE pk = 'b' AND sk = 1 AND a = 0`, err: "ConditionalCheckFailedException: The conditional request failed"},
		{text: `DELETE FROM stm WHERE pk = 'b' AND sk = 1 RETURNING ALL OLD *`, want: []item{{"pk": av.S("b"), "sk": av.N("1"), "a": av.N("40")}}},
		{text: `DELETE FROM stm WHERE pk = 'b' AND sk = 1 RETURNING ALL OLD *`, want: []item{}},
	}
	for _, tt := range tests {
		out, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(tt.text), ReturnValuesOnConditionCheckFailure: tt.onFailure})
		if got := errText(err); got != tt.err {
			t.Errorf("%s: error %q, want %q", tt.text, got, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		if diff := cmp.Diff(tt.want, out.Items, cmpAV); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.text, diff)
		}
	}
	var ccf *types.ConditionalCheckFailedException
	_, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`INSERT INTO stm VALUE {'pk': 'c', 'sk': 1}`),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	if !errors.As(err, &ccf) || ccf.Item["s"] == nil {
		t.Errorf("INSERT of an existing item asking for it: %v, want the item", err)
	}
	if got := get(t, db, "stm", item{"pk": av.S("nope"), "sk": av.N("1")}); got != nil {
		t.Errorf("UPDATE of a missing item created %v", got)
	}
}

// A statement reports the capacity of the operations it runs.
func TestExecuteStatementCapacity(t *testing.T) {
	db := statementFixture(t)
	for _, tt := range []struct {
		text string
		want *types.ConsumedCapacity
	}{
		{`SELECT * FROM stm WHERE pk IN ['a', 'b']`, &types.ConsumedCapacity{TableName: aws.String("stm"), CapacityUnits: aws.Float64(1),
			Table: &types.Capacity{CapacityUnits: aws.Float64(1)}}},
		{`SELECT * FROM "stm"."gsi1" WHERE g = 'x'`, &types.ConsumedCapacity{TableName: aws.String("stm"), CapacityUnits: aws.Float64(0.5),
			Table: &types.Capacity{CapacityUnits: aws.Float64(0)}, GlobalSecondaryIndexes: map[string]types.Capacity{"gsi1": {CapacityUnits: aws.Float64(0.5)}}}},
		{`UPDATE stm SET z = 1 WHERE pk = 'b' AND sk = 1`, &types.ConsumedCapacity{TableName: aws.String("stm"), CapacityUnits: aws.Float64(1),
			Table: &types.Capacity{CapacityUnits: aws.Float64(1)}}},
	} {
		out, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(tt.text), ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, out.ConsumedCapacity, cmpAV); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.text, diff)
		}
	}
}

// The model's constraints on the request come first, all together.
func TestExecuteStatementRequestChecks(t *testing.T) {
	db := statementFixture(t)
	long := fmt.Sprintf("SELECT * FROM stm WHERE a = '%08193d'", 0)
	for _, tt := range []struct {
		in   *dynamodb.ExecuteStatementInput
		want string
	}{
		{&dynamodb.ExecuteStatementInput{}, "ValidationException: 1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null"},
		{&dynamodb.ExecuteStatementInput{Statement: aws.String(""), Limit: aws.Int32(0), Parameters: []types.AttributeValue{}},
			"ValidationException: 3 validation errors detected: Value '' at 'statement' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{&dynamodb.ExecuteStatementInput{Statement: aws.String(long)}, "ValidationException: 1 validation error detected: Value '" + long +
			"' at 'statement' failed to satisfy constraint: Member must have length less than or equal to 8192"},
		{&dynamodb.ExecuteStatementInput{Statement: aws.String("SELECT * FROM stm"), ReturnValuesOnConditionCheckFailure: "X"},
			"ValidationException: 1 validation error detected: Value 'X' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"},
	} {
		if _, err := db.ExecuteStatement(ctx, tt.in); errText(err) != tt.want {
			t.Errorf("got  %s\nwant %s", errText(err), tt.want)
		}
	}
}
