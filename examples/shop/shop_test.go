package shop_test

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/ddbtest"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/examples/shop"
)

// clock is a clock a test moves.
type clock struct{ now atomic.Pointer[time.Time] }

func newClock(t time.Time) *clock {
	c := &clock{}
	c.now.Store(&t)
	return c
}

func (c *clock) Now() time.Time          { return *c.now.Load() }
func (c *clock) Advance(d time.Duration) { t := c.Now().Add(d); c.now.Store(&t) }

// start is the time the tests' clocks start at.
var start = time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)

// openShop returns the shop on a database of the test's own, whose clock
// the test moves, with the customer ann.
func openShop(t *testing.T) (*shop.Shop, *clock) {
	t.Helper()
	c := newClock(start)
	db := ddbtest.New(t, ddbtest.WithDBOptions(ddb.WithClock(c.Now)))
	s, err := shop.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddCustomer(t.Context(), &shop.Customer{ID: "ann", Name: "Ann", Email: "ann@example.com"}); err != nil {
		t.Fatal(err)
	}
	return s, c
}

func TestAddCustomerTwice(t *testing.T) {
	t.Parallel()
	s, _ := openShop(t)
	c := shop.Customer{ID: "ann", Name: "Someone else"}
	err := s.AddCustomer(t.Context(), &c)
	if !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("adding ann again: %v, want a failed condition", err)
	}
	got, err := s.Customers.Get(t.Context(), ddb.Key("ann"))
	if err != nil || got.Name != "Ann" {
		t.Errorf("ann is %+v, %v; want the first", got, err)
	}
}

// TestConcurrentOrders places orders of one customer from many goroutines:
// the version check on the customer gives each its own number, and none
// is lost.
func TestConcurrentOrders(t *testing.T) {
	t.Parallel()
	s, _ := openShop(t)
	const n = 16
	var wg sync.WaitGroup
	numbers := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			o, err := s.PlaceOrder(t.Context(), "ann", []shop.LineInput{{SKU: "pen", Quantity: i + 1, Price: 100}})
			numbers[i], errs[i] = o.Number, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	slices.Sort(numbers)
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	if diff := cmp.Diff(want, numbers); diff != "" {
		t.Errorf("order numbers (-want +got):\n%s", diff)
	}
	a, err := s.Account(t.Context(), "ann")
	if err != nil {
		t.Fatal(err)
	}
	if a.Customer.Orders != n || a.Customer.Version != n+1 || len(a.Orders) != n || len(a.Lines) != n {
		t.Errorf("ann has %d orders at version %d, %d order items, %d lines; want %d, %d, %d, %d",
			a.Customer.Orders, a.Customer.Version, len(a.Orders), len(a.Lines), n, n+1, n, n)
	}
	total := 0
	for _, o := range a.Orders {
		total += o.Total
	}
	if total != 100*n*(n+1)/2 {
		t.Errorf("orders total %d, want %d", total, 100*n*(n+1)/2)
	}
}

// TestStaleSaveLoses checks that a customer saved from a stale read fails
// with a version conflict and changes nothing.
func TestStaleSaveLoses(t *testing.T) {
	t.Parallel()
	s, c := openShop(t)
	ctx := t.Context()
	c.Advance(time.Hour)
	a, _ := s.Customers.Get(ctx, ddb.Key("ann"))
	b, _ := s.Customers.Get(ctx, ddb.Key("ann"))
	a.Name = "Ann A."
	if err := s.Customers.Save(ctx, &a); err != nil {
		t.Fatal(err)
	}
	b.Name = "Ann B."
	err := s.Customers.Save(ctx, &b)
	var conflict *ddb.VersionConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("stale save: %v, want a version conflict", err)
	}
	got, _ := s.Customers.Get(ctx, ddb.Key("ann"))
	if got.Name != "Ann A." || got.Version != 2 || !got.Created.Equal(start) {
		t.Errorf("ann is %q at version %d, created %v; want Ann A. at 2, created %v", got.Name, got.Version, got.Created, start)
	}
}

// TestTimestamps checks created and updated on the writes of the flow:
// Save of a new customer, a transaction's Put and Update, an Update.
func TestTimestamps(t *testing.T) {
	t.Parallel()
	s, c := openShop(t)
	ctx := t.Context()
	c.Advance(time.Hour)
	placed := c.Now()
	o, err := s.PlaceOrder(ctx, "ann", []shop.LineInput{{SKU: "pen", Quantity: 1, Price: 100}})
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	paid := c.Now()
	if err := s.Pay(ctx, "ann", o.Number); err != nil {
		t.Fatal(err)
	}
	ann, err := s.Customers.Get(ctx, ddb.Key("ann"))
	if err != nil {
		t.Fatal(err)
	}
	o, err = s.Orders.Get(ctx, ddb.Key("ann", o.Number))
	if err != nil {
		t.Fatal(err)
	}
	type stamps struct{ Created, Updated time.Time }
	got := []stamps{{ann.Created, ann.Updated}, {o.Created, o.Updated}}
	want := []stamps{{start, placed}, {placed, paid}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("customer's and order's timestamps (-want +got):\n%s", diff)
	}
	if !o.Placed.Equal(placed) || o.Status != shop.StatusPaid || o.Version != 2 {
		t.Errorf("order %+v; want placed at %v, paid, version 2", o, placed)
	}
}

// TestCartExpires checks the cart's time to live: stored as seconds since
// the epoch a day after the last change, hidden once past.
func TestCartExpires(t *testing.T) {
	t.Parallel()
	s, c := openShop(t)
	ctx := t.Context()
	if err := s.AddToCart(ctx, "ann", "pen"); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	if err := s.AddToCart(ctx, "ann", "ink"); err != nil {
		t.Fatal(err)
	}
	expires := c.Now().Add(shop.CartLifetime)

	raw := ddb.TableWithSchema[ddb.Item](s.DB, s.Table.Schema())
	item, err := raw.Get(ctx, ddb.Key("CUSTOMER#ann", "CART"))
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := item["expires"].(*types.AttributeValueMemberN); !ok || n.Value != strconv.FormatInt(expires.Unix(), 10) {
		t.Errorf("expires stored as %#v; want the number %d", item["expires"], expires.Unix())
	}
	if ttl := s.Table.Schema().TTL(); ttl != "expires" {
		t.Errorf("time to live on %q", ttl)
	}

	cart, err := s.Cart(ctx, "ann")
	if err != nil || cart.Customer != "ann" || !slices.Equal(cart.SKUs, []string{"pen", "ink"}) || !cart.Expires.Equal(expires) || !cart.Updated.Equal(c.Now()) {
		t.Errorf("cart %+v, %v; want pen and ink, expiring at %v", cart, err, expires)
	}
	c.Advance(shop.CartLifetime - time.Second)
	if a, err := s.Account(ctx, "ann"); err != nil || a.Cart == nil {
		t.Errorf("account before the cart expires: cart %v, %v", a.Cart, err)
	}
	c.Advance(time.Second)
	if _, err := s.Cart(ctx, "ann"); !errors.Is(err, ddb.ErrNotFound) {
		t.Errorf("expired cart: %v, want ErrNotFound", err)
	}
	if a, err := s.Account(ctx, "ann"); err != nil || a.Cart != nil {
		t.Errorf("account after the cart expired: cart %+v, %v; want none", a.Cart, err)
	}
}

// TestAccount checks that the collection query decodes every field of
// every entity, in key order.
func TestAccount(t *testing.T) {
	t.Parallel()
	s, c := openShop(t)
	ctx := t.Context()
	o, err := s.PlaceOrder(ctx, "ann", []shop.LineInput{{SKU: "pen", Quantity: 2, Price: 150}, {SKU: "ink", Quantity: 1, Price: 400}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Account(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	want := shop.Account{
		Customer: shop.Customer{ID: "ann", Name: "Ann", Email: "ann@example.com", Orders: 1, Version: 2, Created: start, Updated: start},
		Orders:   []shop.Order{{Customer: "ann", Number: 1, Status: shop.StatusOpen, Placed: c.Now(), Total: 700, Version: 1, Created: start, Updated: start}},
		Lines: []shop.Line{
			{Customer: "ann", Order: 1, Line: 1, SKU: "pen", Quantity: 2, Price: 150},
			{Customer: "ann", Order: 1, Line: 2, SKU: "ink", Quantity: 1, Price: 400},
		},
	}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("account (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want.Orders[0], o); diff != "" {
		t.Errorf("placed order (-want +got):\n%s", diff)
	}
	if _, err := s.Account(ctx, "nobody"); !errors.Is(err, ddb.ErrNotFound) {
		t.Errorf("account of nobody: %v", err)
	}
}

// TestOrdersByStatus checks gsi1: paying an order moves it from the open
// orders to the paid ones, oldest first.
func TestOrdersByStatus(t *testing.T) {
	t.Parallel()
	s, c := openShop(t)
	ctx := t.Context()
	for range 3 {
		c.Advance(time.Minute)
		if _, err := s.PlaceOrder(ctx, "ann", nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Pay(ctx, "ann", 2); err != nil {
		t.Fatal(err)
	}
	if err := s.Pay(ctx, "ann", 2); !errors.Is(err, ddb.ErrConditionFailed) {
		t.Errorf("paying twice: %v, want a failed condition", err)
	}
	numbers := func(status string) []int {
		orders, err := s.OrdersWithStatus(ctx, status, 10)
		if err != nil {
			t.Fatal(err)
		}
		var n []int
		for _, o := range orders {
			n = append(n, o.Number)
		}
		return n
	}
	if open, paid := numbers(shop.StatusOpen), numbers(shop.StatusPaid); !slices.Equal(open, []int{1, 3}) || !slices.Equal(paid, []int{2}) {
		t.Errorf("open %v, paid %v; want [1 3], [2]", open, paid)
	}
}

// seedCustomers writes n customers (and an order for every tenth) with
// batch writes of the test's.
func seedCustomers(t testing.TB, s *shop.Shop, n int) {
	t.Helper()
	customers := make([]shop.Customer, n)
	var orders []shop.Order
	for i := range customers {
		id := fmt.Sprintf("c%06d", i)
		customers[i] = shop.Customer{ID: id, Name: "Customer " + id, Email: id + "@example.com", Version: 1}
		if i%10 == 0 {
			orders = append(orders, shop.Order{Customer: id, Number: 1, Status: shop.StatusOpen, Placed: start, Version: 1})
		}
	}
	if err := ddb.BatchWrite(s.DB).Put(s.Customers, customers).Put(s.Orders, orders).Run(t.Context(), ddb.Concurrency(8)); err != nil {
		t.Fatal(err)
	}
}

// syncItems is the number of customers TestAddEmailIndex adds an index
// to. The default keeps the suite quick; the full run, 100,000 customers
// (and 10,000 orders), takes about 30 s on two cores, most of it seeding:
//
//	go test ./examples/shop -run TestAddEmailIndex -v -shop.customers=100000
var syncItems = flag.Int("shop.customers", 10_000, "customers in the table TestAddEmailIndex syncs")

// TestAddEmailIndex adds the index by_email to a table of customers and
// orders with Plan and Sync, checks that it holds every customer, and that
// a second Sync does nothing.
func TestAddEmailIndex(t *testing.T) {
	t.Parallel()
	s, _ := openShop(t)
	ctx := t.Context()
	n := *syncItems
	began := time.Now()
	seedCustomers(t, s, n)
	seeded := time.Now()

	next, err := ddb.NewTable[shop.KeysWithEmail](s.DB, shop.TableName, ddb.WithTTL("expires"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := next.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const want = "table shop: 1 to change\n  + index by_email: global [email HASH S] ALL"
	if got := plan.String(); got != want {
		t.Errorf("plan:\n%s\nwant:\n%s", got, want)
	}
	var steps []string
	done, s2, err := shop.AddEmailIndex(ctx, s.DB, func(p ddb.SyncProgress) {
		if p.Status == "started" || p.Status == "done" {
			steps = append(steps, fmt.Sprintf("%d/%d %s", p.N, p.Of, p.Status))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	synced := time.Now()
	t.Logf("%d customers: seeded in %v, index added in %v", n, seeded.Sub(began), synced.Sub(seeded))
	if got := done.String(); got != want {
		t.Errorf("Sync carried out:\n%s\nwant:\n%s", got, want)
	}
	if diff := cmp.Diff([]string{"1/1 started", "1/1 done"}, steps); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}

	for _, id := range []string{"ann", "c000000", fmt.Sprintf("c%06d", n-1)} {
		c, err := s2.CustomerByEmail(ctx, id+"@example.com")
		if err != nil || c.ID != id || c.Version == 0 {
			t.Errorf("customer by email %s: %+v, %v", id, c, err)
		}
	}
	count, err := s2.Customers.Scan(ctx, ddb.OnIndex("by_email")).Count()
	if err != nil || count != n+1 {
		t.Errorf("by_email holds %d customers, %v; want %d", count, err, n+1)
	}
	again, err := next.Sync(ctx)
	if err != nil || !again.Empty() {
		t.Errorf("second Sync: %v, %v; want nothing to do", again, err)
	}
}

// TestOrderAfterTransactionConflict places an order whose first
// transaction DynamoDB cancels for a conflict with another transaction on
// the same items, as it does under contention: PlaceOrder tries again.
func TestOrderAfterTransactionConflict(t *testing.T) {
	t.Parallel()
	s, _ := openShop(t)
	_, err := ddbtest.Engine(t, s.DB).Faults().Add(engine.Rule{
		Operation: "TransactWriteItems", From: 1, To: 1,
		Fault: engine.Fault{Error: engine.CodeTransactionConflict},
	})
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.PlaceOrder(t.Context(), "ann", []shop.LineInput{{SKU: "pen", Quantity: 1, Price: 100}})
	if err != nil || o.Number != 1 {
		t.Fatalf("order %+v, %v; want number 1", o, err)
	}
}
