package ddbtest

import "testing"

func TestStatementPrefix(t *testing.T) {
	n := &namespaced{prefix: "T-1a2b3c4d."}
	for _, tt := range []struct{ in, want string }{
		{`SELECT * FROM "orders" WHERE customer = ?`, `SELECT * FROM "T-1a2b3c4d.orders" WHERE customer = ?`},
		{`select * from orders."by_status" where status = 'from x'`, `select * from "T-1a2b3c4d.orders"."by_status" where status = 'from x'`},
		{`INSERT INTO "orders" VALUE {'customer': 'it''s', 'n': 1}`, `INSERT INTO "T-1a2b3c4d.orders" VALUE {'customer': 'it''s', 'n': 1}`},
		{`UPDATE "or""ders" SET "from" = 'UPDATE x' WHERE k = 1`, `UPDATE "T-1a2b3c4d.or""ders" SET "from" = 'UPDATE x' WHERE k = 1`},
		{`DELETE FROM "orders" WHERE k = 1`, `DELETE FROM "T-1a2b3c4d.orders" WHERE k = 1`},
		{`EXISTS(SELECT * FROM "a" WHERE k = 1)`, `EXISTS(SELECT * FROM "T-1a2b3c4d.a" WHERE k = 1)`},
		{`SELECT fromage FROM t`, `SELECT fromage FROM "T-1a2b3c4d.t"`},
	} {
		if got := *n.statement(&tt.in); got != tt.want {
			t.Errorf("statement(%s)\n = %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
