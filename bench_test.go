package ddb_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

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

// BenchmarkPut writes one item through Table[T].Put (encoding a struct, and
// as a raw item) and through the same raw PutItemInput sent to the backend,
// the library's overhead being the difference between "items" and "sdk".
func BenchmarkPut(b *testing.B) {
	accounts := benchAccounts(b)
	ctx := b.Context()
	account := Account{Owner: "ann", ID: 1, Balance: 10, Status: "open", Tags: []string{"a", "b"}}
	item, err := ddb.Marshal(&account)
	if err != nil {
		b.Fatal(err)
	}
	raw := ddb.TableWithSchema[ddb.Item](accounts.DB(), accounts.Schema())
	b.Run("structs", func(b *testing.B) {
		loop(b, func() error { return accounts.Put(ctx, account) })
	})
	b.Run("items", func(b *testing.B) {
		loop(b, func() error { return raw.Put(ctx, item) })
	})
	b.Run("sdk", func(b *testing.B) {
		api := accounts.DB().API()
		loop(b, func() error {
			_, err := api.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(accounts.Name()), Item: item})
			return err
		})
	})
}

// BenchmarkGet reads one item through Table[T].Get (decoding into a struct,
// and as a raw item) and through the same raw GetItemInput sent to the
// backend.
func BenchmarkGet(b *testing.B) {
	accounts := benchAccounts(b)
	ctx := b.Context()
	if err := accounts.Put(ctx, Account{Owner: "ann", ID: 1, Balance: 10, Status: "open"}); err != nil {
		b.Fatal(err)
	}
	raw := ddb.TableWithSchema[ddb.Item](accounts.DB(), accounts.Schema())
	b.Run("structs", func(b *testing.B) {
		loop(b, func() error { _, err := accounts.Get(ctx, ddb.Key("ann", 1)); return err })
	})
	b.Run("items", func(b *testing.B) {
		loop(b, func() error { _, err := raw.Get(ctx, ddb.Key("ann", 1)); return err })
	})
	b.Run("sdk", func(b *testing.B) {
		api := accounts.DB().API()
		loop(b, func() error {
			_, err := api.GetItem(ctx, &dynamodb.GetItemInput{
				TableName: aws.String(accounts.Name()),
				Key: map[string]types.AttributeValue{
					"owner": &types.AttributeValueMemberS{Value: "ann"},
					"id":    &types.AttributeValueMemberN{Value: "1"},
				},
			})
			return err
		})
	})
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

// benchAnn20 returns an Account table (benchAccounts) holding the 20
// accounts of "ann", and the same table read as raw items.
func benchAnn20(b *testing.B) (*ddb.Table[Account], *ddb.Table[ddb.Item]) {
	accounts := benchAccounts(b)
	w := accounts.BatchWrite()
	for id := range 20 {
		w.Put(Account{Owner: "ann", ID: id, Balance: id, Status: "open", Tags: []string{"a", "b"}})
	}
	if err := w.Run(b.Context()); err != nil {
		b.Fatal(err)
	}
	return accounts, ddb.TableWithSchema[ddb.Item](accounts.DB(), accounts.Schema())
}

// BenchmarkQuery reads a partition of 20 items through Table[T].Query
// (decoding into structs, and as raw items) and through the same raw
// QueryInput sent to the backend, the library's overhead being the
// difference between "items" and "sdk".
func BenchmarkQuery(b *testing.B) {
	accounts, raw := benchAnn20(b)
	ctx := b.Context()
	b.Run("structs", func(b *testing.B) {
		loop(b, func() error { return readAll(accounts.Query(ctx, ddb.Partition("ann")), 20) })
	})
	b.Run("items", func(b *testing.B) {
		loop(b, func() error { return readAll(raw.Query(ctx, ddb.Partition("ann")), 20) })
	})
	b.Run("sdk", func(b *testing.B) {
		api := accounts.DB().API()
		loop(b, func() error {
			out, err := api.Query(ctx, &dynamodb.QueryInput{
				TableName:                 aws.String(accounts.Name()),
				KeyConditionExpression:    aws.String("#n0 = :v0"),
				ExpressionAttributeNames:  map[string]string{"#n0": "owner"},
				ExpressionAttributeValues: map[string]types.AttributeValue{":v0": &types.AttributeValueMemberS{Value: "ann"}},
			})
			if err == nil && len(out.Items) != 20 {
				err = fmt.Errorf("read %d items, want 20", len(out.Items))
			}
			return err
		})
	})
}

// BenchmarkScan reads a table of 20 items through Table[T].Scan, decoding
// into structs and as raw items: Query's path with no key condition.
func BenchmarkScan(b *testing.B) {
	accounts, raw := benchAnn20(b)
	ctx := b.Context()
	b.Run("structs", func(b *testing.B) {
		loop(b, func() error { return readAll(accounts.Scan(ctx), 20) })
	})
	b.Run("items", func(b *testing.B) {
		loop(b, func() error { return readAll(raw.Scan(ctx), 20) })
	})
}

// readAll iterates over results, expecting want items.
func readAll[T any](results *ddb.Results[T], want int) error {
	n := 0
	for _, err := range results.All() {
		if err != nil {
			return err
		}
		n++
	}
	if n != want {
		return fmt.Errorf("read %d items, want %d", n, want)
	}
	return nil
}

// loop runs call b.N times and reports the CPU time of the process per
// call (cpu-ns/op), steadier than the elapsed time on a shared machine.
func loop(b *testing.B, call func() error) {
	start := processCPU(b)
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
}

// processCPU returns the user and system CPU time of the process so far.
func processCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkPutObserved writes one item with no hook, with a hook that does
// nothing, and with the slog hook logging to a disabled level: the cost of
// observing a request.
func BenchmarkPutObserved(b *testing.B) {
	account := Account{Owner: "ann", ID: 1, Balance: 10, Status: "open"}
	for _, bc := range []struct {
		name string
		opts []ddb.Option
	}{
		{"none", nil},
		{"nop", []ddb.Option{ddb.WithHook(ddb.HookFunc(func(context.Context, *ddb.CallInfo) {}))}},
		{"slog-off", []ddb.Option{ddb.WithHook(ddb.LogHook(slog.New(slog.DiscardHandler), slog.LevelDebug))}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			accounts := benchAccounts(b)
			ctx := b.Context()
			observed := ddb.TableWithSchema[Account](ddb.New(accounts.DB().API(), bc.opts...), accounts.Schema())
			loop(b, func() error { return observed.Put(ctx, account) })
		})
	}
}

// BenchmarkVersionedPut writes a versioned item with Save, which checks
// and counts up its version, against a plain Put of the same item.
func BenchmarkVersionedPut(b *testing.B) {
	db, err := ddb.Open(b.Context(), "mem://")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := b.Context()
	counters, err := ddb.NewTable[Counter](db, "counters")
	if err == nil {
		err = counters.Create(ctx)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Run("save", func(b *testing.B) {
		c := Counter{Name: fmt.Sprint("save-", time.Now().UnixNano())}
		loop(b, func() error { return counters.Save(ctx, &c) })
	})
	b.Run("ignore-version", func(b *testing.B) {
		c := Counter{Name: "put"}
		loop(b, func() error { return counters.Put(ctx, c, ddb.IgnoreVersion()) })
	})
	b.Run("save-unchecked", func(b *testing.B) {
		c := Counter{Name: "put"}
		loop(b, func() error { return counters.Save(ctx, &c, ddb.IgnoreVersion()) })
	})
}

// BenchmarkQueryClient reads a page of 20 items through Table[T].Query
// over HTTP from a server that answers every request with the same Query
// response: the client's work, on the library's own client and on
// aws-sdk-go-v2's, with the server's kept to writing a fixed body.
func BenchmarkQueryClient(b *testing.B) {
	var items []string
	for id := range 20 {
		items = append(items, fmt.Sprintf(`{"owner":{"S":"ann"},"id":{"N":"%d"},"balance":{"N":"%d"},"status":{"S":"open"},"tags":{"SS":["a","b"]}}`, id, id*10))
	}
	body := []byte(`{"Count":20,"Items":[` + strings.Join(items, ",") + `],"ScannedCount":20}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			b.Error(err)
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	for _, client := range []struct{ name, url string }{{"lean", srv.URL}, {"sdk", srv.URL + "?client=sdk"}} {
		b.Run(client.name, func(b *testing.B) {
			db, err := ddb.Open(b.Context(), client.url)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			accounts, err := ddb.NewTable[Account](db, "accounts")
			if err != nil {
				b.Fatal(err)
			}
			loop(b, func() error {
				page, err := accounts.Query(b.Context(), ddb.Partition("ann")).Page("")
				if err == nil && len(page.Items) != 20 {
					err = fmt.Errorf("read %d items, want 20", len(page.Items))
				}
				return err
			})
		})
	}
}

// BenchmarkEntityPut writes entities whose key templates hold one field
// (built as they are) and two strings (whose keys are checked to split
// one way).
func BenchmarkEntityPut(b *testing.B) {
	db, err := ddb.Open(b.Context(), "mem://")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	app, err := ddb.NewTable[appKeys](db, "app", ddb.WithIndex("gsi1", ddb.ProjectKeysOnly()))
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Create(b.Context()); err != nil {
		b.Fatal(err)
	}
	people, err := ddb.NewEntity[person](app, "Person")
	if err != nil {
		b.Fatal(err)
	}
	locs, err := ddb.NewEntity[location](app, "Loc")
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	b.Run("person", func(b *testing.B) {
		loop(b, func() error {
			return people.Put(ctx, person{ID: "1", City: "Paris", Last: "Dupont", First: "Jo", Age: 30})
		})
	})
	b.Run("location", func(b *testing.B) {
		loop(b, func() error { return locs.Put(ctx, location{Country: "France", City: "Paris"}) })
	})
}
