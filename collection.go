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
	for raw, err := range c.query(ctx, key, opts).All() {
		if err != nil {
			if !yield(nil, nil, err) {
				return
			}
			continue
		}
		if !yield(c.decode(raw)) {
			return
		}
	}
}

// query returns the Query of the collection's items, read as the table's
// items.
func (c *EntityCollection) query(ctx context.Context, key KeyCondition, opts []QueryOption) *Results[Item] {
	t := &Table[Item]{db: c.members[0].DB(), schema: c.schema}
	return t.Query(ctx, key, opts...)
}

// decode decodes an item of the collection as its entity's type and
// returns it with its member (nil with an error).
func (c *EntityCollection) decode(raw Item) (CollectionMember, any, error) {
	m := c.members[c.schema.classify(raw)]
	v, err := m.decodeAny(raw)
	if err != nil {
		return nil, v, failed("Query", c.schema.name, err)
	}
	return m, v, nil
}

// Query reads every item of the collection that key selects, each decoded
// as its entity's type; Items returns those of one entity. Options are
// Query's. On error it returns the items read until then.
func (c *EntityCollection) Query(ctx context.Context, key KeyCondition, opts ...QueryOption) (*CollectionResult, error) {
	res := newCollectionResult()
	var failure error
	c.read(ctx, key, opts, func(m CollectionMember, v any, err error) bool {
		if failure = err; err != nil {
			return false
		}
		res.add(m, v)
		return true
	})
	return res, failure
}

// Page reads one page of the collection that key selects, starting after
// cursor: "" for the first page, else the Next of the previous page.
// Together with PageSize it serves cursor-paginated APIs. Items of other
// types count against PageSize, as DynamoDB evaluates them, so a page may
// hold fewer items than PageSize, or none, and still have a next one.
// Options are Query's; an item that fails to decode fails the page.
//
//	page, err := ddb.Collection(customers, orders).Page(ctx, ddb.Partition("ann"), cursor, ddb.PageSize(25))
//	... ddb.Items(page, orders), page.Next()
func (c *EntityCollection) Page(ctx context.Context, key KeyCondition, cursor string, opts ...QueryOption) (*CollectionResult, error) {
	if c.err != nil {
		return nil, c.err
	}
	page, err := c.query(ctx, key, opts).Page(cursor)
	if err != nil {
		return nil, err
	}
	res := newCollectionResult()
	res.next = page.Next
	for _, raw := range page.Items {
		m, v, err := c.decode(raw)
		if err != nil {
			return nil, err
		}
		res.add(m, v)
	}
	return res, nil
}

// CollectionResult holds the items a Collection's Query or Page read.
type CollectionResult struct {
	values []any
	byType map[*entityDecl]any // []T of each entity
	next   string
}

func newCollectionResult() *CollectionResult {
	return &CollectionResult{byType: map[*entityDecl]any{}}
}

// add appends v, an item of member m.
func (r *CollectionResult) add(m CollectionMember, v any) {
	r.values = append(r.values, v)
	r.byType[m.decl()] = m.appendTo(r.byType[m.decl()], v)
}

// Next returns the cursor of the page after the one Page read, "" after
// the last page (and for Query, which reads every page).
func (r *CollectionResult) Next() string { return r.next }

// Values returns every item read, in the order read, each a value of its
// entity's type.
func (r *CollectionResult) Values() []any { return r.values }

// Items returns the items of entity e that the collection query read, in
// the order read.
func Items[T any](r *CollectionResult, e *Entity[T]) []T {
	items, _ := r.byType[e.ent].([]T)
	return items
}
