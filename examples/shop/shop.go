// Package shop is an example of single-table design with ddb: customers,
// their orders and the orders' lines in one table, with a global index of
// orders by status, version locking, timestamps, carts that expire, and a
// second index added to a live table with Plan and Sync.
//
// Command shop (./cmd/shop) runs the flow on any backend; the tests run it
// on mem://, file:// and `ddb serve`.
package shop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ddbkit/ddb"
)

// TableName is the name of the shop's one table.
const TableName = "shop"

// Keys declares the shop table: generic keys, which the entities fill from
// their key templates, and one generic global index.
type Keys struct {
	PK     string `ddb:"pk,hash"`
	SK     string `ddb:"sk,range"`
	GSI1PK string `ddb:"gsi1pk,gsi=gsi1"`
	GSI1SK string `ddb:"gsi1sk,gsi=gsi1:range"`
}

// KeysWithEmail is the next version of the table's declaration: it adds
// the global index by_email on the customers' email attribute, which every
// customer item already holds, so that the index fills from the items
// already there.
type KeysWithEmail struct {
	Keys
	Email string `ddb:"email,gsi=by_email"`
}

// Customer is a customer's profile, the item PROFILE of the customer's
// partition.
type Customer struct {
	_       struct{}  `ddbkey:"pk=CUSTOMER#{id}"`
	_       struct{}  `ddbkey:"sk=PROFILE"`
	ID      string    `ddb:"id"`
	Name    string    `ddb:"name"`
	Email   string    `ddb:"email"`
	Orders  int       `ddb:"orders"` // the number of orders placed, which numbers the next one
	Version int       `ddb:"version,version"`
	Created time.Time `ddb:"created,created"`
	Updated time.Time `ddb:"updated,updated"`
}

// Order is an order, in its customer's partition and in gsi1 by status,
// oldest first.
type Order struct {
	_        struct{}  `ddbkey:"pk=CUSTOMER#{customer}"`
	_        struct{}  `ddbkey:"sk=ORDER#{number:08}"`
	_        struct{}  `ddbkey:"gsi1pk=STATUS#{status}"`
	_        struct{}  `ddbkey:"gsi1sk={placed}"`
	Customer string    `ddb:"customer"`
	Number   int       `ddb:"number"`
	Status   string    `ddb:"status"`
	Placed   time.Time `ddb:"placed"`
	Total    int       `ddb:"total"` // in cents
	Version  int       `ddb:"version,version"`
	Created  time.Time `ddb:"created,created"`
	Updated  time.Time `ddb:"updated,updated"`
}

// Line is a line of an order, after the order in the customer's partition.
type Line struct {
	_        struct{} `ddbkey:"pk=CUSTOMER#{customer}"`
	_        struct{} `ddbkey:"sk=ORDER#{order:08}#LINE#{line:03}"`
	Customer string   `ddb:"customer"`
	Order    int      `ddb:"order"`
	Line     int      `ddb:"line"`
	SKU      string   `ddb:"sku"`
	Quantity int      `ddb:"quantity"`
	Price    int      `ddb:"price"` // of one, in cents
}

// Cart is a customer's cart, which expires a day after its last change.
type Cart struct {
	_        struct{}  `ddbkey:"pk=CUSTOMER#{customer}"`
	_        struct{}  `ddbkey:"sk=CART"`
	Customer string    `ddb:"customer"`
	SKUs     []string  `ddb:"skus"`
	Updated  time.Time `ddb:"updated,updated"`
	Expires  time.Time `ddb:"expires,ttl"`
}

// CartLifetime is how long a cart lives after its last change.
const CartLifetime = 24 * time.Hour

// Statuses of orders.
const (
	StatusOpen = "open"
	StatusPaid = "paid"
)

// Shop is the shop's table and its entities on one DB.
type Shop struct {
	DB        *ddb.DB
	Table     *ddb.Table[Keys]
	Customers *ddb.Entity[Customer]
	Orders    *ddb.Entity[Order]
	Lines     *ddb.Entity[Line]
	Carts     *ddb.Entity[Cart]
}

// tableOptions are the options of every declaration of the shop table.
var tableOptions = []ddb.TableOption{ddb.WithTTL("expires")}

// Declare declares the shop table and its entities on db, without
// creating anything.
func Declare(db *ddb.DB) (*Shop, error) {
	table, err := ddb.NewTable[Keys](db, TableName, tableOptions...)
	if err != nil {
		return nil, err
	}
	return declareEntities(db, table)
}

// declareEntities declares the shop's entities on table, a declaration of
// the shop table.
func declareEntities(db *ddb.DB, table ddb.AnyTable) (*Shop, error) {
	s := &Shop{DB: db}
	s.Table, _ = table.(*ddb.Table[Keys])
	var errs [4]error
	s.Customers, errs[0] = ddb.NewEntity[Customer](table, "Customer")
	s.Orders, errs[1] = ddb.NewEntity[Order](table, "Order")
	s.Lines, errs[2] = ddb.NewEntity[Line](table, "Line")
	s.Carts, errs[3] = ddb.NewEntity[Cart](table, "Cart")
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return s, nil
}

// Open declares the shop on db and creates its table if it does not exist.
func Open(ctx context.Context, db *ddb.DB) (*Shop, error) {
	s, err := Declare(db)
	if err != nil {
		return nil, err
	}
	if err := s.Table.Create(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// AddCustomer creates a new customer; it fails with ddb.ErrConditionFailed
// if the customer exists.
func (s *Shop) AddCustomer(ctx context.Context, c *Customer) error {
	c.Version = 0 // new
	return s.Customers.Save(ctx, c)
}

// LineInput is a line of an order to place.
type LineInput struct {
	SKU      string
	Quantity int
	Price    int
}

// PlaceOrder places an order of lines for the customer and returns it. The
// order takes the customer's next number: the customer's order count and
// the order with its lines are written in one transaction that requires
// the customer's version read, so that concurrent orders of one customer
// never take the same number; a conflict reads the customer again and
// retries, as does a transaction DynamoDB cancels for a conflict with
// another one in flight on the same items.
func (s *Shop) PlaceOrder(ctx context.Context, customer string, lines []LineInput) (Order, error) {
	for {
		c, err := s.Customers.Get(ctx, ddb.Key(customer), ddb.Consistent())
		if err != nil {
			return Order{}, err
		}
		o := Order{Customer: customer, Number: c.Orders + 1, Status: StatusOpen, Placed: s.DB.Now()}
		tx := ddb.WriteTx()
		for i, l := range lines {
			o.Total += l.Quantity * l.Price
			tx.Put(s.Lines, Line{Customer: customer, Order: o.Number, Line: i + 1, SKU: l.SKU, Quantity: l.Quantity, Price: l.Price})
		}
		tx.Put(s.Orders, o)
		tx.Update(s.Customers, ddb.Key(customer), ddb.Increment("orders", 1), ddb.IfVersion(int64(c.Version)))
		switch err = tx.Run(ctx); {
		case errors.Is(err, ddb.ErrVersionConflict):
			continue // another order took the number: read the customer again
		case errors.Is(err, ddb.ErrTransactionConflict):
			continue // DynamoDB canceled it for another transaction on these items: nothing was written
		}
		if err != nil {
			return Order{}, err
		}
		return s.Orders.Get(ctx, ddb.Key(customer, o.Number), ddb.Consistent())
	}
}

// Pay marks an open order paid, moving it in gsi1 from the open orders to
// the paid ones.
func (s *Shop) Pay(ctx context.Context, customer string, number int) error {
	return s.Orders.Update(ctx, ddb.Key(customer, number), ddb.Set("status", StatusPaid),
		ddb.If(ddb.Attr("status").Equal(StatusOpen)))
}

// OrdersWithStatus returns the orders of every customer with the status,
// oldest first, from gsi1.
func (s *Shop) OrdersWithStatus(ctx context.Context, status string, limit int) ([]Order, error) {
	return s.Orders.Query(ctx, ddb.Partition(status), ddb.OnIndex("gsi1")).Collect(limit)
}

// Account is a customer with every order and line, read with one query of
// the customer's partition.
type Account struct {
	Customer Customer
	Orders   []Order
	Lines    []Line
	Cart     *Cart // nil when the customer has no cart, or it expired
}

// Account reads the customer's partition: the profile, orders, lines and
// cart, each decoded as its own type. An expired cart is left out.
func (s *Shop) Account(ctx context.Context, customer string) (Account, error) {
	res, err := ddb.Collection(s.Customers, s.Orders, s.Lines, s.Carts).
		Query(ctx, ddb.Partition(customer), ddb.Consistent(), ddb.HideExpired())
	if err != nil {
		return Account{}, err
	}
	customers := ddb.Items(res, s.Customers)
	if len(customers) == 0 {
		return Account{}, fmt.Errorf("customer %s: %w", customer, ddb.ErrNotFound)
	}
	a := Account{Customer: customers[0], Orders: ddb.Items(res, s.Orders), Lines: ddb.Items(res, s.Lines)}
	if carts := ddb.Items(res, s.Carts); len(carts) > 0 {
		a.Cart = &carts[0]
	}
	return a, nil
}

// AddToCart adds a SKU to the customer's cart, creating the cart if there
// is none, and moves its expiry to CartLifetime from now.
func (s *Shop) AddToCart(ctx context.Context, customer, sku string) error {
	return s.Carts.Update(ctx, ddb.Key(customer),
		ddb.Append("skus", sku).Set("expires", s.DB.Now().Add(CartLifetime)))
}

// Cart returns the customer's cart; an expired one is ddb.ErrNotFound.
func (s *Shop) Cart(ctx context.Context, customer string) (Cart, error) {
	return s.Carts.Get(ctx, ddb.Key(customer), ddb.Consistent(), ddb.HideExpired())
}

// AddEmailIndex syncs the shop table with KeysWithEmail, adding the index
// by_email (and waiting for its backfill), and returns the plan it carried
// out and the shop declared on the new table. progress, if not nil, sees
// each step.
func AddEmailIndex(ctx context.Context, db *ddb.DB, progress func(ddb.SyncProgress)) (*ddb.Plan, *Shop, error) {
	table, err := ddb.NewTable[KeysWithEmail](db, TableName, tableOptions...)
	if err != nil {
		return nil, nil, err
	}
	var opts []ddb.SyncOption
	if progress != nil {
		opts = append(opts, ddb.OnSyncProgress(progress))
	}
	plan, err := table.Sync(ctx, opts...)
	if err != nil {
		return plan, nil, err
	}
	s, err := declareEntities(db, table)
	return plan, s, err
}

// CustomerByEmail finds a customer by email, in the index by_email (which
// needs the shop of AddEmailIndex).
func (s *Shop) CustomerByEmail(ctx context.Context, email string) (Customer, error) {
	return s.Customers.Query(ctx, ddb.Partition(email), ddb.OnIndex("by_email")).One()
}
