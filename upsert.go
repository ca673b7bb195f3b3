package ddb

import (
	"context"
	"reflect"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Upsert writes item's fields into the stored item with item's key,
// creating the item when there is none, and leaves every other attribute
// of the stored item as it is: where Put replaces the whole item, Upsert
// keeps the attributes item's type does not declare (which other types or
// other programs write). It is the Update that sets each field of item but
// the key, stored as Put stores it (as the Java Enhanced Client's
// updateItem does); a field Put leaves out (a nil pointer behind an
// embedded struct, an empty set, an empty value tagged omitempty or ttl)
// removes its attribute, unless SkipNil is given.
//
// The fields with a role work as in Update (the version is incremented,
// updated is set to now, created is set to now when the item has none),
// and a version is checked as Put checks it: the stored item must hold
// item's version, or none when item's is 0, unless IgnoreVersion or
// IfVersion is given. On an entity (see NewEntity) the key fields are
// those of the table key templates, and the keys built from templates are
// rebuilt as Update rebuilds them. On a Table[Item], the key attributes
// are the key and every other attribute is set. Options: those of Update,
// and SkipNil.
func (t *Table[T]) Upsert(ctx context.Context, item T, opts ...UpdateOption) error {
	key, u, opts := t.schema.upsert(reflect.ValueOf(&item).Elem(), opts)
	return t.Update(ctx, key, u, opts...)
}

// Upsert adds an Upsert of item, a T or *T of the table's item type (see
// Table.Upsert). Options: those of Update, and SkipNil.
func (tx *WriteTransaction) Upsert(table AnyTable, item any, opts ...UpdateOption) *WriteTransaction {
	if checkTable(table) != nil { // add reports a nil one
		return tx.Update(table, ItemKey{}, Update{}, opts...)
	}
	v := reflect.ValueOf(item)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	key, u, opts := table.Schema().upsert(v, opts)
	return tx.Update(table, key, u, opts...)
}

// upsert returns the key, the update and the Update options of an Upsert
// of v with options opts: SkipNil taken out, and the version check added
// unless IgnoreVersion or IfVersion is given. A mistake becomes an option
// that reports it.
func (s *Schema) upsert(v reflect.Value, opts []UpdateOption) (ItemKey, Update, []UpdateOption) {
	skip := false
	updateOpts := make([]UpdateOption, 0, len(opts)+1)
	for _, o := range opts {
		if _, ok := o.(skipNilOption); ok {
			skip = true
			continue
		}
		updateOpts = append(updateOpts, o)
	}
	key, u, version, err := s.upsertOf(v, skip)
	if err != nil {
		return key, u, append(updateOpts, mistake{err})
	}
	if s.roles.version != nil {
		p := applyAll(updateOpts, UpdateOption.applyUpdate)
		if p.ifVersion == nil && !p.ignoreVersion {
			updateOpts = append(updateOpts, IfVersion(version))
		}
	}
	return key, u, updateOpts
}

// mistake is an option that reports err, found while building the write.
type mistake struct{ err error }

func (m mistake) applyUpdate(p *writeParams) {
	if p.err == nil {
		p.err = m.err
	}
}

// SkipNil makes Upsert leave out the fields that hold nil (a pointer, map,
// slice or interface) or that Put leaves out of an item, so that their
// attributes stay as stored instead of being removed: a struct of pointer
// fields then writes only the fields it points to. Any other option but
// Upsert's reports it.
func SkipNil() UpdateOption { return skipNilOption{} }

type skipNilOption struct{}

func (skipNilOption) applyUpdate(p *writeParams) {
	if p.err == nil {
		p.err = invalid("SkipNil", "SkipNil is an option of Upsert, not of Update")
	}
}

// upsertOf returns the key and the update of an Upsert of v, an item of
// the table's item type, and the version v holds (0 without a version field).
// With skipNil, the fields that hold nil or that Put leaves out are not in
// the update.
func (s *Schema) upsertOf(v reflect.Value, skipNil bool) (ItemKey, Update, int64, error) {
	var u Update
	if !v.IsValid() || v.Kind() == reflect.Pointer {
		return ItemKey{}, u, 0, invalid("", "Upsert takes an item, got %v", v)
	}
	if item, ok := v.Interface().(Item); ok { // the key attributes, and the others set
		key := ItemKey{}
		for _, name := range s.keyNames {
			av, ok := item[name]
			if !ok {
				return key, u, 0, invalid(name, "the item has no key attribute %s", name)
			}
			key.values = append(key.values, av)
		}
		names := make([]string, 0, len(item))
		for name := range item {
			if !slices.Contains(s.keyNames, name) {
				names = append(names, name)
			}
		}
		slices.Sort(names) // the same expression for the same item
		for _, name := range names {
			if _, null := item[name].(*types.AttributeValueMemberNULL); !(skipNil && (item[name] == nil || null)) {
				u = u.Set(name, item[name])
			}
		}
		return key, u, 0, nil
	}
	info, err := structInfoFor(v.Type())
	if err != nil {
		return ItemKey{}, u, 0, err
	}
	keyFields := s.keyNames
	if d := s.entity(); d != nil {
		keyFields = d.keyFields
	}
	keyValues := make([]any, len(keyFields))
	var version int64
	for _, f := range info.fields {
		fv, ok := fieldForEncode(v, f.index)
		if k := slices.Index(keyFields, f.name); k >= 0 {
			if !ok {
				return ItemKey{}, u, 0, invalid(f.name, "key field %s sits behind a nil embedded pointer", f.goName)
			}
			keyValues[k] = fv.Interface()
			continue
		}
		switch {
		case s.roles.version != nil && f.name == s.roles.version.name:
			if ok {
				av, err := s.encodeAt(fv.Interface(), valueSite{path: f.name})
				if err == nil {
					version, err = versionIn(Item{f.name: av}, f.name)
				}
				if err != nil {
					return ItemKey{}, u, 0, err
				}
			}
			continue
		case s.roles.created != nil && f.name == s.roles.created.name, s.roles.updated != nil && f.name == s.roles.updated.name:
			continue // the roles set them
		case !ok:
			if !skipNil {
				u = u.Remove(f.name)
			}
			continue
		}
		if skipNil {
			if isNil(fv) {
				continue
			}
			av, err := s.encodeStoredAt(fv.Interface(), valueSite{path: f.name})
			if err != nil {
				return ItemKey{}, u, 0, err
			}
			if av == nil || f.omitEmpty && isEmptyValue(fv) {
				continue
			}
		}
		u = u.Set(f.name, fv.Interface())
	}
	return ItemKey{keyValues}, u, version, nil
}

// isNil reports whether v is a nil pointer, map, slice or interface.
func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return v.IsNil()
	}
	return false
}
