package ddb_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
)

// Open reaches a DynamoDB-compatible endpoint with the library's own client;
// client=sdk asks for aws-sdk-go-v2's instead. Both see the same database.
func ExampleOpen() {
	ctx := context.Background()
	// An endpoint such as `ddb serve` or DynamoDB Local: here the embedded
	// engine served over HTTP.
	backend, err := engine.Open(engine.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer backend.Close()
	srv := httptest.NewServer(server.New(backend))
	defer srv.Close()

	for _, url := range []string{srv.URL, srv.URL + "?client=sdk"} {
		db, err := ddb.Open(ctx, url)
		if err != nil {
			log.Fatal(err)
		}
		orders, err := ddb.NewTable[Order](db, "orders")
		if err != nil {
			log.Fatal(err)
		}
		if err := orders.Create(ctx); err != nil {
			log.Fatal(err)
		}
		if err := orders.Put(ctx, Order{Customer: "ana", OrderID: len(url), Status: "open", Total: 12}); err != nil {
			log.Fatal(err)
		}
		n, err := orders.Query(ctx, ddb.Partition("ana")).Count()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("orders of ana:", n)
		db.Close()
	}
	// Output:
	// orders of ana: 1
	// orders of ana: 2
}
