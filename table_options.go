package ddb

import (
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Throughput is provisioned capacity in read and write capacity units.
type Throughput struct {
	Read, Write int64
}

// Projection says which attributes a secondary index copies from the table.
// The zero Projection projects all attributes.
type Projection struct {
	Type       types.ProjectionType // ALL (the default, also for ""), KEYS_ONLY or INCLUDE
	Attributes []string             // the non-key attributes of an INCLUDE projection
}

// TableOption configures a table declaration.
type TableOption func(*tableConfig)

// tableConfig is the table-wide part of a declaration.
type tableConfig struct {
	throughput *Throughput // nil: on-demand billing
	stream     types.StreamViewType
	ttl        string
	indexOpts  []indexOptions    // in the order given
	strict     bool              // StrictSchema
	tags       map[string]string // WithTags; nil: not managed
	// hideExpired makes reads hide expired items (HideExpiredByDefault).
	hideExpired bool
}

// indexOptions are the options given for one index with WithIndex.
type indexOptions struct {
	name string
	opts []IndexOption
}

// Provisioned declares provisioned billing with the given capacity for the
// table and, unless IndexThroughput says otherwise, for each global secondary
// index. Without it a table uses on-demand billing.
func Provisioned(read, write int64) TableOption {
	return func(c *tableConfig) { c.throughput = &Throughput{read, write} }
}

// OnDemand declares on-demand (pay per request) billing, the default.
func OnDemand() TableOption {
	return func(c *tableConfig) { c.throughput = nil }
}

// WithStream enables the table's stream with the given view of changed items.
func WithStream(view types.StreamViewType) TableOption {
	return func(c *tableConfig) { c.stream = view }
}

// WithTTL names the attribute holding items' expiry time (a number of seconds
// since the Unix epoch: a time.Time field tagged ttl). Create enables time to
// live on it. A table whose item type has a ttl field needs no WithTTL; a
// table shared by entities (NewEntity) declares it for their ttl fields,
// which must all be stored in the attribute it names.
func WithTTL(attribute string) TableOption {
	return func(c *tableConfig) { c.ttl = attribute }
}

// StrictSchema makes Create fail with a *SchemaDriftError when the table
// already exists and differs in any way it compares from the declaration,
// instead of logging a warning for each difference. A different key
// schema is an error either way.
func StrictSchema() TableOption {
	return func(c *tableConfig) { c.strict = true }
}

// WithTags declares the table's tags: Create tags a new table with them,
// and Plan and Sync make an existing table's tags exactly these (without
// it, they leave tags alone).
func WithTags(tags map[string]string) TableOption {
	return func(c *tableConfig) { c.tags = maps.Clone(tags) }
}

// WithIndex configures the secondary index name, which the struct tags (or
// the explicit Definition) declare.
func WithIndex(name string, opts ...IndexOption) TableOption {
	return func(c *tableConfig) { c.indexOpts = append(c.indexOpts, indexOptions{name, opts}) }
}

// IndexOption configures a secondary index.
type IndexOption func(*Index)

// ProjectAll projects every attribute into the index (the default).
func ProjectAll() IndexOption {
	return func(ix *Index) { ix.Projection = Projection{Type: types.ProjectionTypeAll} }
}

// ProjectKeysOnly projects only the table's and the index's key attributes.
func ProjectKeysOnly() IndexOption {
	return func(ix *Index) { ix.Projection = Projection{Type: types.ProjectionTypeKeysOnly} }
}

// ProjectInclude projects the key attributes and the given others.
func ProjectInclude(attributes ...string) IndexOption {
	return func(ix *Index) {
		ix.Projection = Projection{Type: types.ProjectionTypeInclude, Attributes: attributes}
	}
}

// IndexThroughput sets the provisioned capacity of a global secondary index
// of a provisioned table.
func IndexThroughput(read, write int64) IndexOption {
	return func(ix *Index) { ix.Throughput = &Throughput{read, write} }
}
