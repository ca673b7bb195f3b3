package shop_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded"
	"github.com/ddbkit/ddb/examples/shop"
	"github.com/ddbkit/ddb/internal/clienttest"
)

// demoRuns is what Demo prints on a new database, then on the same data
// again.
var demoRuns = []string{
	`customer ann added at version 1
customer bob added at version 1
Ann: 4 orders, 8 lines, version 5
Ann's cart: [stamp]
4 open orders, 1 paid
table shop: 1 to change
  + index by_email: global [email HASH S] ALL
bob@example.com is Bob, with 1 orders
`,
	`customer ann exists
customer bob exists
Ann: 8 orders, 16 lines, version 9
Ann's cart: [stamp stamp]
8 open orders, 2 paid
table shop: up to date
bob@example.com is Bob, with 2 orders
`,
}

// TestDemoOnBackends runs the shop's flow twice on each backend: the
// embedded engine in memory (one database for both runs) and on disk
// (opened anew for the second run), and a `ddb serve` process on disk,
// started anew for the second run.
func TestDemoOnBackends(t *testing.T) {
	t.Parallel()
	bin := clienttest.BuildDDB(t)
	tests := []struct {
		name string
		// open returns a function that opens the database of each run,
		// closed by the run.
		open func(t *testing.T) func() *ddb.DB
	}{
		{"mem", func(t *testing.T) func() *ddb.DB {
			db := open(t, "mem://")
			return func() *ddb.DB { return ddb.New(db.API()) } // a DB of the same engine, whose Close leaves it open
		}},
		{"file", func(t *testing.T) func() *ddb.DB {
			dir := t.TempDir()
			return func() *ddb.DB { return open(t, "file://"+dir) }
		}},
		{"ddb serve", func(t *testing.T) func() *ddb.DB {
			dir := t.TempDir()
			var server *clienttest.Server
			return func() *ddb.DB {
				if server != nil {
					server.Terminate(t, 30*time.Second)
				}
				server = clienttest.Serve(t, bin, "--data", dir)
				return open(t, server.Endpoint)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			next := tt.open(t)
			for run, want := range demoRuns {
				db := next()
				var out bytes.Buffer
				ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
				err := shop.Demo(ctx, db, &out)
				cancel()
				if err != nil {
					t.Fatalf("run %d: %v\n%s", run+1, err, out.String())
				}
				if diff := cmp.Diff(want, out.String()); diff != "" {
					t.Errorf("run %d printed (-want +got):\n%s", run+1, diff)
				}
				if err := db.Close(); err != nil {
					t.Errorf("run %d: close: %v", run+1, err)
				}
			}
		})
	}
}

// open opens the database at url, closed when the test ends.
func open(t *testing.T, url string) *ddb.DB {
	t.Helper()
	db, err := ddb.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
