package ddb

import (
	"encoding/hex"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/number"
)

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
// Values are encoded as the key fields are (with their tag options: a
// time.Time for a field tagged unixmilli is a number; an AttributeValue is
// used as is) and must encode to the key attribute's type.
func Key(hash any, rangeValue ...any) ItemKey {
	return ItemKey{append([]any{hash}, rangeValue...)}
}

// key encodes k for the table, checking its arity and types.
func (s *Schema) key(k ItemKey) (Item, error) {
	if d := s.entity(); d != nil {
		return d.entityKey(s, k)
	}
	names := s.keyNames
	if len(k.values) != len(names) {
		return nil, invalid("key", "a key of this table has %d values (%v), got %d", len(names), names, len(k.values))
	}
	item := make(Item, len(names))
	for i, name := range names {
		av, err := s.keyValue(name, k.values[i])
		if err != nil {
			return nil, err
		}
		item[name] = av
	}
	return item, nil
}

// keyValue encodes v as a value of the key attribute name (with the tag
// options of its field: a time.Time for a field tagged unixmilli is a
// number; for an entity, built by the attribute's key template), checking
// its type.
func (s *Schema) keyValue(name string, v any) (types.AttributeValue, error) {
	var av types.AttributeValue
	var err error
	if tpl := s.keyTemplate(name); tpl != nil {
		av, err = s.entity().templateValue(s, tpl, v)
	} else {
		av, err = s.encodeAt(v, valueSite{path: name})
	}
	if err != nil {
		return nil, err
	}
	if got, want := AttrType(dynamo.TypeOf(av)), s.types[name]; got != want {
		return nil, invalid(name, "key %s must be of type %s, got %s", name, want, got)
	}
	return av, nil
}

// keyText describes the key of item, e.g. `owner="ann" id=1`: readable in
// messages, and one text per key value, to find duplicates (numbers are
// written in their canonical form: 1, 1.0 and 01 are one key).
func (s *Schema) keyText(item Item) string {
	buf := make([]byte, 0, 64)
	for _, name := range [...]string{s.def.HashKey, s.def.RangeKey} {
		if name == "" {
			continue
		}
		if len(buf) > 0 {
			buf = append(buf, ' ')
		}
		buf = append(append(buf, name...), '=')
		switch v := item[name].(type) {
		case *types.AttributeValueMemberS:
			buf = strconv.AppendQuote(buf, v.Value)
		case *types.AttributeValueMemberN:
			buf = appendCanonicalNumber(buf, v.Value)
		case *types.AttributeValueMemberB:
			buf = hex.AppendEncode(append(buf, "0x"...), v.Value)
		default:
			buf = append(buf, '?')
		}
	}
	return string(buf)
}

// appendCanonicalNumber appends the number text s in its canonical form,
// which all the spellings of its value share, or as it is when it is no
// number.
func appendCanonicalNumber(dst []byte, s string) []byte {
	var d number.Decimal
	if number.IsCanonicalInt(s) || number.Parse(s, &d) != nil {
		return append(dst, s...)
	}
	return d.AppendCanonical(dst)
}
