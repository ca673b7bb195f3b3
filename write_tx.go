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
	actions []txWrite
	token   string
	err     error // the first mistake in adding an action
}

// txWrite is one action of a write transaction.
type txWrite struct {
	table  AnyTable
	item   types.TransactWriteItem
	failed any // the ReturnOldOnConditionFailure destination
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
	var p writeParams
	for _, opt := range opts {
		opt.applyPut(&p)
	}
	return tx.add(table, &p, nil, func(w *writeRequest) (types.TransactWriteItem, error) {
		av, err := table.encodeAny(item)
		return types.TransactWriteItem{Put: &types.Put{
			TableName:                           aws.String(table.Name()),
			Item:                                av,
			ConditionExpression:                 w.condition,
			ExpressionAttributeNames:            w.names,
			ExpressionAttributeValues:           w.values,
			ReturnValuesOnConditionCheckFailure: w.returnOnFailure(),
		}}, err
	})
}

// Update adds an update of the item with the given key. Options: If,
// IfExists, IfNotExists and ReturnOldOnConditionFailure.
func (tx *WriteTransaction) Update(table AnyTable, key ItemKey, u Update, opts ...UpdateOption) *WriteTransaction {
	var p writeParams
	for _, opt := range opts {
		opt.applyUpdate(&p)
	}
	return tx.add(table, &p, u, func(w *writeRequest) (types.TransactWriteItem, error) {
		k, err := table.Schema().key(key)
		return types.TransactWriteItem{Update: &types.Update{
			TableName:                           aws.String(table.Name()),
			Key:                                 k,
			UpdateExpression:                    w.update,
			ConditionExpression:                 w.condition,
			ExpressionAttributeNames:            w.names,
			ExpressionAttributeValues:           w.values,
			ReturnValuesOnConditionCheckFailure: w.returnOnFailure(),
		}}, err
	})
}

// Delete adds a delete of the item with the given key. Options: If,
// IfExists, IfNotExists and ReturnOldOnConditionFailure.
func (tx *WriteTransaction) Delete(table AnyTable, key ItemKey, opts ...DeleteOption) *WriteTransaction {
	var p writeParams
	for _, opt := range opts {
		opt.applyDelete(&p)
	}
	return tx.add(table, &p, nil, func(w *writeRequest) (types.TransactWriteItem, error) {
		k, err := table.Schema().key(key)
		return types.TransactWriteItem{Delete: &types.Delete{
			TableName:                           aws.String(table.Name()),
			Key:                                 k,
			ConditionExpression:                 w.condition,
			ExpressionAttributeNames:            w.names,
			ExpressionAttributeValues:           w.values,
			ReturnValuesOnConditionCheckFailure: w.returnOnFailure(),
		}}, err
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
	return tx.add(table, &p, nil, func(w *writeRequest) (types.TransactWriteItem, error) {
		if w.condition == nil {
			return types.TransactWriteItem{}, errors.New("Check needs a condition")
		}
		k, err := table.Schema().key(key)
		return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
			TableName:                           aws.String(table.Name()),
			Key:                                 k,
			ConditionExpression:                 w.condition,
			ExpressionAttributeNames:            w.names,
			ExpressionAttributeValues:           w.values,
			ReturnValuesOnConditionCheckFailure: w.returnOnFailure(),
		}}, err
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
func (tx *WriteTransaction) add(table AnyTable, p *writeParams, update exprPart, build func(*writeRequest) (types.TransactWriteItem, error)) *WriteTransaction {
	if tx.err != nil {
		return tx
	}
	fail := func(err error) *WriteTransaction {
		tx.err = annotate(fmt.Sprintf("ddb: TransactWriteItems %s: action %d", table.Name(), len(tx.actions)), err)
		return tx
	}
	switch {
	case p.ret != "":
		return fail(errors.New("a transaction returns no items; only ReturnOldOnConditionFailure applies"))
	case p.capacity != nil:
		return fail(errors.New("give ConsumedCapacity to Run, not to an action"))
	}
	w, err := newWriteRequest(table.Schema(), p, update)
	if err != nil {
		return fail(err)
	}
	item, err := build(w)
	if err != nil {
		return fail(err)
	}
	tx.actions = append(tx.actions, txWrite{table, item, p.failed})
	return tx
}

// Run sends the transaction. Options: ConsumedCapacity. When DynamoDB
// cancels it, the item of each failed condition is decoded into that
// action's ReturnOldOnConditionFailure destination.
func (tx *WriteTransaction) Run(ctx context.Context, opts ...TxOption) error {
	if tx.err != nil {
		return tx.err
	}
	var p txParams
	for _, opt := range opts {
		opt.applyTx(&p)
	}
	tables := make([]AnyTable, len(tx.actions))
	items := make([]types.TransactWriteItem, len(tx.actions))
	for i, a := range tx.actions {
		tables[i], items[i] = a.table, a.item
	}
	db, err := txDB(tables)
	if err != nil {
		return annotate("ddb: TransactWriteItems", err)
	}
	out, err := db.api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems:          items,
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
	wrapped := wrapError("TransactWriteItems", "", err)
	var e *Error
	if !errors.As(wrapped, &e) {
		return wrapped
	}
	for i, r := range e.Reasons {
		if i < len(tx.actions) && tx.actions[i].failed != nil && len(r.Item) > 0 {
			if err := decodeInto(r.Item, tx.actions[i].failed); err != nil {
				return annotate(fmt.Sprintf("ddb: TransactWriteItems %s: action %d: returned item", tx.actions[i].table.Name(), i), err)
			}
		}
	}
	return e
}
