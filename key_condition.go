package ddb

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// KeyCondition selects the items a Query reads: every item of one
// partition, or those of its items whose sort key satisfies one condition.
// Make one with Partition, optionally followed by one of its Sort methods:
//
//	ddb.Partition("ann")
//	ddb.Partition("ann").SortBetween(10, 20)
//	ddb.Partition("ann").SortBeginsWith("2024-")
//
// On an index (the OnIndex option) the conditions apply to the index's
// keys. An index with a multi-attribute key takes a value for each of its
// partition key attributes, in key order, and conditions on its sort key
// attributes from the first on: equalities, then one comparison on the next
// attribute:
//
//	ddb.Partition("winter", "eu")                         // every match of a tournament and region
//	ddb.Partition("winter", "eu").SortEqual(2)            // of round 2
//	ddb.Partition("winter", "eu").SortEqual(2).SortGreaterThan("lower") // of round 2, brackets after "lower"
//
// On an entity's templated sort key, a sort value may give the values of
// the template's first fields only, and then compares by those fields
// (see NewEntity).
type KeyCondition interface {
	keyCondition() keyCond
}

// keyCond is a KeyCondition's content.
type keyCond struct {
	partition []any  // a value for each partition key attribute
	equal     []any  // values of the first sort key attributes
	template  string // the condition on the next sort key attribute with %s for the key, then the values; "" for none
	sort      []any
}

func (k keyCond) keyCondition() keyCond { return k }

// PartitionKey is the key condition on the partition key alone, or with
// equalities on the first attributes of a multi-attribute sort key; its
// Sort methods add a condition on the next sort key attribute.
type PartitionKey struct{ values, equal []any }

// Partition selects the items whose partition key equals value, encoded
// like a Key value (as the key field is; an AttributeValue is used as is).
// An index with a multi-attribute partition key takes one value for each
// of its partition key attributes, in key order.
func Partition(values ...any) PartitionKey { return PartitionKey{values: values} }

func (p PartitionKey) keyCondition() keyCond { return keyCond{partition: p.values, equal: p.equal} }

// The conditions on a sort key attribute, with %s for its name and then
// for its values.
const (
	sortEqual          = "%s = %s"
	sortLess           = "%s < %s"
	sortLessOrEqual    = "%s <= %s"
	sortGreater        = "%s > %s"
	sortGreaterOrEqual = "%s >= %s"
	sortBetween        = "%s BETWEEN %s AND %s"
	sortBeginsWith     = "begins_with(%s, %s)"
)

func (p PartitionKey) sort(template string, values ...any) KeyCondition {
	return keyCond{p.values, p.equal, template, values}
}

// SortEqual selects the items whose sort key equals v. On an index with a
// multi-attribute sort key it fixes the next sort key attributes, one per
// value, and a Sort method may follow for the attribute after them. On an
// entity's templated sort key, a Key of the values of the first fields
// selects the items whose first fields have those values (see NewEntity).
func (p PartitionKey) SortEqual(v ...any) PartitionKey {
	return PartitionKey{p.values, append(slices.Clip(p.equal), v...)}
}

// SortLessThan selects the items whose sort key is less than v.
func (p PartitionKey) SortLessThan(v any) KeyCondition { return p.sort(sortLess, v) }

// SortLessOrEqual selects the items whose sort key is at most v.
func (p PartitionKey) SortLessOrEqual(v any) KeyCondition { return p.sort(sortLessOrEqual, v) }

// SortGreaterThan selects the items whose sort key is greater than v.
func (p PartitionKey) SortGreaterThan(v any) KeyCondition { return p.sort(sortGreater, v) }

// SortGreaterOrEqual selects the items whose sort key is at least v.
func (p PartitionKey) SortGreaterOrEqual(v any) KeyCondition { return p.sort(sortGreaterOrEqual, v) }

// SortBetween selects the items whose sort key is between lo and hi,
// both included.
func (p PartitionKey) SortBetween(lo, hi any) KeyCondition {
	return p.sort(sortBetween, lo, hi)
}

// SortBeginsWith selects the items whose sort key, a string or binary,
// starts with prefix. On an entity's templated sort key, prefix may be a
// Key of the values of the first fields: the key text up to the last of
// them is the prefix, so that last value may be the start of its field's
// text (ddb.Key("ann") on "{name}#{number}" selects "anna" as well as
// "ann"; SortEqual(ddb.Key("ann")) selects "ann" only).
func (p PartitionKey) SortBeginsWith(prefix any) KeyCondition {
	return p.sort(sortBeginsWith, prefix)
}

// keyConditionPart renders a key condition against the key attributes of
// the table or index read, checking the values' count and types; it is an
// exprPart.
type keyConditionPart struct {
	cond   keyCond
	keys   readKeyNames
	schema *Schema
}

func (keyConditionPart) reserve(*exprBuilder) error { return nil }

// check checks the number of values of the key condition against the key
// attributes read.
func (k keyConditionPart) check() error {
	what := "the table"
	if k.keys.index != "" {
		what = "index " + k.keys.index
	}
	hash, rng, c := k.keys.hash, k.keys.rng, k.cond
	if len(c.partition) != len(hash) {
		return invalid("", "key condition gives %d partition key values; %s has %d partition key attributes %v", len(c.partition), what, len(hash), hash)
	}
	sorts := len(c.equal)
	if c.template != "" {
		sorts++
	}
	switch {
	case sorts > 0 && len(rng) == 0:
		return invalid("", "key condition on a sort key, but there is none")
	case sorts > len(rng):
		return invalid("", "key condition on %d sort key attributes; %s has %d sort key attributes %v", sorts, what, len(rng), rng)
	case c.template == sortBeginsWith && k.schema.types[rng[len(c.equal)]] == TypeNumber:
		name := rng[len(c.equal)]
		return invalid(name, "key %s is a number: begins_with needs a string or binary key", name)
	}
	return nil
}

// checkWholePartition refuses v for the partition key attribute name when
// an entity's key template builds the attribute and v gives only its first
// fields: a Query reads one whole partition, whose key no prefix equals.
func (k keyConditionPart) checkWholePartition(name string, v any) error {
	if tpl := k.schema.keyTemplate(name); tpl != nil && !tpl.passThrough() && tpl.partial(v) {
		return invalid(name, "partition key %s is built by key template %q of %d fields, got %d values: a Query reads a whole partition", name, tpl.text, len(tpl.fields), len(conditionValues(v)))
	}
	return nil
}

func (k keyConditionPart) render(b *exprBuilder) (string, error) {
	if err := k.check(); err != nil {
		return "", err
	}
	var terms []string
	equal := func(name string, v any) error {
		ph, err := k.operand(b, name, v)
		terms = append(terms, b.name(name)+" = "+ph)
		return err
	}
	for i, v := range k.cond.partition {
		if err := k.checkWholePartition(k.keys.hash[i], v); err != nil {
			return "", err
		}
		if err := equal(k.keys.hash[i], v); err != nil {
			return "", err
		}
	}
	for i, v := range k.cond.equal {
		if err := equal(k.keys.rng[i], v); err != nil {
			return "", err
		}
	}
	if k.cond.template != "" {
		name := k.keys.rng[len(k.cond.equal)]
		operands := []operand{nameOperand(name)}
		for _, v := range k.cond.sort {
			ph, err := k.operand(b, name, v)
			if err != nil {
				return "", err
			}
			operands = append(operands, placeholder(ph))
		}
		text, err := templateNode{k.cond.template, operands}.render(b)
		if err != nil {
			return "", err
		}
		terms = append(terms, text)
	}
	return strings.Join(terms, " AND "), nil
}

// operand encodes v as a value of the key attribute name and returns its
// placeholder.
func (k keyConditionPart) operand(b *exprBuilder, name string, v any) (string, error) {
	av, err := k.schema.keyValue(name, v)
	if err != nil {
		return "", err
	}
	return b.attributeValue(av), nil
}

// keyConditionShape identifies the text of a key condition: the table or
// index read, how many sort key attributes it fixes and its kind of
// condition on the next one.
type keyConditionShape struct {
	index    string
	equal    int
	template string
}

// compiledKeyCondition is the text and the names of a key condition shape.
type compiledKeyCondition struct {
	text  *string
	names map[string]string
}

// alone compiles the key condition as the only expression of a request.
// Its text and names depend on its shape alone, so they are rendered once
// per schema and shared by the requests (which never change them); only
// the values are encoded each time.
func (k keyConditionPart) alone() (*string, map[string]string, map[string]types.AttributeValue, error) {
	shape := keyConditionShape{k.keys.index, len(k.cond.equal), k.cond.template}
	if cached, ok := k.schema.keyConditions.Load(shape); ok {
		c := cached.(*compiledKeyCondition)
		if err := k.check(); err != nil {
			return nil, nil, nil, err
		}
		values, err := k.values()
		return c.text, c.names, values, err
	}
	b := newExprBuilder(k.schema)
	texts, err := b.build(k)
	if err != nil {
		return nil, nil, nil, err
	}
	c := &compiledKeyCondition{aws.String(texts[0]), b.attributeNames()}
	k.schema.keyConditions.Store(shape, c)
	return c.text, c.names, b.attributeValues(), nil
}

// values encodes the key condition's values as render does, under the
// placeholders a fresh builder gives them in order: :v0, :v1, ...
func (k keyConditionPart) values() (map[string]types.AttributeValue, error) {
	c := k.cond
	values := make(map[string]types.AttributeValue, len(c.partition)+len(c.equal)+len(c.sort))
	add := func(name string, v any) error {
		av, err := k.schema.keyValue(name, v)
		values[":v"+strconv.Itoa(len(values))] = av
		return err
	}
	for i, v := range c.partition {
		if err := add(k.keys.hash[i], v); err != nil {
			return nil, err
		}
	}
	for i, v := range c.equal {
		if err := add(k.keys.rng[i], v); err != nil {
			return nil, err
		}
	}
	for _, v := range c.sort {
		if err := add(k.keys.rng[len(c.equal)], v); err != nil {
			return nil, err
		}
	}
	return values, nil
}

// placeholder is an operand already rendered.
type placeholder string

func (p placeholder) render(*exprBuilder) (string, error) { return string(p), nil }
