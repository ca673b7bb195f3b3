package ddb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// GetTransaction reads items of one or more tables of one DB as a single
// snapshot (TransactGetItems). Build one with GetTx and send it with Run.
type GetTransaction struct {
	gets []txGet
	err  error // the first mistake in adding a read
}

// txGet is one read of a get transaction.
type txGet struct {
	table AnyTable
	item  types.TransactGetItem
	dst   any
}

// GetTx starts a read transaction:
//
//	var ann Account
//	var order *Order
//	err := ddb.GetTx().Get(accounts, ddb.Key("ann"), &ann).Get(orders, ddb.Key("ann", 7), &order).Run(ctx)
func GetTx() *GetTransaction { return &GetTransaction{} }

// Get adds a read of the item with the given key into dst, a pointer as
// for Unmarshal (*Item receives the raw item). When there is no item, dst
// is left unchanged: pass a pointer to a nil pointer to tell. Options:
// Project.
func (tx *GetTransaction) Get(table AnyTable, key ItemKey, dst any, opts ...GetOption) *GetTransaction {
	if tx.err != nil {
		return tx
	}
	var p getParams
	for _, opt := range opts {
		opt.applyGet(&p)
	}
	get, err := newTxGet(table, key, &p)
	if err != nil {
		tx.err = annotate(fmt.Sprintf("ddb: TransactGetItems %s: read %d", table.Name(), len(tx.gets)), err)
		return tx
	}
	tx.gets = append(tx.gets, txGet{table, types.TransactGetItem{Get: get}, dst})
	return tx
}

// newTxGet compiles one read.
func newTxGet(table AnyTable, key ItemKey, p *getParams) (*types.Get, error) {
	switch {
	case p.consistent:
		return nil, errors.New("transactions always read consistently; drop Consistent")
	case p.capacity != nil:
		return nil, errors.New("give ConsumedCapacity to Run, not to a read")
	}
	k, err := table.Schema().key(key)
	if err != nil {
		return nil, err
	}
	get := &types.Get{TableName: aws.String(table.Name()), Key: k}
	if len(p.projection) > 0 {
		b := newExprBuilder()
		texts, err := b.build(projection(p.projection))
		if err != nil {
			return nil, err
		}
		get.ProjectionExpression = aws.String(texts[0])
		get.ExpressionAttributeNames = b.attributeNames()
	}
	return get, nil
}

// Run sends the reads and decodes the items found. Options:
// ConsumedCapacity.
func (tx *GetTransaction) Run(ctx context.Context, opts ...TxOption) error {
	if tx.err != nil {
		return tx.err
	}
	var p txParams
	for _, opt := range opts {
		opt.applyTx(&p)
	}
	tables := make([]AnyTable, len(tx.gets))
	items := make([]types.TransactGetItem, len(tx.gets))
	for i, g := range tx.gets {
		tables[i], items[i] = g.table, g.item
	}
	db, err := txDB(tables)
	if err != nil {
		return annotate("ddb: TransactGetItems", err)
	}
	out, err := db.api.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{
		TransactItems:          items,
		ReturnConsumedCapacity: p.capacity.mode(),
	})
	if err != nil {
		return wrapError("TransactGetItems", "", err)
	}
	p.capacity.add(false, out.ConsumedCapacity...)
	for i, r := range out.Responses {
		if i >= len(tx.gets) || len(r.Item) == 0 {
			continue
		}
		if err := decodeInto(r.Item, tx.gets[i].dst); err != nil {
			return annotate(fmt.Sprintf("ddb: TransactGetItems %s: read %d", tx.gets[i].table.Name(), i), err)
		}
	}
	return nil
}
