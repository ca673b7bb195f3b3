package ddb

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// entityKeyCondition returns the key condition of a Query of the schema's
// entities: a sort key value that gives the first fields of the sort key's
// template compares by those fields (see partialSort), and a Query of one
// entity without a sort condition reads that entity's items (see
// defaultSort). Tables keep their key conditions.
func (s *Schema) entityKeyCondition(cond keyCond, keys readKeyNames) keyCond {
	if len(keys.rng) != 1 {
		return cond
	}
	tpl := s.keyTemplate(keys.rng[0])
	if tpl == nil || tpl.passThrough() {
		return cond
	}
	if len(s.entities) == 1 {
		cond = tpl.defaultSort(cond)
	}
	return tpl.partialSort(cond)
}

// defaultSort returns the key condition of a Query of the entity whose sort
// key the template builds, when it has no sort condition: the items whose
// sort key begins with the template's literal prefix (or equals a template
// without fields).
func (t *keyTemplate) defaultSort(cond keyCond) keyCond {
	if cond.template != "" || len(cond.equal) > 0 {
		return cond
	}
	if len(t.fields) == 0 {
		return keyCond{partition: cond.partition, template: sortEqual, sort: []any{&types.AttributeValueMemberS{Value: t.text}}}
	}
	if prefix := t.parts[0].literal; prefix != "" {
		return keyCond{partition: cond.partition, template: sortBeginsWith, sort: []any{&types.AttributeValueMemberS{Value: prefix}}}
	}
	return cond
}

// sortBound is a value of a key condition on a templated sort key that
// gives the template's first fields only (see partialSort). It stands for
// the template rendered up to those fields followed by the literal after
// them or, above, by that literal with its last character incremented:
// the least text above every key whose first fields are those.
type sortBound struct {
	value any // the value as given: a Key of the first fields' values, one value, or nil
	above bool
}

// partialSort returns cond with each value that gives the first fields of
// the template but not all of them (see partial) compared by those
// fields. Such a value v (or w) renders as P (or Q), the text up to its
// last field, which L, the literal after that field, follows in every key
// whose first fields are v's; succ(L) is L with its last character
// incremented. Then
//
//	= v              begins_with(P+L)
//	>= v             >= P+L
//	> v              >= P+succ(L)
//	< v              < P+L
//	<= v             < P+succ(L)
//	BETWEEN v AND w  BETWEEN P+L AND Q+succ(L)
//
// (no key equals Q+succ(L), which lacks the literal after the field).
// Whole keys keep their exact comparisons, and begins_with its prefix: the
// last value given may be the start of its field's text.
func (t *keyTemplate) partialSort(cond keyCond) keyCond {
	if cond.template == "" {
		if len(cond.equal) != 1 || !t.partial(cond.equal[0]) {
			return cond
		}
		return keyCond{partition: cond.partition, template: sortBeginsWith, sort: []any{sortBound{value: cond.equal[0]}}}
	}
	template, above := cond.template, [2]bool{false, true} // above for each value; BETWEEN's upper bound is above
	switch cond.template {
	case sortGreater:
		template, above[0] = sortGreaterOrEqual, true
	case sortLessOrEqual:
		template, above[0] = sortLess, true
	case sortLess, sortGreaterOrEqual, sortBetween:
	default:
		return cond
	}
	if !slices.ContainsFunc(cond.sort, t.partial) {
		return cond
	}
	sort := make([]any, len(cond.sort))
	for i, v := range cond.sort {
		sort[i] = v
		if t.partial(v) {
			sort[i] = sortBound{value: v, above: above[i]}
		}
	}
	return keyCond{partition: cond.partition, equal: cond.equal, template: template, sort: sort}
}

// partial reports whether v, a value of a key condition on the attribute
// the template builds, gives the values of its first fields but not all of
// them, so that a literal follows the last one given: a Key of fewer
// values than the template has fields, one value of a template of
// several, or nil when the template begins with a literal.
func (t *keyTemplate) partial(v any) bool {
	if _, ok := v.(types.AttributeValue); ok {
		return false
	}
	n := len(conditionValues(v))
	return n < len(t.fields) && (n > 0 || t.parts[0].field == "")
}
