package expr

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// Messages recorded from DynamoDB Local for malformed conditions.
func TestConditionErrors(t *testing.T) {
	in101 := "a IN (" + strings.Repeat("x, ", 100) + "y)"
	tests := []struct {
		expr   string
		names  map[string]string
		values item
		want   string
	}{
		{expr: "", want: "Invalid ConditionExpression: The expression can not be empty;"},
		{expr: " ", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: " "`},
		{expr: "a =", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="`},
		{expr: "a =   ", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "=   "`},
		{expr: "a = b AND", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"`},
		{expr: "a == b", want: `Invalid ConditionExpression: Syntax error; token: "=", near: "== b"`},
		{expr: "a = 1", want: `Invalid ConditionExpression: Syntax error; token: "1", near: "= 1"`},
		{expr: "a    =    1   ", want: `Invalid ConditionExpression: Syntax error; token: "1", near: "=    1   "`},
		{expr: "  =   b", want: `Invalid ConditionExpression: Syntax error; token: "=", near: "  =   b"`},
		{expr: `a = "x"`, want: `Invalid ConditionExpression: Syntax error; token: """, near: "= "x"`},
		{expr: "a = b c", want: `Invalid ConditionExpression: Syntax error; token: "c", near: "b c"`},
		{expr: "(a = b", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "b"`},
		{expr: "a = b)", want: `Invalid ConditionExpression: Syntax error; token: ")", near: "b)"`},
		{expr: "a < b < c", want: `Invalid ConditionExpression: Syntax error; token: "<", near: "b < c"`},
		{expr: "a BETWEEN b", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "b"`},
		{expr: "a IN ()", want: `Invalid ConditionExpression: Syntax error; token: ")", near: "()"`},
		{expr: "a   IN   (  )  ", want: `Invalid ConditionExpression: Syntax error; token: ")", near: "(  )  "`},
		{expr: "a IN b", want: `Invalid ConditionExpression: Syntax error; token: "b", near: "IN b"`},
		{expr: "a IN (b,)", want: `Invalid ConditionExpression: Syntax error; token: ")", near: ",)"`},
		{expr: "a BETWEEN (b AND c)", want: `Invalid ConditionExpression: Syntax error; token: "AND", near: "b AND c"`},
		{expr: "a BETWEEN b OR c", want: `Invalid ConditionExpression: Syntax error; token: "OR", near: "b OR c"`},
		{expr: "NOT a", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a"`},
		{expr: "#x", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "#x"`},
		{expr: ":x", want: `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":x"`},
		{expr: "a = b NOT c", want: `Invalid ConditionExpression: Syntax error; token: "NOT", near: "b NOT c"`},
		{expr: "a = b AND AND c", want: `Invalid ConditionExpression: Syntax error; token: "AND", near: "AND AND c"`},
		{expr: "a = $", want: `Invalid ConditionExpression: Syntax error; token: "$", near: "= $"`},
		{expr: "a..b = c", want: `Invalid ConditionExpression: Syntax error; token: ".", near: "..b"`},
		{expr: "a[1 = b", want: `Invalid ConditionExpression: Syntax error; token: "=", near: "1 = b"`},
		{expr: "a[-1] = b", want: `Invalid ConditionExpression: Syntax error; token: "-", near: "[-1"`},
		{expr: "a[x] = b", want: `Invalid ConditionExpression: Syntax error; token: "x", near: "[x]"`},
		{expr: "a.1 = b", want: `Invalid ConditionExpression: Syntax error; token: "1", near: ".1 ="`},
		{expr: "a[01] = b", want: `Invalid ConditionExpression: Syntax error; token: "1", near: "01]"`},
		{expr: "a_b-c = d", want: `Invalid ConditionExpression: Syntax error; token: "-", near: "a_b-c"`},
		{expr: "_a = b", want: `Invalid ConditionExpression: Syntax error; token: "_", near: "_a"`},
		{expr: "1a = b", want: `Invalid ConditionExpression: Syntax error; token: "1", near: "1a"`},
		{expr: "a#b = c", want: `Invalid ConditionExpression: Syntax error; token: "#b", near: "a#b ="`},
		{expr: "size(a) = 1", want: `Invalid ConditionExpression: Syntax error; token: "1", near: "= 1"`},
		{expr: "foo()", want: `Invalid ConditionExpression: Syntax error; token: ")", near: "()"`},
		{expr: "size(a)()", want: `Invalid ConditionExpression: Syntax error; token: "(", near: ")()"`},
		{expr: "status = a", want: "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"},
		{expr: "#n = status", want: "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"},
		{expr: "status = a AND foo(b)", want: "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"},
		{expr: "foo(b) AND status = a", want: "Invalid ConditionExpression: Invalid function name; function: foo"},
		{expr: "a = :x AND foo(b)", want: "Invalid ConditionExpression: Invalid function name; function: foo"},
		{expr: "ATTRIBUTE_EXISTS(a)", want: "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS"},
		{expr: "a[99999999999] = b AND foo(c)", want: "Invalid ConditionExpression: List index is not within the allowable range; index: [99999999999]"},
		{expr: "a[2147483648] = b", want: "Invalid ConditionExpression: List index is not within the allowable range; index: [2147483648]"},
		{expr: "((a = b))", want: "Invalid ConditionExpression: The expression has redundant parentheses;"},
		{expr: "((a)) = b", want: "Invalid ConditionExpression: The expression has redundant parentheses;"},
		{expr: "(a = b) AND ((c = d))", want: "Invalid ConditionExpression: The expression has redundant parentheses;"},
		{expr: "size(a)", want: "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"},
		{expr: "c = :x AND size(a)", want: "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"},
		{expr: "contains(a, b) = c", want: "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: contains"},
		{expr: "attribute_not_exists(a) = b", want: "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_not_exists"},
		{expr: "if_not_exists(a, b) = c", want: "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"},
		{expr: "a = list_append(a, b)", want: "Invalid ConditionExpression: The function is not allowed in a condition expression; function: list_append"},
		{expr: "a = #x", want: "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"},
		{expr: "a = :x", want: "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x"},
		{expr: "attribute_exists(a, b)", want: "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"},
		{expr: "attribute_exists(a,b) AND c = :x", want: "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"},
		{expr: "c = :x AND attribute_exists(a,b)", want: "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x"},
		{expr: "begins_with(a)", want: "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"},
		{expr: "size(a, b) > c", want: "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2"},
		{expr: "attribute_type(a, :x, :y)", want: "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x"},
		{expr: "attribute_exists(size(a))", want: "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"},
		{expr: "attribute_exists(:v)", values: item{":v": av.S("x")}, want: "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"},
		{expr: "attribute_type(a, b)", want: "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {S,NS,M,N,B,INTSET,HD,HDS,DOUBLESET,DICT,SS,INT,FLOAT,FS,L,DECIMAL,BS,BOOL,DOUBLE,NULL,DECIMALSET}"},
		{expr: "attribute_type(a, :v)", values: item{":v": av.S("Q")}, want: "Invalid ConditionExpression: Invalid attribute type name found; type: Q, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}"},
		{expr: "attribute_type(a, :v)", values: item{":v": av.N("1")}, want: "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"},
		{expr: "begins_with(a, :v)", values: item{":v": av.N("1")}, want: "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
		{expr: "begins_with(size(a), b)", want: "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
		{expr: "size(size(a)) > b", want: "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"},
		{expr: "a < :v", values: item{":v": av.Bool(true)}, want: "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"},
		{expr: "a < :v", values: item{":v": av.M(item{})}, want: "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: M"},
		{expr: "a BETWEEN :a AND :b", values: item{":a": av.N("5"), ":b": av.N("1")}, want: "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"},
		{expr: "a BETWEEN :a AND :b", values: item{":a": av.N("1e2"), ":b": av.N("-9.9E+125")}, want: "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:1e2}, upper bound operand: AttributeValue: {N:-9.9E+125}"},
		{expr: "a BETWEEN :a AND :b", values: item{":a": av.B("\x80"), ":b": av.B("\x01")}, want: "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=1 cap=1]}, upper bound operand: AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=1 cap=1]}"},
		{expr: "a BETWEEN :a AND :b", values: item{":a": av.S("x"), ":b": av.B("")}, want: "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {S:x}, upper bound operand: AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]}"},
		{expr: "a BETWEEN :a AND :b", values: item{":a": av.N("1"), ":b": av.S("1")}, want: "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:1}"},
		{expr: "a = a", want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"},
		{expr: "#n = a", names: map[string]string{"#n": "a"}, want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"},
		{expr: "a.b = a.b", want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b]"},
		{expr: "a[0] = a[0]", want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, [0]]"},
		{expr: "a IN (b, a)", want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: IN, first operand: [a]"},
		{expr: "a BETWEEN b AND a", want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: BETWEEN, first operand: [a]"},
		{expr: "contains(a, a)", want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]"},
		{expr: "b = b AND begins_with(a, :v)", values: item{":v": av.N("1")}, want: "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [b]"},
		{expr: in101, want: "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101"},
		{expr: "a = b", names: map[string]string{"#n": ""}, want: "ExpressionAttributeNames contains invalid value: Empty attribute name for key #n"},
		{expr: "a = b", names: map[string]string{"#n": strings.Repeat("n", 65536)}, want: "ExpressionAttributeNames contains invalid value: Attribute name is too large, must be less than 65536 bytes for key #n"},
		{expr: "a = b", names: map[string]string{"n": "x"}, want: `ExpressionAttributeNames contains invalid key: Syntax error; key: "n"`},
		{expr: "a = b", names: map[string]string{"#n-x": "x"}, want: `ExpressionAttributeNames contains invalid key: Syntax error; key: "#n-x"`},
		{expr: "a = b", values: item{"v": av.S("x")}, want: `ExpressionAttributeValues contains invalid key: Syntax error; key: "v"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := NewParams(tt.names, tt.values).Condition(tt.expr)
			if diff := cmp.Diff(tt.want, message(t, err)); diff != "" {
				t.Errorf("Condition(%q) error (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

// Invalid values are reported by engine/attr, wrapped with the key, before
// the expression is parsed.
func TestInvalidValueBeforeSyntax(t *testing.T) {
	_, err := NewParams(nil, item{":v": av.N("abc")}).Condition("a = = :v")
	got := message(t, err)
	if !strings.HasPrefix(got, "ExpressionAttributeValues contains invalid value: ") || !strings.HasSuffix(got, " for key :v") {
		t.Errorf("error = %q, want the invalid value of :v", got)
	}
}

func TestConditionValid(t *testing.T) {
	in100 := "a IN (" + strings.Repeat("x, ", 99) + "y)"
	for _, expr := range []string{
		"a = b", "a <> b", "a < b", "a <= b", "a > b", "a >= b", "(a = b)", "(a) = b", "a = (b)", "((a = b) AND c = d)",
		"a = b and c = d", "a = b AnD c = d", "not a = b", "NOT NOT a = b", "a in (b)", "a between b and c",
		"a.#n = b", "#n.#n = b", "#n[1].c = b", "a[1][2] = b", "a[ 1 ] = b", "a [1] = b", "a . b = c", "a1 = b", "#1 = a",
		"a[2147483647] = b", "size(a) = size(b)", "size(a) = size(a)", "a = size(b)", "contains(size(a), b)", in100,
		"attribute_not_exists(a) AND attribute_not_exists(a)", "begins_with(:v, a)", ":v = :v", ":v = :w",
		"attribute_exists(size)", "size = a", "SIZE = a", "size(size) = a", "a.size = b", "attribute_exists(convert)", "Convert = a",
		"contains(contains, a)", "attribute_exists(attribute_exists)", "begins_with = a",
	} {
		p := NewParams(map[string]string{"#n": "x", "#1": "b"}, item{":v": av.S("x"), ":w": av.S("x")})
		if _, err := p.Condition(expr); err != nil {
			t.Errorf("Condition(%q): %v", expr, err)
		}
	}
}

func TestConditionEval(t *testing.T) {
	values := item{
		":s": av.S("hello"), ":he": av.S("he"), ":ll": av.S("ll"), ":x": av.S("x"), ":a": av.S("a"), ":z": av.S("zzz"), ":e": av.S(""),
		":5": av.N("5"), ":5dot0": av.N("5.0"), ":1": av.N("1"), ":3": av.N("3"), ":9": av.N("9"), ":b1": av.B("\x01"), ":b12": av.B("\x01\x02"), ":b2": av.B("\x02"), ":bff": av.B("\xff"),
		":t": av.Bool(true), ":f": av.Bool(false), ":null": av.Null(), ":ssba": av.SS("b", "a"), ":l": av.L(av.N("2")), ":lfull": av.L(av.N("1"), av.S("x"), av.L(av.N("2"))),
		":tS": av.S("S"), ":tN": av.S("N"), ":tSS": av.S("SS"), ":tM": av.S("M"), ":tL": av.S("L"), ":tNULL": av.S("NULL"), ":tBOOL": av.S("BOOL"),
		":deep": av.S("deep"),
	}
	tests := []struct {
		expr string
		want bool
	}{
		{"s = :s", true}, {"s = :x", false}, {"s <> :x", true}, {"s <> :s", false},
		{"n = :5dot0", true}, {"n = :s", false}, {"n <> :s", true}, {"nope = :s", false}, {"nope <> :s", true}, {"nope <> nope2", true},
		{"n < :9", true}, {"n < :1", false}, {"n <= :5", true}, {"n > :1", true}, {"n >= :9", false}, {"n < :s", false}, {"n > :s", false},
		{"s > :he", true}, {"s < :z", true}, {"b > :b1", true}, {"b < :bff", true}, {"b > :s", false},
		{"ss = :ssba", true}, {"t = :t", true}, {"t = :f", false}, {"z = :null", true}, {"l[2] = :l", true}, {"l = :lfull", true},
		{"m.y.z = :deep", true}, {"m.k[0] = :a", true}, {"l[2][0] = :1", false}, {"l[9] = :1", false}, {"s.x = :1", false}, {"s[0] = :1", false},
		{"n BETWEEN :1 AND :9", true}, {"n BETWEEN :5 AND :5", true}, {"n BETWEEN :1 AND :3", false}, {"s BETWEEN :1 AND :9", false}, {"s BETWEEN :he AND :z", true},
		{"n IN (:1, :5dot0)", true}, {"n IN (:1, :3)", false}, {"nope IN (:1)", false}, {"s IN (:x, :s)", true},
		{"attribute_exists(s)", true}, {"attribute_exists(nope)", false}, {"attribute_exists(m.y.z)", true}, {"attribute_exists(l[3])", false},
		{"attribute_not_exists(nope)", true}, {"attribute_not_exists(z)", false},
		{"attribute_type(s, :tS)", true}, {"attribute_type(s, :tN)", false}, {"attribute_type(ss, :tSS)", true}, {"attribute_type(m, :tM)", true},
		{"attribute_type(l, :tL)", true}, {"attribute_type(z, :tNULL)", true}, {"attribute_type(t, :tBOOL)", true}, {"attribute_type(nope, :tS)", false},
		{"begins_with(s, :he)", true}, {"begins_with(s, :ll)", false}, {"begins_with(s, :e)", true}, {"begins_with(b, :b1)", true}, {"begins_with(b, :he)", false},
		{"begins_with(n, :he)", false}, {"begins_with(nope, :he)", false},
		{"contains(s, :ll)", true}, {"contains(s, :x)", false}, {"contains(ss, :a)", true}, {"contains(ss, :x)", false}, {"contains(ns, :1)", true},
		{"contains(ns, :3)", false}, {"contains(bs, :b1)", true}, {"contains(l, :x)", true}, {"contains(l, :l)", true}, {"contains(l, :a)", false},
		{"contains(n, :5)", false}, {"contains(m, :x)", false}, {"contains(ss, :1)", false}, {"contains(b, :b2)", true}, {"contains(b, :b12)", true}, {"contains(b, :bff)", false}, {"contains(b, :s)", false},
		{"size(s) = :5", true}, {"size(u) = :3", true}, {"size(e) = :e", false}, {"size(b) > :1", true}, {"size(ss) < :3", true}, {"size(ns) = :3", false},
		{"size(bs) = :1", true}, {"size(l) = :3", true}, {"size(m) = :3", true}, {"size(n) = :1", false}, {"size(nope) = :1", false}, {"size(nope) <> :1", true},
		{"size(:s) = :5", true},
		{"s = :s AND n = :5", true}, {"s = :s AND n = :1", false}, {"s = :x OR n = :5", true}, {"s = :x OR n = :1", false},
		{"NOT s = :s", false}, {"NOT (s = :x)", true}, {"s = :x OR s = :s AND n = :1", false}, {"(s = :x OR s = :s) AND n = :5", true},
		{"NOT s = :x AND n = :1", false}, {"s = :s OR n = :1 AND n = :3", true},
	}
	it := sample()
	for _, tt := range tests {
		c, err := NewParams(nil, values).Condition(tt.expr)
		if err != nil {
			t.Errorf("Condition(%q): %v", tt.expr, err)
			continue
		}
		if got, _ := c.Eval(it); got != tt.want {
			t.Errorf("%q on sample item = %v, want %v", tt.expr, got, tt.want)
		}
	}
	c, _ := NewParams(nil, values).Condition("attribute_not_exists(s)")
	if got, _ := c.Eval(nil); !got {
		t.Error("attribute_not_exists on a missing item is false")
	}
}

func TestFilterPrefix(t *testing.T) {
	_, err := NewParams(nil, nil).Filter("a =")
	want := `Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="`
	if got := message(t, err); got != want {
		t.Errorf("Filter error = %q, want %q", got, want)
	}
	_, err = NewParams(nil, nil).Filter("if_not_exists(a, b) = c")
	want = "Invalid FilterExpression: The function is not allowed in a condition expression; function: if_not_exists"
	if got := message(t, err); got != want {
		t.Errorf("Filter error = %q, want %q", got, want)
	}
}

func TestCheckUnused(t *testing.T) {
	tests := []struct {
		expr   string
		names  map[string]string
		values item
		want   string
	}{
		{"a = b", map[string]string{"#n": "x"}, nil, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}"},
		{"a = b", map[string]string{"#n": "x", "#m": "y"}, nil, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#m, #n}"},
		{"a = b", nil, item{":v": av.S("x")}, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"},
		{"a = :one", nil, item{":one": av.N("1"), ":l": av.S("x"), ":m": av.S("x"), ":s": av.S("x"), ":ss": av.S("x"), ":ns": av.S("x")}, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:l, :m, :s, :ss, :ns}"},
		{"#n = :v", map[string]string{"#n": "x"}, item{":v": av.S("x")}, ""},
	}
	for _, tt := range tests {
		p := NewParams(tt.names, tt.values)
		if _, err := p.Condition(tt.expr); err != nil {
			t.Fatal(err)
		}
		if got := message(t, p.CheckUnused()); got != tt.want {
			t.Errorf("CheckUnused after %q = %q, want %q", tt.expr, got, tt.want)
		}
	}
}

func TestJavaOrderManyKeys(t *testing.T) {
	keys := map[string]int{}
	for i := range 20 {
		keys[":v"+strconv.Itoa(i)] = i
	}
	got := JavaOrder(keys)
	if len(got) != 20 {
		t.Fatalf("JavaOrder returned %d keys", len(got))
	}
}
