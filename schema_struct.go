package ddb

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// SchemaFor derives the declaration of table name from the `ddb` struct tags
// of T (see NewTable) and opts, without a connection: for inspecting the
// derived CreateTableInput, or for TableWithSchema.
func SchemaFor[T any](name string, opts ...TableOption) (*Schema, error) {
	return schemaOf(reflect.TypeFor[T](), name, opts)
}

// schemaOf derives a Definition from the struct type t and validates it,
// naming Go fields in errors.
func schemaOf(t reflect.Type, name string, opts []TableOption) (*Schema, error) {
	fail := func(field, format string, args ...any) (*Schema, error) {
		return nil, &SchemaError{Table: name, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if t.Kind() != reflect.Struct {
		return fail("", "%s is not a struct type; declare the table with NewSchema and TableWithSchema", t)
	}
	info, err := structInfoFor(t)
	if err == nil {
		err = checkItemType(t, info)
	}
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, &SchemaError{Table: name, Field: fe.label(), Reason: fe.reason, Err: err}
		}
		return nil, &SchemaError{Table: name, Reason: strings.TrimPrefix(err.Error(), "ddb: "), Err: err}
	}
	goNames := map[string]string{}
	label := func(attr string) string {
		if goName, ok := goNames[attr]; ok {
			return goName + " (" + strconv.Quote(attr) + ")"
		}
		return strconv.Quote(attr)
	}
	// setKey records attr as the key *key, reporting a second one.
	setKey := func(key *string, attr, what string) error {
		if *key != "" {
			return &SchemaError{Table: name, Field: label(attr), Reason: fmt.Sprintf("second %s (the first is %s)", what, label(*key))}
		}
		*key = attr
		return nil
	}
	var def Definition
	for _, f := range info.fields {
		goNames[f.name] = f.goName
		if err := checkCodable(f.typ, f.format); err != nil {
			return nil, &SchemaError{Table: name, Field: label(f.name), Reason: err.Error() + "; tag the field `ddb:\"-\"` to leave it out", Err: err}
		}
		def.Fields = append(def.Fields, Field{Name: f.name, Type: AttrType(f.keyType)})
		if f.hash {
			if err := setKey(&def.HashKey, f.name, "hash key"); err != nil {
				return nil, err
			}
		}
		if f.rangeKey {
			if err := setKey(&def.RangeKey, f.name, "range key"); err != nil {
				return nil, err
			}
		}
		for _, role := range f.indexes {
			ix := indexNamed(&def, role.name, role.local)
			if ix.Local != role.local {
				return fail(label(f.name), "index %s is declared both as a local and as a global index", role.name)
			}
			keys, what := &ix.HashKeys, "hash key of index "+role.name
			if role.rangeKey {
				keys, what = &ix.RangeKeys, "range key of index "+role.name
			}
			for len(*keys) <= role.place {
				*keys = append(*keys, "")
			}
			if role.place > 0 {
				what += " " + strconv.Itoa(role.place+1)
			}
			if err := setKey(&(*keys)[role.place], f.name, what); err != nil {
				return nil, err
			}
		}
	}
	for i := range def.Indexes {
		if err := collapseKeys(name, &def.Indexes[i], label); err != nil {
			return nil, err
		}
	}
	if def.HashKey == "" {
		return fail("", "no hash key: tag one field of %s with `ddb:\"name,hash\"`", typeName(t))
	}
	c := newDeclCheck(name, opts, label)
	c.keyHint = func(attr string) string {
		if f := info.byName[attr]; f != nil {
			return keyTypeHint(f.typ)
		}
		return ""
	}
	s, err := c.schema(def)
	if err != nil {
		return nil, err
	}
	s.item = info
	if err := s.declareRoles(label); err != nil {
		return nil, err
	}
	return s, nil
}

// collapseKeys checks that the tagged places of each key of ix leave no gap
// (range2 needs range1), and keeps a one-attribute key in HashKey or
// RangeKey alone, a multi-attribute one in HashKeys or RangeKeys.
func collapseKeys(table string, ix *Index, label func(string) string) error {
	for _, k := range []struct {
		one  *string
		list *[]string
		part string
	}{{&ix.HashKey, &ix.HashKeys, "hash"}, {&ix.RangeKey, &ix.RangeKeys, "range"}} {
		list := *k.list
		if i := slices.Index(list, ""); i >= 0 {
			last := list[len(list)-1]
			return &SchemaError{Table: table, Field: label(last), Reason: fmt.Sprintf("index %s has a %s%d key but no %s%d key", ix.Name, k.part, len(list), k.part, i+1)}
		}
		if len(list) == 1 {
			*k.one, *k.list = list[0], nil
		}
	}
	return nil
}

// indexNamed returns the index called name in def, adding it when missing.
func indexNamed(def *Definition, name string, local bool) *Index {
	for i := range def.Indexes {
		if def.Indexes[i].Name == name {
			return &def.Indexes[i]
		}
	}
	def.Indexes = append(def.Indexes, Index{Name: name, Local: local})
	return &def.Indexes[len(def.Indexes)-1]
}
