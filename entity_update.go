package ddb

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// entityUpdate completes an update of the entity item with key k: it sets
// the fields of the table key templates and the type attribute (so that
// an update creating the item creates a whole entity), and rebuilds the
// index keys whose templates name a field the update changes. Changing a
// field of a table key template, the type attribute or a key attribute
// built from a template is an error, as is changing a field of an index
// key template without giving all of that template's fields (Set with a
// value); removing one removes the index key (the item leaves the index).
// So is a table key that other values of its fields would build too (see
// keyTemplate.checkBuilt).
// A table's own schema returns u as it is.
func (s *Schema) entityUpdate(k ItemKey, u Update) (Update, error) {
	d := s.entity()
	if d == nil {
		return u, nil
	}
	given := k.values
	if len(d.keyFields) == 0 {
		given = nil // Key(nil), or a mistake key reports
	}
	if len(given) != len(d.keyFields) {
		return u, nil // key reports it
	}
	known, err := d.fieldValues(s, d.keyFields, given)
	if err != nil {
		return u, err
	}
	for _, tpl := range d.primary {
		av, _, err := tpl.render(lookup(known))
		if err == nil {
			err = tpl.checkBuilt(av)
		}
		if err != nil {
			return u, err
		}
	}
	keyValues := cloneItem(known)
	changed := map[string]bool{} // top-level fields the update changes, true when removed
	for _, a := range u.actions {
		p, err := parsePath(a.path)
		if err != nil {
			return u, nil // rendering reports it
		}
		top := p[0].name
		if err := d.changeable(top); err != nil {
			return u, err
		}
		changed[top] = changed[top] || a.kind == kindRemove
		if a.kind != kindSet || len(p) > 1 {
			continue
		}
		switch a.value.(type) {
		case AttrRef, SizeRef:
			continue
		}
		av, err := s.encodeAt(a.value, valueSite{path: top})
		if err != nil {
			return u, err
		}
		known[top] = av
	}
	for _, tpl := range d.ordered {
		touched := slices.ContainsFunc(tpl.fields, func(f string) bool { _, ok := changed[f]; return ok })
		if !touched || slices.Contains(d.primary, tpl) || tpl.implicit() {
			continue
		}
		av, complete, err := tpl.render(lookup(known))
		switch {
		case err != nil:
			return u, err
		case complete:
			u = u.Set(tpl.attr, av)
		case slices.ContainsFunc(tpl.fields, func(f string) bool { return changed[f] }):
			u = u.Remove(tpl.attr)
		default:
			return u, rebuildError(d, tpl, known, changed)
		}
	}
	for _, f := range d.keyFields {
		u = u.Set(f, keyValues[f])
	}
	return u.Set(d.typeAttr, &types.AttributeValueMemberS{Value: d.name}), nil
}

// cloneItem returns a copy of item.
func cloneItem(item Item) Item {
	out := make(Item, len(item))
	for k, v := range item {
		out[k] = v
	}
	return out
}

// changeable reports an attribute an update of the entity may not change:
// a field of the table key, the type attribute, or a key attribute built
// from a template.
func (d *entityDecl) changeable(attr string) error {
	switch tpl := d.templates[attr]; {
	case slices.Contains(d.keyFields, attr):
		return invalid(attr, "field %s is part of the key of entity %s; write the item under its new key instead", attr, d.name)
	case attr == d.typeAttr:
		return invalid(attr, "%s is the type attribute of entity %s, which the library sets", attr, d.name)
	case tpl != nil && !tpl.implicit():
		return invalid(attr, "%s is a key attribute that entity %s builds from %q; update its fields instead", attr, d.name, tpl.text)
	}
	return nil
}

// rebuildError reports an index key the update cannot rebuild: a field of
// its template the update changes without a value known before it is
// applied (SetIfNotExists, Increment, an attribute reference...), or else
// one it does not set.
func rebuildError(d *entityDecl, tpl *keyTemplate, known Item, changed map[string]bool) error {
	for _, f := range tpl.fields {
		if _, ok := changed[f]; ok && known[f] == nil {
			return invalid(f, "the update changes field %s of index key %s (%q) of entity %s with an action whose result is known only once applied, which cannot rebuild the key; Set the field to a value",
				f, tpl.attr, tpl.text, d.name)
		}
	}
	return invalid(missingField(tpl, lookup(known)), "the update changes a field of index key %s (%q) of entity %s; set all of its fields (%s) to rebuild it",
		tpl.attr, tpl.text, d.name, strings.Join(tpl.fields, ", "))
}
