package ddb

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Item is an item in DynamoDB's own representation. A Table[Item] (see
// TableWithSchema) reads and writes items as they are, without the codec.
type Item = map[string]types.AttributeValue

// Table is a DynamoDB table whose items are values of type T, encoded and
// decoded with the codec (Marshal and Unmarshal). It is safe for concurrent
// use.
//
// Items are addressed by key values (see Key); Put takes the whole item.
type Table[T any] struct {
	db     *DB
	schema *Schema
}

// NewTable declares the table name whose items are the struct type T,
// deriving keys and indexes from T's `ddb` struct tags and the rest from
// opts. Declaration mistakes (no hash key, two hash keys, a key field of a
// type that cannot be a key, a field of a type the codec cannot store,
// duplicate attribute names, unknown tag options, options for an index no
// field declares, and the others the package documentation lists) are
// reported here as a *SchemaError naming the field.
func NewTable[T any](db *DB, name string, opts ...TableOption) (*Table[T], error) {
	s, err := SchemaFor[T](name, opts...)
	if err != nil {
		return nil, err
	}
	return &Table[T]{db: db, schema: s}, nil
}

// TableWithSchema returns the table s describes, with items of type T:
// usually Item, for code that declares tables with NewSchema.
func TableWithSchema[T any](db *DB, s *Schema) *Table[T] {
	return &Table[T]{db: db, schema: s}
}

// Name returns the table name.
func (t *Table[T]) Name() string { return t.schema.name }

// Schema returns the table's declaration.
func (t *Table[T]) Schema() *Schema { return t.schema }

// DB returns the connection the table uses.
func (t *Table[T]) DB() *DB { return t.db }

// encode converts an item to DynamoDB's representation. A value the codec
// cannot encode is a *ValidationError (wrapping the *EncodeError) naming
// its path.
func (t *Table[T]) encode(item *T) (Item, error) {
	if av, ok := any(item).(*Item); ok {
		return *av, nil
	}
	av, err := Marshal(item)
	if err != nil {
		return nil, t.encodeFailure(err)
	}
	if d := t.schema.entity(); d != nil {
		err = d.stamp(av)
	}
	return av, err
}

// encodeFailure returns the error of a write whose item the codec failed
// to encode: an *EncodeError as a *ValidationError naming its path.
func (t *Table[T]) encodeFailure(err error) error {
	var ee *EncodeError
	if errors.As(err, &ee) {
		return &ValidationError{Field: ee.Path, Reason: strings.TrimPrefix(err.Error(), "ddb: "), Err: err}
	}
	return err
}

// fail annotates an error of operation op on the table.
func (t *Table[T]) fail(op string, err error) error {
	return failed(op, t.schema.name, err)
}

// decodeInto decodes item into dst, a pointer as for Unmarshal; a *Item
// receives the item as it is.
func decodeInto(item Item, dst any) error {
	if p, ok := dst.(*Item); ok {
		*p = item
		return nil
	}
	return Unmarshal(item, dst)
}

// itemReader decodes items into values of type T through one reused
// destination: decoding into a new T for every item would move each to the
// heap. A Table[Item] receives the items as they are.
type itemReader[T any] struct {
	dst *T
}

// decode returns item decoded as a T.
func (d *itemReader[T]) decode(item Item) (T, error) {
	if v, ok := any(item).(T); ok {
		return v, nil
	}
	return d.into(func(dst *T) error { return decodeInto(item, dst) })
}

// read returns an item read decoded as a T: from its body when it has one
// (read through a backend's Encoded or JSON methods; see readBody), else
// as decode does.
func (d *itemReader[T]) read(item Item, body []byte, stored bool) (T, error) {
	if body == nil {
		return d.decode(item)
	}
	return d.readBody(body, stored)
}

// readBody returns an item decoded as a T from its body: its stored
// encoding (read through a backend's Encoded methods) or its DynamoDB JSON.
func (d *itemReader[T]) readBody(body []byte, stored bool) (T, error) {
	if stored {
		return d.into(func(dst *T) error { return unmarshalStored(body, dst) })
	}
	return d.into(func(dst *T) error { return unmarshalJSON(bytesString(body), dst, false) })
}

// into returns what decode decodes into the zeroed destination.
func (d *itemReader[T]) into(decode func(dst *T) error) (T, error) {
	var zero T
	if d.dst == nil {
		d.dst = new(T)
	} else {
		*d.dst = zero
	}
	if err := decode(d.dst); err != nil {
		return zero, err
	}
	return *d.dst, nil
}
