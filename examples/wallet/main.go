// Command wallet is the seed example: it declares a user_wallet table, creates
// it (once), sets a new random user's balance to 100 and prints the item it
// reads back.
//
// By default the data lives in the embedded engine under ./data/wallet, so a
// second run finds the table already there; -data moves it, and DDB_URL
// (e.g. http://127.0.0.1:8000 for DynamoDB Local, or aws://us-east-1)
// overrides the backend.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded" // registers mem:// and file://
	"github.com/google/uuid"
)

// UserWallet is one user's balance.
type UserWallet struct {
	UserID  uuid.UUID `ddb:"user_id,hash"`
	Balance int       `ddb:"balance"`
}

// String formats the wallet as {user_id: ..., balance: ...}.
func (w UserWallet) String() string {
	return fmt.Sprintf("{user_id: %s, balance: %d}", w.UserID, w.Balance)
}

func main() {
	data := flag.String("data", "data/wallet", "directory of the embedded database (unused when DDB_URL is set)")
	flag.Parse()
	if err := run(context.Background(), cmp.Or(os.Getenv(ddb.EnvURL), "file://"+*data), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run does the work against the backend at url, printing the wallet to out.
func run(ctx context.Context, url string, out io.Writer) error {
	db, err := ddb.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	wallets, err := ddb.NewTable[UserWallet](db, "user_wallet", ddb.Provisioned(1, 1))
	if err != nil {
		return err
	}
	if err := wallets.Create(ctx); err != nil {
		return err
	}
	userID := uuid.New()
	if err := wallets.Update(ctx, ddb.Key(userID), ddb.Set("balance", 100)); err != nil {
		return err
	}
	wallet, err := wallets.Get(ctx, ddb.Key(userID))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, wallet)
	return err
}
