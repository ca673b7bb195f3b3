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
	// activeAt is when the table leaves the CREATING state, and
	// pastActiveAt is set once the clock has been seen past it.
	activeAt     time.Time
	pastActiveAt atomic.Bool
	// loading is true while a restore or an import fills the table: it
	// stays CREATING, and its loader is its only writer (table_load.go).
	loading atomic.Bool
	// pitr is true while point-in-time recovery is enabled: each write
	// records the item it replaces (pitr_log.go).
	pitr atomic.Bool
	// stream is the table's enabled stream, nil when it has none.
	stream atomic.Pointer[stream]
	stats  stats

	// desc is the stored description (status and counts are filled in on
	// every describe) and ids the keyspace ids of every index it lists,
	// including one being deleted; both guarded by DB.mu.
	desc *types.TableDescription
	ids  map[string]uint32
}

// index is a local or global secondary index. A global index may have a
// multi-attribute key: up to four partition key attributes and up to four
// sort key attributes, in key schema order; every other index has one
// partition key attribute and at most one sort key attribute.
type index struct {
	id         uint32
	name       string
	global     bool
	hash       []keyAttr // one to four
	rng        []keyAttr // none to four
	projection types.ProjectionType
	include    map[string]bool // the non-key attributes of an INCLUDE projection
	stats      stats
	// filling is true while a new global index is being backfilled.
	filling atomic.Bool
}

// keyAttrs returns the partition and sort key attributes of a table or
// index key schema, in schema order, typed from the attribute definitions.
func keyAttrs(schema []types.KeySchemaElement, defs []types.AttributeDefinition) (hash, rng []keyAttr) {
	for _, k := range schema {
		a := keyAttr{name: *k.AttributeName}
		for _, d := range defs {
			if *d.AttributeName == a.name {
				a.typ = d.AttributeType
			}
		}
		if k.KeyType == types.KeyTypeHash {
			hash = append(hash, a)
		} else {
			rng = append(rng, a)
		}
	}
	return hash, rng
}

// newTable builds the model of a table from its catalog record.
func newTable(rec *tableRecord) *table {
	d := &rec.Description
	t := &table{id: rec.ID, name: *d.TableName, desc: d, ids: rec.IndexIDs}
	hash, rng := keyAttrs(d.KeySchema, d.AttributeDefinitions)
	t.hash = hash[0]
	if len(rng) > 0 {
		t.rng = rng[0]
	}
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

// creating reports whether the table is CREATING at the time now returns:
// before its activeAt, or while a loader fills it. The clock never goes
// back, so once activeAt has passed it is not read again: a data-plane
// call then costs no clock reading.
func (t *table) creating(now func() time.Time) bool {
	if t.loading.Load() {
		return true
	}
	if t.pastActiveAt.Load() {
		return false
	}
	if now().Before(t.activeAt) {
		return true
	}
	t.pastActiveAt.Store(true)
	return false
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
	return t.rowKeyOf(item[t.hash.name], item[t.rng.name])
}

// rowKeyOf returns the storage key of the item whose partition and sort
// key values are hash and rng.
func (t *table) rowKeyOf(hash, rng types.AttributeValue) []byte {
	k := partitionPrefix(t.id, hash)
	if t.rng.name != "" {
		k = attr.AppendKey(k, rng)
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

// writesRowOnly reports whether writing an item of the table stores its
// row and nothing else, given the table's live indexes: no index holds
// rows of it and no stream or point-in-time recovery records its changes.
func (t *table) writesRowOnly(indexes []*index) bool {
	return len(indexes) == 0 && t.stream.Load() == nil && !t.pitr.Load()
}

// keySchema returns the table's partition and sort key attributes as an
// index's are held.
func (t *table) keySchema() (hash, rng []keyAttr) {
	hash = []keyAttr{t.hash}
	if t.rng.name != "" {
		rng = []keyAttr{t.rng}
	}
	return hash, rng
}

// isKey reports whether name is one of the index's key attributes.
func (ix *index) isKey(name string) bool {
	for _, ks := range [][]keyAttr{ix.hash, ix.rng} {
		for _, k := range ks {
			if k.name == name {
				return true
			}
		}
	}
	return false
}

// backfilling reports whether the index is a global index still being
// filled with the table's existing items.
func (ix *index) backfilling() bool {
	return ix.filling.Load()
}

// projects reports whether the index stores the named attribute.
func (ix *index) projects(t *table, name string) bool {
	return ix.projection == types.ProjectionTypeAll || t.isKey(name) || ix.isKey(name) || ix.include[name]
}

// rowKey returns the storage key of item's row in the index: the index key
// in the table layout (the partition key attributes hashed together, then
// the sort key attributes in order), followed by the table key to keep rows
// unique.
func (ix *index) rowKey(t *table, item map[string]types.AttributeValue) []byte {
	var pk [maxKeyAttrs]types.AttributeValue
	for i, k := range ix.hash {
		pk[i] = item[k.name]
	}
	k := partitionPrefix(ix.id, pk[:len(ix.hash)]...)
	for _, r := range ix.rng {
		k = attr.AppendKey(k, item[r.name])
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
	for _, ks := range [][]keyAttr{ix.hash, ix.rng} {
		for _, k := range ks {
			p[k.name] = item[k.name]
		}
	}
	for name := range ix.include {
		if v, ok := item[name]; ok {
			p[name] = v
		}
	}
	return p
}
