package ddb

import (
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
// On an index (the Index option) the conditions apply to the index's keys.
type KeyCondition interface {
	keyCondition() keyCond
}

// keyCond is a KeyCondition's content.
type keyCond struct {
	partition any
	template  string // the sort key condition with %s for the key, then the values; "" for none
	sort      []any
}

func (k keyCond) keyCondition() keyCond { return k }

// PartitionKey is the key condition on the partition key alone; its Sort
// methods add a condition on the sort key.
type PartitionKey struct{ value any }

// Partition selects the items whose partition key equals value, encoded
// like a Key value (as the key field is; an AttributeValue is used as is).
func Partition(value any) PartitionKey { return PartitionKey{value} }

func (p PartitionKey) keyCondition() keyCond { return keyCond{partition: p.value} }

func (p PartitionKey) sort(template string, values ...any) KeyCondition {
	return keyCond{p.value, template, values}
}

// SortEqual selects the item whose sort key equals v.
func (p PartitionKey) SortEqual(v any) KeyCondition { return p.sort("%s = %s", v) }

// SortLessThan selects the items whose sort key is less than v.
func (p PartitionKey) SortLessThan(v any) KeyCondition { return p.sort("%s < %s", v) }

// SortLessOrEqual selects the items whose sort key is at most v.
func (p PartitionKey) SortLessOrEqual(v any) KeyCondition { return p.sort("%s <= %s", v) }

// SortGreaterThan selects the items whose sort key is greater than v.
func (p PartitionKey) SortGreaterThan(v any) KeyCondition { return p.sort("%s > %s", v) }

// SortGreaterOrEqual selects the items whose sort key is at least v.
func (p PartitionKey) SortGreaterOrEqual(v any) KeyCondition { return p.sort("%s >= %s", v) }

// SortBetween selects the items whose sort key is between lo and hi,
// both included.
func (p PartitionKey) SortBetween(lo, hi any) KeyCondition {
	return p.sort("%s BETWEEN %s AND %s", lo, hi)
}

// SortBeginsWith selects the items whose sort key, a string or binary,
// starts with prefix.
func (p PartitionKey) SortBeginsWith(prefix any) KeyCondition {
	return p.sort("begins_with(%s, %s)", prefix)
}

// keyConditionPart renders a key condition against the key attributes of
// the table or index read, checking the values' types; it is an exprPart.
type keyConditionPart struct {
	cond     keyCond
	hash     string
	rangeKey string
	schema   *Schema
}

func (keyConditionPart) reserve(*exprBuilder) error { return nil }

func (k keyConditionPart) render(b *exprBuilder) (string, error) {
	partition, err := k.operand(b, k.hash, k.cond.partition)
	if err != nil {
		return "", err
	}
	text := b.name(k.hash) + " = " + partition
	if k.cond.template == "" {
		return text, nil
	}
	if k.rangeKey == "" {
		return "", invalid("", "key condition on a sort key, but there is none")
	}
	if k.cond.template[0] == 'b' && k.schema.types[k.rangeKey] == TypeNumber {
		return "", invalid(k.rangeKey, "key %s is a number: begins_with needs a string or binary key", k.rangeKey)
	}
	operands := []operand{nameOperand(k.rangeKey)}
	for _, v := range k.cond.sort {
		ph, err := k.operand(b, k.rangeKey, v)
		if err != nil {
			return "", err
		}
		operands = append(operands, placeholder(ph))
	}
	sortText, err := templateNode{k.cond.template, operands}.render(b)
	return text + " AND " + sortText, err
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

// keyConditionShape identifies the text of a key condition: the key
// attributes it names and its kind of sort condition.
type keyConditionShape struct{ hash, rangeKey, template string }

// compiledKeyCondition is the text and the names of a key condition shape.
type compiledKeyCondition struct {
	text  *string
	names map[string]string
}

// keyValuePlaceholders are the placeholders a fresh builder gives the
// values of a key condition, in order (BETWEEN has three values).
var keyValuePlaceholders = [...]string{":v0", ":v1", ":v2"}

// alone compiles the key condition as the only expression of a request.
// Its text and names depend on its shape alone, so they are rendered once
// per schema and shared by the requests (which never change them); only
// the values are encoded each time.
func (k keyConditionPart) alone() (*string, map[string]string, map[string]types.AttributeValue, error) {
	shape := keyConditionShape{k.hash, k.rangeKey, k.cond.template}
	if cached, ok := k.schema.keyConditions.Load(shape); ok {
		c := cached.(*compiledKeyCondition)
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

// values encodes the key condition's values as render does, under
// keyValuePlaceholders.
func (k keyConditionPart) values() (map[string]types.AttributeValue, error) {
	values := make(map[string]types.AttributeValue, 1+len(k.cond.sort))
	av, err := k.schema.keyValue(k.hash, k.cond.partition)
	if err != nil {
		return nil, err
	}
	values[keyValuePlaceholders[0]] = av
	for i, v := range k.cond.sort {
		if av, err = k.schema.keyValue(k.rangeKey, v); err != nil {
			return nil, err
		}
		values[keyValuePlaceholders[i+1]] = av
	}
	return values, nil
}

// placeholder is an operand already rendered.
type placeholder string

func (p placeholder) render(*exprBuilder) (string, error) { return string(p), nil }
