package ddb

import (
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Update is a list of changes to one item, compiled into an
// UpdateExpression. Start one with a function such as Set or Add and chain
// more with its methods:
//
//	ddb.Set("status", "paid").Increment("version", 1).Remove("draft")
//
// Paths are document paths (see Attr). An Update is immutable: every method
// returns a new Update.
//
// On a table of a struct type, an update that would leave a value its
// field cannot read is refused before it is sent: a value of another type,
// nil for a field that cannot be nil (Remove deletes an attribute), an
// amount no value of the field changed by it can be (a fraction for an
// int), set members of another type than the set's.
type Update struct {
	actions []updateAction
}

type updateKind int

const (
	kindSet updateKind = iota
	kindSetIfNotExists
	kindIncrement
	kindDecrement
	kindAppend
	kindPrepend
	kindRemove
	kindAdd
	kindDelete
)

// updateAction is one change: its kind, target path and operand.
type updateAction struct {
	kind  updateKind
	path  string
	value any
}

// with returns u plus one action, leaving u unchanged.
func (u Update) with(kind updateKind, path string, value any) Update {
	actions := make([]updateAction, len(u.actions), len(u.actions)+1)
	copy(actions, u.actions)
	return Update{append(actions, updateAction{kind, path, value})}
}

// IsZero reports whether u has no changes.
func (u Update) IsZero() bool { return len(u.actions) == 0 }

// Set starts an Update that sets path to v. Like the other SET actions
// (SetIfNotExists, Increment, Decrement), v may be an AttrRef to copy another
// attribute of the item. A value is stored as Put stores it: one with no
// DynamoDB encoding (an empty set, which DynamoDB cannot hold) removes the
// attribute when path names a field of the item's struct (or of a struct
// nested in it), which Put leaves out, and is NULL in a list or a map, as
// Put stores it there; nil is NULL. An empty value (a zero time, number or
// Number, an empty string, list or map) likewise removes a field tagged
// omitempty or ttl, which Put leaves out: a zero expiry time removes the
// item's expiry rather than storing a time long past.
func Set(path string, v any) Update { return Update{}.Set(path, v) }

// SetIfNotExists starts an Update that sets path to v unless the item
// already has a value there. A value that Set would remove (one Put leaves
// out of the item) leaves the attribute as it is, present or absent.
func SetIfNotExists(path string, v any) Update { return Update{}.SetIfNotExists(path, v) }

// Increment starts an Update that adds the number n to the number at path,
// counting from 0 when the item has none.
func Increment(path string, n any) Update { return Update{}.Increment(path, n) }

// Decrement starts an Update that subtracts the number n from the number at
// path, counting from 0 when the item has none.
func Decrement(path string, n any) Update { return Update{}.Decrement(path, n) }

// Append starts an Update that appends values to the list at path, creating
// the list when the item has none.
func Append(path string, values ...any) Update { return Update{}.Append(path, values...) }

// Prepend starts an Update that inserts values at the front of the list at
// path, creating the list when the item has none.
func Prepend(path string, values ...any) Update { return Update{}.Prepend(path, values...) }

// Remove starts an Update that removes the attributes or elements at paths.
func Remove(paths ...string) Update { return Update{}.Remove(paths...) }

// Add starts an Update with DynamoDB's ADD action on a top-level attribute:
// v is a number added to the attribute (starting from 0), or a set whose
// members are added to it (see AddToSet for members given one by one).
func Add(path string, v any) Update { return Update{}.Add(path, v) }

// AddToSet starts an Update that adds members (all strings, all numbers or
// all byte slices) to the set at path, creating it when absent.
func AddToSet(path string, members ...any) Update { return Update{}.AddToSet(path, members...) }

// DeleteFromSet starts an Update with DynamoDB's DELETE action: it removes
// members (all strings, all numbers or all byte slices) from the set at
// path. It is the counterpart of AddToSet; to delete an item, use
// Table.Delete.
func DeleteFromSet(path string, members ...any) Update {
	return Update{}.DeleteFromSet(path, members...)
}

// Set sets path to v.
func (u Update) Set(path string, v any) Update { return u.with(kindSet, path, v) }

// SetIfNotExists sets path to v unless the item already has a value there.
func (u Update) SetIfNotExists(path string, v any) Update {
	return u.with(kindSetIfNotExists, path, v)
}

// Increment adds the number n to the number at path, counting from 0 when
// the item has none.
func (u Update) Increment(path string, n any) Update { return u.with(kindIncrement, path, n) }

// Decrement subtracts the number n from the number at path, counting from 0
// when the item has none.
func (u Update) Decrement(path string, n any) Update { return u.with(kindDecrement, path, n) }

// Append appends values to the list at path, creating the list when absent.
func (u Update) Append(path string, values ...any) Update {
	return u.with(kindAppend, path, listValues(values))
}

// Prepend inserts values at the front of the list at path, creating the list
// when absent.
func (u Update) Prepend(path string, values ...any) Update {
	return u.with(kindPrepend, path, listValues(values))
}

// Remove removes the attributes or elements at paths.
func (u Update) Remove(paths ...string) Update {
	for _, p := range paths {
		u = u.with(kindRemove, p, nil)
	}
	return u
}

// Add applies DynamoDB's ADD action: v is a number or a set (see the Add
// function).
func (u Update) Add(path string, v any) Update { return u.with(kindAdd, path, v) }

// AddToSet adds members to the set at path, creating it when absent.
func (u Update) AddToSet(path string, members ...any) Update {
	return u.with(kindAdd, path, setMembers(members))
}

// DeleteFromSet removes members from the set at path.
func (u Update) DeleteFromSet(path string, members ...any) Update {
	return u.with(kindDelete, path, setMembers(members))
}

// reserve implements exprPart; updates have no caller-written placeholders.
func (u Update) reserve(*exprBuilder) error { return nil }

// render implements exprPart: SET, REMOVE, ADD and DELETE clauses in that
// order, each listing its actions in the order they were added.
func (u Update) render(b *exprBuilder) (string, error) {
	if len(u.actions) == 0 {
		return "", invalid("", "update has no changes")
	}
	var set, remove, add, del []string
	for _, a := range u.actions {
		operand := toOperand(a.value, valueSite{a.path, a.kind == kindAppend || a.kind == kindPrepend})
		if _, isValue := operand.(valueOperand); isValue && (a.kind == kindSet || a.kind == kindSetIfNotExists) {
			if member, omitEmpty := b.schema.structMember(a.path); member {
				av, err := b.schema.encodeStoredAt(a.value, valueSite{path: a.path})
				if err != nil {
					return "", err
				}
				if av == nil || omitEmpty && a.value != nil && isEmptyValue(reflect.ValueOf(a.value)) { // Put leaves such a value out
					if a.kind == kindSetIfNotExists {
						continue // the attribute stays as it is, or absent
					}
					a.kind = kindRemove
				}
				operand = valueOperand{av, valueSite{path: a.path}}
			}
		}
		path, err := b.parsedPath(a.path)
		if err != nil {
			return "", err
		}
		if a.kind == kindRemove {
			remove = append(remove, path)
			continue
		}
		value, err := operand.render(b)
		if err != nil {
			return "", err
		}
		if err := a.checkOperand(b.schema, b.values[value]); err != nil {
			return "", err
		}
		switch a.kind {
		case kindSet:
			set = append(set, path+" = "+value)
		case kindSetIfNotExists:
			set = append(set, path+" = if_not_exists("+path+", "+value+")")
		case kindIncrement, kindDecrement:
			zero := b.attributeValue(&types.AttributeValueMemberN{Value: "0"})
			op := " + "
			if a.kind == kindDecrement {
				op = " - "
			}
			set = append(set, path+" = if_not_exists("+path+", "+zero+")"+op+value)
		case kindAppend, kindPrepend:
			empty := b.attributeValue(&types.AttributeValueMemberL{Value: []types.AttributeValue{}})
			list := "if_not_exists(" + path + ", " + empty + ")"
			if a.kind == kindAppend {
				set = append(set, path+" = list_append("+list+", "+value+")")
			} else {
				set = append(set, path+" = list_append("+value+", "+list+")")
			}
		case kindAdd:
			add = append(add, path+" "+value)
		case kindDelete:
			del = append(del, path+" "+value)
		}
	}
	var clauses []string
	for _, c := range []struct {
		keyword string
		items   []string
	}{{"SET", set}, {"REMOVE", remove}, {"ADD", add}, {"DELETE", del}} {
		if len(c.items) > 0 {
			clauses = append(clauses, c.keyword+" "+strings.Join(c.items, ", "))
		}
	}
	return strings.Join(clauses, " "), nil
}

// checkOperand reports an operand av (nil for one that is not a value)
// that would leave the item unreadable as its type s declares: a value
// stored or appended that the field cannot read, an amount that no value
// of the field changed by it can be, set members of another type than the
// set's.
func (a updateAction) checkOperand(s *Schema, av types.AttributeValue) error {
	switch a.kind {
	case kindSet, kindSetIfNotExists, kindAppend, kindPrepend:
		return s.checkAssigned(a.path, av)
	}
	switch av := av.(type) { // Increment, Decrement, ADD or DELETE
	case *types.AttributeValueMemberN:
		return s.checkAmount(a.path, av.Value)
	case *types.AttributeValueMemberSS, *types.AttributeValueMemberNS, *types.AttributeValueMemberBS:
		return s.checkAssigned(a.path, av)
	}
	return nil // DynamoDB refuses the other operands of these actions
}

// listValues is a list operand given as separate elements; it is encoded when
// the update is rendered.
type listValues []any

// attributeValue encodes the elements as a list; each is an element of the
// list at the update's path.
func (l listValues) attributeValue(_, elem format) (types.AttributeValue, error) {
	list := make([]types.AttributeValue, len(l))
	for i, v := range l {
		av, err := encodeValue(v, elem, elem)
		if err != nil {
			return nil, err
		}
		list[i] = av
	}
	return &types.AttributeValueMemberL{Value: list}, nil
}

// setMembers is a set operand given as separate members; it is encoded when
// the update is rendered.
type setMembers []any

// attributeValue encodes the members as an SS, NS or BS by the type of the
// first member; members that are themselves sets are merged in. Each is
// encoded with the format of the whole set (the set option makes a slice
// given as a member a set).
func (m setMembers) attributeValue(whole, elem format) (types.AttributeValue, error) {
	var ss, ns []string
	var bs [][]byte
	for _, v := range m {
		av, err := encodeValue(v, whole, elem)
		if err != nil {
			return nil, err
		}
		switch av := av.(type) {
		case *types.AttributeValueMemberS:
			ss = append(ss, av.Value)
		case *types.AttributeValueMemberSS:
			ss = append(ss, av.Value...)
		case *types.AttributeValueMemberN:
			ns = append(ns, av.Value)
		case *types.AttributeValueMemberNS:
			ns = append(ns, av.Value...)
		case *types.AttributeValueMemberB:
			bs = append(bs, av.Value)
		case *types.AttributeValueMemberBS:
			bs = append(bs, av.Value...)
		default:
			return nil, invalid("", "set member %v is not a string, number or binary value", v)
		}
	}
	switch {
	case len(ss) > 0 && len(ns) == 0 && len(bs) == 0:
		return &types.AttributeValueMemberSS{Value: ss}, nil
	case len(ns) > 0 && len(ss) == 0 && len(bs) == 0:
		return &types.AttributeValueMemberNS{Value: ns}, nil
	case len(bs) > 0 && len(ss) == 0 && len(ns) == 0:
		return &types.AttributeValueMemberBS{Value: bs}, nil
	case len(m) == 0:
		return nil, invalid("", "a set needs at least one member")
	}
	return nil, invalid("", "set members mix strings, numbers and binary values")
}
