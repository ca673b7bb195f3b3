package ddb

import (
	"reflect"
)

// AnyTable is a table of any item type (every *Table[T]), for transactions
// that span tables of different types.
type AnyTable interface {
	Name() string
	Schema() *Schema
	DB() *DB
	// encodeAny encodes an item given as a T or *T.
	encodeAny(item any) (Item, error)
	// appender returns the function that decodes an item as a T, from
	// its body when given (see itemReader.read), and appends it to dst, a
	// *[]T.
	appender(dst any) (func(item Item, body []byte, stored bool) error, error)
	// readsJSON reports whether the table's reads can decode items from
	// JSON.
	readsJSON() bool
}

// checkTable reports a table that is nil, or a nil pointer, where a
// transaction or a batch needs one.
func checkTable(table AnyTable) error {
	if table != nil {
		if v := reflect.ValueOf(table); v.Kind() != reflect.Pointer || !v.IsNil() {
			return nil
		}
	}
	return invalid("table", "the table is nil")
}

// encodeAny implements AnyTable.
func (t *Table[T]) encodeAny(item any) (Item, error) {
	switch v := item.(type) {
	case T:
		return t.encode(&v)
	case *T:
		if v != nil {
			return t.encode(v)
		}
		return nil, invalid("", "item is a nil *%s", reflect.TypeFor[T]())
	case nil:
		return nil, invalid("", "item is nil")
	}
	return nil, invalid("", "item of type %T for a table of %s", item, reflect.TypeFor[T]())
}

// appender implements AnyTable: dst is a *[]T or a *[]*T.
func (t *Table[T]) appender(dst any) (func(Item, []byte, bool) error, error) {
	var add func(T)
	switch items := dst.(type) {
	case *[]T:
		if items != nil {
			add = func(v T) { *items = append(*items, v) }
		}
	case *[]*T:
		if items != nil {
			add = func(v T) { *items = append(*items, &v) }
		}
	}
	if add == nil {
		return nil, invalid("dst", "the items of table %s are read into a non-nil *[]%s or *[]*%[2]s, not %T", t.Name(), reflect.TypeFor[T](), dst)
	}
	var d itemReader[T]
	return func(raw Item, body []byte, stored bool) error {
		item, err := d.read(raw, body, stored)
		if err == nil {
			add(item)
		}
		return err
	}, nil
}

// TxOption configures the Run of a transaction.
type TxOption interface{ applyTx(*txParams) }

// txParams are the settings of one transaction.
type txParams struct {
	capacity *capacitySink
}

// startTx returns the settings of a transaction's Run (op, as DynamoDB
// names it) and the DB the tables of its actions share, or built, the first
// mistake made building it.
func startTx(op string, built error, tables []AnyTable, opts []TxOption) (txParams, *DB, error) {
	if built != nil {
		return txParams{}, nil, built
	}
	if len(tables) == 0 {
		return txParams{}, nil, failed(op, "", invalid("", "transaction has no actions"))
	}
	db := tables[0].DB()
	for _, t := range tables[1:] {
		if t.DB() != db {
			return txParams{}, nil, failed(op, "", invalid("", "tables %s and %s of one transaction belong to different DBs", tables[0].Name(), t.Name()))
		}
	}
	p := applyAll(opts, TxOption.applyTx)
	if err := checkCapacity(p.capacity); err != nil {
		return txParams{}, nil, failed(op, "", err)
	}
	return p, db, nil
}
