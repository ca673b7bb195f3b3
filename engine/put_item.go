package engine

import (
	"context"
	"errors"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
	"github.com/ddbkit/ddb/internal/itemenc"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// PutItem creates or replaces an item, optionally under a condition.
func (db *DB) PutItem(ctx context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	in = orEmpty(in)
	return db.putItem(ctx, in, nil)
}

// PutItemJSON is PutItem with the item given as its DynamoDB JSON (an
// object of attribute values, {"id":{"S":"x"},"n":{"N":"1"}}) instead of
// in.Item, which must be nil. It answers as PutItem does for the same item
// as SDK values. An item already in the form the engine stores (numbers in
// canonical form, sets sorted) is stored as the encoding made from its
// JSON, without building SDK values when the table has no index, stream
// or point-in-time recovery: the library's typed Put writes its items
// this way in-process. Malformed JSON is a SerializationException.
func (db *DB) PutItemJSON(ctx context.Context, in *dynamodb.PutItemInput, item []byte) (*dynamodb.PutItemOutput, error) {
	in = orEmpty(in)
	if in.Item != nil {
		return nil, apierr.Validation("PutItemJSON takes the item as JSON only: Item must be nil")
	}
	enc, err := itemenc.AppendItemFromJSON(nil, unsafe.String(unsafe.SliceData(item), len(item)))
	if errors.Is(err, itemenc.ErrTooDeep) {
		return nil, attr.NestingError() // refused on sight, as ddb serve's reader does
	}
	if errors.Is(err, itemenc.ErrNullFalse) {
		// The encoding cannot hold it: read as ddb serve reads it, PutItem
		// refuses it in its order.
		var r wirejson.Reader
		r.Reset(unsafe.String(unsafe.SliceData(item), len(item)))
		return db.putDecoded(ctx, in, r.Item())
	}
	if err != nil {
		return nil, apierr.Serialization(err.Error())
	}
	size, normal := attr.NormalEncodedItemSize(enc)
	if !normal || db.faults.n.Load() != 0 {
		// Decoded, the item is validated and normalized as PutItem's, and
		// fault rules see it.
		m, err := itemenc.DecodeItem(enc)
		if err != nil {
			return nil, errCorrupt(err)
		}
		return db.putDecoded(ctx, in, m)
	}
	return db.putItem(ctx, in, &encodedItem{bytes: enc, size: size})
}

// putDecoded runs a PutItem of in with the item m as SDK values.
func (db *DB) putDecoded(ctx context.Context, in *dynamodb.PutItemInput, m map[string]types.AttributeValue) (*dynamodb.PutItemOutput, error) {
	with := *in
	with.Item = m
	return db.putItem(ctx, &with, nil)
}

// putItem runs a PutItem whose item is in.Item or, if enc is not nil, enc.
func (db *DB) putItem(ctx context.Context, in *dynamodb.PutItemInput, enc *encodedItem) (*dynamodb.PutItemOutput, error) {
	c, err := db.begin(ctx, "PutItem", in)
	if err != nil {
		return nil, err
	}
	if err := checkPutItemInput(in, enc != nil); err != nil {
		return nil, err
	}
	w, err := db.preparePut(in, fromRequest, enc)
	if err != nil {
		return nil, err
	}
	r, err := db.writeOne(c, w)
	if err != nil {
		return nil, err
	}
	return &dynamodb.PutItemOutput{Attributes: r.attributes, ConsumedCapacity: r.consumed, ItemCollectionMetrics: r.metrics}, nil
}

// encodedItem is the item of a put given in the storage encoding, found
// normal by attr.NormalEncodedItemSize, with its size.
type encodedItem struct {
	bytes []byte
	size  int
}

// preparePut validates a PutItem request (or an item of BatchWriteItem or
// TransactWriteItems) whose item is in.Item or, if enc is not nil, enc.
func (db *DB) preparePut(in *dynamodb.PutItemInput, from origin, enc *encodedItem) (*itemWrite, error) {
	in, err := translate(in, &from, legacyPut)
	if err != nil {
		return nil, err
	}
	ret := returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}
	if err := ret.check(returnOld); err != nil {
		return nil, err
	}
	p, err := exprInput{in.ExpressionAttributeNames, in.ExpressionAttributeValues, []namedExpr{
		{"ConditionExpression", in.ConditionExpression, true},
	}, from}.params()
	if err != nil {
		return nil, err
	}
	if in.Item == nil && enc == nil {
		return nil, nullField("item")
	}
	// The item's values and size are checked before its expressions and
	// table, as dynalite's validation (whose tests ran against DynamoDB)
	// does: its tests get these errors for tables that do not exist. Its
	// keys need the table's key schema.
	item, size := in.Item, 0
	if enc == nil {
		if item, err = attr.NormalizeItem(item); err != nil {
			return nil, err
		}
		size = attr.ItemSize(item)
	} else {
		size = enc.size
	}
	if size > attr.MaxItemSize {
		return nil, errItemSize
	}
	var cond *expr.Condition
	t, err := db.compileWith(p, in.TableName, func(p *expr.Params) (err error) {
		cond, err = condition(p, in.ConditionExpression)
		return err
	})
	if err != nil {
		return nil, err
	}
	if enc != nil && t.writesRowOnly(t.indexList()) {
		return t.prepareRowPut(enc, cond, ret)
	}
	if enc != nil {
		// Indexes, a stream or recovery need the whole item: its index
		// keys are checked, its rows and records staged.
		if item, err = decodeItem(enc.bytes); err != nil {
			return nil, err
		}
	}
	if err := t.checkKeys(item); err != nil {
		return nil, err
	}
	return &itemWrite{
		t: t, key: item, rowKey: t.rowKey(item), cond: cond, ret: ret,
		blind:   cond == nil && ret.values != types.ReturnValueAllOld,
		apply:   func(map[string]types.AttributeValue) (map[string]types.AttributeValue, error) { return item, nil },
		encoded: enc,
	}, nil
}

// prepareRowPut prepares the put of an encoded item into table t when
// only the item's row is written (writesRowOnly), reading nothing of the
// item but its primary key. Its key stays nil: a table without indexes
// has no local secondary index, so no item collection metrics need it.
func (t *table) prepareRowPut(enc *encodedItem, cond *expr.Condition, ret returnSettings) (*itemWrite, error) {
	hash, rng, err := t.encodedKey(enc.bytes)
	if err != nil {
		return nil, err
	}
	if err := t.checkPrimaryKey(hash, rng); err != nil {
		return nil, err
	}
	return &itemWrite{
		t: t, rowKey: t.rowKeyOf(hash, rng), cond: cond, ret: ret,
		blind:   cond == nil && ret.values != types.ReturnValueAllOld,
		encoded: enc,
		apply: func(map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
			return decodeItem(enc.bytes) // an index, stream or recovery started meanwhile
		},
	}, nil
}

// encodedKey returns the values of an encoded item's partition and sort
// key attributes, nil when absent; they share the encoding's memory.
func (t *table) encodedKey(enc []byte) (hash, rng types.AttributeValue, err error) {
	var c itemenc.Cursor
	for range c.Reset(enc) {
		name := c.Name()
		kind, text, n := c.Value()
		switch {
		case name == t.hash.name:
			hash = c.AttributeValue(kind, text, n)
		case name == t.rng.name && name != "":
			rng = c.AttributeValue(kind, text, n)
		default:
			c.Skip(kind, n)
		}
	}
	if err := c.Done(); err != nil {
		return nil, nil, errCorrupt(err)
	}
	return hash, rng, nil
}
