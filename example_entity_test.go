package ddb_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/ddbkit/ddb"
)

// AppKeys declares a table shared by several entity types: generic keys
// and one generic index.
type AppKeys struct {
	PK     string `ddb:"pk,hash"`
	SK     string `ddb:"sk,range"`
	GSI1PK string `ddb:"gsi1pk,gsi=gsi1"`
	GSI1SK string `ddb:"gsi1sk,gsi=gsi1:range"`
}

// Customer is an entity of the app table: one item per customer.
type Customer struct {
	_    struct{} `ddbkey:"pk=CUSTOMER#{id}"`
	_    struct{} `ddbkey:"sk=PROFILE"`
	ID   string   `ddb:"id"`
	Name string   `ddb:"name"`
}

// Purchase is an entity of the app table, in its customer's partition,
// and in the index by status, newest last.
type Purchase struct {
	_        struct{}  `ddbkey:"pk=CUSTOMER#{customer}"`
	_        struct{}  `ddbkey:"sk=PURCHASE#{number:06}"`
	_        struct{}  `ddbkey:"gsi1pk=STATUS#{status}"`
	_        struct{}  `ddbkey:"gsi1sk={placed}"`
	Customer string    `ddb:"customer"`
	Number   int       `ddb:"number"`
	Status   string    `ddb:"status"`
	Placed   time.Time `ddb:"placed"`
}

// openShop opens an in-memory database with the app table and its
// entities.
func openShop(ctx context.Context) (*ddb.DB, *ddb.Table[AppKeys], *ddb.Entity[Customer], *ddb.Entity[Purchase]) {
	db, err := ddb.Open(ctx, "mem://")
	if err != nil {
		log.Fatal(err)
	}
	app, err := ddb.NewTable[AppKeys](db, "app")
	if err != nil {
		log.Fatal(err)
	}
	if err := app.Create(ctx); err != nil {
		log.Fatal(err)
	}
	customers, err := ddb.NewEntity[Customer](app, "Customer")
	if err != nil {
		log.Fatal(err)
	}
	purchases, err := ddb.NewEntity[Purchase](app, "Purchase")
	if err != nil {
		log.Fatal(err)
	}
	return db, app, customers, purchases
}

func ExampleNewEntity() {
	ctx := context.Background()
	db, app, customers, purchases := openShop(ctx)
	defer db.Close()
	placed := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	err := ddb.WriteTx().
		Put(customers, Customer{ID: "ann", Name: "Ann"}).
		Put(purchases, Purchase{Customer: "ann", Number: 7, Status: "open", Placed: placed}).
		Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	p, err := purchases.Get(ctx, ddb.Key("ann", 7))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Customer, p.Number, p.Status)

	// The stored item, as the table holds it.
	raw := ddb.TableWithSchema[ddb.Item](db, app.Schema())
	item, err := raw.Get(ctx, ddb.Key("CUSTOMER#ann", "PURCHASE#000007"))
	if err != nil {
		log.Fatal(err)
	}
	var keys AppKeys
	var kind struct {
		Type string `ddb:"_type"`
	}
	if err := ddb.Unmarshal(item, &keys); err != nil {
		log.Fatal(err)
	}
	if err := ddb.Unmarshal(item, &kind); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v %s\n", keys, kind.Type)

	// A typed query of the partition reads the purchases only.
	n, err := purchases.Query(ctx, ddb.Partition("ann")).Count()
	fmt.Println(n, err)
	// Output:
	// ann 7 open
	// {PK:CUSTOMER#ann SK:PURCHASE#000007 GSI1PK:STATUS#open GSI1SK:2024-05-01T14:00:00.000000000Z} Purchase
	// 1 <nil>
}

func ExampleCollection() {
	ctx := context.Background()
	db, _, customers, purchases := openShop(ctx)
	defer db.Close()
	placed := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	if err := customers.Put(ctx, Customer{ID: "bob", Name: "Bob"}); err != nil {
		log.Fatal(err)
	}
	for i := range 3 {
		if err := purchases.Put(ctx, Purchase{Customer: "bob", Number: 10 - i, Status: "paid", Placed: placed}); err != nil {
			log.Fatal(err)
		}
	}
	res, err := ddb.Collection(customers, purchases).Query(ctx, ddb.Partition("bob"))
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range ddb.Items(res, customers) {
		fmt.Println("customer", c.Name)
	}
	for _, p := range ddb.Items(res, purchases) {
		fmt.Println("purchase", p.Number)
	}
	// Or one at a time, with a type switch.
	for v, err := range ddb.Collection(customers, purchases).All(ctx, ddb.Partition("bob")) {
		if err != nil {
			log.Fatal(err)
		}
		switch v := v.(type) {
		case Customer:
			fmt.Println("the customer", v.ID)
		case Purchase:
			fmt.Println("a purchase", v.Number)
		}
	}
	// Output:
	// customer Bob
	// purchase 8
	// purchase 9
	// purchase 10
	// the customer bob
	// a purchase 8
	// a purchase 9
	// a purchase 10
}

func ExampleReportOtherTypes() {
	ctx := context.Background()
	db, _, customers, purchases := openShop(ctx)
	defer db.Close()
	if err := customers.Put(ctx, Customer{ID: "cy", Name: "Cy"}); err != nil {
		log.Fatal(err)
	}
	// A sort condition below the purchases reaches the customer's item.
	key := ddb.Partition("cy").SortLessThan(ddb.Key(0))
	_, err := purchases.Query(ctx, key, ddb.ReportOtherTypes()).Collect(10)
	fmt.Println(err)
	// Output:
	// ddb: Query app: item pk="CUSTOMER#cy" sk="PROFILE" has type Customer, not Purchase
}

// Ticket is a table's declaration, and TicketByStatus the same with one
// more index.
type Ticket struct {
	Queue  string `ddb:"queue,hash"`
	ID     int    `ddb:"id,range"`
	Status string `ddb:"status"`
}

type TicketByStatus struct {
	Queue  string `ddb:"queue,hash"`
	ID     int    `ddb:"id,range"`
	Status string `ddb:"status,gsi=by_status"`
}

// openTickets opens an in-memory database with a tickets table as Ticket
// declares it.
func openTickets(ctx context.Context) (*ddb.DB, *ddb.Table[Ticket]) {
	db, err := ddb.Open(ctx, "mem://")
	if err != nil {
		log.Fatal(err)
	}
	v1, err := ddb.NewTable[Ticket](db, "tickets")
	if err != nil {
		log.Fatal(err)
	}
	if err := v1.Create(ctx); err != nil {
		log.Fatal(err)
	}
	return db, v1
}

func ExampleTable_Plan() {
	ctx := context.Background()
	db, _ := openTickets(ctx)
	defer db.Close()
	v2, err := ddb.NewTable[TicketByStatus](db, "tickets", ddb.Provisioned(5, 5), ddb.WithTTL("expires"))
	if err != nil {
		log.Fatal(err)
	}
	plan, err := v2.Plan(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(plan)
	// Output:
	// table tickets: 3 to change
	//   ~ billing mode: PAY_PER_REQUEST -> PROVISIONED
	//   + index by_status: global [status HASH S] ALL
	//   ~ time to live: none -> expires
}

func ExampleTable_Sync() {
	ctx := context.Background()
	db, v1 := openTickets(ctx)
	defer db.Close()
	if err := v1.Put(ctx, Ticket{Queue: "support", ID: 1, Status: "open"}); err != nil {
		log.Fatal(err)
	}
	v2, err := ddb.NewTable[TicketByStatus](db, "tickets")
	if err != nil {
		log.Fatal(err)
	}
	_, err = v2.Sync(ctx, ddb.OnSyncProgress(func(p ddb.SyncProgress) {
		if p.Status == "started" || p.Status == "done" {
			fmt.Printf("%d/%d %s: %s\n", p.N, p.Of, p.Change, p.Status)
		}
	}))
	if err != nil {
		log.Fatal(err)
	}
	open, err := v2.Query(ctx, ddb.Partition("open"), ddb.OnIndex("by_status")).Collect(10)
	fmt.Printf("%+v %v\n", open, err)
	plan, err := v2.Sync(ctx) // nothing left to do
	fmt.Println(plan, err)
	// Output:
	// 1/1 + index by_status: global [status HASH S] ALL: started
	// 1/1 + index by_status: global [status HASH S] ALL: done
	// [{Queue:support ID:1 Status:open}] <nil>
	// table tickets: up to date <nil>
}
