package difftest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// Scenarios of PartiQL statements. Table names are written as quoted
// identifiers, which the namespace rewrites (see namespace.go).

// stmt is an ExecuteStatement step.
func stmt(name, text string, params ...types.AttributeValue) Step {
	return Step{Name: name, In: &dynamodb.ExecuteStatementInput{Statement: str(text), Parameters: params}}
}

// scanStmt is an ExecuteStatement step that scans, whose items DynamoDB
// returns in no defined order.
func scanStmt(name, text string) Step {
	st := stmt(name, text)
	st.Unordered = true
	return st
}

// badStmt is an ExecuteStatement step that fails with a ValidationException
// with message msg.
func badStmt(text, msg string, params ...types.AttributeValue) Step {
	st := stmt("refused: "+text, text, params...)
	st.Err, st.Message = validation, msg
	return st
}

// awsStmt is badStmt for a message DynamoDB Local words its own way.
func awsStmt(text, msg, why string, params ...types.AttributeValue) Step {
	st := badStmt(text, msg, params...)
	st.LocalDiffers = why
	return st
}

// items is the output of a statement that returns items.
func items(its ...item) *dynamodb.ExecuteStatementOutput {
	return &dynamodb.ExecuteStatementOutput{Items: its}
}

// batchStmts is a BatchExecuteStatement step of statements without
// parameters.
func batchStmts(name string, texts ...string) Step {
	in := &dynamodb.BatchExecuteStatementInput{}
	for _, s := range texts {
		in.Statements = append(in.Statements, types.BatchStatementRequest{Statement: str(s)})
	}
	return Step{Name: name, In: in}
}

// txStmts is an ExecuteTransaction step of statements without parameters.
func txStmts(name string, texts ...string) Step {
	in := &dynamodb.ExecuteTransactionInput{}
	for _, s := range texts {
		in.TransactStatements = append(in.TransactStatements, types.ParameterizedStatement{Statement: str(s)})
	}
	return Step{Name: name, In: in}
}

const notWellFormed = "Statement wasn't well formed, can't be processed: "

var partiqlSelect = Scenario{Name: "PartiQLSelect", Steps: []Step{
	hashRangeTable("T"),
	stmt("insert a1", `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1, 'v': 10, 's': 'hello', 'l': [1, 2, {'c': 3}], `+
		`'m': {'b': [{'c': 'deep'}], 'x': {'y': 5}}, 'ss': <<'x', 'y'>>, 'n': NULL}`),
	stmt("insert a2", `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 2, 'v': 20, 'b': true}`),
	stmt("insert a3 with parameters", `INSERT INTO "T" VALUE {'pk': ?, 'sk': ?, 'v': ?}`, av.S("a"), av.N("3"), av.N("30")),
	stmt("insert b1", `INSERT INTO "T" VALUE {'pk': 'b', 'sk': 1, 'v': 40}`),
	stmt("insert c1", `insert into "T" value {'pk': 'c', 'sk': 1, 'v': 50.0}`),

	stmt("partition", `SELECT pk, sk FROM "T" WHERE pk = 'a'`),
	stmt("partition in descending order", `SELECT pk, sk FROM "T" WHERE pk = 'a' ORDER BY sk DESC`),
	stmt("partition in ascending order", `SELECT pk, sk FROM "T" WHERE pk = 'a' ORDER BY sk ASC`),
	stmt("sort key >", `SELECT sk FROM "T" WHERE pk = 'a' AND sk > 1`),
	stmt("sort key <=", `SELECT sk FROM "T" WHERE sk <= 2 AND pk = 'a'`),
	stmt("sort key BETWEEN", `SELECT sk FROM "T" WHERE pk = 'a' AND sk BETWEEN 2 AND 3`),
	stmt("sort key =", `SELECT * FROM "T" WHERE pk = 'a' AND sk = 2`),
	stmt("key written value first", `SELECT sk FROM "T" WHERE 'a' = pk AND 3 = sk`),
	{Name: "sort key condition written value first", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT sk FROM "T" WHERE pk = 'a' AND 2 > sk`)},
		LocalDiffers: localReversedKeyCondition, Want: items(item{"sk": av.N("1")})},
	scanStmt("partitions of an IN", `SELECT pk, sk FROM "T" WHERE pk IN ['c', 'a'] AND sk = 1`),
	scanStmt("partitions of ORs", `SELECT pk FROM "T" WHERE pk = 'c' OR pk = 'b'`),
	stmt("partitions in ascending order", `SELECT pk, sk FROM "T" WHERE pk IN ['a', 'c'] ORDER BY pk ASC, sk DESC`),
	{Name: "partitions ordered by value", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT pk FROM "T" WHERE pk IN ['b', 'c'] ORDER BY pk DESC`)},
		LocalDiffers: localPartitionOrder, Want: items(item{"pk": av.S("c")}, item{"pk": av.S("b")})},
	stmt("a filter", `SELECT sk FROM "T" WHERE pk = 'a' AND v >= 20`),
	stmt("a filter on the sort key", `SELECT sk FROM "T" WHERE pk = 'a' AND sk IN [1, 3]`),
	stmt("a second equality on the partition key", `SELECT sk FROM "T" WHERE pk = 'a' AND pk = 'b'`),
	stmt("a parameter", `SELECT sk FROM "T" WHERE pk = ? AND v = ?`, av.S("a"), av.N("20")),
	scanStmt("a scan", `SELECT pk, sk FROM "T"`),
	scanStmt("a filtered scan", `SELECT pk, v FROM "T" WHERE v > 25`),
	scanStmt("a scan for an equality inside an OR", `SELECT pk, sk FROM "T" WHERE pk = 'b' OR v = 10`),

	stmt("nested paths, flattened", `SELECT m.b[0].c, m.x.y, l[0], pk FROM "T" WHERE pk = 'a' AND sk = 1`),
	stmt("a path of list indexes", `SELECT l[1] FROM "T" WHERE pk = 'a' AND sk = 1`),
	{Name: "a path through a later list element", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT l[2].c FROM "T" WHERE pk = 'a' AND sk = 1`)},
		LocalDiffers: localProjectionRenumbering, Want: items(item{"c": av.N("3")})},
	stmt("paths the item lacks", `SELECT nothere, l[7] FROM "T" WHERE pk = 'a' AND sk = 1`),
	stmt("quoted names", `SELECT "m"."b", m['x'].y FROM "T" WHERE "pk" = 'a' AND "sk" = 1`),

	stmt("IS MISSING", `SELECT sk FROM "T" WHERE pk = 'a' AND b IS MISSING`),
	stmt("IS NOT MISSING", `SELECT sk FROM "T" WHERE pk = 'a' AND b IS NOT MISSING`),
	stmt("IS NULL", `SELECT sk FROM "T" WHERE pk = 'a' AND n IS NULL`),
	stmt("IS NOT NULL", `SELECT sk FROM "T" WHERE pk = 'a' AND n IS NOT NULL`),
	stmt("IS BOOLEAN", `SELECT sk FROM "T" WHERE pk = 'a' AND b IS BOOLEAN`),
	stmt("IS STRING", `SELECT sk FROM "T" WHERE pk = 'a' AND s IS STRING`),
	stmt("= NULL", `SELECT sk FROM "T" WHERE pk = 'a' AND n = NULL`),
	stmt("begins_with", `SELECT sk FROM "T" WHERE pk = 'a' AND begins_with(s, 'he')`),
	stmt("contains", `SELECT sk FROM "T" WHERE pk = 'a' AND contains(ss, 'x') AND contains(l, 2) AND contains(s, 'ell')`),
	stmt("attribute_type", `SELECT sk FROM "T" WHERE pk = 'a' AND attribute_type(v, 'N')`),
	stmt("size", `SELECT sk FROM "T" WHERE pk = 'a' AND size(l) = 3 AND size(s) > 3`),
	stmt("attribute_exists", `SELECT sk FROM "T" WHERE pk = 'a' AND attribute_exists(b)`),
	stmt("attribute_not_exists", `SELECT sk FROM "T" WHERE pk = 'a' AND attribute_not_exists(b)`),
	stmt("<> and !=", `SELECT sk FROM "T" WHERE pk = 'a' AND v <> 10 AND v != 30`),
	stmt("NOT", `SELECT sk FROM "T" WHERE pk = 'a' AND NOT (v = 10 OR v = 20)`),
	stmt("IN", `SELECT sk FROM "T" WHERE pk = 'a' AND v IN (10, 30)`),
	stmt("BETWEEN", `SELECT sk FROM "T" WHERE pk = 'a' AND v BETWEEN 15 AND 25`),
	stmt("equal documents", `SELECT sk FROM "T" WHERE pk = 'a' AND l = [1, 2, {'c': 3}] AND ss = <<'y', 'x'>> AND m.x = {'y': 5}`),
	stmt("a nested path in a condition", `SELECT sk FROM "T" WHERE pk = 'a' AND m.b[0].c = 'deep'`),
	stmt("exponent literals", `SELECT sk FROM "T" WHERE pk = 'c' AND v = 5e1 AND v = .5E2`),
	stmt("comments", "-- a note\nSELECT sk FROM \"T\" /* a note */ WHERE pk = 'b' -- a note"),

	awsStmt(`SELEC * FROM "T"`, notWellFormed+"Expected data manipulation", localStatementDetail),
	awsStmt(`SELECT * FROM "T" WHERE pk = 'a' foo`, notWellFormed+"Unexpected token after expression", localStatementDetail),
	awsStmt(`SELECT * FROM "T" WHERE attribute_exists(m.inner)`, notWellFormed+"Invalid path dot component", localStatementDetail),
	badStmt(`SELECT * FROM "T" WHERE pk = 1`, "Key attribute's data type should match its data type in table's schema: Key pk"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND sk = 'x'`, "Key attribute's data type should match its data type in table's schema: Key sk"),
	// Of two keys compared with values of the wrong types, DynamoDB names
	// the first in the order of a java.util.HashMap: sk before pk.
	badStmt(`SELECT * FROM "T" WHERE pk = 1 AND sk = 'x'`, "Key attribute's data type should match its data type in table's schema: Key sk"),
	badStmt(`SELECT * FROM "T" WHERE sk > 'x' AND pk = 1`, "Key attribute's data type should match its data type in table's schema: Key sk"),
	badStmt(`UPDATE "T" SET v = 1 WHERE pk = 1 AND sk = 'x'`, "Key attribute's data type should match its data type in table's schema: Key sk"),
	badStmt(`DELETE FROM "T" WHERE pk = 1 AND sk = 'x'`, "Key attribute's data type should match its data type in table's schema: Key sk"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 1, 'sk': 'x'}`, "Key attribute's data type should match its data type in table's schema: Key pk"),
	{Name: "a transaction's SELECT of two mistyped keys", Compare: true, In: txStmts("", `SELECT * FROM "T" WHERE pk = 1 AND sk = 'x'`).In},
	{Name: "a batch's SELECT of two mistyped keys", Compare: true, In: batchStmts("", `SELECT * FROM "T" WHERE pk = 1 AND sk = 'x'`).In},
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND begins_with(sk, 2)`, "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND v + 1 = 11`, "Unsupported operator in Condition Expression. Operator: +"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND s LIKE 'h%'`, "Unsupported operator in Condition Expression. Operator: like"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND v = MISSING`, "MISSING must be compared using IS operator"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND TRUE`, "The arguments to AND/OR must be Expressions"),
	awsStmt(`SELECT * FROM "T" WHERE pk = 'a' AND upper(s) = 'H'`, "Unrecognized function: upper at 1:38:5", localStatementMessages),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND COUNT(s) = 1`, "Unsupported token in expression: count at 1:38:5"),
	badStmt(`SELECT max(v) FROM "T" WHERE pk = 'a'`, "Unexpected path component at 1:8:3"),
	badStmt(`UPDATE "T" SET v = sum(v) WHERE pk = 'a' AND sk = 1`, "Unsupported token in expression: sum at 1:20:3"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND avg() = 1`, `Statement wasn't well formed, can't be processed: SELECT * FROM "T" WHERE pk = 'a' AND avg() = 1`),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND v BETWEEN 15 AND 5`, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "+
		"lower bound operand: AttributeValue: {N:15}, upper bound operand: AttributeValue: {N:5}"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND v = v`,
		"The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [v]"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND attribute_type(v, 'Q')`, "Invalid attribute type name found; type: Q, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND v IN []`,
		"IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND v IS BAG`,
		"Unsupported data type for IS operator: BAG. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST] at 1:40:2"),
	badStmt(`SELECT m.b[0].c, l[2].c FROM "T"`, "Duplicate identifiers in select clause: c"),
	badStmt(`SELECT pk, pk FROM "T"`, "Duplicate identifiers in select clause: pk"),
	badStmt(`SELECT m.x.y, m.x FROM "T"`,
		"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m, x, y]"),
	badStmt(`SELECT m.x.y AS q FROM "T"`, "Aliasing is not supported"),
	badStmt(`SELECT m.* FROM "T"`, "Changing item's hierarchy while reading isn't supported"),
	badStmt(`SELECT v + 1 FROM "T"`, "Unexpected path component at 1:10:1"),
	badStmt(`SELECT count(*) FROM "T"`, "Unexpected path component at 1:8:5"),
	badStmt(`SELECT VALUE pk FROM "T"`, "Select projection doesn't support value or pivot keywords"),
	badStmt(`SELECT DISTINCT pk FROM "T"`, "Unsupported token in expression: DISTINCT"),
	badStmt(`SELECT * FROM "T" ORDER BY sk`, "Must have WHERE clause in the statement when using ORDER BY clause."),
	badStmt(`SELECT * FROM "T" WHERE sk = 1 ORDER BY sk`, "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause."),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' ORDER BY v`, "Variable reference v in ORDER BY clause must be part of the primary key"),
	badStmt(`SELECT * FROM "T" WHERE pk = ?`, "Number of parameters in request and statement don't match."),
	awsStmt(`SELECT * FROM "T" WHERE pk = 'a'`, "Number of parameters in request and statement don't match.", localExtraParameters, av.S("x")),
	failing(stmt("a missing table", `SELECT * FROM "nope" WHERE pk = 'a'`), "ResourceNotFoundException"),
}}

// nested is a list literal of n levels.
func nested(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }

// nestedParam is a list of n levels.
func nestedParam(n int) types.AttributeValue {
	v := av.N("1")
	for range n {
		v = av.L(v)
	}
	return v
}

var partiqlWrites = Scenario{Name: "PartiQLWrites", Steps: []Step{
	hashRangeTable("T"),
	stmt("insert", `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1, 'v': 10, 'l': [1, 2, 3], 's': <<'x'>>, 'm': {'k': 1}, 'e': '', 'it''s': 'quoted'}`),
	{Name: "insert an existing item", In: &dynamodb.ExecuteStatementInput{Statement: str(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1}`)},
		Err: "DuplicateItemException", Message: "Duplicate primary key exists in table"},
	{Name: "insert an existing item, asking for it", In: &dynamodb.ExecuteStatementInput{Statement: str(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1}`),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}, Err: "ConditionalCheckFailedException"},
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a'}`, "Key attribute should be present in the item: Key sk"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 'x'}`, "Key attribute's data type should match its data type in table's schema: Key sk"),
	badStmt(`INSERT INTO "T" VALUE {'pk': '', 'sk': 2}`,
		"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'pk': 'b'}`, "Duplicate keys in tuple. Key: pk under root at 1:44:4"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'e': MISSING}`, "Unsupported data type: MISSING under key root at 1:49:7"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'e': <<>>}`, "Empty bags are not supported at 1:49:2"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'e': <<1, 'a'>>}`, "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'e': <<1, 1>>}`, "Input collection contains duplicates"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'e': -0.0}`, "Negative zero decimal is not supported under key root at 1:50:3"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'e': 1 + 2}`, "Unsupported data type: + under key root at 1:51:1"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'e': `+"`{a:1}`"+`}`, "Ion Literals are not supported: STRUCT under key root at 1:49:7"),
	badStmt(`INSERT INTO "T" VALUE {pk: 'a', 'sk': 3}`, "Tuple keys must be of type String. Actual type: VariableReference under root at 1:24:2"),
	badStmt(`INSERT INTO "T" VALUE ?`, "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement. at 1:23:1",
		av.M(item{"pk": av.S("a"), "sk": av.N("3")})),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3} RETURNING ALL OLD *`, "RETURNING is not supported in INSERT"),
	// Values written in a statement nest at most as deep as an item's; the
	// message leaves out the words about an item that a parameter's has.
	stmt("insert a value nested 31 levels", `INSERT INTO "T" VALUE {'pk': 'n', 'sk': 1, 'v': `+nested(31)+`}`),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'n', 'sk': 2, 'v': `+nested(32)+`}`, "Nesting Levels have exceeded supported limits"),
	badStmt(`UPDATE "T" SET v = `+nested(32)+` WHERE pk = 'n' AND sk = 1`, "Nesting Levels have exceeded supported limits"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'n' AND v = `+nested(32), "Nesting Levels have exceeded supported limits"),
	badStmt(`INSERT INTO "T" VALUE {'pk': 'n', 'sk': 2, 'v': ?}`,
		"Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit", av.L(av.L(nestedParam(31)))),
	awsStmt(`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3}, {'pk': 'a', 'sk': 4}`, notWellFormed+"Unexpected token after expression", localStatementDetail),

	// DynamoDB Local turns an UPDATE's actions into an update expression in
	// the reverse of the order written: of two overlapping paths it names
	// the later one written first, and of two actions that fail on
	// attributes its update walk cannot otherwise order (c and s share a
	// java.util.HashMap bucket), it reports the one written first.
	stmt("an item for failing updates", `INSERT INTO "T" VALUE {'pk': 'u', 'sk': 1, 'a': [1], 's': 'x'}`),
	badStmt(`UPDATE "T" SET a = 1, a.b = 2 WHERE pk = 'u' AND sk = 1`,
		"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"),
	badStmt(`UPDATE "T" REMOVE a.b SET a = 1 WHERE pk = 'u' AND sk = 1`,
		"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
	badStmt(`UPDATE "T" SET a = 1 REMOVE a.b WHERE pk = 'u' AND sk = 1`,
		"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"),
	badStmt(`UPDATE "T" SET a[1] = 1, a.b = 2 WHERE pk = 'u' AND sk = 1`,
		"Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"),
	badStmt(`UPDATE "T" SET c = list_append(a, s), s = s.x + s WHERE pk = 'u' AND sk = 1`, "An operand in the update expression has an incorrect data type"),
	badStmt(`UPDATE "T" SET s = s.x + s, c = list_append(a, s) WHERE pk = 'u' AND sk = 1`, "The provided expression refers to an attribute that does not exist in the item"),
	badStmt(`UPDATE "T" REMOVE a SET c = list_append(a, s), s = s.x + s WHERE pk = 'u' AND sk = 1`, "An operand in the update expression has an incorrect data type"),
	stmt("update", `UPDATE "T" SET v = v + 1 WHERE pk = 'a' AND sk = 1`),
	stmt("update returning all new", `UPDATE "T" SET v = v + 1, w = 'q' WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *`),
	stmt("update returning all old", `UPDATE "T" SET v = v - 2 SET w = 'r' REMOVE m.k WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *`),
	stmt("update returning modified new", `UPDATE "T" SET v = 7, x = list_append(l, [4]) WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`),
	stmt("update returning modified old", `UPDATE "T" SET v = 8 REMOVE x WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED OLD *`),
	stmt("update returning nothing modified", `UPDATE "T" REMOVE nothere WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED OLD *`),
	{Name: "update a list element returning modified new", In: &dynamodb.ExecuteStatementInput{
		Statement: str(`UPDATE "T" SET l[1] = 'y' WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`)},
		LocalDiffers: localNestedUpdated, Want: items(item{"l": av.L(av.S("y"))})},
	stmt("set_add", `UPDATE "T" SET s = set_add(s, <<'y', 'z'>>) WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`),
	stmt("set_add to a missing attribute", `UPDATE "T" SET t = SET_ADD(t, <<1>>) WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`),
	stmt("set_delete of every member", `UPDATE "T" SET s = set_delete(s, <<'x', 'y', 'z'>>) WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *`),
	stmt("if_not_exists", `UPDATE "T" SET v = if_not_exists(v, 0), u = if_not_exists(u, 0) WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`),
	stmt("set a map and a set literal", `UPDATE "T" SET m.n = {'a': <<1, 2>>, 'b': [true, NULL]} WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`),
	stmt("set NULL", `UPDATE "T" SET n = NULL WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`),
	stmt("FROM first", `FROM "T" WHERE pk = 'a' AND sk = 1 SET z = 1 REMOVE n RETURNING ALL NEW *`),
	stmt("update under a condition that holds", `UPDATE "T" SET z = 2 WHERE pk = 'a' AND sk = 1 AND z = 1 AND attribute_exists(v)`),
	failing(stmt("update under a condition that fails", `UPDATE "T" SET z = 3 WHERE pk = 'a' AND sk = 1 AND z = 1`), "ConditionalCheckFailedException"),
	{Name: "update under a condition that fails, asking for the item", In: &dynamodb.ExecuteStatementInput{
		Statement: str(`UPDATE "T" SET z = 3 WHERE pk = 'a' AND sk = 1 AND z IS MISSING`), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld},
		Err: "ConditionalCheckFailedException"},
	failing(stmt("update a missing item", `UPDATE "T" SET z = 1 WHERE pk = 'nope' AND sk = 1`), "ConditionalCheckFailedException"),
	badStmt(`UPDATE "T" SET pk = 'q' WHERE pk = 'a' AND sk = 1`, "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"),
	badStmt(`UPDATE "T" SET v = 1 WHERE pk = 'a'`, "Where clause does not contain a mandatory equality on all key attributes"),
	badStmt(`UPDATE "T" SET v = 1 WHERE pk = 'a' AND sk > 1`, "Where clause does not contain a mandatory equality on all key attributes"),
	badStmt(`UPDATE "T" SET v = 1 WHERE pk = 'a' AND sk = 1 OR v = 1`, "Where clause does not contain a mandatory equality on all key attributes"),
	badStmt(`UPDATE "T" SET v = 1 WHERE pk = 'a' AND sk = 1 AND pk = 'b'`, "Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported"),
	badStmt(`UPDATE "T" SET v = MISSING WHERE pk = 'a' AND sk = 1`, "MISSING must be compared using IS operator"),
	badStmt(`UPDATE "T" SET v = v - 'a' WHERE pk = 'a' AND sk = 1`, "Incorrect operand type for operator or function; operator or function: -, operand type: S"),
	badStmt(`UPDATE "T" SET v = list_append([1], nothere) WHERE pk = 'a' AND sk = 1`, "The provided expression refers to an attribute that does not exist in the item"),
	badStmt(`UPDATE "T" SET l = set_add(l, <<1>>) WHERE pk = 'a' AND sk = 1`, "An operand in the update expression has an incorrect data type"),
	// The WHERE clause's mistakes, as it renders and compiles, come
	// before those of the actions; the actions' before the key's.
	badStmt(`UPDATE "T" SET a = set_add(a, 'x') WHERE pk = 'a' AND sk = 1 AND true >= b`,
		"Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL"),
	badStmt(`UPDATE "T" SET a[-1] = MISSING WHERE pk = 'a' AND sk = 1 AND b LIKE 'x'`, "Unsupported operator in Condition Expression. Operator: like"),
	badStmt(`UPDATE "T" SET a = 1e126 WHERE sk = 1 AND true >= b`,
		"Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL"),
	badStmt(`UPDATE "T" SET a = set_add(a, 'x') WHERE pk = 'a' AND sk = 1 AND b = c.d[1.5]`, "Unexpected path component at 1:74:3"),
	badStmt(`UPDATE "T" SET a = set_add(a, 'x') WHERE pk = 1 AND sk = 1`, "The second argument to SET_ADD must be a value with type SET at 1:28:1"),
	// A mistake in a list, map or bag is reported where it is rendered: an
	// UPDATE's in its actions after the WHERE clause's mistakes, a missing
	// parameter of its key before the actions' mistakes.
	badStmt(`UPDATE "T" SET s = list_append(ns, [?]) WHERE pk = 'a' AND sk = 1 AND s BETWEEN ? AND ?`,
		"Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: M", av.N("1"), av.M(item{}), av.S("x")),
	badStmt(`UPDATE "T" SET s = [?] WHERE pk = 'a' AND sk = 1 AND s BETWEEN ? AND ?`, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "+
		"lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}", av.N("1"), av.N("5"), av.N("1")),
	badStmt(`UPDATE "T" SET s = [?] WHERE pk = 'a' AND sk = 1 AND b = MISSING`, "MISSING must be compared using IS operator", av.N("1")),
	badStmt(`UPDATE "T" SET s = set_add(s, 'x'), t = [?] WHERE pk = 'a' AND sk = 1`, "The second argument to SET_ADD must be a value with type SET at 1:28:1", av.N("1")),
	badStmt(`UPDATE "T" SET t = [?], s = set_add(s, 'x') WHERE pk = 1 AND sk = 1`, "Unsupported data type: Parameter under key root.0 at 1:21:1", av.N("1")),
	badStmt(`UPDATE "T" SET "x" = set_delete("x", 1E-130) WHERE pk = 'a' AND sk = 1`, "The second argument to SET_DELETE must be a value with type SET at 1:33:3"),
	badStmt(`UPDATE "T" SET "m".a = set_add("m".a, 1) WHERE pk = 'a' AND sk = 1`, "The second argument to SET_ADD must be a value with type SET"),
	badStmt(`UPDATE "T" SET v = [1, ?] WHERE pk = 'a' AND sk = ?`, "Number of parameters in request and statement don't match.", av.N("1")),
	badStmt(`DELETE FROM "T" WHERE pk = 1 AND sk = 1 AND b = [?]`, "Unsupported data type: Parameter under key root.0 at 1:50:1", av.N("1")),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND v = [?]`, "Unsupported data type: Parameter under key root.0 at 1:43:1"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' ORDER BY x AND b = 1`, "Argument to ORDER BY must be of type VariableReference. Type: and"),
	// A SELECT's projection compiles first; then its WHERE clause renders
	// from left to right, whatever becomes of each condition; ORDER BY
	// comes after.
	badStmt(`SELECT * FROM "T" WHERE b LIKE 'x' AND pk = [?]`, "Unsupported operator in Condition Expression. Operator: like", av.N("1")),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND b = MISSING AND c = [?]`, "MISSING must be compared using IS operator", av.N("1")),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND c = [?] AND b = MISSING`, "Unsupported data type: Parameter under key root.0 at 1:43:1", av.N("1")),
	badStmt(`SELECT a.b, a FROM "T" WHERE pk = 'a' AND b = [?]`,
		"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]", av.N("1")),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND c = [?] ORDER BY x`, "Unsupported data type: Parameter under key root.0 at 1:43:1", av.N("1")),
	// An update function in a condition is refused once its operands
	// have rendered, before what follows it.
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND list_append(b, c) AND b.c[1.5] = 1`,
		"The function is not allowed in a condition expression; function: list_append"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND true >= b AND list_append(b, c)`,
		"The function is not allowed in a condition expression; function: list_append"),
	badStmt(`SELECT * FROM "T" WHERE pk = 'a' AND list_append(b, MISSING)`, "MISSING must be compared using IS operator"),
	badStmt(`DELETE FROM "T" WHERE pk = 'a' AND sk = 1 AND if_not_exists(b, 1)`,
		"The function is not allowed in a condition expression; function: if_not_exists"),
	badStmt(`UPDATE "T" SET v = 1 WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD`, notWellFormed+`UPDATE "T" SET v = 1 WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD`),
	get("the updated item", key1),

	failing(stmt("delete under a condition that fails", `DELETE FROM "T" WHERE pk = 'a' AND sk = 1 AND v = 0`), "ConditionalCheckFailedException"),
	failing(stmt("delete a missing item under a condition", `DELETE FROM "T" WHERE pk = 'a' AND sk = 9 AND v = 0`), "ConditionalCheckFailedException"),
	stmt("delete a missing item", `DELETE FROM "T" WHERE pk = 'a' AND sk = 9`),
	stmt("delete returning the item", `DELETE FROM "T" WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *`),
	stmt("delete it again", `DELETE FROM "T" WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *`),
	badStmt(`DELETE FROM "T" WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *`,
		"Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements."),
	badStmt(`DELETE FROM "T" WHERE pk = 'a'`, "Where clause does not contain a mandatory equality on all key attributes"),
	failing(stmt("delete from a missing table", `DELETE FROM "nope" WHERE pk = 'a'`), "ResourceNotFoundException"),
	get("the deleted item", key1),
}}

var partiqlIndexes = Scenario{Name: "PartiQLIndexes", Steps: append(append([]Step{readTable}, seedR()...),
	stmt("a global index", `SELECT pk, sk, g FROM "R"."gsiAll" WHERE g = 'g1' AND sk < 8`),
	Step{Name: "a global index in descending order", In: &dynamodb.ExecuteStatementInput{
		Statement: str(`SELECT pk, sk FROM "R"."gsiAll" WHERE g = 'g1' AND sk > 20 ORDER BY sk DESC`)}, LocalDiffers: localIndexOrder,
		Want: items(item{"pk": av.S("a"), "sk": av.N("28")}, item{"pk": av.S("a"), "sk": av.N("25")}, item{"pk": av.S("a"), "sk": av.N("22")})},
	stmt("a keys-only global index", `SELECT * FROM "R"."gsiKeys" WHERE g = 'g2' AND u < 'u05'`),
	stmt("a local index", `SELECT sk, x FROM "R"."lsiInclude" WHERE pk = 'a' AND u BETWEEN 'u01' AND 'u03'`),
	stmt("a local index fetching unprojected attributes", `SELECT sk, y FROM "R"."lsiInclude" WHERE pk = 'a' AND u <= 'u02'`),
	Step{Name: "a consistent read of a local index", In: &dynamodb.ExecuteStatementInput{
		Statement: str(`SELECT sk FROM "R"."lsiInclude" WHERE pk = 'a' AND u = 'u01'`), ConsistentRead: aws.Bool(true)}},
	scanStmt("a scan of a global index", `SELECT sk FROM "R"."gsiKeys" WHERE u = 'u10'`),
	badStmt(`SELECT y FROM "R"."gsiKeys" WHERE g = 'g1'`, "One or more parameter values were invalid: Global secondary index gsiKeys does not project [y]"),
	awsStmt(`SELECT * FROM "R"."nope" WHERE pk = 'a'`, "The table does not have the specified index", localStatementMessages),
	Step{Name: "a consistent read of a global index", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT * FROM "R"."gsiAll" WHERE g = 'g1'`), ConsistentRead: aws.Bool(true)},
		Err: validation, Message: "Strongly consistent read is not supported on Global Secondary Indexes", LocalDiffers: localStatementMessages},
	badStmt(`SELECT * FROM "R"."gsiAll" WHERE g = 'g1' ORDER BY pk`, "Variable reference pk in ORDER BY clause must be part of the primary key"),
)}

var partiqlPages = Scenario{Name: "PartiQLPages", Steps: []Step{
	hashRangeTable("T"),
	batchStmts("seed",
		`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1}`, `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 2}`, `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'f': 1}`,
		`INSERT INTO "T" VALUE {'pk': 'b', 'sk': 1}`, `INSERT INTO "T" VALUE {'pk': 'c', 'sk': 1, 'f': 1}`),
	{Name: "a limited partition", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT sk FROM "T" WHERE pk = 'a'`), Limit: aws.Int32(2)}},
	{Name: "a partition read to its end", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT sk FROM "T" WHERE pk = 'a'`), Limit: aws.Int32(4)}},
	{Name: "a limited, filtered partition", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT sk FROM "T" WHERE pk = 'a' AND f = 1`), Limit: aws.Int32(2)}},
	{Name: "a limited IN", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT pk, sk FROM "T" WHERE pk IN ['c', 'a']`), Limit: aws.Int32(2)}},
	{Name: "a limited scan", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT pk FROM "T" WHERE f = 1`), Limit: aws.Int32(1)}, Unordered: true},
	{Name: "an invalid token", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT sk FROM "T" WHERE pk = 'a'`), NextToken: str("abc")},
		Err: validation, Message: "Invalid NextToken"},
	{Name: "a limit of 0", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT sk FROM "T" WHERE pk = 'a'`), Limit: aws.Int32(0)}, Err: validation,
		Message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
	{Name: "a select asking for its capacity", In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT * FROM "T" WHERE pk IN ['a', 'b']`),
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}, LocalDiffers: localStatementCapacity,
		Want: &dynamodb.ExecuteStatementOutput{Items: []item{{"pk": av.S("a"), "sk": av.N("1")}, {"pk": av.S("a"), "sk": av.N("2")},
			{"pk": av.S("a"), "sk": av.N("3"), "f": av.N("1")}, {"pk": av.S("b"), "sk": av.N("1")}},
			ConsumedCapacity: &types.ConsumedCapacity{TableName: str("T"), CapacityUnits: aws.Float64(1)}}},
}}

var partiqlBatches = Scenario{Name: "PartiQLBatches", Steps: []Step{
	hashRangeTable("T"),
	batchStmts("writes",
		`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1, 'v': 10}`, `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 2, 'v': 20}`,
		`INSERT INTO "T" VALUE {'pk': 'b', 'sk': 1, 'v': 30}`, `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 3, 'v': 30}`),
	batchStmts("writes that fail or return",
		`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1}`,
		`INSERT INTO "T" VALUE {'pk': 'c', 'sk': 1}`,
		`UPDATE "T" SET v = 1 WHERE pk = 'nope' AND sk = 1`,
		`DELETE FROM "T" WHERE pk = 'b' AND sk = 1 RETURNING ALL OLD *`,
		`UPDATE "T" SET w = 1 WHERE pk = 'a' AND sk = 2 AND v = 99`,
		`INSERT INTO "T" VALUE {'pk': 'e', 'sk': 'x'}`,
		`INSERT INTO "nope" VALUE {'pk': 'a', 'sk': 1}`,
		`UPDATE "T" SET v = v + 1 WHERE pk = 'a' AND sk = 3 RETURNING ALL NEW *`,
		`UPDATE "T" SET v = 1 WHERE pk = 'a'`),
	batchStmts("reads",
		`SELECT * FROM "T" WHERE pk = 'a' AND sk = 1`,
		`SELECT v FROM "T" WHERE pk = 'a' AND sk = 99`,
		`SELECT w FROM "T" WHERE pk = 'a' AND sk = 2`,
		`SELECT * FROM "nope" WHERE pk = 'a' AND sk = 1`,
		`SELECT * FROM "T" WHERE pk = 'c' AND sk = ?`),
	{Name: "failed conditions asking for the item", In: &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{
		{Statement: str(`UPDATE "T" SET w = 1 WHERE pk = 'a' AND sk = 2 AND v = 99`), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld},
		{Statement: str(`DELETE FROM "T" WHERE pk = 'nope' AND sk = 2 AND v = 99`), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld},
		{Statement: str(`UPDATE "T" SET w = 1 WHERE pk = 'a' AND sk = 3 AND v = 99`)},
	}}, LocalDiffers: localBatchItem, Want: &dynamodb.BatchExecuteStatementOutput{Responses: []types.BatchStatementResponse{
		{TableName: str("T"), Error: &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnumConditionalCheckFailed, Message: str("The conditional request failed"),
			Item: item{"pk": av.S("a"), "sk": av.N("2"), "v": av.N("20")}}},
		{TableName: str("T"), Error: &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnumConditionalCheckFailed, Message: str("The conditional request failed")}},
		{TableName: str("T"), Error: &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnumConditionalCheckFailed, Message: str("The conditional request failed")}},
	}}},
	{Name: "reads refused without the primary key", In: batchStmts("", `SELECT * FROM "T" WHERE pk = 'a'`, `SELECT * FROM "T" WHERE pk = 'a' AND sk = 1 AND v = 1`).In,
		LocalDiffers: localStatementMessages, Want: &dynamodb.BatchExecuteStatementOutput{Responses: []types.BatchStatementResponse{
			{Error: &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnumValidationError, Message: str("Select statements within BatchExecuteStatement must specify the primary key in the where clause.")}},
			{Error: &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnumValidationError, Message: str("Select statements within BatchExecuteStatement must specify the primary key in the where clause.")}},
		}}},
	{Name: "a malformed statement", In: batchStmts("", `UPDATE "T" SET v = 2 WHERE pk = 'a' AND sk = 1`, `SELEC`).In,
		LocalDiffers: localStatementDetail, Want: &dynamodb.BatchExecuteStatementOutput{Responses: []types.BatchStatementResponse{
			{TableName: str("T")},
			{Error: &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnumValidationError, Message: str(notWellFormed + "Expected data manipulation")}},
		}}},
	{Name: "EXISTS in a batch", In: batchStmts("", `EXISTS(SELECT * FROM "T" WHERE pk = 'a' AND sk = 1)`).In},
	failing(batchStmts("reads and writes", `INSERT INTO "T" VALUE {'pk': 'd', 'sk': 1}`, `SELECT * FROM "T" WHERE pk = 'a' AND sk = 1`), validation),
	failing(batchStmts("two writes of one item", `INSERT INTO "T" VALUE {'pk': 'd', 'sk': 1}`, `UPDATE "T" SET v = 1 WHERE pk = 'd' AND sk = 1`), validation),
	failing(batchStmts("two reads of one item", `SELECT * FROM "T" WHERE pk = 'a' AND sk = 1`, `SELECT v FROM "T" WHERE sk = 1 AND pk = 'a'`), validation),
	{Name: "reads asking for their capacity", In: &dynamodb.BatchExecuteStatementInput{ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		Statements: []types.BatchStatementRequest{
			{Statement: str(`SELECT pk FROM "T" WHERE pk = 'a' AND sk = 1`)},
			{Statement: str(`SELECT pk FROM "T" WHERE pk = 'a' AND sk = 2`), ConsistentRead: aws.Bool(true)},
		}}, LocalDiffers: localStatementCapacity, Want: &dynamodb.BatchExecuteStatementOutput{
		Responses: []types.BatchStatementResponse{{TableName: str("T"), Item: item{"pk": av.S("a")}}, {TableName: str("T"), Item: item{"pk": av.S("a")}}},
		// 0.5 for the eventually consistent read, 1 for the consistent one.
		ConsumedCapacity: []types.ConsumedCapacity{{TableName: str("T"), CapacityUnits: aws.Float64(1.5)}}}},
	{Name: "d was not written", In: &dynamodb.GetItemInput{TableName: str("T"), Key: item{"pk": av.S("d"), "sk": av.N("1")}, ConsistentRead: aws.Bool(true)},
		LocalDiffers: localBatchWritesFirst, Want: &dynamodb.GetItemOutput{}},
}}

// statementToken is the ClientRequestToken of the transaction scenario,
// unique to the run: DynamoDB Local keeps tokens across scenarios.
var statementToken = "statement-" + randomHex(8)

var partiqlTransactions = Scenario{Name: "PartiQLTransactions", Steps: []Step{
	hashRangeTable("T"),
	txStmts("writes",
		`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1, 'v': 10}`, `INSERT INTO "T" VALUE {'pk': 'a', 'sk': 2, 'v': 20}`,
		`INSERT INTO "T" VALUE {'pk': 'b', 'sk': 1, 'v': 30}`),
	txStmts("updates, a delete and a check",
		`UPDATE "T" SET v = v + 1 WHERE pk = 'a' AND sk = 1`,
		`DELETE FROM "T" WHERE pk = 'b' AND sk = 1`,
		`EXISTS(SELECT * FROM "T" WHERE pk = 'a' AND sk = 2 AND v = 20)`),
	failing(txStmts("an insert of an existing item and failed conditions",
		`INSERT INTO "T" VALUE {'pk': 'a', 'sk': 1}`,
		`UPDATE "T" SET v = 0 WHERE pk = 'a' AND sk = 2 AND v = 99`,
		`EXISTS(SELECT * FROM "T" WHERE pk = 'b' AND sk = 1 AND v IS MISSING)`,
		`INSERT INTO "T" VALUE {'pk': 'c', 'sk': 1}`), "TransactionCanceledException"),
	{Name: "a failed condition asking for the item", In: &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{
		{Statement: str(`UPDATE "T" SET v = 0 WHERE pk = 'a' AND sk = 2 AND v = 99`), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld},
	}}, Err: "TransactionCanceledException", LocalDiffers: localTransactItem},
	failing(txStmts("an invalid key", `INSERT INTO "T" VALUE {'pk': 'c', 'sk': 'x'}`, `DELETE FROM "T" WHERE pk = 'a' AND sk = 1`), "TransactionCanceledException"),
	txStmts("reads",
		`SELECT * FROM "T" WHERE pk = 'a' AND sk = 1`,
		`SELECT w FROM "T" WHERE pk = 'a' AND sk = 2`,
		`SELECT * FROM "T" WHERE pk = 'a' AND sk = 99`),
	{Name: "reads with parameters", In: &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{
		{Statement: str(`SELECT v FROM "T" WHERE pk = ? AND sk = ?`), Parameters: []types.AttributeValue{av.S("a"), av.N("2")}},
	}}},
	failing(txStmts("reads and writes", `SELECT * FROM "T" WHERE pk = 'a' AND sk = 1`, `DELETE FROM "T" WHERE pk = 'a' AND sk = 2`), validation),
	failing(txStmts("an EXISTS and a read", `EXISTS(SELECT * FROM "T" WHERE pk = 'a' AND sk = 1 AND v = 1)`, `SELECT * FROM "T" WHERE pk = 'a' AND sk = 2`), validation),
	failing(txStmts("two writes of one item", `DELETE FROM "T" WHERE pk = 'a' AND sk = 1`, `UPDATE "T" SET v = 1 WHERE pk = 'a' AND sk = 1`), validation),
	{Name: "a malformed statement", In: txStmts("", `SELEC x`, `UPDATE "T" SET v = 1 WHERE pk = 'a' AND sk = 1`).In, Err: validation,
		Message: notWellFormed + "Expected data manipulation", LocalDiffers: localStatementDetail},
	{Name: "a read without the primary key", In: txStmts("", `SELECT * FROM "T" WHERE pk = 'a'`).In, Err: validation,
		Message: "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause."},
	{Name: "an EXISTS without a condition", In: txStmts("", `EXISTS(SELECT * FROM "T" WHERE pk = 'a' AND sk = 1)`, `DELETE FROM "T" WHERE pk = 'a' AND sk = 2`).In,
		Err: validation, Message: "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional condition"},
	{Name: "a parameter missing", In: txStmts("", `SELECT * FROM "T" WHERE pk = ? AND sk = 1`).In, Err: validation,
		Message: "Validation failed in TransactStatements[0]: Number of parameters in request and statement don't match."},
	failing(txStmts("a missing table", `INSERT INTO "nope" VALUE {'pk': 'a', 'sk': 1}`), "ResourceNotFoundException"),
	{Name: "a token", In: &dynamodb.ExecuteTransactionInput{ClientRequestToken: str(statementToken),
		TransactStatements: []types.ParameterizedStatement{{Statement: str(`UPDATE "T" SET v = v + 1 WHERE pk = 'a' AND sk = 2`)}}}},
	{Name: "the token again", In: &dynamodb.ExecuteTransactionInput{ClientRequestToken: str(statementToken),
		TransactStatements: []types.ParameterizedStatement{{Statement: str(`UPDATE "T" SET v = v + 1 WHERE pk = 'a' AND sk = 2`)}}}},
	{Name: "the token with other statements", In: &dynamodb.ExecuteTransactionInput{ClientRequestToken: str(statementToken),
		TransactStatements: []types.ParameterizedStatement{{Statement: str(`UPDATE "T" SET v = v + 2 WHERE pk = 'a' AND sk = 2`)}}},
		Err: "IdempotentParameterMismatchException"},
	{Name: "writes asking for their capacity", In: &dynamodb.ExecuteTransactionInput{ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		TransactStatements: []types.ParameterizedStatement{{Statement: str(`UPDATE "T" SET x = 1 WHERE pk = 'a' AND sk = 1`)}}},
		LocalDiffers: localStatementCapacity, Want: &dynamodb.ExecuteTransactionOutput{
			ConsumedCapacity: []types.ConsumedCapacity{{TableName: str("T"), CapacityUnits: aws.Float64(2), WriteCapacityUnits: aws.Float64(2)}}}},
	get("a1", key1),
	get("a2", item{"pk": av.S("a"), "sk": av.N("2")}),
	get("c1 was not written", item{"pk": av.S("c"), "sk": av.N("1")}),
}}

func TestPartiQL(t *testing.T) {
	Run(t, []Scenario{partiqlSelect, partiqlWrites, partiqlIndexes, partiqlPages, partiqlINPages, partiqlBatches, partiqlTransactions})
}

// partiqlINPages reads three partitions of 900 KB with one IN: the page
// ends with the item that reaches 1 MB, inside whichever partition, and
// the next page resumes after it.
var partiqlINPages = Scenario{Name: "PartiQLINPagesOfOneMegabyte", Steps: func() []Step {
	steps := []Step{hashRangeTable("T")}
	d := strings.Repeat("x", 99990)
	for _, pk := range []string{"a", "b", "c"} {
		for i := range 9 {
			steps = append(steps, put(fmt.Sprintf("put %s%d", pk, i), item{"pk": av.S(pk), "sk": av.N(strconv.Itoa(i)), "d": av.S(d)}))
		}
	}
	return append(steps, Step{Name: "select three partitions", Paged: true,
		In: &dynamodb.ExecuteStatementInput{Statement: str(`SELECT * FROM "T" WHERE pk IN ['a', 'b', 'c']`)}})
}()}
