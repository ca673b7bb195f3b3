package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/ddbkit/ddb"
)

// Wallet is a versioned item with timestamps, for the examples.
type Wallet struct {
	Owner   string    `ddb:"owner,hash"`
	Balance int       `ddb:"balance"`
	Version int       `ddb:"version,version"`
	Created time.Time `ddb:"created,created"`
	Updated time.Time `ddb:"updated,updated,unixtime"`
}

// createTable declares and creates the table name of T on db.
func createTable[T any](ctx context.Context, db *ddb.DB, name string, opts ...ddb.TableOption) *ddb.Table[T] {
	table, err := ddb.NewTable[T](db, name, opts...)
	if err == nil {
		err = table.Create(ctx)
	}
	if err != nil {
		log.Fatal(err)
	}
	return table
}

// openWallets opens an in-memory database whose clock is fixed at now,
// with a created wallets table.
func openWallets(ctx context.Context, now time.Time, opts ...ddb.Option) (*ddb.DB, *ddb.Table[Wallet]) {
	db, err := ddb.Open(ctx, "mem://", append(opts, ddb.WithClock(func() time.Time { return now }))...)
	if err != nil {
		log.Fatal(err)
	}
	return db, createTable[Wallet](ctx, db, "wallets")
}

func ExampleTable_Save() {
	ctx := context.Background()
	db, wallets := openWallets(ctx, time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC))
	defer db.Close()

	w := Wallet{Owner: "ann", Balance: 10}
	if err := wallets.Save(ctx, &w); err != nil { // new: version 0 means "must not exist"
		log.Fatal(err)
	}
	fmt.Println(w.Version, w.Created.Format(time.Kitchen))

	// Two writers read version 1; the second to write loses.
	a, _ := wallets.Get(ctx, ddb.Key("ann"))
	b, _ := wallets.Get(ctx, ddb.Key("ann"))
	a.Balance += 5
	b.Balance -= 3
	fmt.Println(wallets.Save(ctx, &a), a.Version)
	err := wallets.Save(ctx, &b, ddb.ReturnOldOnConditionFailure(&b))
	fmt.Println(errors.Is(err, ddb.ErrVersionConflict), errors.Is(err, ddb.ErrConditionFailed))
	// b now holds the current item: redo the change and save again.
	b.Balance -= 3
	fmt.Println(wallets.Save(ctx, &b), b.Balance, b.Version)
	// Output:
	// 1 2:00PM
	// <nil> 2
	// true true
	// <nil> 12 3
}

func ExampleIfVersion() {
	ctx := context.Background()
	db, wallets := openWallets(ctx, time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC))
	defer db.Close()
	if err := wallets.Put(ctx, Wallet{Owner: "ann", Balance: 10}); err != nil {
		log.Fatal(err)
	}

	// Update adds one to the version; IfVersion checks the one read.
	var w Wallet
	err := wallets.Update(ctx, ddb.Key("ann"), ddb.Increment("balance", 5), ddb.IfVersion(1), ddb.ReturnNew(&w))
	fmt.Println(err, w.Balance, w.Version)
	err = wallets.Delete(ctx, ddb.Key("ann"), ddb.IfVersion(1))
	var conflict *ddb.VersionConflictError
	fmt.Println(errors.As(err, &conflict), conflict.Expected)
	fmt.Println(wallets.Delete(ctx, ddb.Key("ann"), ddb.IfVersion(2)))
	// Output:
	// <nil> 15 2
	// true 1
	// <nil>
}

func ExampleWithClock() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	db, wallets := openWallets(ctx, now)
	defer db.Close()

	// Update sets updated, and created when the item has none.
	if err := wallets.Update(ctx, ddb.Key("bob"), ddb.Set("balance", 1)); err != nil {
		log.Fatal(err)
	}
	w, err := wallets.Get(ctx, ddb.Key("bob"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.Created.Equal(now), w.Updated.Equal(now), w.Version)
	// Output:
	// true true 1
}

func ExampleHideExpired() {
	ctx := context.Background()
	now := time.Now()
	db, err := ddb.Open(ctx, "mem://", ddb.WithClock(func() time.Time { return now }))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	visits := createTable[Visit](ctx, db, "visits") // Create enables time to live on "expires"
	err = visits.BatchWrite().Put(
		Visit{User: "ann", ID: 1, Expires: now.Add(time.Hour)},
		Visit{User: "ann", ID: 2, Expires: now.Add(-time.Hour)}, // expired, not yet deleted
		Visit{User: "ann", ID: 3},                               // never expires
	).Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	all, _ := visits.Query(ctx, ddb.Partition("ann")).Count()
	live, _ := visits.Query(ctx, ddb.Partition("ann"), ddb.HideExpired()).Count()
	_, err = visits.Get(ctx, ddb.Key("ann", 2), ddb.HideExpired())
	fmt.Println(all, live, errors.Is(err, ddb.ErrNotFound))
	// Output:
	// 3 2 true
}

func ExampleDB_Now() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db, err := ddb.Open(ctx, "mem://", ddb.WithClock(clock))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	visits := createTable[Visit](ctx, db, "visits")

	// Expiry times come from the DB's clock, the one HideExpired compares
	// them with, so that a test moving the clock sees them expire.
	err = visits.Put(ctx, Visit{User: "ann", ID: 1, Expires: db.Now().Add(time.Hour)})
	if err != nil {
		log.Fatal(err)
	}
	now = now.Add(2 * time.Hour)
	_, err = visits.Get(ctx, ddb.Key("ann", 1), ddb.HideExpired())
	fmt.Println(db.Now().Format(time.Kitchen), errors.Is(err, ddb.ErrNotFound))
	// Output:
	// 4:00PM true
}

func ExampleBatchWrite() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	stock := createTable[Stock](ctx, db, "stock")

	var placed []Order
	for id := range 60 {
		placed = append(placed, Order{Customer: "ann", OrderID: id, Status: "open"})
	}
	err := ddb.BatchWrite(db).
		Put(orders, placed). // a slice of items, or items one by one
		Put(stock, Stock{SKU: "pen", Count: 10}, Stock{SKU: "ink", Count: 3}).
		Run(ctx, ddb.Concurrency(2))
	if err != nil {
		// What is left is in the error, typed per table.
		left, _ := ddb.UnprocessedItems(err, orders)
		log.Fatal(err, len(left))
	}

	var gotOrders []Order
	var gotStock []*Stock
	err = ddb.BatchGet(db).
		Get(orders, []ddb.ItemKey{ddb.Key("ann", 1), ddb.Key("ann", 59)}, &gotOrders).
		Get(stock, []ddb.ItemKey{ddb.Key("pen"), ddb.Key("ink"), ddb.Key("cap")}, &gotStock, ddb.Consistent()).
		Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	var skus []string
	for _, s := range gotStock {
		skus = append(skus, fmt.Sprint(s.SKU, ":", s.Count))
	}
	slices.Sort(skus)
	fmt.Println(len(gotOrders), skus)
	// Output:
	// 2 [ink:3 pen:10]
}

func ExampleWriteTransaction_Check() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	stock := createTable[Stock](ctx, db, "stock")
	if err := stock.Put(ctx, Stock{SKU: "pen", Count: 0}); err != nil {
		log.Fatal(err)
	}

	// Place the order only if pens are in stock, without changing the
	// stock; when the check fails, see the item that failed it.
	var seen Stock
	err := ddb.WriteTx().
		Check(stock, ddb.Key("pen"), ddb.Attr("count").GreaterThan(0), ddb.ReturnOldOnConditionFailure(&seen)).
		Put(orders, Order{Customer: "ann", OrderID: 1, Status: "open"}).
		Run(ctx)
	fmt.Println(errors.Is(err, ddb.ErrConditionFailed), seen.SKU, seen.Count)
	// Output:
	// true pen 0
}

func ExampleLogHook() {
	ctx := context.Background()
	// Leave out the time and duration, which change from run to run.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	db, wallets := openWallets(ctx, time.Now(), ddb.WithHook(ddb.LogHook(logger, slog.LevelInfo)))
	defer db.Close()

	_ = wallets.Put(ctx, Wallet{Owner: "ann"})
	_ = wallets.Put(ctx, Wallet{Owner: "ann"}) // a version conflict
	// Output:
	// level=INFO msg="ddb request" op=CreateTable tables=[wallets]
	// level=INFO msg="ddb request" op=DescribeTable tables=[wallets]
	// level=INFO msg="ddb request" op=PutItem tables=[wallets] capacity=1
	// level=INFO msg="ddb request" op=PutItem tables=[wallets] error="ConditionalCheckFailedException: The conditional request failed"
}
