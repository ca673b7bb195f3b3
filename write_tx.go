package ddb

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// WriteTransaction is a set of writes and checks, on one or more tables of
// one DB, that DynamoDB applies all or none of (TransactWriteItems). Build
// one with WriteTx and send it with Run.
type WriteTransaction struct {
	// tables, items, failed (the ReturnOldOnConditionFailure destinations)
	// and params (the settings, with the version and entity type checks)
	// hold one entry per action.
	tables []AnyTable
	items  []types.TransactWriteItem
	failed []any
	params []writeParams
	// refreshes store the versions and timestamps of items given by
	// pointer to Put once the transaction succeeds.
	refreshes []func() error
	token     string
	err       error // the first mistake in adding an action
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
// its Reasons give each action's outcome. When the version check of an
// action failed, the error is a *VersionConflictError naming the action.
// DynamoDB also cancels a transaction that meets another one in flight on
// the same items, without retrying it: the error matches
// ErrTransactionConflict, nothing was written, and the transaction can be
// sent again (after reading anew what it was built from). Versions and
// timestamps are written as by Put, Update and Delete.
func WriteTx() *WriteTransaction { return &WriteTransaction{} }

// Put adds a put of item (a value of, or pointer to, the table's item
// type). Options: If, IfExists, IfNotExists, IgnoreVersion and
// ReturnOldOnConditionFailure. When item is a pointer, a successful Run
// stores the item's new version and timestamps in it, as Save does.
func (tx *WriteTransaction) Put(table AnyTable, item any, opts ...PutOption) *WriteTransaction {
	target := func() (Item, error) { return table.encodeAny(item) }
	return tx.add(table, writePut, applyAll(opts, PutOption.applyPut), target, nil, item, func(w *writeRequest, av Item) (types.TransactWriteItem, error) {
		put := &types.Put{TableName: aws.String(table.Name()), Item: av}
		w.setExpressions(&put.ConditionExpression, &put.ExpressionAttributeNames, &put.ExpressionAttributeValues, &put.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{Put: put}, nil
	})
}

// Update adds an update of the item with the given key. Options: If,
// IfExists, IfNotExists, IfVersion, IgnoreVersion and
// ReturnOldOnConditionFailure.
func (tx *WriteTransaction) Update(table AnyTable, key ItemKey, u Update, opts ...UpdateOption) *WriteTransaction {
	p := applyAll(opts, UpdateOption.applyUpdate)
	if checkTable(table) == nil { // add reports a nil one
		var err error
		if u, err = table.Schema().entityUpdate(key, u); err != nil && p.err == nil {
			p.err = err
		}
	}
	return tx.add(table, writeUpdate, p, tx.key(table, key), u, nil, func(w *writeRequest, k Item) (types.TransactWriteItem, error) {
		update := &types.Update{TableName: aws.String(table.Name()), Key: k, UpdateExpression: w.update}
		w.setExpressions(&update.ConditionExpression, &update.ExpressionAttributeNames, &update.ExpressionAttributeValues, &update.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{Update: update}, nil
	})
}

// Delete adds a delete of the item with the given key. Options: If,
// IfExists, IfNotExists, IfVersion and ReturnOldOnConditionFailure.
func (tx *WriteTransaction) Delete(table AnyTable, key ItemKey, opts ...DeleteOption) *WriteTransaction {
	return tx.add(table, writeDelete, applyAll(opts, DeleteOption.applyDelete), tx.key(table, key), nil, nil, func(w *writeRequest, k Item) (types.TransactWriteItem, error) {
		del := &types.Delete{TableName: aws.String(table.Name()), Key: k}
		w.setExpressions(&del.ConditionExpression, &del.ExpressionAttributeNames, &del.ExpressionAttributeValues, &del.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{Delete: del}, nil
	})
}

// Check adds a condition on the item with the given key (DynamoDB's
// ConditionCheck), which the transaction requires without writing the
// item. Options add to the condition (If, IfExists, IfNotExists,
// IfVersion; cond may then be empty) or ask for the item when it fails
// (ReturnOldOnConditionFailure).
func (tx *WriteTransaction) Check(table AnyTable, key ItemKey, cond Condition, opts ...WriteOption) *WriteTransaction {
	p := writeParams{cond: cond}
	for _, opt := range opts {
		opt.applyDelete(&p)
	}
	return tx.add(table, writeCheck, p, tx.key(table, key), nil, nil, func(w *writeRequest, k Item) (types.TransactWriteItem, error) {
		if w.cond.IsZero() && w.exists == 0 && w.lock == nil { // an entity's type check alone is no condition
			return types.TransactWriteItem{}, invalid("", "Check needs a condition")
		}
		check := &types.ConditionCheck{TableName: aws.String(table.Name()), Key: k}
		w.setExpressions(&check.ConditionExpression, &check.ExpressionAttributeNames, &check.ExpressionAttributeValues, &check.ReturnValuesOnConditionCheckFailure)
		return types.TransactWriteItem{ConditionCheck: check}, nil
	})
}

// key returns the encoder of an action's key.
func (tx *WriteTransaction) key(table AnyTable, key ItemKey) func() (Item, error) {
	return func() (Item, error) { return table.Schema().key(key) }
}

// Idempotent sets the client request token: DynamoDB applies transactions
// with the same token at most once within ten minutes, so a retried Run
// does not write twice.
func (tx *WriteTransaction) Idempotent(token string) *WriteTransaction {
	tx.token = token
	return tx
}

// add compiles one action of kind on the target (the item of a put, the
// key otherwise) that build makes; the first mistake is kept for Run to
// report. item is the item given to Put, refreshed when Run succeeds.
func (tx *WriteTransaction) add(table AnyTable, kind writeKind, p writeParams, target func() (Item, error), update exprPart, item any,
	build func(w *writeRequest, target Item) (types.TransactWriteItem, error)) *WriteTransaction {
	if tx.err != nil {
		return tx
	}
	if err := checkTable(table); err != nil {
		tx.err = annotate(fmt.Sprintf("ddb: TransactWriteItems: action %d", len(tx.items)), err)
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
	av, err := target()
	if err != nil {
		return fail(err)
	}
	roles, err := table.Schema().applyRoles(kind, &p, av, update, table.DB().Now)
	if err != nil {
		return fail(err)
	}
	w, err := newWriteRequest(table.Schema(), p, roles.update)
	if err != nil {
		return fail(err)
	}
	action, err := build(&w, roles.target)
	if err != nil {
		return fail(err)
	}
	if len(roles.written) > 0 && isPointer(item) {
		tx.refreshes = append(tx.refreshes, func() error { return refresh(item, roles.written) })
	}
	tx.tables = append(tx.tables, table)
	tx.items = append(tx.items, action)
	tx.failed = append(tx.failed, p.failed)
	tx.params = append(tx.params, p)
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
	for _, refresh := range tx.refreshes {
		if err := refresh(); err != nil {
			return annotate("ddb: TransactWriteItems", err)
		}
	}
	return nil
}

// failure wraps the error of TransactWriteItems, decoding the items of
// failed conditions into their destinations, and reports the first action
// whose item is of another entity type or whose version check failed.
func (tx *WriteTransaction) failure(err error) error {
	err = canceledItems(wrapError("TransactWriteItems", "", err), tx.failed, func(i int) string {
		return fmt.Sprintf("ddb: TransactWriteItems %s: action %d: returned item", tx.tables[i].Name(), i)
	})
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	for i, r := range e.Reasons {
		if i < len(tx.params) && r.Code == "ConditionalCheckFailed" {
			if conflict := tx.params[i].conditionFailure(err, "TransactWriteItems", tx.tables[i].Name(), i, r.Item); conflict != err {
				return conflict
			}
		}
	}
	return err
}

// isPointer reports whether item is a non-nil pointer.
func isPointer(item any) bool {
	v := reflect.ValueOf(item)
	return v.Kind() == reflect.Pointer && !v.IsNil()
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
