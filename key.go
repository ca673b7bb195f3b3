package ddb

import "fmt"

// ItemKey is the primary key of one item: the hash key value and, for a
// table with a range key, the range key value. Make one with Key.
type ItemKey struct {
	values []any
}

// Key returns the primary key with the given hash key value and, for tables
// with a range key, its range key value:
//
//	wallets.Get(ctx, ddb.Key(userID))
//	orders.Get(ctx, ddb.Key(customer, orderID))
//
// Values are encoded with MarshalValue (an AttributeValue is used as is) and
// must encode to the key attribute's type.
func Key(hash any, rangeValue ...any) ItemKey {
	return ItemKey{append([]any{hash}, rangeValue...)}
}

// key encodes k for the table, checking its arity and types.
func (s *Schema) key(k ItemKey) (Item, error) {
	names := []string{s.def.HashKey}
	if s.def.RangeKey != "" {
		names = append(names, s.def.RangeKey)
	}
	if len(k.values) != len(names) {
		return nil, fmt.Errorf("a key of this table has %d values (%v), got %d", len(names), names, len(k.values))
	}
	item := make(Item, len(names))
	for i, name := range names {
		av, err := marshalOperand(k.values[i])
		if err != nil {
			return nil, annotate("key "+name, err)
		}
		if got, want := typeOf(av), s.types[name]; got != want {
			return nil, fmt.Errorf("key %s must be of type %s, got %s", name, want, got)
		}
		item[name] = av
	}
	return item, nil
}
