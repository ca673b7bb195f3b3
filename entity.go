package ddb

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// DefaultTypeAttribute is the attribute naming an item's entity type,
// unless TypeAttribute names another.
const DefaultTypeAttribute = "_type"

// keyTemplateTag is the struct tag declaring an entity's key templates,
// `ddbkey:"attribute=template"`, on any field (usually a blank one).
const keyTemplateTag = "ddbkey"

// ErrOtherType reports an item of another entity type than the one read
// (see ReportOtherTypes and EntityTypeError).
var ErrOtherType = errors.New("ddb: item of another entity type")

// Entity is one type of item of a table that holds several (single-table
// design): a Table[T] whose keys are built from key templates and whose
// items carry their type's name in a type attribute. Its Get, Put, Update,
// Delete, Query, Scan, batches and transactions work as a Table's, with
// keys given as the values of the templates' fields (see NewEntity).
type Entity[T any] struct {
	*Table[T]
	ent *entityDecl
}

// TypeName returns the entity's type name, the value of its items' type
// attribute.
func (e *Entity[T]) TypeName() string { return e.ent.name }

// entityDecl is a validated entity declaration.
type entityDecl struct {
	name      string
	typeAttr  string
	info      *structInfo
	templates map[string]*keyTemplate // by key attribute
	ordered   []*keyTemplate          // the templates in the order of the key attributes: table, then indexes
	primary   []*keyTemplate          // the templates of the table's hash and range keys
	keyFields []string                // the fields the table key templates name, in order: the values of a Key
}

// EntityOption configures an entity declaration.
type EntityOption func(*entityConfig)

// entityConfig is what the options of NewEntity set.
type entityConfig struct {
	templates map[string]string
	typeAttr  string
}

// KeyTemplate declares how the entity builds the key attribute attr (of
// the table or of an index) from its fields, replacing a template the
// struct tags declare for it. See NewEntity for the syntax.
func KeyTemplate(attr, template string) EntityOption {
	return func(c *entityConfig) {
		if c.templates == nil {
			c.templates = map[string]string{}
		}
		c.templates[attr] = template
	}
}

// TypeAttribute names the attribute that holds the entity type's name
// (DefaultTypeAttribute, "_type", without it). Every entity of a table,
// and of a Collection, uses the same one.
func TypeAttribute(attr string) EntityOption {
	return func(c *entityConfig) { c.typeAttr = attr }
}

// NewEntity declares the entity type name of items T stored in table, a
// table of several entity types whose key attributes (usually generic
// ones such as pk and sk, and those of its indexes) the entity fills from
// key templates:
//
//	type Order struct {
//		_        struct{}  `ddbkey:"pk=CUSTOMER#{customer}"`
//		_        struct{}  `ddbkey:"sk=ORDER#{number:08}"`
//		_        struct{}  `ddbkey:"gsi1pk=STATUS#{status}"`
//		_        struct{}  `ddbkey:"gsi1sk={placed}"`
//		Customer string    `ddb:"customer"`
//		Number   int       `ddb:"number"`
//		Status   string    `ddb:"status"`
//		Placed   time.Time `ddb:"placed"`
//	}
//	orders, err := ddb.NewEntity[Order](app, "Order")
//
// A template is literal text with fields of T in braces, named by their
// attributes; two fields need literal text between them. Fields are written
// as their values are encoded: strings as they are, times as the library's
// fixed-width RFC 3339 text (so that they sort), numbers in their decimal
// form, or zero-padded to W digits with {field:0W} (for sort keys: padded
// integers from 0 to W nines sort as numbers do, unpadded numbers do not;
// a float field cannot be padded). A time stored as a number (unixtime,
// unixmilli) needs a width among other text, as in {started:012}, so that
// it sorts.
// A template that is one field alone, "{field}", gives the attribute the
// field's own value and type. Templates come from `ddbkey:"attr=template"`
// tags on any fields of T (blank ones, as above) and from KeyTemplate
// options, which take precedence. The table's keys need templates, unless
// T has fields of their names; index keys without one are left out, so
// the entity's items are not in that index.
//
// Items are stored with every field of T as its own attribute (so that
// conditions, filters, updates and index projections see them), plus the
// built key attributes and the type attribute (TypeAttribute). Reads fill
// T from the attributes; a field missing from a read item (an index that
// does not project it, a Project option) is parsed back from the key
// attributes. A field whose text contains literal text of the template
// can make a key split into field texts in more than one way, so that
// other values of the fields build the same key ("LOC#{country}#{city}"
// builds "LOC#a#b#c" from a#b and c, and from a and b#c): the writes that
// create or replace an item (Put, Save, Update, batch and transaction
// puts and updates) refuse such a table key, with a *ValidationError
// naming the field and the template; an index key, which names no item,
// is written. A key that splits one way is written: its split is the only
// one that gives each field a text of its kind (digits of a padded number, a number, a time). Reads,
// deletes and queries take any key; from a key written before, or by
// other code, that splits several ways, the fields whose texts differ
// between the splits are left as the read item has them (zero) rather
// than guessed, and the item is read either way.
//
// A Key names the values of the fields of the table key templates, in
// order of appearance (hash key first): with the templates above,
// orders.Get(ctx, ddb.Key("ann", 42)) reads pk "CUSTOMER#ann", sk
// "ORDER#00000042"; an entity whose table key templates name no field (a
// single item, such as "CONFIG") is read with Key(nil). A Partition
// value, or a sort key value, is that of the key template's field, or a
// Key of the values of its fields when it has several. A sort value may
// give the first fields only (a Key of fewer values; nil for none), and
// then compares by those fields, as their texts sort: on
// "EV#{month:02}#{day:02}", SortEqual(ddb.Key(2)) reads the items of month
// 2, SortGreaterThan(ddb.Key(2)) those of later months,
// SortLessOrEqual(ddb.Key(2)) those up to the end of month 2, and
// SortBetween(ddb.Key(1), ddb.Key(2)) those of months 1 and 2. A whole
// key compares exactly. SortBeginsWith is a prefix of the text instead:
// the last value given may be the start of its field's text, so that
// SortBeginsWith(ddb.Key("ann")) on "{name}#{number}" reads "anna" as
// well as "ann", where SortEqual(ddb.Key("ann")) reads "ann" only. A
// value of a key condition has its field's type, as in a Key: a string
// for a number field is an error, not text to compare with. A Query
// without a sort condition reads the entity's items of the partition:
// those whose sort key begins with its template's literal prefix.
//
// Reads skip items of other entity types (their type attribute differs,
// or is missing): a Query or Scan drops them with a filter when the table
// or index read holds the type attribute, and client-side otherwise
// (telling items apart by their keys on an index that does not project
// the type attribute: an item is the entity's when every key template it
// carries parses and the fields they share agree; Count, which reads no
// items, counts them all);
// Get reports ErrNotFound. With ReportOtherTypes they are reported
// instead as an *EntityTypeError. Writes other than puts leave them alone
// too: Update (and Upsert), Delete and a transaction's Check act only on
// an item of the entity's type or without a type attribute (a condition
// on the type attribute, added to the write's own), and fail on another
// type's item with an *EntityTypeError that also matches
// ErrConditionFailed. Put, like DynamoDB's PutItem, replaces whatever item
// has its key, unless a condition (IfNotExists, If) says otherwise; a
// batch delete, which cannot be conditional, deletes it. Updates set the key
// fields and the type attribute too, so that an Update creating an item
// creates a whole entity, and rebuild an index key when they change a
// field its template names (which then needs all of the template's
// fields); changing a field of the table's key templates is an error.
//
// Mistakes in the declaration are a *SchemaError naming the field or
// template.
func NewEntity[T any](table AnyTable, name string, opts ...EntityOption) (*Entity[T], error) {
	host := table.Schema()
	t := reflect.TypeFor[T]()
	fail := func(format string, args ...any) (*Entity[T], error) {
		return nil, &SchemaError{Table: host.name, Field: "entity " + name, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case name == "":
		return fail("an entity needs a type name")
	case host.entities != nil:
		return fail("table value is an entity or a collection; give the table itself")
	case t.Kind() != reflect.Struct:
		return fail("%s is not a struct type", t)
	}
	info, err := structInfoFor(t)
	if err == nil {
		err = checkItemType(t, info)
	}
	if err != nil {
		return fail("%v", strings.TrimPrefix(err.Error(), "ddb: "))
	}
	for _, f := range info.fields {
		if err := checkCodable(f.typ, f.format); err != nil {
			return fail("%s: %v; tag the field `ddb:\"-\"` to leave it out", f.goName, err)
		}
		if f.hash || f.rangeKey || len(f.indexes) > 0 {
			return fail("%s: an entity's keys come from the table and its key templates, not from tag options hash, range, lsi or gsi", f.goName)
		}
	}
	cfg := entityConfig{typeAttr: DefaultTypeAttribute}
	if cfg.templates, err = templateTags(t); err != nil {
		return fail("%v", err)
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	d, err := newEntityDecl(host, name, info, cfg)
	if err != nil {
		return fail("%v", err)
	}
	s := host.entitySchema(info, []*entityDecl{d})
	if err := s.declareEntityRoles(host); err != nil {
		return nil, err
	}
	return &Entity[T]{Table: &Table[T]{db: table.DB(), schema: s}, ent: d}, nil
}

// templateTags reads the `ddbkey:"attr=template"` tags of the fields of t.
func templateTags(t reflect.Type) (map[string]string, error) {
	templates := map[string]string{}
	for i := range t.NumField() {
		tag, ok := t.Field(i).Tag.Lookup(keyTemplateTag)
		if !ok {
			continue
		}
		attr, text, ok := strings.Cut(tag, "=")
		switch {
		case !ok || attr == "":
			return nil, fmt.Errorf("%s.%s: tag %s:%q: want attribute=template", typeName(t), t.Field(i).Name, keyTemplateTag, tag)
		case templates[attr] != "":
			return nil, fmt.Errorf("%s.%s: second key template of %s", typeName(t), t.Field(i).Name, attr)
		}
		templates[attr] = text
	}
	return templates, nil
}

// newEntityDecl validates an entity declaration against the table's.
func newEntityDecl(host *Schema, name string, info *structInfo, cfg entityConfig) (*entityDecl, error) {
	d := &entityDecl{name: name, typeAttr: cfg.typeAttr, info: info, templates: map[string]*keyTemplate{}}
	keyAttrs := host.keyAttributes()
	switch {
	case d.typeAttr == "":
		return nil, errors.New("the type attribute needs a name")
	case slices.Contains(keyAttrs, d.typeAttr):
		return nil, fmt.Errorf("type attribute %s is a key attribute", d.typeAttr)
	case info.byName[d.typeAttr] != nil:
		return nil, fmt.Errorf("type attribute %s is also a field of %s", d.typeAttr, typeName(info.typ))
	}
	for attr := range cfg.templates {
		if !slices.Contains(keyAttrs, attr) {
			return nil, fmt.Errorf("key template of %s: not a key attribute of the table or its indexes %v", attr, keyAttrs)
		}
	}
	for _, attr := range keyAttrs {
		text, declared := cfg.templates[attr]
		field := info.byName[attr]
		switch {
		case declared && field != nil:
			return nil, fmt.Errorf("key attribute %s has a key template and is a field of %s; rename the field", attr, typeName(info.typ))
		case !declared && field != nil:
			text = "{" + attr + "}"
		case !declared:
			if attr == host.def.HashKey || attr == host.def.RangeKey {
				return nil, fmt.Errorf("table key %s needs a key template (KeyTemplate or a `%s:\"%s=...\"` tag)", attr, keyTemplateTag, attr)
			}
			continue
		}
		tpl, err := parseKeyTemplate(attr, text, info)
		if err != nil {
			return nil, err
		}
		want := host.types[attr]
		got := TypeString
		if tpl.passThrough() {
			got = AttrType(info.byName[tpl.fields[0]].keyType)
		}
		if got != want {
			return nil, fmt.Errorf("key template %q of %s makes values of type %s; the attribute has type %s", text, attr, got, want)
		}
		d.templates[attr] = tpl
		d.ordered = append(d.ordered, tpl)
	}
	for _, attr := range host.keyNames {
		tpl := d.templates[attr]
		d.primary = append(d.primary, tpl)
		for _, f := range tpl.fields {
			if !slices.Contains(d.keyFields, f) {
				d.keyFields = append(d.keyFields, f)
			}
		}
	}
	return d, nil
}

// keyAttributes returns the key attributes of the table and of its
// indexes, each once, in declaration order.
func (s *Schema) keyAttributes() []string {
	attrs := slices.Clone(s.keyNames)
	for _, ix := range s.def.Indexes {
		for _, a := range []string{ix.HashKey, ix.RangeKey} {
			if a != "" && !slices.Contains(attrs, a) {
				attrs = append(attrs, a)
			}
		}
	}
	return attrs
}

// entitySchema returns the schema of the entities decls (one entity, or
// the members of a collection) stored in the table s declares: its keys,
// indexes and options, with the fields of info (of the first entity).
func (s *Schema) entitySchema(info *structInfo, decls []*entityDecl) *Schema {
	typ := make(map[string]AttrType, len(s.types)+len(info.fields)+1)
	for _, f := range info.fields {
		typ[f.name] = AttrType(f.keyType)
	}
	for name, t := range s.types {
		typ[name] = t
	}
	typ[decls[0].typeAttr] = TypeString
	return &Schema{name: s.name, def: s.def, types: typ, cfg: s.cfg, item: info,
		tableName: s.tableName, keyNames: s.keyNames, entities: decls}
}

// entity returns the entity whose templates build the schema's keys, nil
// for a table's own schema.
func (s *Schema) entity() *entityDecl {
	if len(s.entities) == 0 {
		return nil
	}
	return s.entities[0]
}

// entityKey builds the table key of the entity from k, the values of its
// key fields in order.
func (d *entityDecl) entityKey(s *Schema, k ItemKey) (Item, error) {
	given := k.values
	if len(d.keyFields) == 0 && len(given) == 1 && given[0] == nil {
		given = nil // Key(nil): the key of an entity whose templates name no field
	}
	if len(given) != len(d.keyFields) {
		return nil, invalid("key", "a key of entity %s has %d values (%s), got %d", d.name, len(d.keyFields), strings.Join(d.keyFields, ", "), len(k.values))
	}
	values, err := d.fieldValues(s, d.keyFields, given)
	if err != nil {
		return nil, err
	}
	item := make(Item, len(d.primary))
	for _, tpl := range d.primary {
		av, _, err := tpl.render(lookup(values))
		if err != nil {
			return nil, err
		}
		item[tpl.attr] = av
	}
	return item, nil
}

// fieldValues encodes the values given for fields, as the fields are,
// checking their types: in key conditions too, where a string given for a
// number field would be pasted into the key as text that does not compare
// as the field's numbers do.
func (d *entityDecl) fieldValues(s *Schema, fields []string, values []any) (Item, error) {
	out := make(Item, len(values))
	for i, v := range values {
		av, err := s.encodeAt(v, valueSite{path: fields[i]})
		if err != nil {
			return nil, err
		}
		got, want := AttrType(avType(av)), AttrType(d.info.byName[fields[i]].keyType)
		if got != want {
			return nil, invalid(fields[i], "field %s holds values of type %s, got %s", fields[i], want, got)
		}
		out[fields[i]] = av
	}
	return out, nil
}

// lookup returns a field getter for render over the values of item.
func lookup(item Item) func(string) (types.AttributeValue, bool) {
	return func(field string) (types.AttributeValue, bool) {
		av, ok := item[field]
		if _, null := av.(*types.AttributeValueMemberNULL); null {
			return nil, false
		}
		return av, ok
	}
}

// templateValue returns the value of a key attribute built by tpl from v,
// given in a key condition: the value of the template's field, a Key of
// the values of its first fields, a sortBound of those, or an
// AttributeValue used as it is.
func (d *entityDecl) templateValue(s *Schema, tpl *keyTemplate, v any) (types.AttributeValue, error) {
	if av, ok := v.(types.AttributeValue); ok {
		return av, nil
	}
	bound, isBound := v.(sortBound)
	if isBound {
		v = bound.value
	}
	values := conditionValues(v)
	if len(values) > len(tpl.fields) {
		return nil, invalid(tpl.attr, "key template %q of %s has %d fields, got %d values", tpl.text, tpl.attr, len(tpl.fields), len(values))
	}
	item, err := d.fieldValues(s, tpl.fields[:len(values)], values)
	if err != nil {
		return nil, err
	}
	av, _, err := tpl.render(lookup(item))
	if err != nil || !isBound {
		return av, err
	}
	return tpl.bound(av.(*types.AttributeValueMemberS).Value, len(values), bound.above)
}

// conditionValues returns the values of the first fields of a template
// that v, a value of a key condition, gives: a Key's values, none for nil,
// or v itself.
func conditionValues(v any) []any {
	switch k := v.(type) {
	case ItemKey:
		return k.values
	case nil:
		return nil
	}
	return []any{v}
}

// stamp adds to the encoded item of the entity its key attributes and its
// type attribute. A table key template needs all its fields; an index key
// template without all its fields is left out (the item is not in that
// index). A table key that other values of its fields would build too is
// an error (see keyTemplate.checkBuilt).
func (d *entityDecl) stamp(item Item) error {
	get := lookup(item)
	for _, tpl := range d.ordered {
		av, complete, err := tpl.render(get)
		if err != nil {
			return err
		}
		if complete {
			if slices.Contains(d.primary, tpl) {
				if err := tpl.checkBuilt(av); err != nil {
					return err
				}
			}
			item[tpl.attr] = av
			continue
		}
		if slices.Contains(d.primary, tpl) {
			return invalid(tpl.attr, "key %s of entity %s needs fields %s; an item has none at %s", tpl.attr, d.name, strings.Join(tpl.fields, ", "), missingField(tpl, get))
		}
	}
	item[d.typeAttr] = &types.AttributeValueMemberS{Value: d.name}
	return nil
}

// missingField returns the first field of tpl without a value.
func missingField(tpl *keyTemplate, get func(string) (types.AttributeValue, bool)) string {
	for _, f := range tpl.fields {
		if _, ok := get(f); !ok {
			return f
		}
	}
	return ""
}

// owns reports whether item, which has no type attribute, is one of the
// entity's by its keys: it has at least one of the entity's key
// attributes, each of them has the shape of its template, and the fields
// that several of them give agree (ORDER#{id} and ORDER#{id}#LINE#{line}
// read ORDER#a and ORDER#a#LINE#1 as two ids: a line, not an order).
func (d *entityDecl) owns(item Item) bool {
	var fields Item // the field values the keys parsed so far give
	for _, tpl := range d.ordered {
		av, ok := item[tpl.attr]
		if !ok {
			continue
		}
		values, ok := tpl.parse(av)
		if !ok {
			return false
		}
		if fields == nil {
			fields = make(Item, len(d.info.fields))
		}
		for f, v := range values {
			if seen, ok := fields[f]; ok && !dynamo.Equal(seen, v) {
				return false
			}
			fields[f] = v
		}
	}
	return fields != nil
}

// complete fills in the fields missing from a read item from its key
// attributes.
func (d *entityDecl) complete(item Item) Item {
	var out Item
	for _, tpl := range d.ordered {
		missing := slices.ContainsFunc(tpl.fields, func(f string) bool { _, ok := item[f]; return !ok })
		av, ok := item[tpl.attr]
		if !missing || !ok {
			continue
		}
		values, ok := tpl.parse(av)
		if !ok {
			continue
		}
		if out == nil {
			out = make(Item, len(item)+len(values))
			for k, v := range item {
				out[k] = v
			}
		}
		for f, v := range values {
			if _, ok := out[f]; !ok {
				out[f] = v
			}
		}
	}
	if out == nil {
		return item
	}
	return out
}

// classify returns the index of the entity of the schema that item is
// one of, or -1: by its type attribute, or by its keys when it has none.
func (s *Schema) classify(item Item) int {
	typeAttr := s.entities[0].typeAttr
	if av, ok := item[typeAttr]; ok {
		if name, ok := av.(*types.AttributeValueMemberS); ok {
			for i, d := range s.entities {
				if d.name == name.Value {
					return i
				}
			}
		}
		return -1
	}
	for i, d := range s.entities {
		if d.owns(item) {
			return i
		}
	}
	return -1
}

// admit checks that a read item is one of the schema's entities and
// returns it with the fields it lacks filled in from its keys; an item of
// another type is an *EntityTypeError. A table's own schema (or none, for
// a statement) admits every item as it is.
func (s *Schema) admit(item Item) (Item, error) {
	if s == nil || s.entities == nil {
		return item, nil
	}
	i := s.classify(item)
	if i < 0 {
		return nil, s.typeError(item)
	}
	return s.entities[i].complete(item), nil
}

// typeError reports item as an item of none of the schema's entities.
func (s *Schema) typeError(item Item) *EntityTypeError {
	found := ""
	if av, ok := item[s.entities[0].typeAttr].(*types.AttributeValueMemberS); ok {
		found = av.Value
	}
	want := make([]string, len(s.entities))
	for j, d := range s.entities {
		want[j] = d.name
	}
	return &EntityTypeError{Table: s.name, Want: want, Found: found, Key: s.keyText(item)}
}

// typeGuard returns the schema of the entity whose items alone a write of
// kind may act on: an entity's Update, Delete and Check act only on an
// item without a type attribute (new, or written by other code) or of the
// entity's type, so that they do not change, relabel or delete an item of
// another type under the same key; a put replaces the item whatever it
// was. Nil for a put and for a table's own schema.
func (s *Schema) typeGuard(kind writeKind) *Schema {
	if s.entity() == nil || kind != writeUpdate && kind != writeDelete && kind != writeCheck {
		return nil
	}
	return s
}

// typeCondition returns the condition of the entity type check (see
// typeGuard); none for a nil schema.
func (s *Schema) typeCondition() Condition {
	if s == nil {
		return Condition{}
	}
	d := s.entity()
	return Or(Attr(d.typeAttr).NotExists(), Attr(d.typeAttr).Equal(d.name))
}

// otherType returns the *EntityTypeError of old, the item as it was when a
// write checked by typeGuard failed its condition, when its type attribute
// is another entity's (the type check is what failed); nil otherwise, and
// for a nil schema.
func (s *Schema) otherType(old Item) *EntityTypeError {
	if s == nil {
		return nil
	}
	if _, ok := old[s.entity().typeAttr]; !ok || s.classify(old) >= 0 {
		return nil
	}
	return s.typeError(old)
}

// typeFilter returns the filter that keeps the items of the schema's
// entities, when the table or index read holds their type attribute; else
// the empty condition (items are told apart client-side).
func (s *Schema) typeFilter(index string) Condition {
	if s.entities == nil || !s.projects(index, s.entities[0].typeAttr) {
		return Condition{}
	}
	attr := Attr(s.entities[0].typeAttr)
	if len(s.entities) == 1 {
		return attr.Equal(s.entities[0].name)
	}
	names := make([]any, len(s.entities))
	for i, d := range s.entities {
		names[i] = d.name
	}
	return attr.In(names...)
}

// projects reports whether reading index ("" for the table) returns the
// non-key attribute attr.
func (s *Schema) projects(index, attr string) bool {
	ix, ok := s.Index(index)
	if !ok {
		return true
	}
	switch ix.Projection.Type {
	case types.ProjectionTypeKeysOnly:
		return false
	case types.ProjectionTypeInclude:
		return slices.Contains(ix.Projection.Attributes, attr)
	}
	return true
}

// EntityTypeError reports an item of another entity type than those read
// (under ReportOtherTypes), or than the one an entity's Update, Delete or
// transaction Check acts on. It matches ErrOtherType; for a write, it
// unwraps to the service's error of the failed condition (which matches
// ErrConditionFailed).
type EntityTypeError struct {
	Table string
	Want  []string // the entity types read or written
	Found string   // the item's type attribute, "" when it has none
	Key   string   // the item's table key, e.g. `pk="CUSTOMER#ann" sk="PROFILE"`
	Err   error    // for a write, the service's error; nil for a read
}

// Error names the types and the item's key (the operation's error names
// the table).
func (e *EntityTypeError) Error() string {
	found := "no type"
	if e.Found != "" {
		found = "type " + e.Found
	}
	return fmt.Sprintf("ddb: item %s has %s, not %s", e.Key, found, strings.Join(e.Want, " or "))
}

// Is reports whether target is ErrOtherType.
func (e *EntityTypeError) Is(target error) bool { return target == ErrOtherType }

// Unwrap returns the service's error of a write, nil for a read.
func (e *EntityTypeError) Unwrap() error { return e.Err }

type reportOtherTypes struct{}

func (reportOtherTypes) applyGet(p *getParams)      { p.reportOther = true }
func (reportOtherTypes) applyBatchGet(p *getParams) { p.reportOther = true }
func (reportOtherTypes) applyQuery(p *searchParams) { p.reportOther = true }
func (reportOtherTypes) applyScan(p *searchParams)  { p.reportOther = true }

// ReportOtherTypes makes a read of an entity (or a Collection) report each
// item of another entity type as an *EntityTypeError matching ErrOtherType,
// instead of skipping it. All yields the error and goes on; a batch reads
// every key and returns the errors of all such items joined (errors.Join);
// the other reads (Get, a GetTx read, Collect...) return it.
func ReportOtherTypes() ReadOption { return reportOtherTypes{} }

// keyTemplate returns the template of the entity whose templates build the
// schema's keys for the key attribute attr, nil for none.
func (s *Schema) keyTemplate(attr string) *keyTemplate {
	if d := s.entity(); d != nil {
		return d.templates[attr]
	}
	return nil
}

// entityRead adds to the settings of a Query or Scan of entities the
// filter on their type (unless they are to be reported) and, to a
// projection, the attributes that tell entities apart.
func (p *searchParams) entityRead(s *Schema) {
	if s.entities == nil {
		return
	}
	if !p.reportOther {
		p.filter = And(p.filter, s.typeFilter(p.index))
	}
	p.projection = s.readProjection(p.projection)
}

// readProjection returns the paths a read of the schema's items projects:
// paths, plus for entities the type attribute and the key attributes
// (which tell entities apart and fill in key fields); none stays none.
func (s *Schema) readProjection(paths []string) []string {
	if s.entities == nil || len(paths) == 0 {
		return paths
	}
	out := slices.Clip(paths)
	for _, attr := range append([]string{s.entities[0].typeAttr}, s.keyAttributes()...) {
		if !slices.Contains(out, attr) {
			out = append(out, attr)
		}
	}
	return out
}
