package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/ddbkit/ddb"
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
