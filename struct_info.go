package ddb

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// structInfo describes the attributes of a struct type, as read from its
// fields and ddb tags once by structInfoFor. The schema code derives key
// schemas and attribute definitions from it; the codec encodes the fields.
type structInfo struct {
	typ    reflect.Type
	fields []*fieldInfo          // in field order; promoted fields where the embedded struct is
	byName map[string]*fieldInfo // by attribute name
}

// fieldInfo describes one attribute of a struct type.
type fieldInfo struct {
	name   string       // attribute name
	goName string       // "Type.Field", for messages
	index  []int        // for reflect.Value.FieldByIndex (embedded pointers are followed)
	typ    reflect.Type // the field's Go type

	hash      bool // tag option hash: the table's partition key
	rangeKey  bool // tag option range: the table's sort key
	omitEmpty bool
	format    format      // set and time options
	indexes   []indexRole // lsi= and gsi= options
	role      fieldRole   // version, created, updated or ttl

	// keyType is "S", "N" or "B" when every value of the field encodes as
	// that scalar (so the field can be a key), "" otherwise.
	keyType types.ScalarAttributeType
}

// structInfoResult is a cached structInfoFor result.
type structInfoResult struct {
	info *structInfo
	err  error
}

// structInfos caches structInfoResult by reflect.Type.
var structInfos sync.Map

// structInfoFor returns the attributes of the struct type t, read once and
// cached. Errors in tags, tag options that do not fit the field's type, and
// two fields with one attribute name at the same embedding depth are
// reported naming the Go field, like
// `ddb: UserWallet.Balance: unknown tag option "rnage"`. As in encoding/json,
// a field of an outer struct hides a field of the same name promoted from an
// embedded struct.
func structInfoFor(t reflect.Type) (*structInfo, error) {
	if r, ok := structInfos.Load(t); ok {
		r := r.(structInfoResult)
		return r.info, r.err
	}
	info, err := readStruct(t)
	r, _ := structInfos.LoadOrStore(t, structInfoResult{info, err})
	return r.(structInfoResult).info, r.(structInfoResult).err
}

// fieldAt returns the Go type and tag options of the declared field at the
// document path p: a field of this struct, or one nested in it through
// struct fields, list elements and map values. Options apply inside lists
// and maps (the set option to the outer value only); a path that leads
// anywhere else (into an interface, past a custom codec) names no declared
// field: the type is nil and there are no options.
func (info *structInfo) fieldAt(p docPath) (reflect.Type, format) {
	var t reflect.Type
	var f format
	for i, e := range p {
		if i == 0 {
			fi := info.byName[e.name]
			if fi == nil {
				return nil, format{}
			}
			t, f = fi.typ, fi.format
			continue
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch class := classify(t, f); {
		case hasCustomMethods(t):
			return nil, format{}
		case e.list && class == classList:
			t, f = t.Elem(), format{time: f.time}
		case !e.list && class == classMap:
			t, f = t.Elem(), format{time: f.time}
		case !e.list && class == classStruct:
			nested, err := structInfoFor(t)
			if err != nil || nested.byName[e.name] == nil {
				return nil, format{}
			}
			fi := nested.byName[e.name]
			t, f = fi.typ, fi.format
		default:
			return nil, format{}
		}
	}
	return t, f
}

// candidate is a field found while reading a struct, before name conflicts
// are resolved.
type candidate struct {
	field  *fieldInfo
	depth  int  // embedding depth
	tagged bool // the attribute name comes from the tag
}

func readStruct(t reflect.Type) (*structInfo, error) {
	var found []candidate
	if err := collectFields(t, nil, 0, map[reflect.Type]bool{t: true}, &found); err != nil {
		return nil, err
	}
	// The shallowest field wins, then the one named by its tag; two equal
	// claims are an error.
	byRank := slices.Clone(found)
	slices.SortStableFunc(byRank, func(a, b candidate) int {
		if a.depth != b.depth {
			return a.depth - b.depth
		}
		return boolRank(b.tagged) - boolRank(a.tagged)
	})
	winners := make(map[string]candidate, len(found))
	for _, c := range byRank {
		prev, ok := winners[c.field.name]
		switch {
		case !ok:
			winners[c.field.name] = c
		case c.depth == prev.depth && c.tagged == prev.tagged:
			return nil, &fieldError{c.field.goName, c.field.name, fmt.Sprintf("attribute name %q is also that of %s", c.field.name, prev.field.goName)}
		}
	}
	info := &structInfo{typ: t, byName: make(map[string]*fieldInfo, len(winners))}
	for _, c := range found { // in field order
		if winners[c.field.name].field == c.field {
			info.fields = append(info.fields, c.field)
			info.byName[c.field.name] = c.field
		}
	}
	return info, nil
}

// collectFields appends the attributes of struct type t, whose fields are at
// index under the outer struct, and those promoted from its embedded
// structs. visiting guards against embedding cycles through pointers.
func collectFields(t reflect.Type, index []int, depth int, visiting map[reflect.Type]bool, found *[]candidate) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		goName := typeName(t) + "." + sf.Name
		tag := sf.Tag.Get("ddb")
		opts, err := parseTag(tag)
		if err != nil {
			attr, _, _ := strings.Cut(tag, ",")
			return &fieldError{goName, attr, err.Error()}
		}
		if opts.skip {
			continue
		}
		fieldIndex := append(slices.Clone(index), i)
		if sf.Anonymous && opts.name == "" {
			embedded := sf.Type
			if embedded.Kind() == reflect.Pointer {
				embedded = embedded.Elem()
			}
			if promotes(embedded) {
				if !visiting[embedded] {
					visiting[embedded] = true
					err := collectFields(embedded, fieldIndex, depth+1, visiting, found)
					delete(visiting, embedded)
					if err != nil {
						return err
					}
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		f := &fieldInfo{
			name: sf.Name, goName: goName, index: fieldIndex, typ: sf.Type,
			hash: opts.hash, rangeKey: opts.rangeKey, omitEmpty: opts.omitEmpty,
			format: opts.format, indexes: opts.indexes, role: opts.role,
		}
		if opts.name != "" {
			f.name = opts.name
		}
		if err := checkRoleType(sf.Type, opts.role); err != nil {
			return &fieldError{goName, f.name, err.Error()}
		}
		if err := checkFormat(sf.Type, opts.format); err != nil {
			return &fieldError{goName, f.name, err.Error()}
		}
		f.keyType = scalarKindOf(sf.Type, opts.format)
		if f.keyType == "" {
			f.keyType = declaredKeyType(sf.Type)
		}
		*found = append(*found, candidate{field: f, depth: depth, tagged: opts.name != ""})
	}
	return nil
}

// fieldError is a mistake in the declaration of one struct field.
type fieldError struct {
	goName string // "Type.Field"
	attr   string // the attribute name, "" when the tag gives none
	reason string
}

// Error names the Go field, like `ddb: UserWallet.Balance: unknown tag
// option "rnage"`.
func (e *fieldError) Error() string { return "ddb: " + e.goName + ": " + e.reason }

// label names the field as a SchemaError does: `Type.Field ("attribute")`.
func (e *fieldError) label() string {
	if e.attr == "" {
		return e.goName
	}
	return e.goName + " (" + strconv.Quote(e.attr) + ")"
}

// promotes reports whether an untagged embedded field of type t has its
// fields promoted: a struct that does not encode as one value by itself.
func promotes(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	switch classify(t, format{}) {
	case classTime, classUUID, classAttributeValue:
		return false
	}
	return !hasCustomMethods(t)
}

// checkFormat reports tag options that do not apply to a field of type t.
func checkFormat(t reflect.Type, f format) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if f.set && classify(t, f) != classSet {
		return fmt.Errorf("tag option set needs a slice, array or map of strings, numbers or binary values, not %s", t)
	}
	if f.time != timeRFC3339 && !holdsTime(t) {
		return fmt.Errorf("tag option %s needs a time.Time, not %s", f.time, t)
	}
	return nil
}

// holdsTime reports whether t is time.Time, or a pointer, slice, array or
// map of them.
func holdsTime(t reflect.Type) bool {
	for {
		switch {
		case t == timeType:
			return true
		case t.Kind() == reflect.Map && t.Key() == timeType:
			return true
		case t.Kind() == reflect.Pointer, t.Kind() == reflect.Slice, t.Kind() == reflect.Array, t.Kind() == reflect.Map:
			t = t.Elem()
		default:
			return false
		}
	}
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// typeName names a struct type for messages: its name, or its literal.
func typeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}
