package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded" // registers mem:// and file://
)

// Order is an item of the examples' table.
type Order struct {
	Customer string   `ddb:"customer,hash"`
	OrderID  int      `ddb:"order_id,range"`
	Status   string   `ddb:"status,gsi=by_status"`
	Total    int      `ddb:"total"`
	Notes    []string `ddb:"notes,omitempty"`
}

// openOrders opens an in-memory database with a created orders table.
func openOrders(ctx context.Context) (*ddb.DB, *ddb.Table[Order]) {
	db, err := ddb.Open(ctx, "mem://")
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
	return db, orders
}

func ExampleNewTable() {
	db, err := ddb.Open(context.Background(), "mem://")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	orders, err := ddb.NewTable[Order](db, "orders", ddb.Provisioned(5, 5),
		ddb.WithIndex("by_status", ddb.ProjectInclude("total")))
	if err != nil {
		log.Fatal(err)
	}
	s := orders.Schema()
	fmt.Println(s.HashKey(), s.RangeKey())
	for _, ix := range s.Indexes() {
		fmt.Println(ix.Name, ix.HashKey, ix.Projection.Type, ix.Projection.Attributes)
	}
	// Output:
	// customer order_id
	// by_status status INCLUDE [total]
}

func ExampleTable_Get() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	if err := orders.Put(ctx, Order{Customer: "ann", OrderID: 1, Status: "open", Total: 42}); err != nil {
		log.Fatal(err)
	}
	order, err := orders.Get(ctx, ddb.Key("ann", 1), ddb.Consistent())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", order)
	_, err = orders.Get(ctx, ddb.Key("ann", 2))
	fmt.Println(errors.Is(err, ddb.ErrNotFound))
	// Output:
	// {Customer:ann OrderID:1 Status:open Total:42 Notes:[]}
	// true
}

func ExampleTable_Put() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	order := Order{Customer: "bob", OrderID: 7, Status: "open", Total: 10}
	if err := orders.Put(ctx, order, ddb.IfNotExists()); err != nil {
		log.Fatal(err)
	}
	err := orders.Put(ctx, order, ddb.IfNotExists())
	fmt.Println(errors.Is(err, ddb.ErrConditionFailed))
	// Output:
	// true
}

func ExampleTable_Update() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	if err := orders.Put(ctx, Order{Customer: "cid", OrderID: 3, Status: "open", Total: 10}); err != nil {
		log.Fatal(err)
	}
	var updated Order
	err := orders.Update(ctx, ddb.Key("cid", 3),
		ddb.Set("status", "paid").Increment("total", 5).Append("notes", "paid by card"),
		ddb.If(ddb.Attr("status").Equal("open").And(ddb.Attr("total").LessThan(100))),
		ddb.ReturnNew(&updated))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", updated)
	// Output:
	// {Customer:cid OrderID:3 Status:paid Total:15 Notes:[paid by card]}
}

// OrderStatus is the part of an order a status service owns; Upsert
// writes it without touching the order's other attributes.
type OrderStatus struct {
	Customer string  `ddb:"customer,hash"`
	OrderID  int     `ddb:"order_id,range"`
	Status   *string `ddb:"status"`
	Note     *string `ddb:"note"`
}

func ExampleTable_Upsert() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	if err := orders.Put(ctx, Order{Customer: "eve", OrderID: 5, Status: "open", Total: 40}); err != nil {
		log.Fatal(err)
	}
	statuses := ddb.TableWithSchema[OrderStatus](db, orders.Schema())
	paid := "paid"
	// The note is nil: with SkipNil, Upsert leaves its attribute as it is.
	if err := statuses.Upsert(ctx, OrderStatus{Customer: "eve", OrderID: 5, Status: &paid}, ddb.SkipNil()); err != nil {
		log.Fatal(err)
	}
	order, err := orders.Get(ctx, ddb.Key("eve", 5))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", order)
	// Output:
	// {Customer:eve OrderID:5 Status:paid Total:40 Notes:[]}
}

func ExampleTable_Delete() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	if err := orders.Put(ctx, Order{Customer: "dan", OrderID: 1, Status: "cancelled"}); err != nil {
		log.Fatal(err)
	}
	var old *Order
	err := orders.Delete(ctx, ddb.Key("dan", 1), ddb.If(ddb.Attr("status").Equal("cancelled")), ddb.ReturnOld(&old))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(old.Status)
	// Output:
	// cancelled
}

func ExampleExpr() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	if err := orders.Put(ctx, Order{Customer: "eve", OrderID: 1, Status: "open", Total: 30}); err != nil {
		log.Fatal(err)
	}
	cond := ddb.Expr("#t BETWEEN :lo AND :hi", ddb.Names{"#t": "total"}, ddb.Values{":lo": 10, ":hi": 20})
	err := orders.Delete(ctx, ddb.Key("eve", 1), ddb.If(cond))
	fmt.Println(err)
	// Output:
	// ddb: DeleteItem orders: ConditionalCheckFailedException: The conditional request failed
}

func ExampleNewSchema() {
	schema, err := ddb.NewSchema("events", ddb.Definition{
		Fields: []ddb.Field{
			{Name: "stream", Type: ddb.TypeString},
			{Name: "seq", Type: ddb.TypeNumber},
		},
		HashKey:  "stream",
		RangeKey: "seq",
	})
	if err != nil {
		log.Fatal(err)
	}
	in := schema.CreateTableInput()
	for _, d := range in.AttributeDefinitions {
		fmt.Println(*d.AttributeName, d.AttributeType)
	}
	fmt.Println(in.BillingMode)
	// Output:
	// stream S
	// seq N
	// PAY_PER_REQUEST
}

// putOrders writes orders 1..5 of "ann", open when even.
func putOrders(ctx context.Context, orders *ddb.Table[Order]) {
	w := orders.BatchWrite()
	for id := 1; id <= 5; id++ {
		status := "paid"
		if id%2 == 0 {
			status = "open"
		}
		w.Put(Order{Customer: "ann", OrderID: id, Status: status, Total: 10 * id})
	}
	if err := w.Run(ctx); err != nil {
		log.Fatal(err)
	}
}

func ExampleTable_Query() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	putOrders(ctx, orders)

	// Every order of ann from number 2 on, newest first, with a total over 20.
	for order, err := range orders.Query(ctx, ddb.Partition("ann").SortGreaterOrEqual(2),
		ddb.Descending(), ddb.Filter(ddb.Attr("total").GreaterThan(20))).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(order.OrderID, order.Total)
	}

	// The open orders, from the global index by_status.
	open, err := orders.Query(ctx, ddb.Partition("open"), ddb.OnIndex("by_status")).Count()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("open:", open)
	// Output:
	// 5 50
	// 4 40
	// 3 30
	// open: 2
}

func ExampleResults_Page() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	putOrders(ctx, orders)

	// An HTTP handler would take the cursor from the request and return Next.
	cursor := ""
	for {
		page, err := orders.Query(ctx, ddb.Partition("ann"), ddb.PageSize(2)).Page(cursor)
		if err != nil {
			log.Fatal(err)
		}
		for _, o := range page.Items {
			fmt.Print(o.OrderID, " ")
		}
		fmt.Println("| more:", page.Next != "")
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	// Output:
	// 1 2 | more: true
	// 3 4 | more: true
	// 5 | more: false
}

func ExampleTable_Scan() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	putOrders(ctx, orders)

	// Four segments scanned concurrently; items arrive in no particular order.
	total := 0
	for order, err := range orders.Scan(ctx, ddb.Parallel(4), ddb.Filter(ddb.Attr("status").Equal("paid"))).All() {
		if err != nil {
			log.Fatal(err)
		}
		total += order.Total
	}
	fmt.Println("paid:", total)
	// Output:
	// paid: 90
}

func ExampleTable_BatchGet() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	putOrders(ctx, orders)

	var cc ddb.Capacity
	found, err := orders.BatchGet(ctx, []ddb.ItemKey{ddb.Key("ann", 1), ddb.Key("ann", 3), ddb.Key("ann", 99)},
		ddb.Project("order_id"), ddb.ConsumedCapacity(&cc))
	if err != nil {
		log.Fatal(err)
	}
	slices.SortFunc(found, func(a, b Order) int { return a.OrderID - b.OrderID })
	for _, o := range found {
		fmt.Println(o.OrderID)
	}
	fmt.Println("capacity used:", cc.Total > 0)
	// Output:
	// 1
	// 3
	// capacity used: true
}

// Stock is an item of a second table, for the transaction examples.
type Stock struct {
	SKU   string `ddb:"sku,hash"`
	Count int    `ddb:"count"`
}

func ExampleWriteTx() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	stock, err := ddb.NewTable[Stock](db, "stock")
	if err != nil {
		log.Fatal(err)
	}
	if err := stock.Create(ctx); err != nil {
		log.Fatal(err)
	}
	if err := stock.Put(ctx, Stock{SKU: "pen", Count: 1}); err != nil {
		log.Fatal(err)
	}

	// Place an order and take the pen from stock, both or neither.
	order := func(id int) error {
		return ddb.WriteTx().
			Put(orders, Order{Customer: "ann", OrderID: id, Status: "open"}, ddb.IfNotExists()).
			Update(stock, ddb.Key("pen"), ddb.Decrement("count", 1), ddb.If(ddb.Attr("count").GreaterThan(0))).
			Run(ctx)
	}
	fmt.Println(order(1))
	err = order(2)
	var e *ddb.Error
	if errors.As(err, &e) {
		fmt.Println(errors.Is(err, ddb.ErrTransactionCanceled), errors.Is(err, ddb.ErrConditionFailed))
		for _, r := range e.Reasons {
			fmt.Println(r.Code)
		}
	}
	// Output:
	// <nil>
	// true true
	// None
	// ConditionalCheckFailed
}

func ExampleGetTx() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	putOrders(ctx, orders)

	var first Order
	var missing *Order
	err := ddb.GetTx().
		Get(orders, ddb.Key("ann", 1), &first).
		Get(orders, ddb.Key("ann", 99), &missing).
		Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first.Status, missing == nil)
	// Output:
	// paid true
}

func ExampleTable_Changes() {
	ctx := context.Background()
	db, err := ddb.Open(ctx, "mem://")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	orders, err := ddb.NewTable[Order](db, "orders", ddb.WithStream(types.StreamViewTypeNewAndOldImages))
	if err != nil {
		log.Fatal(err)
	}
	if err := orders.Create(ctx); err != nil {
		log.Fatal(err)
	}
	orders.Put(ctx, Order{Customer: "ann", OrderID: 1, Status: "open", Total: 10})
	orders.Update(ctx, ddb.Key("ann", 1), ddb.Set("status", "paid"))
	orders.Delete(ctx, ddb.Key("ann", 1))

	var checkpoint ddb.Position // the zero Position: the oldest change
	for c, err := range orders.Changes(ctx, checkpoint, ddb.UntilCaughtUp()) {
		if err != nil {
			log.Fatal(err)
		}
		switch c.Kind {
		case ddb.Inserted:
			fmt.Println("new order, status", c.New.Status)
		case ddb.Modified:
			fmt.Println("status", c.Old.Status, "->", c.New.Status)
		case ddb.Removed:
			fmt.Println("removed an order of", c.Old.Customer)
		}
		checkpoint = c.Position
	}
	// Output:
	// new order, status open
	// status open -> paid
	// removed an order of ann
}

func ExampleTable_OnChange() {
	ctx := context.Background()
	db, err := ddb.Open(ctx, "mem://")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	orders, err := ddb.NewTable[Order](db, "orders", ddb.WithStream(types.StreamViewTypeNewImage))
	if err != nil {
		log.Fatal(err)
	}
	if err := orders.Create(ctx); err != nil {
		log.Fatal(err)
	}
	// A stream-triggered function, run in-process after each commit.
	paid := 0
	stop, err := orders.OnChange(func(c ddb.Change[Order]) {
		if c.New != nil && c.New.Status == "paid" {
			paid++
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	orders.Put(ctx, Order{Customer: "bob", OrderID: 7, Status: "paid", Total: 3})
	fmt.Println("paid orders seen:", paid) // no polling: handled before Put returned
	// Output:
	// paid orders seen: 1
}
