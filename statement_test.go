package ddb_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// set is a string set, as the codec encodes it.
func set(members ...string) map[string]struct{} {
	s := map[string]struct{}{}
	for _, m := range members {
		s[m] = struct{}{}
	}
	return s
}

// onEngine reports whether a test of forEachBackend runs on the engine,
// which reports what DynamoDB Local leaves out (consumed capacity, the
// items of a transaction's failed conditions).
func onEngine(t *testing.T) bool { return strings.HasSuffix(t.Name(), "/"+testbackend.Engine) }

// quoted returns a table's name as a PartiQL quoted identifier.
func quoted(accounts *ddb.Table[Account]) string { return `"` + accounts.Name() + `"` }

func TestStatement(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx, db, table := t.Context(), accounts.DB(), quoted(accounts)
		putAccounts(t, accounts)

		got, err := ddb.Statement[Account](ctx, db, `SELECT * FROM `+table+` WHERE owner = ? AND id BETWEEN ? AND ? AND status = ?`,
			"ann", 3, 9, "odd").Collect(100)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int{3, 5, 7, 9}, ids(got)); diff != "" {
			t.Errorf("SELECT (-want +got):\n%s", diff)
		}
		if got[0].Balance != 30 || got[0].Owner != "ann" {
			t.Errorf("decoded %+v", got[0])
		}

		// All follows NextToken through every page.
		var all []int
		for a, err := range ddb.Statement[Account](ctx, db, `SELECT owner, id FROM `+table+` WHERE owner = ? ORDER BY id`,
			"ann", ddb.PageSize(4), ddb.Consistent()).All() {
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, a.ID)
		}
		if diff := cmp.Diff(span(1, 30), all); diff != "" {
			t.Errorf("All (-want +got):\n%s", diff)
		}
		// The partitions of an IN, in descending order.
		got, err = ddb.Statement[Account](ctx, db, `SELECT owner, id FROM `+table+` WHERE owner IN ['bob', 'ann'] AND id < 3 ORDER BY id DESC`).Collect(10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 || got[0].ID != 2 || got[1].ID != 1 || got[0].Owner != got[1].Owner {
			t.Errorf("IN: %+v", got)
		}

		// Page's cursor is the NextToken.
		results := ddb.Statement[ddb.Item](ctx, db, `SELECT id FROM `+table+` WHERE owner = 'bob'`, ddb.PageSize(3))
		first, err := results.Page("")
		if err != nil || len(first.Items) != 3 || first.Next == "" {
			t.Fatalf("first page %+v, %v", first, err)
		}
		second, err := results.Page(first.Next)
		if err != nil || len(second.Items) != 2 {
			t.Fatalf("second page %+v, %v", second, err)
		}

		n, err := ddb.Statement[Account](ctx, db, `SELECT * FROM `+table+` WHERE balance > ?`, 250).Count()
		if err != nil || n != 5 {
			t.Errorf("Count = %d, %v; want 5", n, err)
		}
		one, err := ddb.Statement[Account](ctx, db, `SELECT * FROM `+table+` WHERE owner = 'ann' AND id = 4`).One()
		if err != nil || one.Status != "even" {
			t.Errorf("One = %+v, %v", one, err)
		}
		if _, err := ddb.Statement[Account](ctx, db, `SELECT * FROM `+table+` WHERE owner = 'nobody'`).First(); !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("First of nothing: %v", err)
		}
	})
}

func TestExec(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx, db, table := t.Context(), accounts.DB(), quoted(accounts)
		insert := `INSERT INTO ` + table + ` VALUE {'owner': ?, 'id': ?, 'balance': ?, 'tags': ?}`
		if err := ddb.Exec(ctx, db, insert, "ann", 1, 100, set("a", "b")); err != nil {
			t.Fatal(err)
		}
		if err := ddb.Exec(ctx, db, insert, "ann", 1, 5, set("c")); !errors.Is(err, ddb.ErrDuplicateItem) {
			t.Errorf("a second INSERT: %v, want ErrDuplicateItem", err)
		}
		var c ddb.Capacity
		err := ddb.Exec(ctx, db, `UPDATE `+table+` SET balance = balance - ?, tags = set_add(tags, ?) WHERE owner = ? AND id = ? AND balance >= ?`,
			30, set("z"), "ann", 1, 30, ddb.ConsumedCapacity(&c))
		if err != nil {
			t.Fatal(err)
		}
		a, err := accounts.Get(ctx, ddb.Key("ann", 1), ddb.Consistent())
		if err != nil {
			t.Fatal(err)
		}
		if slices.Sort(a.Tags); a.Balance != 70 || strings.Join(a.Tags, ",") != "a,b,z" || c.Total == 0 && onEngine(t) {
			t.Errorf("after the UPDATE: %+v", a)
		}
		var old Account
		err = ddb.Exec(ctx, db, `UPDATE `+table+` SET balance = 0 WHERE owner = 'ann' AND id = 1 AND balance > 1000`, ddb.ReturnOldOnConditionFailure(&old))
		if !errors.Is(err, ddb.ErrConditionFailed) || old.Balance != 70 {
			t.Errorf("a failed condition: %v, item %+v", err, old)
		}
		if err := ddb.Exec(ctx, db, `UPDATE `+table+` SET balance = 0 WHERE owner = 'nobody' AND id = 1`); !errors.Is(err, ddb.ErrConditionFailed) {
			t.Errorf("an UPDATE of a missing item: %v", err)
		}

		// A write's RETURNING items come through Statement.
		deleted, err := ddb.Statement[Account](ctx, db, `DELETE FROM `+table+` WHERE owner = 'ann' AND id = 1 RETURNING ALL OLD *`).One()
		if err != nil || deleted.Balance != 70 {
			t.Errorf("DELETE RETURNING: %+v, %v", deleted, err)
		}
		if err := ddb.Exec(ctx, db, `SELEC`); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("a malformed statement: %v", err)
		}
	})
}

// TestStatementMistakes checks that mistakes in a statement's arguments
// and options are *ValidationError values found before anything is sent:
// the DB has no client, so a request would panic.
func TestStatementMistakes(t *testing.T) {
	db := ddb.New(nil)
	ctx := t.Context()
	var nilAccount *Account
	for _, tc := range []struct {
		name  string
		field string
		run   func() error
	}{
		{"an option of another operation", "", func() error {
			_, err := ddb.Statement[ddb.Item](ctx, db, `SELECT * FROM "t"`, ddb.Filter(ddb.Attr("a").Equal(1))).Collect(1)
			return err
		}},
		{"an argument the codec cannot encode", "argument 1", func() error {
			return ddb.Exec(ctx, db, `DELETE FROM "t" WHERE pk = ? AND sk = ?`, 1, func() {})
		}},
		{"a negative PageSize", "PageSize", func() error {
			_, err := ddb.Statement[ddb.Item](ctx, db, `SELECT * FROM "t"`, ddb.PageSize(-1)).Collect(1)
			return err
		}},
		{"ConsumedCapacity without a sink", "ConsumedCapacity", func() error {
			return ddb.Exec(ctx, db, `DELETE FROM "t" WHERE pk = 1`, ddb.ConsumedCapacity(nil))
		}},
		{"ReturnOldOnConditionFailure into a nil pointer", "ReturnOldOnConditionFailure", func() error {
			return ddb.Exec(ctx, db, `DELETE FROM "t" WHERE pk = 1`, ddb.ReturnOldOnConditionFailure(nilAccount))
		}},
		{"ConsumedCapacity on a statement of a transaction", "ConsumedCapacity", func() error {
			return ddb.StatementTx(db).Exec(`DELETE FROM "t" WHERE pk = 1`, ddb.ConsumedCapacity(&ddb.Capacity{})).Run(ctx)
		}},
		{"Consistent in a transaction", "", func() error {
			return ddb.StatementTx(db).Get(&Account{}, `SELECT * FROM "t" WHERE pk = 1`, ddb.Consistent()).Run(ctx)
		}},
		{"ReturnOldOnConditionFailure on a read of a transaction", "ReturnOldOnConditionFailure", func() error {
			return ddb.StatementTx(db).Get(&Account{}, `SELECT * FROM "t" WHERE pk = 1`, ddb.ReturnOldOnConditionFailure(&Account{})).Run(ctx)
		}},
		{"a transaction's Get without a destination", "Get", func() error {
			return ddb.StatementTx(db).Get(nil, `SELECT * FROM "t" WHERE pk = 1`).Run(ctx)
		}},
		{"an empty transaction", "", func() error { return ddb.StatementTx(db).Run(ctx) }},
		{"ConsumedCapacity without a sink for a transaction", "ConsumedCapacity", func() error {
			return ddb.StatementTx(db).Exec(`DELETE FROM "t" WHERE pk = 1`).Run(ctx, ddb.ConsumedCapacity(nil))
		}},
		{"Consistent on a write of a batch", "Consistent", func() error {
			return ddb.BatchStatements(db).Exec(`DELETE FROM "t" WHERE pk = 1`, ddb.Consistent()).Run(ctx)
		}},
		{"a batch's Get into a value", "Get", func() error {
			return ddb.BatchStatements(db).Get(Account{}, `SELECT * FROM "t" WHERE pk = 1`).Run(ctx)
		}},
		{"ConsumedCapacity on a statement of a batch", "ConsumedCapacity", func() error {
			return ddb.BatchStatements(db).Exec(`DELETE FROM "t" WHERE pk = 1`, ddb.ConsumedCapacity(&ddb.Capacity{})).Run(ctx)
		}},
	} {
		err := tc.run()
		var ve *ddb.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ddb.ErrValidation) || ve.Field != tc.field {
			t.Errorf("%s: %v, want a *ValidationError about %q", tc.name, err, tc.field)
		}
	}
}

func TestStatementTx(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx, db, table := t.Context(), accounts.DB(), quoted(accounts)
		putAccounts(t, accounts)
		transfer := func(amount int, token string) error {
			return ddb.StatementTx(db).
				Exec(`UPDATE `+table+` SET balance = balance - ? WHERE owner = 'ann' AND id = 1 AND balance >= ?`, amount, amount).
				Exec(`UPDATE `+table+` SET balance = balance + ? WHERE owner = 'bob' AND id = 1`, amount).
				Exec(`EXISTS(SELECT * FROM ` + table + ` WHERE owner = 'ann' AND id = 2 AND status = 'even')`).
				Idempotent(token).Run(ctx)
		}
		token := accounts.Name() // unique to the test
		if err := transfer(4, token); err != nil {
			t.Fatal(err)
		}
		if err := transfer(4, token); err != nil { // a retry applies nothing
			t.Fatal(err)
		}
		err := transfer(100, token+"-2")
		var e *ddb.Error
		if !errors.Is(err, ddb.ErrTransactionCanceled) || !errors.Is(err, ddb.ErrConditionFailed) || !errors.As(err, &e) || len(e.Reasons) != 3 {
			t.Fatalf("an overdraft: %v", err)
		}

		var ann, bob Account
		var nobody *Account
		err = ddb.StatementTx(db).
			Get(&ann, `SELECT * FROM `+table+` WHERE owner = ? AND id = ?`, "ann", 1).
			Get(&bob, `SELECT balance FROM `+table+` WHERE owner = 'bob' AND id = 1`).
			Get(&nobody, `SELECT * FROM `+table+` WHERE owner = 'nobody' AND id = 1`).
			Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ann.Balance != 6 || bob.Balance != 4 || bob.Owner != "" || nobody != nil {
			t.Errorf("read ann %+v, bob %+v, nobody %v", ann, bob, nobody)
		}

		var failed Account
		err = ddb.StatementTx(db).
			Exec(`DELETE FROM `+table+` WHERE owner = 'ann' AND id = 2 AND balance = 0`, ddb.ReturnOldOnConditionFailure(&failed)).
			Run(ctx)
		if !errors.Is(err, ddb.ErrConditionFailed) {
			t.Fatalf("a failed condition: %v", err)
		}
		if onEngine(t) && failed.Balance != 20 { // DynamoDB Local returns no item
			t.Errorf("the item of the failed condition: %+v", failed)
		}
	})
}

func TestBatchStatements(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx, db, table := t.Context(), accounts.DB(), quoted(accounts)
		putAccounts(t, accounts)
		w := ddb.BatchStatements(db)
		for id := 31; id <= 60; id++ { // two requests
			w.Exec(`INSERT INTO `+table+` VALUE {'owner': 'ann', 'id': ?, 'balance': 1}`, id)
		}
		w.Exec(`INSERT INTO ` + table + ` VALUE {'owner': 'ann', 'id': 1}`)
		w.Exec(`UPDATE ` + table + ` SET balance = 0 WHERE owner = 'bob' AND id = 1 AND balance > 5`)
		err := w.Run(ctx)
		var failed ddb.StatementErrors
		if !errors.As(err, &failed) || len(failed) != 2 || !errors.Is(err, ddb.ErrDuplicateItem) || !errors.Is(err, ddb.ErrConditionFailed) {
			t.Fatalf("Run: %v", err)
		}
		if failed[30].Code != ddb.CodeDuplicateItem || failed[31].Code != ddb.CodeConditionalCheckFailed || failed[30].Table != accounts.Name() {
			t.Errorf("statement errors %v", failed)
		}
		n, err := accounts.Query(ctx, ddb.Partition("ann").SortGreaterThan(30), ddb.Consistent()).Count()
		if err != nil || n != 30 {
			t.Errorf("%d items inserted, %v; want 30", n, err)
		}

		var a7 Account
		var missing *Account
		var c ddb.Capacity
		err = ddb.BatchStatements(db).
			Get(&a7, `SELECT * FROM `+table+` WHERE owner = ? AND id = ?`, "ann", 7, ddb.Consistent()).
			Get(&missing, `SELECT * FROM `+table+` WHERE owner = 'ann' AND id = 99`).
			Run(ctx, ddb.ConsumedCapacity(&c))
		if err != nil {
			t.Fatal(err)
		}
		if a7.Balance != 70 || missing != nil {
			t.Errorf("read %+v, %v", a7, missing)
		}
	})
}
