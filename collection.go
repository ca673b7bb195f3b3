package ddb

import (
	"context"
	"iter"
)

// CollectionMember is an entity a Collection reads: every *Entity[T].
type CollectionMember interface {
	AnyTable
	TypeName() string
	// decl returns the entity's declaration.
	decl() *entityDecl
	// decodeAny decodes an item of the entity as a T.
	decodeAny(item Item) (any, error)
	// appendTo appends v, a T, to list, a []T or nil, and returns it.
	appendTo(list, v any) any
}

func (e *Entity[T]) decl() *entityDecl { return e.ent }

func (e *Entity[T]) decodeAny(item Item) (any, error) {
	var v T
	err := decodeInto(item, &v)
	return v, err
}

func (e *Entity[T]) appendTo(list, v any) any {
	l, _ := list.([]T)
	return append(l, v.(T))
}

// EntityCollection reads items of several entity types of one table
// together: the items of one partition (of the table or of an index) that
// the entities share, such as a customer with its orders and their lines.
// Make one with Collection.
type EntityCollection struct {
	members []CollectionMember
	schema  *Schema // the members' table, reading their items
	err     error   // a mistake in the members
}

// Collection returns the collection of the given entities, all of one
// table and one type attribute:
//
//	res, err := ddb.Collection(customers, orders).Query(ctx, ddb.Partition("ann"))
//	for _, o := range ddb.Items(res, orders) { ... }
//
// Key values of its queries (Partition and the sort conditions) are built
// with the key templates of the first entity, as that entity's own
// queries build them; an AttributeValue is used as it is.
func Collection(members ...CollectionMember) *EntityCollection {
	c := &EntityCollection{members: members}
	if len(members) == 0 {
		c.err = failed("Query", "", invalid("", "a collection needs at least one entity"))
		return c
	}
	first := members[0]
	decls := make([]*entityDecl, len(members))
	for i, m := range members {
		d := m.decl()
		decls[i] = d
		switch {
		case m.DB() != first.DB() || m.Schema().tableName != first.Schema().tableName:
			c.err = invalid("", "entities %s and %s belong to different tables or DBs", first.TypeName(), d.name)
		case d.typeAttr != decls[0].typeAttr:
			c.err = invalid("", "entities %s and %s have different type attributes, %s and %s", first.TypeName(), d.name, decls[0].typeAttr, d.typeAttr)
		}
		for _, other := range decls[:i] {
			if other.name == d.name {
				c.err = invalid("", "entity %s is in the collection twice", d.name)
			}
		}
		if c.err != nil {
			c.err = failed("Query", first.Name(), c.err)
			return c
		}
	}
	s := first.Schema()
	c.schema = s.entitySchema(s.item, decls)
	return c
}

// All returns an iterator over the items of the collection that key
// selects (see Table.Query, whose options it takes), each decoded as its
// entity's type: use a type switch on them. Items of other types are
// skipped, or yielded as *EntityTypeError with ReportOtherTypes. Errors
// are yielded as Results.All yields them.
//
//	for v, err := range ddb.Collection(customers, orders).All(ctx, ddb.Partition("ann")) {
//		switch v := v.(type) {
//		case Customer: ...
//		case Order: ...
//		}
//	}
func (c *EntityCollection) All(ctx context.Context, key KeyCondition, opts ...QueryOption) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		c.read(ctx, key, opts, func(_ CollectionMember, v any, err error) bool { return yield(v, err) })
	}
}

// read runs a query of the collection and calls yield with each item and
// its member (nil with an error) until yield returns false.
func (c *EntityCollection) read(ctx context.Context, key KeyCondition, opts []QueryOption, yield func(CollectionMember, any, error) bool) {
	if c.err != nil {
		yield(nil, nil, c.err)
		return
	}
	t := &Table[Item]{db: c.members[0].DB(), schema: c.schema}
	for raw, err := range t.Query(ctx, key, opts...).All() {
		if err != nil {
			if !yield(nil, nil, err) {
				return
			}
			continue
		}
		m := c.members[c.schema.classify(raw)]
		v, err := m.decodeAny(raw)
		if err != nil {
			m, err = nil, failed("Query", c.schema.name, err)
		}
		if !yield(m, v, err) {
			return
		}
	}
}

// Query reads every item of the collection that key selects, each decoded
// as its entity's type; Items returns those of one entity. Options are
// Query's. On error it returns the items read until then.
func (c *EntityCollection) Query(ctx context.Context, key KeyCondition, opts ...QueryOption) (*CollectionResult, error) {
	res := &CollectionResult{byType: map[*entityDecl]any{}}
	var failure error
	c.read(ctx, key, opts, func(m CollectionMember, v any, err error) bool {
		if failure = err; err != nil {
			return false
		}
		res.values = append(res.values, v)
		res.byType[m.decl()] = m.appendTo(res.byType[m.decl()], v)
		return true
	})
	return res, failure
}

// CollectionResult holds the items a Collection's Query read.
type CollectionResult struct {
	values []any
	byType map[*entityDecl]any // []T of each entity
}

// Values returns every item read, in the order read, each a value of its
// entity's type.
func (r *CollectionResult) Values() []any { return r.values }

// Items returns the items of entity e that the collection query read, in
// the order read.
func Items[T any](r *CollectionResult, e *Entity[T]) []T {
	items, _ := r.byType[e.ent].([]T)
	return items
}
