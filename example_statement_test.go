package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/ddbkit/ddb"
)

func ExampleStatement() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	for id, status := range []string{"open", "paid", "open", "open"} {
		if err := orders.Put(ctx, Order{Customer: "ann", OrderID: id + 1, Status: status, Total: 10 * (id + 1)}); err != nil {
			log.Fatal(err)
		}
	}
	// A SELECT with an equality on the partition key reads that partition.
	for order, err := range ddb.Statement[Order](ctx, db,
		`SELECT * FROM "orders" WHERE customer = ? AND status = ? ORDER BY order_id DESC`, "ann", "open").All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(order.OrderID, order.Total)
	}
	// Output:
	// 4 40
	// 3 30
	// 1 10
}

func ExampleExec() {
	ctx := context.Background()
	db, _ := openOrders(ctx)
	defer db.Close()
	insert := `INSERT INTO "orders" VALUE {'customer': ?, 'order_id': ?, 'status': 'open', 'total': ?}`
	if err := ddb.Exec(ctx, db, insert, "ann", 1, 42); err != nil {
		log.Fatal(err)
	}
	err := ddb.Exec(ctx, db, insert, "ann", 1, 43)
	fmt.Println(errors.Is(err, ddb.ErrDuplicateItem))

	// A write's RETURNING clause returns items through Statement.
	paid, err := ddb.Statement[Order](ctx, db,
		`UPDATE "orders" SET status = 'paid' WHERE customer = ? AND order_id = ? AND status = 'open' RETURNING ALL NEW *`, "ann", 1).One()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(paid.Status, paid.Total)
	err = ddb.Exec(ctx, db, `UPDATE "orders" SET status = 'paid' WHERE customer = 'ann' AND order_id = 1 AND status = 'open'`)
	fmt.Println(errors.Is(err, ddb.ErrConditionFailed))
	// Output:
	// true
	// paid 42
	// true
}

func ExampleStatementTx() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	if err := orders.Put(ctx, Order{Customer: "ann", OrderID: 1, Status: "open", Total: 42}); err != nil {
		log.Fatal(err)
	}
	// Close the order and open the next one, or do neither.
	err := ddb.StatementTx(db).
		Exec(`UPDATE "orders" SET status = 'closed' WHERE customer = ? AND order_id = ? AND status = 'open'`, "ann", 1).
		Exec(`INSERT INTO "orders" VALUE {'customer': ?, 'order_id': ?, 'status': 'open', 'total': 0}`, "ann", 2).
		Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	var first, second Order
	err = ddb.StatementTx(db).
		Get(&first, `SELECT * FROM "orders" WHERE customer = 'ann' AND order_id = 1`).
		Get(&second, `SELECT status FROM "orders" WHERE customer = 'ann' AND order_id = 2`).
		Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first.Status, second.Status)

	// Run again, the transaction is canceled: the first order is closed.
	err = ddb.StatementTx(db).
		Exec(`UPDATE "orders" SET status = 'closed' WHERE customer = ? AND order_id = ? AND status = 'open'`, "ann", 1).
		Exec(`INSERT INTO "orders" VALUE {'customer': ?, 'order_id': ?, 'status': 'open', 'total': 0}`, "ann", 3).
		Run(ctx)
	var e *ddb.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Reasons[0].Code, e.Reasons[1].Code)
	}
	// Output:
	// closed open
	// TransactionCanceledException ConditionalCheckFailed None
}

func ExampleBatchStatements() {
	ctx := context.Background()
	db, _ := openOrders(ctx)
	defer db.Close()
	insert := `INSERT INTO "orders" VALUE {'customer': ?, 'order_id': ?, 'status': 'open', 'total': ?}`
	err := ddb.BatchStatements(db).
		Exec(insert, "ann", 1, 10).
		Exec(insert, "bob", 1, 20).
		Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	// Statements of a batch run on their own: one failing does not stop
	// the others.
	var ann Order
	var nobody *Order
	err = ddb.BatchStatements(db).
		Get(&ann, `SELECT * FROM "orders" WHERE customer = ? AND order_id = ?`, "ann", 1).
		Get(&nobody, `SELECT * FROM "orders" WHERE customer = 'nobody' AND order_id = 1`).
		Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ann.Total, nobody == nil)
	err = ddb.BatchStatements(db).
		Exec(insert, "ann", 1, 11).
		Exec(insert, "cat", 1, 30).
		Run(ctx)
	var failed ddb.StatementErrors
	if errors.As(err, &failed) {
		fmt.Println(len(failed), failed[0].Code)
	}
	// Output:
	// 10 true
	// 1 DuplicateItemException
}
