package main

import (
	"strings"
	"testing"
)

func TestSQL(t *testing.T) {
	forEachBackend(t, func(t *testing.T, c *cli) {
		ordersTable(c)
		putOrders(c, 20, 2)
		if got := ids(t, c.ok("sql", `SELECT * FROM "orders" WHERE customer = ? AND id < ?`, "--param", "c1", "--param", "8")); len(got) != 4 || got[0] != 1 || got[3] != 7 {
			t.Errorf("select: %v", got)
		}
		if got := ids(t, c.ok("sql", `SELECT id FROM "orders"`, "--limit", "3", "--consistent")); len(got) != 3 {
			t.Errorf("select --limit 3: %v", got)
		}
		if out := c.ok("sql", `UPDATE "orders" SET status = ? WHERE customer = ? AND id = ?`, "-p", "done", "-p", "c0", "-p", "4"); out != "" {
			t.Errorf("update printed %q", out)
		}
		if out := c.ok("sql", `UPDATE "orders" SET total = total + ? WHERE customer = ? AND id = ? RETURNING MODIFIED NEW *`, "-p", "1", "-p", "c0", "-p", "4"); out != `{"total":5}`+"\n" {
			t.Errorf("update returning: %q", out)
		}
		c.ok("sql", `INSERT INTO "orders" VALUE {'customer': ?, 'id': ?, 'tags': ?}`, "-p", "new", "-p", "1", "-p", `{"$SS": ["a"]}`)
		if got := c.ok("get", "orders", "-k", "customer=new", "-k", "id=1"); got != `{"customer":"new","id":1,"tags":{"$SS":["a"]}}`+"\n" {
			t.Errorf("inserted: %q", got)
		}
		c.term.stdout = true
		if got := c.ok("sql", `SELECT id, status FROM "orders" WHERE customer = ? AND id = ?`, "-p", "c0", "-p", "4"); got != "id  status\n--  ------\n4   done\n(1 item)\n" {
			t.Errorf("select on a terminal:\n%s", got)
		}
		c.fails(exitFailed, "sql: DuplicateItemException", "sql", `INSERT INTO "orders" VALUE {'customer': ?, 'id': ?}`, "-p", "new", "-p", "1")
		c.fails(exitFailed, "sql: ValidationException", "sql", "SELEC nothing")
		c.fails(exitUsage, "sql: give one statement, quoted", "sql")
		c.fails(exitUsage, `sql: --param 1: value {"$B":"not base64!"}: binary value "not base64!" is not base64`,
			"sql", `UPDATE "orders" SET b = ? WHERE customer = ? AND id = ?`, "-p", `{"$B":"not base64!"}`, "-p", "c0", "-p", "4")
		c.fails(exitUsage, "sql: --limit -2: must not be negative", "sql", "SELECT * FROM orders", "--limit", "-2")
		if strings.Contains(c.ok("sql", `DELETE FROM "orders" WHERE customer = ? AND id = ?`, "-p", "new", "-p", "1"), "new") {
			t.Error("delete printed the item")
		}
	})
}
