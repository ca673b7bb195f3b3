// Command awsonly is a program that uses the library against AWS only; the
// dependency test checks that it links no storage engine.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/google/uuid"

	"github.com/ddbkit/ddb"
)

// UserWallet is the wallet example's item.
type UserWallet struct {
	UserID  uuid.UUID `ddb:"user_id,hash"`
	Balance int       `ddb:"balance"`
}

func main() {
	ctx := context.Background()
	db, err := ddb.Open(ctx, "aws://us-east-1")
	if err != nil {
		log.Fatal(err)
	}
	wallets, err := ddb.NewTable[UserWallet](db, "user_wallet")
	if err != nil {
		log.Fatal(err)
	}
	w, err := wallets.Get(ctx, ddb.Key(uuid.New()))
	fmt.Println(w, err)
}
