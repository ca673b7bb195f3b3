package ddb

import (
	"maps"
	"reflect"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// writeKind is the kind of one write, which decides what the fields with a
// role (version, created, updated) do in it.
type writeKind uint8

const (
	writePut writeKind = iota
	writeUpdate
	writeDelete
	writeCheck // a transaction's ConditionCheck
	writeBatch // a put in a batch, which cannot be conditional
)

// rolesApplied is a write after the roles of its item's fields were
// applied.
type rolesApplied struct {
	target  Item     // the item to put (a copy when changed) or the key
	update  exprPart // the update, with the library's actions added
	written Item     // the attributes with a role a put stores, for Save
}

// applyRoles applies the roles of the item type's fields to one write of
// kind at the time clock gives (asked only when a field has a role):
// target is the encoded item of a put or the key, update the update of an
// Update. It records the version check in p, and the entity type check
// (see Schema.typeGuard).
//
//   - version: a put stores the item's version plus one and requires the
//     stored item to have the item's version (none, for version 0); an
//     update adds one to it; IfVersion adds the check to an update, a
//     delete or a check. IgnoreVersion, and batches, leave the check out.
//   - updated: puts and updates store now.
//   - created: updates store now when the item has none; puts store now
//     when the item is known to be new (its version is 0 and checked, or
//     IfNotExists), keep the item's own value otherwise, and store now when
//     that is zero.
//
// An update that sets one of these attributes itself keeps its own value.
func (s *Schema) applyRoles(kind writeKind, p *writeParams, target Item, update exprPart, clock func() time.Time) (rolesApplied, error) {
	r := &s.roles
	out := rolesApplied{target: target, update: update}
	p.guard = s.typeGuard(kind)
	switch {
	case p.ifVersion != nil && r.version == nil:
		return out, invalid("IfVersion", "IfVersion needs a field tagged version, which %s does not declare", s.name)
	case p.ifVersion != nil && p.ignoreVersion:
		return out, invalid("IfVersion", "IfVersion and IgnoreVersion contradict each other")
	case !r.any():
		return out, nil
	}
	now := clock()
	alone := p.cond.IsZero() && p.exists == 0 && p.guard == nil
	if p.ifVersion != nil {
		p.lock = &versionLock{attr: r.version.name, expected: *p.ifVersion, alone: alone}
	}
	switch kind {
	case writePut, writeBatch:
		item := maps.Clone(target) // a Table[Item] is given the caller's own map
		out.target, out.written = item, Item{}
		set := func(f *fieldInfo, v any) error {
			av, err := s.encodeAt(v, valueSite{path: f.name})
			item[f.name], out.written[f.name] = av, av
			return err
		}
		if f := r.version; f != nil {
			v, err := versionIn(item, f.name)
			if err != nil {
				return out, err
			}
			if kind == writePut && !p.ignoreVersion {
				p.lock = &versionLock{attr: f.name, expected: v, alone: alone}
			}
			set(f, numberValue(v+1))
		}
		if f := r.updated; f != nil {
			if err := set(f, now); err != nil {
				return out, err
			}
		}
		if f := r.created; f != nil {
			isNew := p.exists < 0 || p.lock != nil && p.lock.expected == 0
			if isNew || s.isZeroTime(f, item[f.name]) {
				if err := set(f, now); err != nil {
					return out, err
				}
			} else {
				out.written[f.name] = item[f.name]
			}
		}
	case writeUpdate:
		u, _ := update.(Update)
		if u.IsZero() {
			return out, nil // rendering reports the empty update
		}
		if f := r.version; f != nil && !u.touches(f.name) {
			u = u.Increment(f.name, 1)
		}
		if f := r.updated; f != nil && !u.touches(f.name) {
			u = u.Set(f.name, now)
		}
		if f := r.created; f != nil && !u.touches(f.name) {
			u = u.SetIfNotExists(f.name, now)
		}
		out.update = u
	}
	return out, nil
}

// touches reports whether the update changes the top-level attribute attr
// or something inside it.
func (u Update) touches(attr string) bool {
	for _, a := range u.actions {
		if p, err := parsePath(a.path); err == nil && p[0].name == attr {
			return true
		}
	}
	return false
}

// isZeroTime reports whether av, the value of the time field f in an
// encoded item, is no time: absent, NULL, or the zero time.Time as the
// field encodes it.
func (s *Schema) isZeroTime(f *fieldInfo, av types.AttributeValue) bool {
	if _, null := av.(*types.AttributeValueMemberNULL); av == nil || null {
		return true
	}
	zero, err := s.encodeAt(time.Time{}, valueSite{path: f.name})
	return err == nil && reflect.DeepEqual(zero, av)
}
