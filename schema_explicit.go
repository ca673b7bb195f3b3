package ddb

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// NewSchema validates an explicit table declaration. Use it with
// TableWithSchema when no Go type describes the items:
//
//	s, err := ddb.NewSchema("orders", ddb.Definition{
//		Fields:   []ddb.Field{{Name: "customer", Type: ddb.TypeString}, {Name: "order_id", Type: ddb.TypeString}},
//		HashKey:  "customer",
//		RangeKey: "order_id",
//	}, ddb.OnDemand())
func NewSchema(name string, def Definition, opts ...TableOption) (*Schema, error) {
	return newDeclCheck(name, opts, strconv.Quote).schema(def)
}

// declCheck validates one declaration.
type declCheck struct {
	table   string
	label   func(attr string) string // names an attribute in messages
	keyHint func(attr string) string // how to make attr a key, when it cannot be one; may be nil
	types   map[string]AttrType
	cfg     tableConfig
}

// newDeclCheck starts the validation of the declaration of table name.
// label names an attribute in error messages (struct declarations name the
// Go field too).
func newDeclCheck(name string, opts []TableOption, label func(attr string) string) *declCheck {
	c := &declCheck{table: name, label: label, types: map[string]AttrType{}}
	for _, opt := range opts {
		opt(&c.cfg)
	}
	return c
}

// errorf returns a SchemaError about attr ("" for none).
func (c *declCheck) errorf(attr, format string, args ...any) error {
	field := ""
	if attr != "" {
		field = c.label(attr)
	}
	return &SchemaError{Table: c.table, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// key checks that attr is a declared field that can be a key.
func (c *declCheck) key(attr, role string) error {
	t, ok := c.types[attr]
	switch {
	case !ok:
		return c.errorf(attr, "%s is not among the fields", role)
	case t == "":
		hint := ""
		if c.keyHint != nil {
			hint = c.keyHint(attr)
		}
		return c.errorf(attr, "%s must have type S, N or B%s", role, hint)
	case !t.isKeyType():
		return c.errorf(attr, "%s must have type S, N or B, not %s", role, t)
	}
	return nil
}

// schema validates def and returns the schema it declares with the options.
func (c *declCheck) schema(def Definition) (*Schema, error) {
	name := c.table
	if !validName(tableOf(name)) || len(name) > maxTableARN {
		return nil, c.errorf("", "table name must be %s, or a table's ARN", nameRule)
	}
	for _, f := range def.Fields {
		if f.Name == "" {
			return nil, c.errorf("", "a field has no name")
		}
		if _, dup := c.types[f.Name]; dup {
			return nil, c.errorf(f.Name, "attribute name declared twice")
		}
		c.types[f.Name] = f.Type
	}
	if def.HashKey == "" {
		return nil, c.errorf("", "no hash key")
	}
	if err := c.key(def.HashKey, "hash key"); err != nil {
		return nil, err
	}
	if def.RangeKey != "" {
		if def.RangeKey == def.HashKey {
			return nil, c.errorf(def.RangeKey, "cannot be both the hash key and the range key")
		}
		if err := c.key(def.RangeKey, "range key"); err != nil {
			return nil, err
		}
	}
	def.Fields = slices.Clone(def.Fields)
	def.Indexes = slices.Clone(def.Indexes)
	for _, io := range c.cfg.indexOpts {
		i := slices.IndexFunc(def.Indexes, func(ix Index) bool { return ix.Name == io.name })
		if i < 0 {
			return nil, c.errorf("", "WithIndex(%q): the declaration has no index %s", io.name, io.name)
		}
		for _, opt := range io.opts {
			opt(&def.Indexes[i])
		}
	}
	seen := map[string]bool{}
	for i := range def.Indexes {
		ix := &def.Indexes[i]
		if ix.Name == "" {
			return nil, c.errorf("", "an index has no name")
		}
		if seen[ix.Name] {
			return nil, c.errorf("", "index %s declared twice", ix.Name)
		}
		seen[ix.Name] = true
		if err := c.index(ix, def); err != nil {
			return nil, err
		}
		if !validName(ix.Name) {
			return nil, c.errorf("", "index name %q must be %s", ix.Name, nameRule)
		}
	}
	if t := c.types[c.cfg.ttl]; c.cfg.ttl != "" && t != "" && t != TypeNumber {
		return nil, c.errorf(c.cfg.ttl, "time-to-live attribute must have type N, not %s", t)
	}
	keyNames := []string{def.HashKey}
	if def.RangeKey != "" {
		keyNames = append(keyNames, def.RangeKey)
	}
	return &Schema{name: name, def: def, types: c.types, cfg: c.cfg, tableName: &name, keyNames: keyNames}, nil
}

// index validates one index of def and fills in its defaults.
func (c *declCheck) index(ix *Index, def Definition) error {
	if ix.Local {
		switch {
		case def.RangeKey == "":
			return c.errorf(ix.RangeKey, "local secondary index %s needs a table with a range key", ix.Name)
		case ix.HashKey != "" && ix.HashKey != def.HashKey:
			return c.errorf(ix.HashKey, "local secondary index %s must share the table's hash key %s", ix.Name, def.HashKey)
		case len(ix.HashKeys) > 0 || len(ix.RangeKeys) > 0:
			return c.errorf("", "local secondary index %s cannot have a multi-attribute key", ix.Name)
		case ix.RangeKey == "":
			return c.errorf("", "local secondary index %s has no range key", ix.Name)
		case ix.Throughput != nil:
			return c.errorf("", "local secondary index %s cannot have its own throughput", ix.Name)
		}
		ix.HashKey = def.HashKey
	}
	if err := c.keyList(ix.Name, &ix.HashKey, &ix.HashKeys, "hash"); err != nil {
		return err
	}
	if err := c.keyList(ix.Name, &ix.RangeKey, &ix.RangeKeys, "range"); err != nil {
		return err
	}
	hash, rangeKeys := ix.KeyAttributes()
	if len(hash) == 0 {
		return c.errorf(ix.RangeKey, "index %s has a range key but no hash key", ix.Name)
	}
	seen := map[string]bool{}
	for i, k := range slices.Concat(hash, rangeKeys) {
		part := "hash"
		if i >= len(hash) {
			part = "range"
		}
		if seen[k] && len(hash) == 1 && len(rangeKeys) == 1 {
			return c.errorf(k, "cannot be both the hash key and the range key of index %s", ix.Name)
		}
		if seen[k] {
			return c.errorf(k, "is a key attribute of index %s twice", ix.Name)
		}
		seen[k] = true
		if err := c.key(k, part+" key of index "+ix.Name); err != nil {
			return err
		}
	}
	switch p := &ix.Projection; p.Type {
	case "", types.ProjectionTypeAll, types.ProjectionTypeKeysOnly:
		if p.Type == "" {
			p.Type = types.ProjectionTypeAll
		}
		if len(p.Attributes) > 0 {
			return c.errorf("", "index %s: only an INCLUDE projection lists attributes", ix.Name)
		}
	case types.ProjectionTypeInclude:
		if len(p.Attributes) == 0 {
			return c.errorf("", "index %s: an INCLUDE projection needs attributes", ix.Name)
		}
		p.Attributes = slices.Clone(p.Attributes)
	default:
		return c.errorf("", "index %s: unknown projection type %q", ix.Name, p.Type)
	}
	if ix.Local {
		return nil
	}
	switch {
	case c.cfg.throughput == nil && ix.Throughput != nil:
		return c.errorf("", "index %s has throughput but the table uses on-demand billing", ix.Name)
	case c.cfg.throughput != nil && ix.Throughput == nil:
		t := *c.cfg.throughput
		ix.Throughput = &t
	}
	return nil
}

// keyList checks the partition ("hash") or sort ("range") key of index
// name, declared as one attribute (*one) or several (*list), and leaves a
// one-attribute key in *one alone and a multi-attribute one in *list with
// its first attribute in *one.
func (c *declCheck) keyList(name string, one *string, list *[]string, part string) error {
	switch n := len(*list); {
	case n == 0:
		return nil
	case n > maxKeyAttributes:
		return c.errorf((*list)[maxKeyAttributes], "index %s has more than %d %s key attributes", name, maxKeyAttributes, part)
	case *one != "" && *one != (*list)[0]:
		return c.errorf(*one, "index %s: %s key %s is not the first of its %s keys %v", name, part, *one, part, *list)
	}
	*one = (*list)[0]
	if len(*list) == 1 {
		*list = nil
	} else {
		*list = slices.Clone(*list)
	}
	return nil
}

// nameRule is DynamoDB's rule for the names of tables and indexes, which
// validName checks.
const nameRule = "3 to 255 characters from a-z, A-Z, 0-9, '_', '-' and '.'"

// maxTableARN is the longest table ARN DynamoDB takes in place of a name.
const maxTableARN = 1024

// tableOf returns the table name a table's name or ARN names: the ARN's
// resource ("arn:aws:dynamodb:region:account:table/NAME"), which DynamoDB
// takes in place of the name in its operations (its API Reference: "You
// can also provide the Amazon Resource Name (ARN) of the table in this
// parameter"), passed on as given; "" for another ARN.
func tableOf(nameOrARN string) string {
	if !strings.HasPrefix(nameOrARN, "arn:") {
		return nameOrARN
	}
	parts := strings.SplitN(nameOrARN, ":", 6)
	if len(parts) < 6 || parts[2] != "dynamodb" {
		return ""
	}
	if name, ok := strings.CutPrefix(parts[5], "table/"); ok {
		return name
	}
	return ""
}

// validName reports whether name, of a table or an index, follows
// DynamoDB's naming rule.
func validName(name string) bool {
	if len(name) < 3 || len(name) > 255 {
		return false
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}
