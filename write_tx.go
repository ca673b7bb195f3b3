package ddb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// WriteTransaction is a set of writes and checks, on one or more tables of
// one DB, that DynamoDB applies all or none of (TransactWriteItems). Build
// one with WriteTx and send it with Run.
type WriteTransaction struct {
	// tables, items and failed (the ReturnOldOnConditionFailure
	// destinations) hold one entry per action.
	tables []AnyTable
	items  []types.TransactWriteItem
	failed []any
	token  string
	err    error // the first mistake in adding an action
}

// WriteTx starts a write transaction:
//
//	err := ddb.WriteTx().
//		Update(accounts, ddb.Key("ann"), ddb.Decrement("balance", 10), ddb.If(ddb.Attr("balance").GreaterOrEqual(10))).
//		Put(transfers, transfer, ddb.IfNotExists()).
//		Run(ctx)
//
// A canceled transaction fails with an *Error matching
// ErrTransactionCanceled and, when a condition failed, ErrConditionFailed;
// its Reasons give each action's outcome.
func WriteTx() *WriteTransaction { return &WriteTransaction{} }

// Put adds a put of item (a value of, or pointer to, the table's item
// type). Options: If, IfExists, IfNotExists and ReturnOldOnConditionFailure.
func (tx *WriteTransaction) Put(table AnyTable, item any, opts ...PutOption) *WriteTransaction {
	return tx.add(table, applyAll(opts, PutOption.applyPut), nil, func(w *writeRequest) (types.TransactWriteItem, error) {
		av, err := table.encodeAny(item)
		put := &types.Put{TableName: aws.String(table.Name()), Item: av}
		w.setExpressions(&put.ConditionExpression, &put.ExpressionAttributeNames, &put.ExpressionAttributeValues, &put.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{Put: put}, err
	})
}

// Update adds an update of the item with the given key. Options: If,
// IfExists, IfNotExists and ReturnOldOnConditionFailure.
func (tx *WriteTransaction) Update(table AnyTable, key ItemKey, u Update, opts ...UpdateOption) *WriteTransaction {
	p := applyAll(opts, UpdateOption.applyUpdate)
	u, err := table.Schema().entityUpdate(key, u)
	if err != nil && p.err == nil {
		p.err = err
	}
	return tx.add(table, p, u, func(w *writeRequest) (types.TransactWriteItem, error) {
		k, err := table.Schema().key(key)
		update := &types.Update{TableName: aws.String(table.Name()), Key: k, UpdateExpression: w.update}
		w.setExpressions(&update.ConditionExpression, &update.ExpressionAttributeNames, &update.ExpressionAttributeValues, &update.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{Update: update}, err
	})
}

// Delete adds a delete of the item with the given key. Options: If,
// IfExists, IfNotExists and ReturnOldOnConditionFailure.
func (tx *WriteTransaction) Delete(table AnyTable, key ItemKey, opts ...DeleteOption) *WriteTransaction {
	return tx.add(table, applyAll(opts, DeleteOption.applyDelete), nil, func(w *writeRequest) (types.TransactWriteItem, error) {
		k, err := table.Schema().key(key)
		del := &types.Delete{TableName: aws.String(table.Name()), Key: k}
		w.setExpressions(&del.ConditionExpression, &del.ExpressionAttributeNames, &del.ExpressionAttributeValues, &del.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{Delete: del}, err
	})
}

// Check adds a condition on the item with the given key, which the
// transaction requires without writing the item. Options add to the
// condition (If, IfExists, IfNotExists) or ask for the item when it fails
// (ReturnOldOnConditionFailure).
func (tx *WriteTransaction) Check(table AnyTable, key ItemKey, cond Condition, opts ...WriteOption) *WriteTransaction {
	p := writeParams{cond: cond}
	for _, opt := range opts {
		opt.applyPut(&p)
	}
	return tx.add(table, p, nil, func(w *writeRequest) (types.TransactWriteItem, error) {
		if w.condition == nil {
			return types.TransactWriteItem{}, invalid("", "Check needs a condition")
		}
		k, err := table.Schema().key(key)
		check := &types.ConditionCheck{TableName: aws.String(table.Name()), Key: k}
		w.setExpressions(&check.ConditionExpression, &check.ExpressionAttributeNames, &check.ExpressionAttributeValues, &check.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{ConditionCheck: check}, err
	})
}

// Idempotent sets the client request token: DynamoDB applies transactions
// with the same token at most once within ten minutes, so a retried Run
// does not write twice.
func (tx *WriteTransaction) Idempotent(token string) *WriteTransaction {
	tx.token = token
	return tx
}

// add compiles one action; the first mistake is kept for Run to report.
func (tx *WriteTransaction) add(table AnyTable, p writeParams, update exprPart, build func(*writeRequest) (types.TransactWriteItem, error)) *WriteTransaction {
	if tx.err != nil {
		return tx
	}
	fail := func(err error) *WriteTransaction {
		tx.err = annotate(fmt.Sprintf("ddb: TransactWriteItems %s: action %d", table.Name(), len(tx.items)), err)
		return tx
	}
	switch {
	case p.ret != "":
		return fail(invalid("", "a transaction returns no items; only ReturnOldOnConditionFailure applies"))
	case p.capacity != nil:
		return fail(invalid("", "give ConsumedCapacity to Run, not to an action"))
	}
	if err := p.check(); err != nil {
		return fail(err)
	}
	w, err := newWriteRequest(table.Schema(), p, update)
	if err != nil {
		return fail(err)
	}
	item, err := build(&w)
	if err != nil {
		return fail(err)
	}
	tx.tables = append(tx.tables, table)
	tx.items = append(tx.items, item)
	tx.failed = append(tx.failed, p.failed)
	return tx
}

// Run sends the transaction. Options: ConsumedCapacity. When DynamoDB
// cancels it, the item of each failed condition is decoded into that
// action's ReturnOldOnConditionFailure destination.
func (tx *WriteTransaction) Run(ctx context.Context, opts ...TxOption) error {
	p, db, err := startTx("TransactWriteItems", tx.err, tx.tables, opts)
	if err != nil {
		return err
	}
	out, err := db.api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems:          tx.items,
		ClientRequestToken:     optional(tx.token),
		ReturnConsumedCapacity: p.capacity.mode(),
	})
	if err != nil {
		return tx.failure(err)
	}
	p.capacity.add(true, out.ConsumedCapacity...)
	return nil
}

// failure wraps the error of TransactWriteItems, decoding the items of
// failed conditions into their destinations.
func (tx *WriteTransaction) failure(err error) error {
	return canceledItems(wrapError("TransactWriteItems", "", err), tx.failed, func(i int) string {
		return fmt.Sprintf("ddb: TransactWriteItems %s: action %d: returned item", tx.tables[i].Name(), i)
	})
}

// canceledItems decodes the items a canceled transaction returns with the
// reasons of its failed conditions into failed, the destinations of its
// actions (nil where none was given); where names action i in errors. It
// returns the transaction's error.
func canceledItems(wrapped error, failed []any, where func(i int) string) error {
	var e *Error
	if !errors.As(wrapped, &e) {
		return wrapped
	}
	for i, r := range e.Reasons {
		if i < len(failed) && failed[i] != nil && len(r.Item) > 0 {
			if err := decodeInto(r.Item, failed[i]); err != nil {
				return annotate(where(i), err)
			}
		}
	}
	return e
}
