package expr

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

var updateValues = item{
	":one": av.N("1"), ":s": av.S("x"), ":l": av.L(av.S("z")), ":ss": av.SS("b", "c"), ":ssa": av.SS("a", "b"), ":ns": av.NS("3", "1"),
	":m": av.M(item{}), ":bs": av.BS("\x01", "\x02"), ":big": av.N("9E+125"), ":null": av.Null(), ":t": av.Bool(true), ":e": av.S(""),
}

// updateItem is the item the update tests start from (DynamoDB Local's
// results were recorded from the same item).
func updateItem() item {
	return item{
		"n": av.N("5"), "s": av.S("str"), "l": av.L(av.N("1"), av.N("2"), av.N("3")), "m": av.M(item{"x": av.N("1"), "y": av.M(item{})}),
		"ss": av.SS("a", "b"), "ns": av.NS("1", "2"), "bs": av.BS("\x01"),
	}
}

func TestUpdateCompileErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"", "Invalid UpdateExpression: The expression can not be empty;"},
		{"SET", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"`},
		{"SET a", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "a"`},
		{"SET a =", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "="`},
		{"SET a = :one,", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","`},
		{"SET a = :one, , b = :one", `Invalid UpdateExpression: Syntax error; token: ",", near: ", , b"`},
		{"a = :one", `Invalid UpdateExpression: Syntax error; token: "a", near: "a ="`},
		{"FOO a", `Invalid UpdateExpression: Syntax error; token: "FOO", near: "FOO a"`},
		{"SET a = b + c + d", `Invalid UpdateExpression: Syntax error; token: "+", near: "c + d"`},
		{"SET a = n + (n + :one)", `Invalid UpdateExpression: Syntax error; token: "+", near: "n + :one"`},
		{"SET a = n + n - n", `Invalid UpdateExpression: Syntax error; token: "-", near: "n - n"`},
		{"SET a = - n", `Invalid UpdateExpression: Syntax error; token: "-", near: "= - n"`},
		{"SET a = n + -n", `Invalid UpdateExpression: Syntax error; token: "-", near: "+ -n"`},
		{"SET a = :one +", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "+"`},
		{"ADD a b", `Invalid UpdateExpression: Syntax error; token: "b", near: "a b"`},
		{"ADD a", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "a"`},
		{"ADD a = :one", `Invalid UpdateExpression: Syntax error; token: "=", near: "a = :one"`},
		{"ADD a :one + :one", `Invalid UpdateExpression: Syntax error; token: "+", near: ":one + :one"`},
		{"DELETE ss b", `Invalid UpdateExpression: Syntax error; token: "b", near: "ss b"`},
		{"REMOVE", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "REMOVE"`},
		{"REMOVE a,", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","`},
		{"REMOVE a = b", `Invalid UpdateExpression: Syntax error; token: "=", near: "a = b"`},
		{"REMOVE :one", `Invalid UpdateExpression: Syntax error; token: ":one", near: "REMOVE :one"`},
		{"SET :one = :one", `Invalid UpdateExpression: Syntax error; token: ":one", near: "SET :one ="`},
		{"SET a = :one SET b = :one", `Invalid UpdateExpression: The "SET" section can only be used once in an update expression;`},
		{"REMOVE a, status SET a = :one SET b = :one", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"},
		{"SET a = :one, status = :one", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"},
		{"SET a = size(l)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"},
		{"SET a = attribute_exists(l)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: attribute_exists"},
		{"SET a = if_not_exists(size(n), :one)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"},
		{"SET a = foo(l)", "Invalid UpdateExpression: Invalid function name; function: foo"},
		{"SET a = list_append(l, :l) + :one", "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append"},
		{"SET a = :s + :one", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"},
		{"SET a = if_not_exists(:one, n)", "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"},
		{"SET a = if_not_exists(n)", "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1"},
		{"SET a = list_append(l, :one)", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N"},
		{"SET a = list_append(:l)", "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"},
		{"ADD a :s", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"},
		{"ADD a :l", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND"},
		{"DELETE ss :one", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"},
		{"DELETE a :s", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING, typeSet: ALLOWED_FOR_DELETE_OPERAND"},
		{"REMOVE #x", "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #x"},
		{"SET m.#k = :one", "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #k"},
		{"SET a = :x", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x"},
		{"SET a = :one REMOVE a", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
		{"SET m.x = :one REMOVE m", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m]"},
		{"SET m = :one REMOVE m.x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, x]"},
		{"SET l[0] = :one, l[0] = :one", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, [0]]"},
		{"SET m.x = :one, m[0] = :one", "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m, [0]]"},
		{"SET a = :one DELETE a.b :ss", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"},
		{"ADD ss :ss, ss :ss", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [ss], path two: [ss]"},
	}
	for _, tt := range tests {
		_, err := NewParams(nil, updateValues).Update(tt.expr)
		if diff := cmp.Diff(tt.want, message(t, err)); diff != "" {
			t.Errorf("Update(%q) error (-want +got):\n%s", tt.expr, diff)
		}
	}
}

// Results recorded from DynamoDB Local applying each update to updateItem.
func TestUpdateApply(t *testing.T) {
	with := func(changes item, removed ...string) item {
		it := updateItem()
		for k, v := range changes {
			it[k] = v
		}
		for _, k := range removed {
			delete(it, k)
		}
		return it
	}
	tests := []struct {
		expr    string
		want    item
		wantErr string
	}{
		{expr: "SET a = :one", want: with(item{"a": av.N("1")})},
		{expr: "set a = :one, b = :one remove c", want: with(item{"a": av.N("1"), "b": av.N("1")})},
		{expr: "SET a = :one + :one", want: with(item{"a": av.N("2")})},
		{expr: "SET a = n + :one", want: with(item{"a": av.N("6")})},
		{expr: "SET a = n - :one", want: with(item{"a": av.N("4")})},
		{expr: "SET a = (n + :one)", want: with(item{"a": av.N("6")})},
		{expr: "SET a = s + :one", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "SET a = nope + :one", wantErr: "The provided expression refers to an attribute that does not exist in the item"},
		{expr: "SET a = s + :one, b = nope + :one", wantErr: "The provided expression refers to an attribute that does not exist in the item"},
		{expr: "SET a = nope + :one, m.z.w = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET a = :one, b = a", wantErr: "The provided expression refers to an attribute that does not exist in the item"},
		{expr: "SET a = if_not_exists(nope, :one)", want: with(item{"a": av.N("1")})},
		{expr: "SET a = if_not_exists(n, :s)", want: with(item{"a": av.N("5")})},
		{expr: "SET a = if_not_exists(n.x, :one)", want: with(item{"a": av.N("1")})},
		{expr: "SET a = if_not_exists(n, :one) + :one", want: with(item{"a": av.N("6")})},
		{expr: "SET a = list_append(l, :l)", want: with(item{"a": av.L(av.N("1"), av.N("2"), av.N("3"), av.S("z"))})},
		{expr: "SET a = list_append(:l, l)", want: with(item{"a": av.L(av.S("z"), av.N("1"), av.N("2"), av.N("3"))})},
		{expr: "SET a = list_append(:l, :l)", want: with(item{"a": av.L(av.S("z"), av.S("z"))})},
		{expr: "SET a = list_append(nope, :l)", wantErr: "The provided expression refers to an attribute that does not exist in the item"},
		{expr: "SET a = list_append(s, :l)", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "SET l[10] = :one", want: with(item{"l": av.L(av.N("1"), av.N("2"), av.N("3"), av.N("1"))})},
		{expr: "SET l[1] = :one", want: with(item{"l": av.L(av.N("1"), av.N("1"), av.N("3"))})},
		{expr: "SET l[5] = :one, l[4] = :s", want: with(item{"l": av.L(av.N("1"), av.N("2"), av.N("3"), av.S("x"), av.N("1"))})},
		{expr: "SET m.z = :one", want: with(item{"m": av.M(item{"x": av.N("1"), "y": av.M(item{}), "z": av.N("1")})})},
		{expr: "SET m.y.z = :one", want: with(item{"m": av.M(item{"x": av.N("1"), "y": av.M(item{"z": av.N("1")})})})},
		{expr: "SET m = :m, m2 = m.x", want: with(item{"m": av.M(item{}), "m2": av.N("1")})},
		{expr: "SET a = :null", want: with(item{"a": av.Null()})},
		{expr: "SET m.x = :e", want: with(item{"m": av.M(item{"x": av.S(""), "y": av.M(item{})})})},
		{expr: "SET m.z.w = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET nope.a = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET s.a = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET s[0] = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET m[0] = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET l.a = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET ss[0] = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET l[0].x = :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "REMOVE l[0], l[1]", want: with(item{"l": av.L(av.N("3"))})},
		{expr: "REMOVE l[0], l[2]", want: with(item{"l": av.L(av.N("2"))})},
		{expr: "REMOVE l[5]", want: updateItem()},
		{expr: "REMOVE nope", want: updateItem()},
		{expr: "REMOVE m.x, m.y", want: with(item{"m": av.M(item{})})},
		{expr: "REMOVE nope.x", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "REMOVE m.nope.x", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "REMOVE s.x", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "REMOVE s[1]", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "REMOVE ss[0]", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "SET l[0] = :one REMOVE l[1]", want: with(item{"l": av.L(av.N("1"), av.N("3"))})},
		{expr: "SET l[2] = :s REMOVE l[0]", want: with(item{"l": av.L(av.N("2"), av.S("x"))})},
		{expr: "REMOVE l[0] SET l[2] = :s", want: with(item{"l": av.L(av.N("2"), av.S("x"))})},
		{expr: "SET l[1] = :s REMOVE l[2]", want: with(item{"l": av.L(av.N("1"), av.S("x"))})},
		{expr: "REMOVE l[1] ADD l[2] :one", want: with(item{"l": av.L(av.N("1"), av.N("4"))})},
		{expr: "ADD n :one", want: with(item{"n": av.N("6")})},
		{expr: "ADD nope :one", want: with(item{"nope": av.N("1")})},
		{expr: "ADD s :one", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "ADD ss :ss", want: with(item{"ss": av.SS("a", "b", "c")})},
		{expr: "ADD bs :bs", want: with(item{"bs": av.BS("\x01", "\x02")})},
		{expr: "ADD ss :ns", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "ADD n :ss", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "ADD nope :ss", want: with(item{"nope": av.SS("b", "c")})},
		{expr: "ADD a.b :one", wantErr: "The document path provided in the update expression is invalid for update"},
		{expr: "ADD m.newk :one", want: with(item{"m": av.M(item{"x": av.N("1"), "y": av.M(item{}), "newk": av.N("1")})})},
		{expr: "ADD l[0] :one", want: with(item{"l": av.L(av.N("2"), av.N("2"), av.N("3"))})},
		{expr: "ADD l[7] :one", want: with(item{"l": av.L(av.N("1"), av.N("2"), av.N("3"), av.N("1"))})},
		{expr: "DELETE ss :ss", want: with(item{"ss": av.SS("a")})},
		{expr: "DELETE ss :ssa", want: with(nil, "ss")},
		{expr: "DELETE ns :ns", want: with(item{"ns": av.NS("2")})},
		{expr: "DELETE bs :bs", want: with(nil, "bs")},
		{expr: "DELETE ss :ns", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "DELETE n :ss", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "DELETE m.x :ns", wantErr: "An operand in the update expression has an incorrect data type"},
		{expr: "DELETE nope :ss", want: updateItem()},
		{expr: "DELETE ss :ss, ns :ns", want: with(item{"ss": av.SS("a"), "ns": av.NS("2")})},
		{expr: "SET a = :one REMOVE b ADD c :one DELETE d :ss", want: with(item{"a": av.N("1"), "c": av.N("1")})},
	}
	for _, tt := range tests {
		u, err := NewParams(nil, updateValues).Update(tt.expr)
		if err != nil {
			t.Errorf("Update(%q): %v", tt.expr, err)
			continue
		}
		before := updateItem()
		got, err := u.Apply(before)
		if diff := cmp.Diff(tt.wantErr, message(t, err)); diff != "" {
			t.Errorf("Apply(%q) error (-want +got):\n%s", tt.expr, diff)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmpValues); diff != "" {
			t.Errorf("Apply(%q) (-want +got):\n%s", tt.expr, diff)
		}
		if diff := cmp.Diff(updateItem(), before, cmpValues); diff != "" {
			t.Errorf("Apply(%q) modified its input (-want +got):\n%s", tt.expr, diff)
		}
	}
}

var cmpValues = cmp.Exporter(func(reflect.Type) bool { return true })

func TestUpdateAttributesAndUpdated(t *testing.T) {
	u, err := NewParams(nil, updateValues).Update("SET m.x = :one, a = :one REMOVE l[1], m.y ADD n :one")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"m", "a", "l", "n"}, u.Attributes()); diff != "" {
		t.Errorf("Attributes (-want +got):\n%s", diff)
	}
	want := item{"m": av.M(item{"x": av.N("1"), "y": av.M(item{})}), "l": av.L(av.N("2")), "n": av.N("5")}
	if diff := cmp.Diff(want, u.Updated(updateItem()), cmpValues); diff != "" {
		t.Errorf("Updated (-want +got):\n%s", diff)
	}
}
