// Command shop runs the shop example's flow (see package shop) and prints
// what it sees. The data lives in the embedded engine under ./data/shop;
// -data moves it, and DDB_URL (mem://, http://127.0.0.1:8000 for
// `ddb serve`, aws://us-east-1) overrides the backend.
package main

import (
	"cmp"
	"context"
	"flag"
	"log"
	"os"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded" // registers mem:// and file://
	"github.com/ddbkit/ddb/examples/shop"
)

func main() {
	data := flag.String("data", "data/shop", "directory of the embedded database (unused when DDB_URL is set)")
	flag.Parse()
	ctx := context.Background()
	db, err := ddb.Open(ctx, cmp.Or(os.Getenv(ddb.EnvURL), "file://"+*data))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := shop.Demo(ctx, db, os.Stdout); err != nil {
		log.Fatal(err)
	}
}
