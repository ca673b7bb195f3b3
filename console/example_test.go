package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/console"
	_ "github.com/ddbkit/ddb/embedded"
)

// A program mounts the console in its own server, for any backend ddb.Open
// reaches: here the embedded engine, in memory.
func ExampleNew() {
	db, err := ddb.Open(context.Background(), "mem://")
	if err != nil {
		panic(err)
	}
	defer db.Close()

	mux := http.NewServeMux()
	mux.Handle(console.Prefix, console.New(db.API(), db.Streams(), console.WithEndpoint("mem://")))
	srv := httptest.NewServer(mux) // or http.ListenAndServe("127.0.0.1:8001", mux)
	defer srv.Close()

	resp, err := http.Get(srv.URL + console.Prefix + "api/tables")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
	// Output: 200 OK
}
