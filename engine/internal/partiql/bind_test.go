package partiql

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb/internal/av"
)

type item = map[string]types.AttributeValue

// keys is the key schema of the tests' table: a string partition key and a
// number sort key.
var keys = Keys{Hash: "pk", HashType: "S", Range: "sk", RangeType: "N"}

// bind parses and binds a statement, failing the test on error.
func bind(t *testing.T, text string, params ...types.AttributeValue) *Plan {
	t.Helper()
	s, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	p, err := s.Bind(params, keys)
	if err != nil {
		t.Fatalf("Bind(%q): %v", text, err)
	}
	return p
}

// cmpInputs compares SDK inputs by their exported fields.
var cmpInputs = cmpopts.IgnoreUnexported(
	dynamodb.QueryInput{}, dynamodb.ScanInput{}, dynamodb.PutItemInput{}, dynamodb.UpdateItemInput{},
	dynamodb.DeleteItemInput{}, types.ConditionCheck{}, types.Get{},
	types.AttributeValueMemberS{}, types.AttributeValueMemberN{}, types.AttributeValueMemberL{}, types.AttributeValueMemberM{},
	types.AttributeValueMemberSS{}, types.AttributeValueMemberNS{}, types.AttributeValueMemberBOOL{}, types.AttributeValueMemberNULL{},
)

func ptr[T any](v T) *T { return &v }

func TestBindSelect(t *testing.T) {
	tests := []struct {
		name, text string
		params     []types.AttributeValue
		want       *Plan
	}{
		{name: "partition key equality", text: `SELECT * FROM "T" WHERE pk = 'a'`, want: &Plan{
			Queries: []*dynamodb.QueryInput{{TableName: ptr("T"), KeyConditionExpression: ptr("#0 = :pk"),
				ExpressionAttributeNames: map[string]string{"#0": "pk"}, ExpressionAttributeValues: item{":pk": av.S("a")}}},
		}},
		{name: "full key", text: `SELECT a.b, l[1] FROM T WHERE sk = ? AND pk = ?`, params: []types.AttributeValue{av.N("1.0"), av.S("a")}, want: &Plan{
			Queries: []*dynamodb.QueryInput{{TableName: ptr("T"), KeyConditionExpression: ptr("#3 = :pk AND #4 = :0"),
				ProjectionExpression:      ptr("#2[1], #0.#1"),
				ExpressionAttributeNames:  map[string]string{"#0": "a", "#1": "b", "#2": "l", "#3": "pk", "#4": "sk"},
				ExpressionAttributeValues: item{":0": av.N("1"), ":pk": av.S("a")}}},
		}},
		{name: "IN on the partition key, a reversed sort key condition, a filter and ORDER BY",
			text: `SELECT * FROM T WHERE pk IN ['b', 'a', 'b'] AND 3 > sk AND v <> 1 AND sk <> 2 ORDER BY sk DESC`, want: &Plan{
				Queries: []*dynamodb.QueryInput{
					{TableName: ptr("T"), KeyConditionExpression: ptr("#0 = :pk AND #1 < :0"), FilterExpression: ptr("#2 <> :1 AND #1 <> :2"),
						ExpressionAttributeNames: map[string]string{"#0": "pk", "#1": "sk", "#2": "v"}, ScanIndexForward: ptr(false),
						ExpressionAttributeValues: item{":0": av.N("3"), ":1": av.N("1"), ":2": av.N("2"), ":pk": av.S("b")}},
					{TableName: ptr("T"), KeyConditionExpression: ptr("#0 = :pk AND #1 < :0"), FilterExpression: ptr("#2 <> :1 AND #1 <> :2"),
						ExpressionAttributeNames: map[string]string{"#0": "pk", "#1": "sk", "#2": "v"}, ScanIndexForward: ptr(false),
						ExpressionAttributeValues: item{":0": av.N("3"), ":1": av.N("1"), ":2": av.N("2"), ":pk": av.S("a")}},
				},
			}},
		{name: "ORs of partition key equalities, ordered by the partition key",
			text: `SELECT pk FROM T WHERE pk = 'b' OR pk = 'c' OR pk = 'a' ORDER BY pk`, want: &Plan{
				Queries: []*dynamodb.QueryInput{
					{TableName: ptr("T"), KeyConditionExpression: ptr("#0 = :pk"), ProjectionExpression: ptr("#0"),
						ExpressionAttributeNames: map[string]string{"#0": "pk"}, ExpressionAttributeValues: item{":pk": av.S("a")}},
					{TableName: ptr("T"), KeyConditionExpression: ptr("#0 = :pk"), ProjectionExpression: ptr("#0"),
						ExpressionAttributeNames: map[string]string{"#0": "pk"}, ExpressionAttributeValues: item{":pk": av.S("b")}},
					{TableName: ptr("T"), KeyConditionExpression: ptr("#0 = :pk"), ProjectionExpression: ptr("#0"),
						ExpressionAttributeNames: map[string]string{"#0": "pk"}, ExpressionAttributeValues: item{":pk": av.S("c")}},
				},
			}},
		{name: "a comparison and BETWEEN on the sort key", text: `SELECT * FROM T WHERE pk = 'a' AND sk >= 1 AND sk BETWEEN 1 AND 2`, want: &Plan{
			Queries: []*dynamodb.QueryInput{{TableName: ptr("T"), KeyConditionExpression: ptr("#0 = :pk AND #1 >= :0"),
				FilterExpression: ptr("#1 BETWEEN :1 AND :2"), ExpressionAttributeNames: map[string]string{"#0": "pk", "#1": "sk"},
				ExpressionAttributeValues: item{":0": av.N("1"), ":1": av.N("1"), ":2": av.N("2"), ":pk": av.S("a")}}},
		}},
		{name: "a scan of an index, with every predicate", text: `SELECT * FROM "T"."I" WHERE a IS MISSING OR b IS NOT NULL AND NOT (c IN (1, 2) OR d NOT BETWEEN 1 AND 2) OR contains(e, 'x') = false`,
			want: &Plan{Scan: &dynamodb.ScanInput{TableName: ptr("T"), IndexName: ptr("I"),
				FilterExpression:          ptr("attribute_not_exists(#0) OR (NOT (attribute_type(#1, :0)) AND NOT (#2 IN (:1, :2) OR NOT (#3 BETWEEN :3 AND :4))) OR NOT (contains(#4, :5))"),
				ExpressionAttributeNames:  map[string]string{"#0": "a", "#1": "b", "#2": "c", "#3": "d", "#4": "e"},
				ExpressionAttributeValues: item{":0": av.S("NULL"), ":1": av.N("1"), ":2": av.N("2"), ":3": av.N("1"), ":4": av.N("2"), ":5": av.S("x")}}},
		},
		{name: "an equality on the partition key inside an OR scans", text: `SELECT * FROM T WHERE pk = 'a' OR v = 1`, want: &Plan{
			Scan: &dynamodb.ScanInput{TableName: ptr("T"), FilterExpression: ptr("#0 = :0 OR #1 = :1"),
				ExpressionAttributeNames: map[string]string{"#0": "pk", "#1": "v"}, ExpressionAttributeValues: item{":0": av.S("a"), ":1": av.N("1")}},
		}},
		{name: "no WHERE clause", text: `SELECT * FROM T`, want: &Plan{Scan: &dynamodb.ScanInput{TableName: ptr("T")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bind(t, tt.text, tt.params...)
			got.columns = nil
			if diff := cmp.Diff(tt.want, got, cmpInputs, cmpopts.IgnoreUnexported(Plan{})); diff != "" {
				t.Errorf("Bind(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// indexKeys is the key schema of an index keyed by two partition key
// attributes (t, a string, and r, a number) and two sort key attributes
// (n, a number, and b, a string).
var indexKeys = Keys{
	IndexHash:  []Key{{Name: "t", Type: "S"}, {Name: "r", Type: "N"}},
	IndexRange: []Key{{Name: "n", Type: "N"}, {Name: "b", Type: "S"}},
}

// A SELECT of an index with a multi-attribute key is a Query when it fixes
// every partition key attribute: the key condition holds those, then the
// sort key attributes' equalities from the first on and one more condition
// on the next; anything else is a Scan.
func TestBindSelectMultiAttributeKey(t *testing.T) {
	// query is the plan of a Query whose expressions use the first of the
	// key attributes' placeholders, in key schema order.
	query := func(key, filter string, values item) *Plan {
		names := map[string]string{}
		for i, name := range []string{"t", "r", "n", "b"} {
			if ph := "#" + strconv.Itoa(i); strings.Contains(key+filter, ph) {
				names[ph] = name
			}
		}
		return &Plan{Queries: []*dynamodb.QueryInput{{TableName: ptr("T"), IndexName: ptr("I"), KeyConditionExpression: ptr(key),
			FilterExpression: optional(filter), ExpressionAttributeNames: names, ExpressionAttributeValues: values}}}
	}
	tests := []struct {
		name, text string
		want       *Plan
	}{
		{"every partition attribute", `SELECT * FROM T.I WHERE t = 'x' AND 1 = r`,
			query("#0 = :0 AND #1 = :1", "", item{":0": av.S("x"), ":1": av.N("1")})},
		{"the first sort attribute in a range", `SELECT * FROM T.I WHERE r = 1 AND t = 'x' AND n BETWEEN 2 AND 3`,
			&Plan{Queries: []*dynamodb.QueryInput{{TableName: ptr("T"), IndexName: ptr("I"), KeyConditionExpression: ptr("#0 = :0 AND #1 = :1 AND #2 BETWEEN :2 AND :3"),
				ExpressionAttributeNames: map[string]string{"#0": "t", "#1": "r", "#2": "n"}, ExpressionAttributeValues: item{":0": av.S("x"), ":1": av.N("1"), ":2": av.N("2"), ":3": av.N("3")}}}}},
		{"an equality then begins_with", `SELECT * FROM T.I WHERE t = 'x' AND r = 1 AND begins_with(b, 'u') AND n = 2`,
			query("#0 = :0 AND #1 = :1 AND #2 = :2 AND begins_with(#3, :3)", "", item{":0": av.S("x"), ":1": av.N("1"), ":2": av.N("2"), ":3": av.S("u")})},
		{"a sort attribute skipped is a filter", `SELECT * FROM T.I WHERE t = 'x' AND r = 1 AND b = 'u'`,
			&Plan{Queries: []*dynamodb.QueryInput{{TableName: ptr("T"), IndexName: ptr("I"), KeyConditionExpression: ptr("#0 = :0 AND #1 = :1"), FilterExpression: ptr("#2 = :2"),
				ExpressionAttributeNames: map[string]string{"#0": "t", "#1": "r", "#2": "b"}, ExpressionAttributeValues: item{":0": av.S("x"), ":1": av.N("1"), ":2": av.S("u")}}}}},
		{"a range then a filter on the next", `SELECT * FROM T.I WHERE t = 'x' AND r = 1 AND n > 2 AND b = 'u'`,
			query("#0 = :0 AND #1 = :1 AND #2 > :2", "#3 = :3", item{":0": av.S("x"), ":1": av.N("1"), ":2": av.N("2"), ":3": av.S("u")})},
		{"ORDER BY sort attributes", `SELECT * FROM T.I WHERE t = 'x' AND r = 1 ORDER BY t, n DESC, b DESC`, func() *Plan {
			p := query("#0 = :0 AND #1 = :1", "", item{":0": av.S("x"), ":1": av.N("1")})
			p.Queries[0].ScanIndexForward = ptr(false)
			return p
		}()},
		{"a partition attribute missing is a Scan", `SELECT * FROM T.I WHERE t = 'x' AND n = 2`,
			&Plan{Scan: &dynamodb.ScanInput{TableName: ptr("T"), IndexName: ptr("I"), FilterExpression: ptr("#0 = :0 AND #1 = :1"),
				ExpressionAttributeNames: map[string]string{"#0": "t", "#1": "n"}, ExpressionAttributeValues: item{":0": av.S("x"), ":1": av.N("2")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Bind(nil, indexKeys)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpInputs, cmpopts.IgnoreUnexported(Plan{})); diff != "" {
				t.Errorf("Bind(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
	for text, want := range map[string]string{
		`SELECT * FROM T.I WHERE t = 1 AND r = 1`:              "Key attribute's data type should match its data type in table's schema: Key t",
		`SELECT * FROM T.I WHERE t = 'x' ORDER BY n`:           "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
		`SELECT * FROM T.I WHERE t = 'x' AND r = 1 ORDER BY v`: "Variable reference v in ORDER BY clause must be part of the primary key",
	} {
		s, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Bind(nil, indexKeys); err == nil || err.Error() != want {
			t.Errorf("Bind(%q): %v, want %q", text, err, want)
		}
	}
}

func TestBindWrites(t *testing.T) {
	tests := []struct {
		name, text string
		params     []types.AttributeValue
		want       *Plan
	}{
		{name: "insert", text: `INSERT INTO T VALUE {'pk': ?, 'sk': 1, 'l': [1, 'x', <<1, 2>>, <<'a'>>], 'm': {'n': NULL, 'b': TRUE}}`,
			params: []types.AttributeValue{av.S("a")}, want: &Plan{Put: &dynamodb.PutItemInput{TableName: ptr("T"),
				Item: item{"pk": av.S("a"), "sk": av.N("1"), "l": av.L(av.N("1"), av.S("x"), av.NS("1", "2"), av.SS("a")),
					"m": av.M(item{"n": av.Null(), "b": av.Bool(true)})},
				ConditionExpression: ptr("attribute_not_exists(#0)"), ExpressionAttributeNames: map[string]string{"#0": "pk"}}}},
		{name: "update", text: `UPDATE T SET a = a + 1, l[2] = list_append(l, ?) SET s = set_add(s, <<'x'>>), t = set_delete(t, ?) REMOVE m.k WHERE pk = 'a' AND sk = 1 AND (v = 1 OR v = 2) RETURNING MODIFIED OLD *`,
			params: []types.AttributeValue{av.L(av.N("1")), av.NS("1")},
			want: &Plan{Update: &dynamodb.UpdateItemInput{TableName: ptr("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")},
				UpdateExpression:         ptr("REMOVE #6.#7 DELETE #5 :5 ADD #4 :4 SET #3[2] = list_append(#3, :3), #2 = #2 + :2"),
				ConditionExpression:      ptr("attribute_exists(#1) AND (#0 = :0 OR #0 = :1)"),
				ExpressionAttributeNames: map[string]string{"#0": "v", "#1": "pk", "#2": "a", "#3": "l", "#4": "s", "#5": "t", "#6": "m", "#7": "k"},
				ExpressionAttributeValues: item{":0": av.N("1"), ":1": av.N("2"), ":2": av.N("1"), ":3": av.L(av.N("1")),
					":4": av.SS("x"), ":5": av.NS("1")},
				ReturnValues: types.ReturnValueUpdatedOld}}},
		{name: "delete by key", text: `DELETE FROM T WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *`, want: &Plan{Delete: &dynamodb.DeleteItemInput{
			TableName: ptr("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")}, ReturnValues: types.ReturnValueAllOld}}},
		{name: "delete under a condition", text: `DELETE FROM T WHERE pk = 'a' AND sk = 1 AND attribute_exists(x)`, want: &Plan{Delete: &dynamodb.DeleteItemInput{
			TableName: ptr("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")}, ConditionExpression: ptr("attribute_exists(#0)"),
			ExpressionAttributeNames: map[string]string{"#0": "x"}}}},
		{name: "exists", text: `EXISTS(SELECT * FROM T WHERE pk = 'a' AND sk = 1 AND v = 1)`, want: &Plan{Check: &types.ConditionCheck{
			TableName: ptr("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")}, ConditionExpression: ptr("attribute_exists(#1) AND #0 = :0"),
			ExpressionAttributeNames: map[string]string{"#0": "v", "#1": "pk"}, ExpressionAttributeValues: item{":0": av.N("1")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bind(t, tt.text, tt.params...)
			if diff := cmp.Diff(tt.want, got, cmpInputs, cmpopts.IgnoreUnexported(Plan{})); diff != "" {
				t.Errorf("Bind(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// As in TestParseErrors, the messages are AWS's where recorded, else
// DynamoDB Local's.
func TestBindErrors(t *testing.T) {
	tests := []struct {
		text   string
		params []types.AttributeValue
		msg    string
		class  Class
	}{
		{"SELECT * FROM T WHERE pk = ?", nil, "Number of parameters in request and statement don't match.", Semantic},
		{"SELECT * FROM T WHERE pk = 'a'", []types.AttributeValue{av.S("x")}, "Number of parameters in request and statement don't match.", Semantic},
		{"SELECT * FROM T WHERE v = ?", []types.AttributeValue{&types.AttributeValueMemberN{Value: "x"}}, "The parameter cannot be converted to a numeric value: x", Plain},
		{"SELECT * FROM T WHERE pk = 1", nil, "Key attribute's data type should match its data type in table's schema: Key pk", Item},
		{"SELECT * FROM T WHERE pk = 'a' AND sk > 'x'", nil, "Key attribute's data type should match its data type in table's schema: Key sk", Item},
		{"SELECT * FROM T WHERE pk = 1e126", nil, "Number overflow. Attempting to store a number with magnitude larger than supported range", Semantic},
		{"SELECT * FROM T WHERE v = 1e-131", nil, "Number underflow. Attempting to store a number with magnitude smaller than supported range", Semantic},
		{"SELECT * FROM T WHERE v = 123456789012345678901234567890123456789", nil, "Attempting to store more than 38 significant digits in a Number", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'm': {'x': 1e126}}", nil, "Number overflow. Attempting to store a number with magnitude larger than supported range", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'l': [1, 1e126]}", nil, "Number overflow. Attempting to store a number with magnitude larger than supported range", Semantic},
		{"SELECT * FROM T WHERE v = MISSING", nil, "MISSING must be compared using IS operator", Semantic},
		{"UPDATE T SET v = MISSING WHERE pk = 'a' AND sk = 1", nil, "MISSING must be compared using IS operator", Semantic},
		{"SELECT * FROM T WHERE v + 1 = 2", nil, "Unsupported operator in Condition Expression. Operator: +", Semantic},
		{"SELECT * FROM T WHERE s LIKE 'a%'", nil, "Unsupported operator in Condition Expression. Operator: like", Semantic},
		{"SELECT * FROM T WHERE v IN []", nil, "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member", Semantic},
		{"SELECT * FROM T WHERE pk = 'a' AND TRUE", nil, "The arguments to AND/OR must be Expressions", Semantic},
		{"SELECT * FROM T WHERE EXISTS(ss)", nil, "Unrecognized function: exists at 1:23:6", Semantic},
		{"SELECT * FROM T WHERE set_add(ss, <<'x'>>) = ss", nil, "Unrecognized function: set_add at 1:23:7", Semantic},
		{"SELECT a, b.a FROM T", nil, "Duplicate identifiers in select clause: a", Semantic},
		{"SELECT * FROM T ORDER BY sk", nil, "Must have WHERE clause in the statement when using ORDER BY clause.", Semantic},
		{"SELECT * FROM T WHERE sk = 1 ORDER BY sk", nil, "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.", Semantic},
		{"SELECT * FROM T WHERE pk = 'a' ORDER BY v", nil, "Variable reference v in ORDER BY clause must be part of the primary key", Semantic},
		{"SELECT * FROM T WHERE pk = 'a' ORDER BY 1", nil, "Argument to ORDER BY must be of type VariableReference. Type: 1", Semantic},
		{"INSERT INTO T VALUE ?", []types.AttributeValue{av.M(item{"pk": av.S("a")})},
			"Unsupported format in item expression. Please use struct format {...} to express item values for insert statement. at 1:21:1", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a'}", nil, "Key attribute should be present in the item: Key sk", Item},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 'x'}", nil, "Key attribute's data type should match its data type in table's schema: Key sk", Item},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'pk': 'b'}", nil, "Duplicate keys in tuple. Key: pk under root at 1:42:4", Semantic},
		{"INSERT INTO T VALUE {pk: 'a'}", nil, "Tuple keys must be of type String. Actual type: VariableReference under root at 1:22:2", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'e': MISSING}", nil, "Unsupported data type: MISSING under key root at 1:47:7", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'e': 1 + 2}", nil, "Unsupported data type: + under key root at 1:49:1", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'e': set_add(<<'a'>>, <<'b'>>)}", nil, "Unsupported data type: set_add under key root at 1:47:7", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'f': -0.0}", nil, "Negative zero decimal is not supported under key root at 1:48:3", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'f': [{'g': -0.0}]}", nil, "Negative zero decimal is not supported under key root.0.g at 1:55:3", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'f': {'g': 1, 'g': 2}}", nil, "Duplicate keys in tuple. Key: g under root at 1:47:1", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'f': [1, {'g': MISSING}]}", nil, "Unsupported data type: LiteralMissing under key root.1.g at 1:57:7", Semantic},
		{"INSERT INTO T VALUE {'pk': ?, 'sk': 1, 'f': {'g': [1, ?]}}", []types.AttributeValue{av.S("a"), av.N("1")},
			"Unsupported data type: Parameter under key root.g.1 at 1:55:1", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'f': <<'x', ?>>}", []types.AttributeValue{av.S("y")}, "Unsupported data type: Parameter under key root at 1:54:1", Semantic},
		{"UPDATE T SET v = [a, 1 + 2] WHERE pk = 'a' AND sk = 1", nil, "Unsupported data type: VariableReference under key root.0 at 1:19:1", Semantic},
		{"UPDATE T SET v = [1, 1 + 2] WHERE pk = 'a' AND sk = 1", nil, "Unsupported data type: NAry under key root.1 at 1:24:1", Semantic},
		{"UPDATE T SET v = {'a': [m.n]} WHERE pk = 'a' AND sk = 1", nil, "Unsupported data type: Path under key root.a.0", Semantic},
		{"UPDATE T SET v = [1, ?] WHERE pk = 'a' AND sk = ?", []types.AttributeValue{av.N("1"), av.N("1")}, "Unsupported data type: Parameter under key root.1 at 1:22:1", Semantic},
		{"UPDATE T SET v = [1, ?] WHERE pk = 'a' AND sk = ?", []types.AttributeValue{av.N("1")}, "Number of parameters in request and statement don't match.", Semantic},
		{"SELECT * FROM T WHERE pk = 'a' AND v = [?]", nil, "Unsupported data type: Parameter under key root.0 at 1:41:1", Semantic},
		{"UPDATE T SET v = {'a': ?} WHERE pk = 'a' AND sk = 1", []types.AttributeValue{av.N("1")}, "Unsupported data type: Parameter under key root.a at 1:24:1", Semantic},
		{"UPDATE T SET s = set_add(s, <<?>>) WHERE pk = 'a' AND sk = 1", []types.AttributeValue{av.S("x")},
			"Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:31:1", Semantic},
		{"SELECT * FROM T WHERE pk = 'a' AND v IN [[?], 2]", []types.AttributeValue{av.N("1")}, "Unsupported data type: Parameter under key root.0 at 1:43:1", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'e': <<>>}", nil, "Empty bags are not supported at 1:47:2", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'e': <<1, 'a'>>}", nil, "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'e': <<[1]>>}", nil, "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:49:1", Semantic},
		{"UPDATE T SET v = 1 WHERE pk = 'a'", nil, "Where clause does not contain a mandatory equality on all key attributes", Semantic},
		{"UPDATE T SET v = 1 WHERE pk = 'a' OR sk = 1", nil, "Where clause does not contain a mandatory equality on all key attributes", Semantic},
		{"DELETE FROM T WHERE pk = 'a' AND sk = 1 AND pk = 'b'", nil, "Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported", Semantic},
		{"DELETE FROM T WHERE pk = 'a' AND sk = 'x'", nil, "Key attribute's data type should match its data type in table's schema: Key sk", Item},
		{"UPDATE T SET t = set_add(ss, <<'x'>>) WHERE pk = 'a' AND sk = 1", nil, "The first argument to SET_ADD must equal the assignment value at 1:18:7", Semantic},
		{"UPDATE T SET ss = set_add(<<'a'>>, <<'b'>>) WHERE pk = 'a' AND sk = 1", nil, "The first argument to SET_ADD must equal the assignment value at 1:19:7", Semantic},
		{"UPDATE T SET ss = set_add(ss, 'x') WHERE pk = 'a' AND sk = 1", nil, "The second argument to SET_ADD must be a value with type SET at 1:27:2", Semantic},
		{"UPDATE T SET ss = set_delete(ss, ['x']) WHERE pk = 'a' AND sk = 1", nil, "The second argument to SET_DELETE must be a value with type SET at 1:30:2", Semantic},
		{"UPDATE T SET ss[2] = set_add(ss[2], 'x') WHERE pk = 'a' AND sk = 1", nil, "The second argument to SET_ADD must be a value with type SET", Semantic},
		{`UPDATE T SET "ss" = set_add("ss", 'x') WHERE pk = 'a' AND sk = 1`, nil, "The second argument to SET_ADD must be a value with type SET at 1:29:4", Semantic},
		{"UPDATE T SET m.a = set_add(m.a, {'x': 1}) WHERE pk = 'a' AND sk = 1", nil, "The second argument to SET_ADD must be a value with type SET", Semantic},
		{`UPDATE T SET ss = set_add("ss", 'x') WHERE pk = 'a' AND sk = 1`, nil, "The second argument to SET_ADD must be a value with type SET at 1:27:4", Semantic},
		{`UPDATE T SET "ss" = set_add(ss, 'x') WHERE pk = 'a' AND sk = 1`, nil, "The second argument to SET_ADD must be a value with type SET at 1:29:2", Semantic},
		{"UPDATE T SET ss = set_add(ss) WHERE pk = 'a' AND sk = 1", nil, "SET_ADD must have exactly two arguments at 1:19:7", Semantic},
		{"UPDATE T SET ss = set_add(ss, <<'x', 'x'>>) WHERE pk = 'a' AND sk = 1", nil,
			"One or more parameter values were invalid: Input collection [x, x] contains duplicates.", Semantic},
		{"EXISTS(SELECT * FROM T WHERE pk = 'a' AND sk = 1)", nil, "EXISTS() must contain a single item read with additional condition", Semantic},
		// A SELECT's expressions are compiled before the values compared
		// with its key attributes are checked.
		{"SELECT * FROM T WHERE pk = 'a' AND begins_with(sk, 1)", nil, "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N", Semantic},
		{"SELECT * FROM T WHERE pk = 1 AND a < <<'a'>>", nil, "Incorrect operand type for operator or function; operator or function: <, operand type: SS", Semantic},
		{"SELECT * FROM T WHERE pk = 1 AND sk BETWEEN 2 AND 1", nil,
			"The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}", Semantic},
		{"SELECT * FROM T WHERE sk = 'x' AND a < <<'a'>>", nil, "Incorrect operand type for operator or function; operator or function: <, operand type: SS", Semantic},
		{"SELECT l, l[1] FROM T WHERE a < <<'a'>>", nil, "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [l, [1]], path two: [l]", Semantic},
		{"UPDATE T SET a = list_append('z', l), b = if_not_exists(l, l) WHERE pk = 'a' AND sk = 1", nil, "Incorrect operand type for operator or function; operator or function: list_append, operand type: S", Semantic},
		{"UPDATE T SET b = if_not_exists(l, l), a = list_append('z', l) WHERE pk = 'a' AND sk = 1", nil, "The first operand must be distinct from the remaining operands for this operator or function; operator: if_not_exists, first operand: [l]", Semantic},
		{"UPDATE T SET a = 1 - 'a', b = list_append(<<'z'>>, l) WHERE pk = 'a' AND sk = 1", nil, "Incorrect operand type for operator or function; operator or function: -, operand type: S", Semantic},
		{"UPDATE T SET a = 1, a = 2 WHERE pk = 'a' AND sk = 1", nil, "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]", Semantic},
		{"SELECT * FROM T WHERE a < <<'a'>> ORDER BY pk", nil, "Incorrect operand type for operator or function; operator or function: <, operand type: SS", Semantic},
		{"SELECT * FROM T WHERE begins_with(sk, 1) AND x >= x AND pk = 'a'", nil, "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N", Semantic},
		{"SELECT * FROM T WHERE x >= x AND begins_with(sk, 1) AND pk = 'a'", nil, "The first operand must be distinct from the remaining operands for this operator or function; operator: >=, first operand: [x]", Semantic},
		// The expressions a write renders to are compiled before its key
		// is checked, the condition before the update (as DynamoDB Local
		// answers).
		{"UPDATE T SET v = 1 WHERE pk = 'a' AND l > <<'a'>>", nil, "Incorrect operand type for operator or function; operator or function: >, operand type: SS", Semantic},
		{"UPDATE T SET v = list_append(1, l) WHERE pk = 1 AND sk = 1", nil, "Incorrect operand type for operator or function; operator or function: list_append, operand type: N", Semantic},
		{"UPDATE T SET v = list_append(1, l) WHERE pk = 'a' AND pk = 'b' AND sk = 1", nil, "Incorrect operand type for operator or function; operator or function: list_append, operand type: N", Semantic},
		{"UPDATE T SET v = if_not_exists(c, c) WHERE pk = 'a' AND sk = 1 AND l > <<'a'>>", nil, "Incorrect operand type for operator or function; operator or function: >, operand type: SS", Semantic},
		{"DELETE FROM T WHERE pk = 1 AND sk = 1 AND l > <<'a'>>", nil, "Incorrect operand type for operator or function; operator or function: >, operand type: SS", Semantic},
		{"EXISTS(SELECT * FROM T WHERE pk = 'a' AND contains(l, l))", nil, "The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [l]", Semantic},
	}
	for _, tt := range tests {
		s, err := Parse(tt.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.text, err)
			continue
		}
		_, err = s.Bind(tt.params, keys)
		e, ok := err.(*Error)
		if !ok || e.Message != tt.msg || e.Class != tt.class {
			t.Errorf("Bind(%q) = %#v, want %q (class %d)", tt.text, err, tt.msg, tt.class)
		}
	}
}

// A projected path is returned under its last name and the indexes after
// it, with the value at the whole path in the item.
func TestProject(t *testing.T) {
	it := item{
		"pk": av.S("a"), "l": av.L(av.N("1"), av.M(item{"c": av.N("3")})), "n": av.L(av.L(av.N("1"), av.N("2"))),
		"m": av.M(item{"b": av.L(av.M(item{"c": av.S("deep")})), "x": av.M(item{"y": av.N("5")})}),
	}
	want := item{"c": av.S("deep"), "n[0][1]": av.N("2"), "y": av.N("5")}
	// l[1].c and m.b[0].c share the name c: refused at bind time below.
	if _, err := mustParse(t, `SELECT m.b[0].c, l[1].c FROM T`).Bind(nil, keys); err == nil {
		t.Error("two columns named c were accepted")
	}
	p := bind(t, `SELECT m.b[0].c, n[0][1], l[7], nothere, m['x'].y FROM T`)
	if diff := cmp.Diff(want, p.Project(it), cmpInputs); diff != "" {
		t.Errorf("Project (-want +got):\n%s", diff)
	}
	if got := bind(t, `SELECT * FROM T`).Project(it); len(got) != len(it) {
		t.Errorf("SELECT * projected %v", got)
	}
	if got := p.Project(item{}); got == nil || len(got) != 0 {
		t.Errorf("Project of an item with none of the paths = %#v, want an empty item", got)
	}
}

func mustParse(t *testing.T, text string) *Statement {
	t.Helper()
	s, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A SELECT of one item by its table's whole primary key is also a Get, as
// transactions and batches require.
func TestBindGet(t *testing.T) {
	tests := []struct {
		text   string
		params []types.AttributeValue
		want   *types.Get
	}{
		{`SELECT a.b, l[1] FROM T WHERE sk = ? AND pk = ?`, []types.AttributeValue{av.N("1.0"), av.S("a")},
			&types.Get{TableName: ptr("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")},
				ProjectionExpression: ptr("#2[1], #0.#1"), ExpressionAttributeNames: map[string]string{"#0": "a", "#1": "b", "#2": "l"}}},
		{`SELECT * FROM T WHERE pk = 'a' AND sk = 1`, nil, &types.Get{TableName: ptr("T"), Key: item{"pk": av.S("a"), "sk": av.N("1")}}},
		{`SELECT * FROM T WHERE pk = 'a'`, nil, nil},
		{`SELECT * FROM T WHERE pk = 'a' AND sk = 1 AND v = 1`, nil, nil},
		{`SELECT * FROM T WHERE pk = 'a' AND sk = 1 AND sk = 2`, nil, nil},
		{`SELECT * FROM "T"."I" WHERE pk = 'a' AND sk = 1`, nil, nil},
		{`INSERT INTO T VALUE {'pk': 'a', 'sk': 1}`, nil, nil},
	}
	for _, tt := range tests {
		got, err := bind(t, tt.text, tt.params...).Get()
		if err != nil {
			t.Errorf("%s: %v", tt.text, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmpInputs); diff != "" {
			t.Errorf("Get of %s (-want +got):\n%s", tt.text, diff)
		}
	}
}

// A parameter compared in a condition keeps the form it was sent in, which
// DynamoDB's messages quote (BETWEEN's bounds: {N:1E+2}); a literal is
// normalized.
func TestConditionParameterAsSent(t *testing.T) {
	s, err := Parse("SELECT * FROM T WHERE pk = 'a' AND n BETWEEN 1E+2 AND ?")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Bind([]types.AttributeValue{av.N("1E+2")}, Keys{Hash: "pk", HashType: "S"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range p.Queries[0].ExpressionAttributeValues {
		if n, ok := v.(*types.AttributeValueMemberN); ok {
			got = append(got, n.Value)
		}
	}
	slices.Sort(got)
	if want := []string{"100", "1E+2"}; !slices.Equal(got, want) {
		t.Errorf("values %q, want %q", got, want)
	}
}

func TestPlainNumber(t *testing.T) {
	for text, want := range map[string]string{
		"1.0": "1.0", "1E+2": "100", "1e2": "100", "1.5E-3": "0.0015", "-9.99E+3": "-9990", "1E-5": "0.00001",
		"0012.50": "12.50", ".5": "0.5", "5.": "5", "0": "0", "0.00": "0.00", "1.25E1": "12.5", "+3": "3",
	} {
		if got := plainNumber(text); got != want {
			t.Errorf("plainNumber(%q) = %q, want %q", text, got, want)
		}
	}
}

// A statement that compiled with some parameters still reports the mistakes of
// other parameters: of another type, or, where the values themselves are
// checked (BETWEEN's bounds, attribute_type's type name), another value.
func TestBindAgainWithOtherParameters(t *testing.T) {
	tests := []struct {
		text      string
		good, bad []types.AttributeValue
	}{
		{"SELECT * FROM T WHERE pk = ? AND v < ?", []types.AttributeValue{av.S("a"), av.N("1")}, []types.AttributeValue{av.S("a"), av.M(item{})}},
		{"SELECT * FROM T WHERE pk = ? AND begins_with(v, ?)", []types.AttributeValue{av.S("a"), av.S("x")}, []types.AttributeValue{av.S("a"), av.N("1")}},
		{"SELECT * FROM T WHERE pk = ? AND v BETWEEN ? AND ?", []types.AttributeValue{av.S("a"), av.N("1"), av.N("5")}, []types.AttributeValue{av.S("a"), av.N("5"), av.N("1")}},
		{"SELECT * FROM T WHERE pk = ? AND (v = 1 OR v BETWEEN 2 AND ?)", []types.AttributeValue{av.S("a"), av.N("5")}, []types.AttributeValue{av.S("a"), av.N("1")}},
		{"SELECT * FROM T WHERE pk = ? AND attribute_type(v, ?)", []types.AttributeValue{av.S("a"), av.S("S")}, []types.AttributeValue{av.S("a"), av.S("X")}},
		{"UPDATE T SET v = v + ? WHERE pk = ? AND sk = 1", []types.AttributeValue{av.N("1"), av.S("a")}, []types.AttributeValue{av.S("x"), av.S("a")}},
		{"UPDATE T SET v = 1 WHERE pk = ? AND sk = 1 AND w BETWEEN ? AND 5", []types.AttributeValue{av.S("a"), av.N("1")}, []types.AttributeValue{av.S("a"), av.N("9")}},
		{"DELETE FROM T WHERE pk = ? AND sk = 1 AND begins_with(v, ?)", []types.AttributeValue{av.S("a"), av.S("x")}, []types.AttributeValue{av.S("a"), av.Bool(true)}},
		{"EXISTS(SELECT * FROM T WHERE pk = ? AND sk = 1 AND v < ?)", []types.AttributeValue{av.S("a"), av.N("1")}, []types.AttributeValue{av.S("a"), av.L()}},
	}
	for _, tt := range tests {
		// The same text with another spacing is another statement, which
		// has never compiled: the error the bad parameters must get.
		fresh, err := Parse(tt.text + " ")
		if err != nil {
			t.Fatal(err)
		}
		_, want := fresh.Bind(tt.bad, keys)
		if want == nil {
			t.Fatalf("%s with the bad parameters: no error", tt.text)
		}
		s, err := Parse(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := s.Bind(tt.good, keys); err != nil {
				t.Fatalf("%s with the good parameters: %v", tt.text, err)
			}
		}
		if _, err := s.Bind(tt.bad, keys); err == nil || err.Error() != want.Error() {
			t.Errorf("%s with the bad parameters after the good: %v, want %v", tt.text, err, want)
		}
	}
}

// Statements are shared by the requests that send their text: binding one
// from several goroutines at once, with parameters of several types, gives
// each the answer it would get alone.
func TestBindConcurrently(t *testing.T) {
	s, err := Parse("SELECT * FROM T WHERE pk = ? AND v < ?")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				second := av.N("1")
				if bad := (g+i)%3 == 0; bad {
					second = av.Bool(true)
				}
				_, err := s.Bind([]types.AttributeValue{av.S("a"), second}, keys)
				if bad := (g+i)%3 == 0; bad != (err != nil) {
					t.Errorf("Bind with %T: %v", second, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
