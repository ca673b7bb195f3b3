package ddbtest_test

import (
	"testing"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/ddbtest"
)

// Account is the model the code under test stores.
type Account struct {
	Owner   string `ddb:"owner,hash"`
	Balance int    `ddb:"balance"`
}

// withdraw is the code under test.
func withdraw(t *testing.T, accounts *ddb.Table[Account], owner string, amount int) error {
	return accounts.Update(t.Context(), ddb.Key(owner), ddb.Decrement("balance", amount),
		ddb.If(ddb.Attr("balance").GreaterOrEqual(amount)))
}

// testWithdraw is a test as it would be written in a _test.go file (named
// TestWithdraw there): a table of its own in one line, seeded, on the
// embedded engine or, with DDB_URL set, on a shared endpoint.
func testWithdraw(t *testing.T) {
	t.Parallel()
	db := ddbtest.New(t)
	accounts := ddbtest.Table[Account](t, db, "accounts")
	ddbtest.Seed(t, accounts, Account{Owner: "ann", Balance: 50})

	if err := withdraw(t, accounts, "ann", 80); err == nil {
		t.Error("withdrew more than the balance")
	}
	if err := withdraw(t, accounts, "ann", 30); err != nil {
		t.Fatal(err)
	}
	got, err := accounts.Get(t.Context(), ddb.Key("ann"))
	if err != nil || got.Balance != 20 {
		t.Errorf("balance %d, %v; want 20", got.Balance, err)
	}
}

func Example() {
	_ = testWithdraw // see above: ddbtest is used from tests
}
