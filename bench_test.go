package ddb_test

import (
	"testing"

	"github.com/ddbkit/ddb"
)

// benchAccounts returns a created Account table in an in-memory engine.
func benchAccounts(b *testing.B) *ddb.Table[Account] {
	db, err := ddb.Open(b.Context(), "mem://")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	accounts, err := ddb.NewTable[Account](db, "accounts")
	if err != nil {
		b.Fatal(err)
	}
	if err := accounts.Create(b.Context()); err != nil {
		b.Fatal(err)
	}
	return accounts
}

func BenchmarkPut(b *testing.B) {
	accounts := benchAccounts(b)
	item := Account{Owner: "ann", ID: 1, Balance: 10, Status: "open", Tags: []string{"a", "b"}}
	for b.Loop() {
		if err := accounts.Put(b.Context(), item); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	accounts := benchAccounts(b)
	if err := accounts.Put(b.Context(), Account{Owner: "ann", ID: 1, Balance: 10, Status: "open"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := accounts.Get(b.Context(), ddb.Key("ann", 1)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConditionalUpdate(b *testing.B) {
	accounts := benchAccounts(b)
	update := ddb.Increment("balance", 1).Set("meta", map[string]string{"k": "v"})
	cond := ddb.If(ddb.Attr("status").Equal("open").And(ddb.Attr("balance").GreaterOrEqual(0)))
	if err := accounts.Put(b.Context(), Account{Owner: "ann", ID: 1, Status: "open"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := accounts.Update(b.Context(), ddb.Key("ann", 1), update, cond); err != nil {
			b.Fatal(err)
		}
	}
}
