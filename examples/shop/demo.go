package shop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/ddbkit/ddb"
)

// Demo runs the shop's flow on db and writes what it sees to out: it
// creates the table, adds two customers, places orders for one of them
// from several goroutines at once, pays one, reads the customer's account
// with one query, fills a cart, lists the open orders from gsi1, and adds
// the index by_email with Sync to find a customer by email. Run again on
// the same data, it places more orders.
func Demo(ctx context.Context, db *ddb.DB, out io.Writer) error {
	s, err := Open(ctx, db)
	if err != nil {
		return err
	}
	for _, c := range []Customer{
		{ID: "ann", Name: "Ann", Email: "ann@example.com"},
		{ID: "bob", Name: "Bob", Email: "bob@example.com"},
	} {
		switch err := s.AddCustomer(ctx, &c); {
		case errors.Is(err, ddb.ErrConditionFailed):
			fmt.Fprintf(out, "customer %s exists\n", c.ID)
		case err != nil:
			return err
		default:
			fmt.Fprintf(out, "customer %s added at version %d\n", c.ID, c.Version)
		}
	}

	// Concurrent orders of one customer each take a number of their own.
	const concurrent = 4
	var wg sync.WaitGroup
	errs := make([]error, concurrent)
	for i := range concurrent {
		wg.Go(func() {
			_, errs[i] = s.PlaceOrder(ctx, "ann", []LineInput{
				{SKU: "pen", Quantity: i + 1, Price: 150},
				{SKU: "ink", Quantity: 1, Price: 400},
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	first, err := s.PlaceOrder(ctx, "bob", []LineInput{{SKU: "pad", Quantity: 2, Price: 300}})
	if err != nil {
		return err
	}
	if err := s.Pay(ctx, "bob", first.Number); err != nil {
		return err
	}
	if err := s.AddToCart(ctx, "ann", "stamp"); err != nil {
		return err
	}

	a, err := s.Account(ctx, "ann")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %d orders, %d lines, version %d\n", a.Customer.Name, len(a.Orders), len(a.Lines), a.Customer.Version)
	if a.Cart != nil {
		fmt.Fprintf(out, "%s's cart: %v\n", a.Customer.Name, a.Cart.SKUs)
	}
	open, err := s.OrdersWithStatus(ctx, StatusOpen, 100)
	if err != nil {
		return err
	}
	paid, err := s.OrdersWithStatus(ctx, StatusPaid, 100)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d open orders, %d paid\n", len(open), len(paid))

	plan, s2, err := AddEmailIndex(ctx, db, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, plan)
	c, err := s2.CustomerByEmail(ctx, "bob@example.com")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "bob@example.com is %s, with %d orders\n", c.Name, c.Orders)
	return nil
}
