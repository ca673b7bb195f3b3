package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// DynamoDB's size limits on key values (attr.MaxItemSize is the item's).
const (
	maxPartitionSize = 2048
	maxSortKeySize   = 1024
)

var (
	errKeyMismatch = apierr.Validation("The provided key element does not match the schema")
	errItemSize    = apierr.Validation("Item size has exceeded the maximum allowed size")
)

// scalarType returns the type of a key value, or "" if it is not S, N or B.
func scalarType(v types.AttributeValue) types.ScalarAttributeType {
	switch v.(type) {
	case *types.AttributeValueMemberS:
		return types.ScalarAttributeTypeS
	case *types.AttributeValueMemberN:
		return types.ScalarAttributeTypeN
	case *types.AttributeValueMemberB:
		return types.ScalarAttributeTypeB
	}
	return ""
}

// emptyKind returns "string" or "binary" for an empty S or B value, else "".
func emptyKind(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		if v.Value == "" {
			return "string"
		}
	case *types.AttributeValueMemberB:
		if len(v.Value) == 0 {
			return "binary"
		}
	}
	return ""
}

// emptyKeyError is DynamoDB's error for an empty (kind "string" or
// "binary") value of table key attribute name.
func emptyKeyError(kind, name string) error {
	return apierr.Validation(emptyKeyMessage(kind, name))
}

// emptyKeyMessage is the message of emptyKeyError.
func emptyKeyMessage(kind, name string) string {
	return "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty " + kind + " value. Key: " + name
}

// emptyIndexKeyError is emptyKeyError for key attribute name of index ix
// that is not a key of the table.
func emptyIndexKeyError(kind, ix, name string) error {
	return apierr.Validation(emptyIndexKeyMessage(kind, ix, name))
}

// emptyIndexKeyMessage is the message of emptyIndexKeyError.
func emptyIndexKeyMessage(kind, ix, name string) string {
	return "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty " + kind + " value. IndexName: " + ix + ", IndexKey: " + name
}

// checkKeyValue checks the value of one table key attribute (whose type is
// already right): not empty, within the size limits.
func checkKeyValue(k keyAttr, v types.AttributeValue, sort bool) error {
	if kind := emptyKind(v); kind != "" {
		return emptyKeyError(kind, k.name)
	}
	if !sort && attr.Size(v) > maxPartitionSize {
		return errHashKeySize
	}
	if sort && attr.Size(v) > maxSortKeySize {
		return errRangeKeySize
	}
	return nil
}

// The errors of a partition or sort key value over DynamoDB's size limits,
// in a table key or an index key.
var (
	errHashKeySize  = invalidParam("Size of hashkey has exceeded the maximum size limit of%d bytes", maxPartitionSize)
	errRangeKeySize = invalidParam("Aggregated size of all range keys has exceeded the size limit of %d bytes", maxSortKeySize)
)

// checkKey validates the Key parameter of GetItem, UpdateItem or DeleteItem
// and returns it normalized.
func (t *table) checkKey(key map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	if key == nil {
		return nil, nullField("key")
	}
	key, err := attr.NormalizeItem(key)
	if err != nil {
		return nil, err
	}
	want := 1
	if t.rng.name != "" {
		want = 2
	}
	if len(key) != want {
		return nil, errKeyMismatch
	}
	for i, k := range []keyAttr{t.hash, t.rng}[:want] {
		v := key[k.name]
		if v == nil || scalarType(v) != k.typ {
			return nil, errKeyMismatch
		}
		if err := checkKeyValue(k, v, i == 1); err != nil {
			return nil, err
		}
	}
	return key, nil
}

// checkItem validates an item to be written whole: its key attributes
// (see checkKeys) and its size.
func (t *table) checkItem(item map[string]types.AttributeValue) error {
	if err := t.checkKeys(item); err != nil {
		return err
	}
	return checkItemSize(item, errItemSize)
}

// checkKeys checks the table key attributes of an item to be written whole
// and its index key attributes.
func (t *table) checkKeys(item map[string]types.AttributeValue) error {
	if err := t.checkPrimaryKey(item[t.hash.name], item[t.rng.name]); err != nil {
		return err
	}
	return t.checkIndexKeys(item)
}

// checkPrimaryKey checks the values of an item's partition and sort key
// attributes, nil when absent.
func (t *table) checkPrimaryKey(hash, rng types.AttributeValue) error {
	if err := checkKeyAttribute(t.hash, hash, false); err != nil || t.rng.name == "" {
		return err
	}
	return checkKeyAttribute(t.rng, rng, true)
}

// checkKeyAttribute checks the value v (nil when absent) of the key
// attribute k of an item, the sort key if sort.
func checkKeyAttribute(k keyAttr, v types.AttributeValue, sort bool) error {
	if v == nil {
		return invalidParam("Missing the key %s in the item", k.name)
	}
	if typ := scalarType(v); typ != k.typ {
		return invalidParam("Type mismatch for key %s expected: %s actual: %s", k.name, k.typ, dynamo.TypeOf(v))
	}
	return checkKeyValue(k, v, sort)
}

// checkItemSize returns sizeErr when item is over DynamoDB's item size
// limit.
func checkItemSize(item map[string]types.AttributeValue, sizeErr error) error {
	if attr.ItemSize(item) > attr.MaxItemSize {
		return sizeErr
	}
	return nil
}

// keyTypeMismatch reports whether item holds a key attribute of the table
// whose value is not of the key's type.
func (t *table) keyTypeMismatch(item map[string]types.AttributeValue) bool {
	for _, k := range []keyAttr{t.hash, t.rng} {
		if v := item[k.name]; k.name != "" && v != nil && scalarType(v) != k.typ {
			return true
		}
	}
	return false
}

// checkIndexKeys checks the index key attributes of an item about to be
// stored. When several indexes reject the item, DynamoDB names the one
// whose name sorts first.
func (t *table) checkIndexKeys(item map[string]types.AttributeValue) error {
	var first *index
	var firstErr error
	for _, ix := range t.indexList() {
		if err := t.checkIndexKey(ix, item); err != nil && (first == nil || ix.name < first.name) {
			first, firstErr = ix, err
		}
	}
	return firstErr
}

// checkIndexKey checks the attributes of item that are key attributes of
// ix: their types, that none is empty, and their sizes. The size limits of
// keys hold for each attribute of a multi-attribute key, as DynamoDB's
// message names one attribute and its size.
func (t *table) checkIndexKey(ix *index, item map[string]types.AttributeValue) error {
	for _, part := range ix.keyParts() {
		for _, k := range part.attrs {
			v := item[k.name]
			if v == nil || t.isKey(k.name) {
				continue
			}
			if typ := scalarType(v); typ != k.typ {
				return invalidParam("Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s", k.name, k.typ, dynamo.TypeOf(v), ix.name)
			}
			if kind := emptyKind(v); kind != "" {
				return emptyIndexKeyError(kind, ix.name, k.name)
			}
			if size := attr.Size(v); size > part.limit {
				return invalidParam("%s for Index Key %s Actual Size: %d bytes Max Size: %d bytes IndexName: %s", indexKeySizeExceeded, k.name, size, part.limit, ix.name)
			}
		}
	}
	return nil
}

// indexKeySizeExceeded starts the message of an index key value over its
// size limit, after "One or more parameter values were invalid: ".
const indexKeySizeExceeded = "Size limit exceeded"

// keyPart is the partition or the sort key of an index, with the size
// limit of each of its values.
type keyPart struct {
	attrs []keyAttr
	limit int
}

// keyParts returns the index's partition key and sort key.
func (ix *index) keyParts() [2]keyPart {
	return [2]keyPart{{ix.hash, maxPartitionSize}, {ix.rng, maxSortKeySize}}
}

// indexed reports whether item appears in the index: it must carry every
// key attribute of the index with its type, not empty, and within the key
// size limits (indexes are sparse). Writes check all of this once the index
// exists, but items written before a global index was created may not match
// it: like DynamoDB's backfill, the index leaves such items out.
func (ix *index) indexed(item map[string]types.AttributeValue) bool {
	if item == nil {
		return false
	}
	for _, part := range ix.keyParts() {
		for _, k := range part.attrs {
			v := item[k.name]
			if scalarType(v) != k.typ || emptyKind(v) != "" || attr.Size(v) > part.limit {
				return false
			}
		}
	}
	return true
}
