package ddb

import (
	"bytes"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// GetTransaction reads items of one or more tables of one DB as a single
// snapshot (TransactGetItems). Build one with GetTx and send it with Run.
type GetTransaction struct {
	// tables, items, dsts, expiry (how each hides expired items) and
	// reportOther (ReportOtherTypes) hold one entry per read.
	tables      []AnyTable
	items       []types.TransactGetItem
	dsts        []any
	expiry      []*expiryRead
	reportOther []bool
	err         error // the first mistake in adding a read
}

// GetTx starts a read transaction:
//
//	var ann Account
//	var order *Order
//	err := ddb.GetTx().Get(accounts, ddb.Key("ann"), &ann).Get(orders, ddb.Key("ann", 7), &order).Run(ctx)
func GetTx() *GetTransaction { return &GetTransaction{} }

// Get adds a read of the item with the given key into dst, a pointer as
// for Unmarshal (*Item receives the raw item). When there is no item, dst
// is left unchanged: pass a pointer to a nil pointer to tell; so it is
// for an expired item under HideExpired, and for an item of another entity
// type, unless ReportOtherTypes makes Run report it as an
// *EntityTypeError. Options: Project, HideExpired, ShowExpired and
// ReportOtherTypes.
func (tx *GetTransaction) Get(table AnyTable, key ItemKey, dst any, opts ...GetOption) *GetTransaction {
	if tx.err != nil {
		return tx
	}
	if err := checkTable(table); err != nil {
		tx.err = annotate(fmt.Sprintf("ddb: TransactGetItems: read %d", len(tx.items)), err)
		return tx
	}
	p := applyAll(opts, GetOption.applyGet)
	get, expiry, err := newTxGet(table, key, p)
	if err == nil {
		err = checkDestination("GetTx", dst)
	}
	if err != nil {
		tx.err = annotate(fmt.Sprintf("ddb: TransactGetItems %s: read %d", table.Name(), len(tx.items)), err)
		return tx
	}
	tx.tables = append(tx.tables, table)
	tx.items = append(tx.items, types.TransactGetItem{Get: get})
	tx.dsts = append(tx.dsts, dst)
	tx.expiry = append(tx.expiry, expiry)
	tx.reportOther = append(tx.reportOther, p.reportOther)
	return tx
}

// newTxGet compiles one read, and says how it hides expired items.
func newTxGet(table AnyTable, key ItemKey, p getParams) (*types.Get, *expiryRead, error) {
	switch {
	case p.consistent:
		return nil, nil, invalid("", "transactions always read consistently; drop Consistent")
	case p.capacity != nil:
		return nil, nil, invalid("", "give ConsumedCapacity to Run, not to a read")
	}
	k, err := table.Schema().key(key)
	if err != nil {
		return nil, nil, err
	}
	expiry, paths, err := table.Schema().expiryRead(&p, table.DB().Now)
	if err != nil {
		return nil, nil, err
	}
	get := &types.Get{TableName: aws.String(table.Name()), Key: k}
	get.ProjectionExpression, get.ExpressionAttributeNames, err = compileProjection(table.Schema().readProjection(paths))
	return get, expiry, err
}

// Run sends the reads and decodes the items found. Options:
// ConsumedCapacity.
func (tx *GetTransaction) Run(ctx context.Context, opts ...TxOption) error {
	p, db, err := startTx("TransactGetItems", tx.err, tx.tables, opts)
	if err != nil {
		return err
	}
	in := &dynamodb.TransactGetItemsInput{TransactItems: tx.items, ReturnConsumedCapacity: p.capacity.mode()}
	var out *dynamodb.TransactGetItemsOutput
	var bodies [][]byte
	storedAPI, jsonAPI := tx.bodyReaders(db)
	switch {
	case storedAPI != nil:
		out, bodies, err = storedAPI.TransactGetItemsEncoded(ctx, in)
	case jsonAPI != nil:
		out, bodies, err = jsonAPI.TransactGetItemsJSON(ctx, in)
	default:
		out, err = db.api.TransactGetItems(ctx, in)
	}
	if err != nil {
		return wrapError("TransactGetItems", "", err)
	}
	p.capacity.add(false, out.ConsumedCapacity...)
	for i := range min(len(tx.dsts), len(out.Responses)+len(bodies)) {
		if err := tx.deliver(i, out.Responses, bodies, storedAPI != nil); err != nil {
			return annotate(fmt.Sprintf("ddb: TransactGetItems %s: read %d", tx.tables[i].Name(), i), err)
		}
	}
	return nil
}

// bodyReaders returns, when every read of the transaction can decode its
// item from its body (into a value the codec decodes, not hiding expired
// items), db's API as a BatchEncodedReader, or else as a BatchJSONReader;
// both nil otherwise.
func (tx *GetTransaction) bodyReaders(db *DB) (dynamo.BatchEncodedReader, dynamo.BatchJSONReader) {
	for i, t := range tx.tables {
		if _, raw := tx.dsts[i].(*Item); raw || !t.readsJSON() || tx.expiry[i] != nil {
			return nil, nil
		}
	}
	return batchBodyReaders(db)
}

// deliver decodes the item of read i into its destination: from its body
// when the response was read as bodies (their stored encodings when
// stored, else their JSON), else from its attribute values. A missing or
// empty item, an expired one (under HideExpired) and one of another entity
// type (unless reported) leave the destination unchanged.
func (tx *GetTransaction) deliver(i int, responses []types.ItemResponse, bodies [][]byte, stored bool) error {
	if bodies != nil {
		switch body := bodies[i]; {
		case body == nil || stored && emptyStored(body) || !stored && emptyObject(body):
			return nil // missing, or a projection that kept nothing
		case stored:
			return unmarshalStored(body, tx.dsts[i])
		default:
			return unmarshalJSON(bytesString(body), tx.dsts[i], false)
		}
	}
	if len(responses[i].Item) == 0 {
		return nil
	}
	item, ok := tx.expiry[i].admit(responses[i].Item)
	if !ok {
		return nil // expired: as if missing
	}
	item, err := tx.tables[i].Schema().admit(item)
	switch {
	case err != nil && tx.reportOther[i]:
		return err
	case err != nil:
		return nil // an item of another entity type: as if missing
	}
	return decodeInto(item, tx.dsts[i])
}

// emptyStored reports whether enc, a stored item, has no attribute (and is
// not corrupt, which decoding reports).
func emptyStored(enc []byte) bool {
	var c itemenc.Cursor
	return c.Reset(enc) == 0 && c.Done() == nil
}

// emptyObject reports whether json, an object, has no member.
func emptyObject(json []byte) bool {
	return len(bytes.TrimSpace(json[1:len(json)-1])) == 0
}
