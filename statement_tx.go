package ddb

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// StatementTransaction is up to 100 PartiQL statements that DynamoDB runs
// as one transaction (ExecuteTransaction): all writes and EXISTS
// conditions, applied all or none, or all reads of one item by its primary
// key, read as one snapshot. Build one with StatementTx and send it with
// Run.
type StatementTransaction struct {
	db    *DB
	stmts []types.ParameterizedStatement
	// dsts and failed hold one entry per statement: a read's destination,
	// a write's ReturnOldOnConditionFailure destination.
	dsts, failed []any
	token        string
	err          error // the first mistake in adding a statement
}

// StatementTx starts a transaction of statements on db:
//
//	err := ddb.StatementTx(db).
//		Exec(`UPDATE "accounts" SET balance = balance - ? WHERE id = ? AND balance >= ?`, 10, "ann", 10).
//		Exec(`INSERT INTO "transfers" VALUE {'id': ?, 'amount': ?}`, "t-1", 10).
//		Run(ctx)
//
// A canceled transaction fails with an *Error matching
// ErrTransactionCanceled; its Reasons give each statement's outcome (an
// INSERT of an item that exists is a ValidationError).
func StatementTx(db *DB) *StatementTransaction { return &StatementTransaction{db: db} }

// Exec adds a write (INSERT, UPDATE, DELETE) or an EXISTS condition. args
// are the values of its ? parameters, as for Exec; ReturnOldOnConditionFailure
// may be given among them.
func (tx *StatementTransaction) Exec(text string, args ...any) *StatementTransaction {
	return tx.add(text, args, nil)
}

// Get adds a SELECT of one item by its whole primary key, decoded into dst,
// a pointer as for Unmarshal (*Item receives the raw item). When there is
// no item, dst is left unchanged: pass a pointer to a nil pointer to tell.
func (tx *StatementTransaction) Get(dst any, text string, args ...any) *StatementTransaction {
	if tx.err == nil {
		if err := checkDestination("Get", dst); err != nil {
			tx.err = tx.fail(err)
			return tx
		}
	}
	return tx.add(text, args, dst)
}

// Idempotent sets the client request token: DynamoDB applies transactions
// of writes with the same token at most once within ten minutes.
func (tx *StatementTransaction) Idempotent(token string) *StatementTransaction {
	tx.token = token
	return tx
}

// fail annotates a mistake in the statement being added.
func (tx *StatementTransaction) fail(err error) error {
	return annotate(fmt.Sprintf("ddb: ExecuteTransaction: statement %d", len(tx.stmts)), err)
}

// add encodes one statement; the first mistake is kept for Run to report.
func (tx *StatementTransaction) add(text string, args []any, dst any) *StatementTransaction {
	if tx.err != nil {
		return tx
	}
	params, p, err := statementArgs(args)
	switch {
	case err != nil:
	case p.consistent || p.pageSize != 0:
		err = invalid("", "a transaction reads consistently, one item a statement; only ReturnOldOnConditionFailure applies")
	case p.capacity != nil:
		err = invalid("ConsumedCapacity", "give ConsumedCapacity to Run, not to a statement")
	case dst != nil && p.failedSet:
		err = invalid("ReturnOldOnConditionFailure", "a read has no condition to fail; ReturnOldOnConditionFailure applies to writes")
	}
	if err != nil {
		tx.err = tx.fail(err)
		return tx
	}
	tx.stmts = append(tx.stmts, types.ParameterizedStatement{
		Statement: aws.String(text), Parameters: params, ReturnValuesOnConditionCheckFailure: onFailure(p.failed),
	})
	tx.dsts, tx.failed = append(tx.dsts, dst), append(tx.failed, p.failed)
	return tx
}

// Run sends the transaction and decodes the items its reads found.
// Options: ConsumedCapacity. When DynamoDB cancels it, the item of each
// failed condition is decoded into that statement's
// ReturnOldOnConditionFailure destination.
func (tx *StatementTransaction) Run(ctx context.Context, opts ...TxOption) error {
	if tx.err != nil {
		return tx.err
	}
	if len(tx.stmts) == 0 {
		return failed("ExecuteTransaction", "", invalid("", "transaction has no statements"))
	}
	p := applyAll(opts, TxOption.applyTx)
	if err := checkCapacity(p.capacity); err != nil {
		return failed("ExecuteTransaction", "", err)
	}
	out, err := tx.db.api.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{
		TransactStatements: tx.stmts, ClientRequestToken: optional(tx.token), ReturnConsumedCapacity: p.capacity.mode(),
	})
	if err != nil {
		return canceledItems(wrapError("ExecuteTransaction", "", err), tx.failed, func(i int) string {
			return fmt.Sprintf("ddb: ExecuteTransaction: statement %d: returned item", i)
		})
	}
	reads := slices.ContainsFunc(tx.dsts, func(dst any) bool { return dst != nil })
	p.capacity.add(!reads, out.ConsumedCapacity...)
	for i, r := range out.Responses {
		if i >= len(tx.dsts) || tx.dsts[i] == nil || len(r.Item) == 0 {
			continue
		}
		if err := decodeInto(r.Item, tx.dsts[i]); err != nil {
			return annotate(fmt.Sprintf("ddb: ExecuteTransaction: statement %d", i), err)
		}
	}
	return nil
}
