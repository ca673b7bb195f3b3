package partiql

import (
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		text         string
		kind         Kind
		table, index string
		params       int
		returning    Returning
	}{
		{text: `SELECT * FROM "Orders" WHERE OrderID = 1`, kind: Select, table: "Orders"},
		{text: `select a, b.c[1] from T where pk = ? and x in [?, 2] order by sk desc;`, kind: Select, table: "T", params: 2},
		{text: `SELECT * FROM "T"."by-status" WHERE status = 'open'`, kind: Select, table: "T", index: "by-status"},
		{text: `SELECT * FROM T.I`, kind: Select, table: "T", index: "I"},
		{text: "-- note\nSELECT * FROM T /* note */ WHERE pk = 'a' -- note", kind: Select, table: "T"},
		{text: `INSERT INTO "Music" value {'Artist' : 'Acme Band','SongTitle' : ?}`, kind: Insert, table: "Music", params: 1},
		{text: `UPDATE T SET a = 1 SET b = a + ?, c = list_append(c, [1]) REMOVE d WHERE pk = 'x' RETURNING MODIFIED NEW *`,
			kind: Update, table: "T", params: 1, returning: ReturnModifiedNew},
		{text: `FROM T WHERE pk = ? SET a = 1 REMOVE b RETURNING ALL OLD *`, kind: Update, table: "T", params: 1, returning: ReturnAllOld},
		{text: `DELETE FROM T WHERE pk = 'x' RETURNING ALL OLD *`, kind: Delete, table: "T", returning: ReturnAllOld},
		{text: `EXISTS(SELECT * FROM T WHERE pk = 'x' AND a IS NOT MISSING)`, kind: Exists, table: "T"},
		{text: `SELECT "select", "size" FROM "from" WHERE "where" = 1`, kind: Select, table: "from"},
	}
	for _, tt := range tests {
		s, err := Parse(tt.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.text, err)
			continue
		}
		if s.Kind() != tt.kind || s.Table() != tt.table || s.Index() != tt.index || s.params != tt.params || s.Returning() != tt.returning {
			t.Errorf("Parse(%q) = kind %d, table %q, index %q, %d params, returning %d; want %d, %q, %q, %d, %d",
				tt.text, s.Kind(), s.Table(), s.Index(), s.params, s.Returning(), tt.kind, tt.table, tt.index, tt.params, tt.returning)
		}
	}
}

// The messages are DynamoDB's: from AWS where the conformance suites
// record them (paritysuite/dynamodb-conformance, nubo-db/dynamodb-
// conformance), from DynamoDB Local otherwise. Where neither gives a detail
// for a statement that does not follow the grammar, the message quotes the
// statement, as DynamoDB Local's does.
func TestParseErrors(t *testing.T) {
	const nwf = "Statement wasn't well formed, can't be processed: "
	tests := []struct {
		text, msg string
		class     Class
	}{
		{"SLECT * FROM T", nwf + "Expected data manipulation", Plain},
		{"SELECT * FROM T WHERE pk = 1 foo", nwf + "Unexpected token after expression", Plain},
		{"SELECT * FROM T WHERE pk = 1 e5", nwf + "Unexpected token after expression", Plain},
		{"SELECT * FROM T WHERE pk = 1)", nwf + "Unexpected token after expression", Plain},
		{"DELETE FROM T WHERE pk = 1 ORDER BY pk", nwf + "Unexpected token after expression", Plain},
		{"SELECT * FROM T ORDER BY pk WHERE pk = 1", nwf + "Unexpected token after expression", Plain},
		{"INSERT INTO T t VALUE {'pk': 'x'}", nwf + "Unexpected token after expression", Plain},
		{"SELECT * FROM T WHERE pk = 1e2147483648", nwf, Plain},
		{"SELECT * FROM T WHERE pk = 1 # note", nwf, Plain},
		{"SELECT * FROM T WHERE pk = 1 /* note", nwf, Plain},
		{"SELECT * FROM T WHERE attribute_exists(m.inner)", nwf + "Invalid path dot component", Plain},
		{"SELECT * , pk FROM T", nwf + "SELECT * , pk FROM T", Plain},
		{"SELECT size FROM T", nwf + "SELECT size FROM T", Plain},
		{"SELECT value FROM T", nwf + "SELECT value FROM T", Plain},
		{"SELECT a FROM T WHERE a IS NUMBER", nwf + "SELECT a FROM T WHERE a IS NUMBER", Plain},
		{"SELECT * FROM T t WHERE pk = 'x'", "Aliasing is not supported", Semantic},
		{"SELECT * FROM T AS t WHERE pk = 'x'", "Aliasing is not supported", Semantic},
		{"SELECT a AS b FROM T", "Aliasing is not supported", Semantic},
		{"UPDATE T t SET a = 3 WHERE pk = 'x'", "Aliasing is not supported", Semantic},
		{"DELETE FROM T t WHERE pk = 'x'", "Aliasing is not supported", Semantic},
		{`SELECT * FROM "T"."I"."X"`, "A path may contain at most 2 components in the FROM clause", Semantic},
		{`SELECT * FROM "T".""`, "Path component cannot be an empty string", Semantic},
		{`SELECT * FROM ""`, "Path component cannot be an empty string", Semantic},
		{`INSERT INTO "T"."I" VALUE {'pk': 'x'}`, "FROM clause may only contain a single table name", Semantic},
		{`UPDATE "T"."I" SET a = 1 WHERE pk = 'x'`, "This operation is not supported on an index", Semantic},
		{`DELETE FROM "T"."I" WHERE pk = 'x'`, "This operation is not supported on an index", Semantic},
		{"SELECT DISTINCT a FROM T", "Unsupported token in expression: DISTINCT", Semantic},
		{"SELECT VALUE a FROM T", "Select projection doesn't support value or pivot keywords", Semantic},
		{"SELECT m.* FROM T", "Changing item's hierarchy while reading isn't supported", Semantic},
		{"SELECT sk + 1 FROM T", "Unexpected path component at 1:11:1", Semantic},
		{"SELECT size(l) FROM T", "Unexpected path component at 1:8:4", Semantic},
		{"SELECT 'lit' FROM T", "Unexpected path component at 1:8:5", Semantic},
		{"SELECT l[?] FROM T", "Unexpected path component at 1:10:1", Semantic},
		{"SELECT count(*) FROM T", "Unexpected path component at 1:8:5", Semantic},
		{"SELECT * FROM T WHERE a IS BAG",
			"Unsupported data type for IS operator: BAG. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST] at 1:25:2", Semantic},
		{"INSERT INTO T VALUE {'pk': 'a'} RETURNING ALL OLD *", "RETURNING is not supported in INSERT", Semantic},
		{"INSERT INTO T VALUE {'pk': `{a:1}`}", "Ion Literals are not supported: STRUCT under key root at 1:28:7", Semantic},
		{"DELETE FROM T WHERE pk = 'x' RETURNING ALL NEW *",
			"Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.", Semantic},
		{"DELETE FROM T WHERE pk = 'x' RETURNING MODIFIED OLD *",
			"Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in DELETE statements.", Semantic},
		{"UPDATE T SET a = 1 WHERE pk = 'x' RETURNING ALL OLD", nwf + "UPDATE T SET a = 1 WHERE pk = 'x' RETURNING ALL OLD", Plain},
	}
	for _, tt := range tests {
		_, err := Parse(tt.text)
		e, ok := err.(*Error)
		if !ok || e.Message != tt.msg || e.Class != tt.class {
			t.Errorf("Parse(%q) = %#v, want %q (class %d)", tt.text, err, tt.msg, tt.class)
		}
	}
}

// A statement is parsed once: the same text returns the same *Statement.
func TestParseCache(t *testing.T) {
	a, err := Parse("SELECT * FROM CacheTest")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Parse("SELECT * FROM CacheTest")
	if a != b {
		t.Error("Parse did not reuse the statement it parsed")
	}
}
