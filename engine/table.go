package engine

import (
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
)

// keyAttr is one key attribute of a table or index.
type keyAttr struct {
	name string
	typ  types.ScalarAttributeType
}

// table is the in-memory model of a table: its key schema and indexes,
// decoded once from the catalog record, plus the live description fields.
// Everything but indexes, desc and stats is immutable.
type table struct {
	id   uint32
	name string
	hash keyAttr
	rng  keyAttr // rng.name == "" when the table has no sort key
	// indexes holds the live indexes (those writes maintain); UpdateTable
	// replaces the slice, never modifies it. Writers load it after taking
	// their item's lock, so an index being created sees every write.
	indexes atomic.Pointer[[]*index]
	// activeAt is when the table leaves the CREATING state.
	activeAt time.Time
	// stream is the table's enabled stream, nil when it has none.
	stream atomic.Pointer[stream]
	stats  stats

	// desc is the stored description (status and counts are filled in on
	// every describe) and ids the keyspace ids of every index it lists,
	// including one being deleted; both guarded by DB.mu.
	desc *types.TableDescription
	ids  map[string]uint32
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
	// filling is true while a new global index is being backfilled.
	filling atomic.Bool
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
	t := &table{id: rec.ID, name: *d.TableName, desc: d, ids: rec.IndexIDs}
	t.hash, t.rng = keyAttrs(d.KeySchema, d.AttributeDefinitions)
	var indexes []*index
	for _, l := range d.LocalSecondaryIndexes {
		indexes = append(indexes, newIndex(rec, *l.IndexName, false, l.KeySchema, l.Projection))
	}
	for _, g := range d.GlobalSecondaryIndexes {
		if g.IndexStatus == types.IndexStatusDeleting {
			continue
		}
		ix := newIndex(rec, *g.IndexName, true, g.KeySchema, g.Projection)
		ix.filling.Store(g.IndexStatus == types.IndexStatusCreating)
		indexes = append(indexes, ix)
	}
	t.indexes.Store(&indexes)
	return t
}

// indexList returns the live indexes of the table.
func (t *table) indexList() []*index {
	return *t.indexes.Load()
}

// index returns the named live index, or nil.
func (t *table) index(name string) *index {
	for _, ix := range t.indexList() {
		if ix.name == name {
			return ix
		}
	}
	return nil
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
	for _, ix := range t.indexList() {
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
// index's key attributes with their types (indexes are sparse). Writes check
// the types, but items written before a global index was created may not
// match it.
func (ix *index) indexed(item map[string]types.AttributeValue) bool {
	if item == nil || scalarType(item[ix.hash.name]) != ix.hash.typ {
		return false
	}
	return ix.rng.name == "" || scalarType(item[ix.rng.name]) == ix.rng.typ
}

// backfilling reports whether the index is a global index still being
// filled with the table's existing items.
func (ix *index) backfilling() bool {
	return ix.filling.Load()
}

// projects reports whether the index stores the named attribute.
func (ix *index) projects(t *table, name string) bool {
	return ix.projection == types.ProjectionTypeAll || t.isKey(name) ||
		name == ix.hash.name || name == ix.rng.name || ix.include[name]
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
