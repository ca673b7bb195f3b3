package engine

import (
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/attr"
)

// keyAttr is one key attribute of a table or index.
type keyAttr struct {
	name string
	typ  types.ScalarAttributeType
}

// stats counts the items of a table or index and their total size. They are
// kept exact on every write and rebuilt by scanning at Open.
type stats struct {
	items atomic.Int64
	bytes atomic.Int64
}

// add records one row going from oldSize to newSize bytes; a size of -1
// means the row is absent.
func (s *stats) add(oldSize, newSize int) {
	switch {
	case oldSize < 0 && newSize >= 0:
		s.items.Add(1)
	case oldSize >= 0 && newSize < 0:
		s.items.Add(-1)
	}
	s.bytes.Add(int64(max(newSize, 0) - max(oldSize, 0)))
}

// table is the in-memory model of a table: its key schema and indexes,
// decoded once from the catalog record, plus the live description fields.
// Everything but desc and stats is immutable.
type table struct {
	id      uint32
	name    string
	hash    keyAttr
	rng     keyAttr // rng.name == "" when the table has no sort key
	indexes []*index
	// activeAt is when the table leaves the CREATING state.
	activeAt time.Time
	stats    stats

	// desc is the stored description (status and counts are filled in on
	// every describe); guarded by DB.mu.
	desc *types.TableDescription
}

// index is a local or global secondary index.
type index struct {
	id         uint32
	name       string
	global     bool
	hash       keyAttr
	rng        keyAttr
	projection types.ProjectionType
	include    map[string]bool // the non-key attributes of an INCLUDE projection
	stats      stats
}

// keyAttrs returns the key attributes of a table or index key schema,
// typed from the attribute definitions.
func keyAttrs(schema []types.KeySchemaElement, defs []types.AttributeDefinition) (hash, rng keyAttr) {
	for _, k := range schema {
		a := keyAttr{name: *k.AttributeName}
		for _, d := range defs {
			if *d.AttributeName == a.name {
				a.typ = d.AttributeType
			}
		}
		if k.KeyType == types.KeyTypeHash {
			hash = a
		} else {
			rng = a
		}
	}
	return hash, rng
}

// newTable builds the model of a table from its catalog record.
func newTable(rec *tableRecord) *table {
	d := &rec.Description
	t := &table{id: rec.ID, name: *d.TableName, desc: d}
	t.hash, t.rng = keyAttrs(d.KeySchema, d.AttributeDefinitions)
	for _, l := range d.LocalSecondaryIndexes {
		t.indexes = append(t.indexes, newIndex(rec, *l.IndexName, false, l.KeySchema, l.Projection))
	}
	for _, g := range d.GlobalSecondaryIndexes {
		t.indexes = append(t.indexes, newIndex(rec, *g.IndexName, true, g.KeySchema, g.Projection))
	}
	return t
}

func newIndex(rec *tableRecord, name string, global bool, schema []types.KeySchemaElement, p *types.Projection) *index {
	ix := &index{id: rec.IndexIDs[name], name: name, global: global, projection: p.ProjectionType}
	ix.hash, ix.rng = keyAttrs(schema, rec.Description.AttributeDefinitions)
	if p.ProjectionType == types.ProjectionTypeInclude {
		ix.include = map[string]bool{}
		for _, a := range p.NonKeyAttributes {
			ix.include[a] = true
		}
	}
	return ix
}

// hasLSI reports whether the table has a local secondary index, which makes
// its item collections bounded and measurable.
func (t *table) hasLSI() bool {
	for _, ix := range t.indexes {
		if !ix.global {
			return true
		}
	}
	return false
}

// isKey reports whether name is a key attribute of the table.
func (t *table) isKey(name string) bool {
	return name == t.hash.name || (t.rng.name != "" && name == t.rng.name)
}

// rowKey returns the storage key of the item with the given (validated) key
// attributes: keyspace | hash32(pk) | key(pk) | key(sk).
func (t *table) rowKey(item map[string]types.AttributeValue) []byte {
	k := partitionPrefix(t.id, item[t.hash.name])
	if t.rng.name != "" {
		k = attr.AppendKey(k, item[t.rng.name])
	}
	return k
}

// keyOf returns the primary key attributes of item.
func (t *table) keyOf(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	k := map[string]types.AttributeValue{t.hash.name: item[t.hash.name]}
	if t.rng.name != "" {
		k[t.rng.name] = item[t.rng.name]
	}
	return k
}

// indexed reports whether item appears in the index: it must carry the
// index's key attributes (indexes are sparse). Types were checked on write.
func (ix *index) indexed(item map[string]types.AttributeValue) bool {
	if item == nil || item[ix.hash.name] == nil {
		return false
	}
	return ix.rng.name == "" || item[ix.rng.name] != nil
}

// rowKey returns the storage key of item's row in the index: the index key
// in the table layout, followed by the table key to keep rows unique.
func (ix *index) rowKey(t *table, item map[string]types.AttributeValue) []byte {
	k := partitionPrefix(ix.id, item[ix.hash.name])
	if ix.rng.name != "" {
		k = attr.AppendKey(k, item[ix.rng.name])
	}
	k = attr.AppendKey(k, item[t.hash.name])
	if t.rng.name != "" {
		k = attr.AppendKey(k, item[t.rng.name])
	}
	return k
}

// project returns the attributes of item the index stores.
func (ix *index) project(t *table, item map[string]types.AttributeValue) map[string]types.AttributeValue {
	if ix.projection == types.ProjectionTypeAll {
		return item
	}
	p := t.keyOf(item)
	p[ix.hash.name] = item[ix.hash.name]
	if ix.rng.name != "" {
		p[ix.rng.name] = item[ix.rng.name]
	}
	for name := range ix.include {
		if v, ok := item[name]; ok {
			p[name] = v
		}
	}
	return p
}
