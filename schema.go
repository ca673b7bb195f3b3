package ddb

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// AttrType is a DynamoDB attribute type, as written in attribute
// definitions and in the attribute_type function.
type AttrType string

// The DynamoDB attribute types. Key attributes are TypeString, TypeNumber or
// TypeBinary.
const (
	TypeString    AttrType = "S"
	TypeNumber    AttrType = "N"
	TypeBinary    AttrType = "B"
	TypeBool      AttrType = "BOOL"
	TypeNull      AttrType = "NULL"
	TypeList      AttrType = "L"
	TypeMap       AttrType = "M"
	TypeStringSet AttrType = "SS"
	TypeNumberSet AttrType = "NS"
	TypeBinarySet AttrType = "BS"
)

// isKeyType reports whether t can be the type of a key attribute.
func (t AttrType) isKeyType() bool {
	return t == TypeString || t == TypeNumber || t == TypeBinary
}

// Field is an attribute a schema knows of.
type Field struct {
	Name string   // attribute name
	Type AttrType // the attribute's type; S, N or B for key attributes, "" when not fixed
}

// Index is a secondary index.
//
// A global index may have a multi-attribute key: HashKeys lists its
// partition key attributes and RangeKeys its sort key attributes, up to
// four each, in key order; HashKey and RangeKey are then the first of
// them. A schema holds a one-attribute key in HashKey and RangeKey alone.
type Index struct {
	Name       string
	Local      bool        // a local secondary index (same partition key as the table)
	HashKey    string      // partition key attribute; the table's for a local index
	RangeKey   string      // sort key attribute, "" for none (required for a local index)
	HashKeys   []string    // the partition key attributes of a multi-attribute key
	RangeKeys  []string    // the sort key attributes of a multi-attribute key
	Projection Projection  // attributes copied into the index
	Throughput *Throughput // provisioned capacity of a global index of a provisioned table
}

// maxKeyAttributes is how many attributes a multi-attribute partition or
// sort key of a global index may have.
const maxKeyAttributes = 4

// KeyAttributes returns the index's partition key attributes and its sort
// key attributes (none when it has no sort key), in key order: one of each
// for most indexes, up to four for a multi-attribute key.
func (ix Index) KeyAttributes() (hash, rangeKeys []string) {
	hash, rangeKeys = ix.HashKeys, ix.RangeKeys
	if len(hash) == 0 && ix.HashKey != "" {
		hash = []string{ix.HashKey}
	}
	if len(rangeKeys) == 0 && ix.RangeKey != "" {
		rangeKeys = []string{ix.RangeKey}
	}
	return slices.Clone(hash), slices.Clone(rangeKeys)
}

// Definition is an explicit table layout, for code that has no Go type
// describing its items (a CLI, a generic tool); NewTable derives the same from
// struct tags.
type Definition struct {
	Fields   []Field // at least every key attribute of the table and its indexes
	HashKey  string  // the table's partition key
	RangeKey string  // the table's sort key, "" for none
	Indexes  []Index
}

// Schema is a validated table declaration: the name, keys, indexes and
// table options, from which the library derives its requests. It is
// immutable.
type Schema struct {
	name  string
	def   Definition
	types map[string]AttrType // type of every field with a known type
	cfg   tableConfig
	item  *structInfo // the fields of the item type, nil for a Definition
	roles itemRoles   // the item type's fields tagged version, created, updated and ttl

	// entities are the entity types a schema made by NewEntity (one) or
	// Collection (several) reads and writes: the first builds the keys.
	// Nil for a table's own schema.
	entities []*entityDecl

	// Derived once for the requests: the name as their TableName (shared
	// by every request, which never changes it), the table's key
	// attributes, and the compiled key conditions (see keyConditionPart).
	tableName     *string
	keyNames      []string
	keyConditions sync.Map
}

// formatAt returns the tag options of the declared field the document path
// names, or none when it names no declared field (or is malformed: the
// expression reports that).
func (s *Schema) formatAt(path string) format {
	_, f := s.fieldAt(path)
	return f
}

// fieldAt returns the Go type and tag options of the declared field the
// document path names; the type is nil when it names none (or is
// malformed: the expression reports that).
func (s *Schema) fieldAt(path string) (reflect.Type, format) {
	if s.item == nil {
		return nil, format{}
	}
	if strings.IndexAny(path, ".[") < 0 { // a top-level attribute: no parsing
		if f, ok := s.item.byName[path]; ok {
			return f.typ, f.format
		}
		return nil, format{}
	}
	p, err := parsePath(path)
	if err != nil {
		return nil, format{}
	}
	return s.item.fieldAt(p)
}

// structMember reports whether path names a field of the item's struct,
// or of a struct nested in it: Put leaves such a field out of the item when
// its value has no encoding (an empty set), where list elements and map
// entries without one are NULL. omitEmpty reports whether Put also leaves
// the field out when its value is empty (tag options omitempty and ttl).
func (s *Schema) structMember(path string) (member, omitEmpty bool) {
	if s == nil || s.item == nil {
		return false, false
	}
	p, err := parsePath(path)
	if err != nil || p[len(p)-1].list {
		return false, false
	}
	info := s.item
	if len(p) > 1 {
		t, f := s.item.fieldAt(p[:len(p)-1])
		if t == nil {
			return false, false
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if classify(t, f) != classStruct || hasCustomMethods(t) {
			return false, false
		}
		if info, err = structInfoFor(t); err != nil {
			return true, false
		}
	}
	fi := info.byName[p[len(p)-1].name]
	return len(p) > 1 || fi != nil, fi != nil && fi.omitEmpty
}

// checkAssigned reports a value av (nil for none: an operand that is not a
// value) that SET would store at path, as a whole or as the list that a
// list_append adds to it, when the field declared there could not be read
// from it (a string for an int, a list of lists for a []string, NULL for a
// type that cannot be nil): items holding it could no longer be read as
// declared. It checks the members that ADD and DELETE give a set too.
func (s *Schema) checkAssigned(path string, av types.AttributeValue) error {
	if s == nil || av == nil {
		return nil
	}
	want := s.types[path]
	got := AttrType(dynamo.TypeOf(av))
	if want.isKeyType() && got.isKeyType() && got != want {
		return invalid(path, "%s holds values of type %s; the value given encodes as %s", path, want, got)
	}
	t, f := s.fieldAt(path)
	if t == nil {
		return nil
	}
	c, err := codecFor(t, f)
	if err != nil {
		return nil
	}
	if err := c.decode(av, reflect.New(t).Elem(), false); err != nil {
		return invalid(path, "the value given for %s could not be read back as its field's type %s: %v", path, t, err)
	}
	return nil
}

// checkAmount reports a number amount that Increment, Decrement or ADD
// adds to the value at path, or subtracts from it, when no value of the
// field declared there, changed by it, could be read as the field: items
// holding the result could no longer be read as declared.
func (s *Schema) checkAmount(path, amount string) error {
	if s == nil {
		return nil
	}
	t, f := s.fieldAt(path)
	if t == nil {
		return nil
	}
	if err := readsAmount(t, f, strings.TrimPrefix(amount, "-")); err != nil {
		return invalid(path, "the amount %s given for %s could never leave a value its field's type %s reads: %v", amount, path, t, err)
	}
	return nil
}

// readsAmount reports why no value of type t (format f) changed by an
// amount of the given magnitude could be read as t; nil when some could.
// An integer takes the width of its range (an int8 holding -128 takes
// 255), a float any number; other types (a time in Unix seconds, a
// Number, a type decoding itself) must read the magnitude itself.
func readsAmount(t reflect.Type, f format, magnitude string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if !hasCustomMethods(t) {
		switch classify(t, f) {
		case classInt, classUint:
			if _, err := parseIntegerText[uint64](magnitude, t.Bits()); err != nil {
				return numberError(t, magnitude, err)
			}
			return nil
		case classFloat:
			return nil
		}
	}
	c, err := codecFor(t, f)
	if err != nil {
		return nil
	}
	return c.decode(&types.AttributeValueMemberN{Value: magnitude}, reflect.New(t).Elem(), false)
}

// Name returns the table name.
func (s *Schema) Name() string { return s.name }

// HashKey returns the table's partition key attribute.
func (s *Schema) HashKey() string { return s.def.HashKey }

// RangeKey returns the table's sort key attribute, or "" when it has none.
func (s *Schema) RangeKey() string { return s.def.RangeKey }

// Fields returns the attributes the schema knows of, in declaration order.
func (s *Schema) Fields() []Field { return slices.Clone(s.def.Fields) }

// Type returns the type of attribute, "" when it is not fixed.
func (s *Schema) Type(attribute string) AttrType { return s.types[attribute] }

// Indexes returns the secondary indexes in declaration order.
func (s *Schema) Indexes() []Index {
	out := slices.Clone(s.def.Indexes)
	for i := range out {
		out[i].Projection.Attributes = slices.Clone(out[i].Projection.Attributes)
		out[i].HashKeys, out[i].RangeKeys = slices.Clone(out[i].HashKeys), slices.Clone(out[i].RangeKeys)
		if t := out[i].Throughput; t != nil {
			out[i].Throughput = &Throughput{t.Read, t.Write}
		}
	}
	return out
}

// Index returns the secondary index called name.
func (s *Schema) Index(name string) (Index, bool) {
	for _, ix := range s.Indexes() {
		if ix.Name == name {
			return ix, true
		}
	}
	return Index{}, false
}

// Throughput returns the table's provisioned capacity, or nil for on-demand
// billing.
func (s *Schema) Throughput() *Throughput {
	if s.cfg.throughput == nil {
		return nil
	}
	t := *s.cfg.throughput
	return &t
}

// Stream returns the stream view type, "" when the stream is disabled.
func (s *Schema) Stream() types.StreamViewType { return s.cfg.stream }

// TTL returns the time-to-live attribute, "" when none.
func (s *Schema) TTL() string { return s.cfg.ttl }

// SchemaError reports a mistake in a table declaration.
type SchemaError struct {
	Table  string // the table name
	Field  string // the field at fault: `Type.Field ("attribute")` or `"attribute"`; "" when none
	Reason string
	Err    error // the underlying error, if any
}

// Unwrap returns the underlying error.
func (e *SchemaError) Unwrap() error { return e.Err }

// Error names the table and the field.
func (e *SchemaError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("ddb: table %s: %s", e.Table, e.Reason)
	}
	return fmt.Sprintf("ddb: table %s: %s: %s", e.Table, e.Field, e.Reason)
}
