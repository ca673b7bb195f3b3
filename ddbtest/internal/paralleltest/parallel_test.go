package paralleltest

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/ddbtest"
)

type account struct {
	Owner   string `ddb:"owner,hash"`
	ID      int    `ddb:"id,range"`
	Balance int    `ddb:"balance"`
	Status  string `ddb:"status,gsi=by_status"`
}

type appKeys struct {
	PK string `ddb:"pk,hash"`
	SK string `ddb:"sk,range"`
}

type note struct {
	_     struct{} `ddbkey:"pk=OWNER#{owner}"`
	_     struct{} `ddbkey:"sk=NOTE#{n:04}"`
	Owner string   `ddb:"owner"`
	N     int      `ddb:"n"`
	Text  string   `ddb:"text"`
}

// tests is how many tests run in parallel.
const tests = 50

// TestParallel runs fifty tests at once, each creating tables under the
// same names, writing and reading them, and checking that it sees its own
// items and tables only.
func TestParallel(t *testing.T) {
	for i := range tests {
		t.Run(fmt.Sprintf("test%02d", i), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			db := ddbtest.New(t)
			accounts := ddbtest.Table[account](t, db, "accounts")
			app := ddbtest.Table[appKeys](t, db, "app")
			notes, err := ddb.NewEntity[note](app, "Note")
			if err != nil {
				t.Fatal(err)
			}
			owner := fmt.Sprintf("owner%02d", i)
			ddbtest.Seed(t, accounts, account{Owner: owner, ID: 1, Balance: i, Status: "open"}, account{Owner: owner, ID: 2, Status: "closed"})
			ddbtest.Seed(t, notes, note{Owner: owner, N: 1, Text: "hi"}, note{Owner: owner, N: 2, Text: "bye"})

			if err := accounts.Update(ctx, ddb.Key(owner, 1), ddb.Increment("balance", 100)); err != nil {
				t.Fatal(err)
			}
			open, err := accounts.Query(ctx, ddb.Partition("open"), ddb.OnIndex("by_status")).Collect(10)
			if err != nil || len(open) != 1 || open[0].Owner != owner || open[0].Balance != 100+i {
				t.Errorf("open accounts = %+v, %v; want %s's only", open, err, owner)
			}
			all, err := accounts.Scan(ctx).Count()
			if err != nil || all != 2 {
				t.Errorf("Scan Count = %d, %v; want the test's 2", all, err)
			}
			got, err := notes.Query(ctx, ddb.Partition(owner)).Collect(10)
			if err != nil || len(got) != 2 || got[1].Text != "bye" {
				t.Errorf("notes = %+v, %v", got, err)
			}
			err = ddb.WriteTx().
				Put(notes, note{Owner: owner, N: 3}).
				Update(accounts, ddb.Key(owner, 2), ddb.Set("status", "open")).
				Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// PartiQL names the tables in its text.
			if err := ddb.Exec(ctx, db, `UPDATE "accounts" SET balance = 7 WHERE owner = ? AND id = 2`, owner); err != nil {
				t.Fatal(err)
			}
			rows, err := ddb.Statement[account](ctx, db, `SELECT * FROM "accounts" WHERE owner = ?`, owner).Collect(10)
			if err != nil || len(rows) != 2 || rows[1].Balance != 7 {
				t.Errorf("SELECT = %+v, %v", rows, err)
			}
			list, err := db.API().ListTables(ctx, &dynamodb.ListTablesInput{})
			if err != nil || len(list.TableNames) != 2 || list.TableNames[0] != "accounts" || list.TableNames[1] != "app" {
				t.Errorf("ListTables = %v, %v; want [accounts app]", list, err)
			}
			if err := accounts.DeleteTable(context.Background()); err != nil {
				t.Errorf("DeleteTable: %v", err)
			}
		})
	}
}
