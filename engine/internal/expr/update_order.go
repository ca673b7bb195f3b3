package expr

import "slices"

// evaluationOrder returns the indexes of the update's actions in the order
// they are evaluated, which decides the error reported when several actions
// fail. DynamoDB (as DynamoDB Local shows) walks the actions' paths as a
// tree: top-level attributes and map keys in the order of a
// java.util.HashMap holding them, list indexes in increasing order. Of the
// actions that fail, it reports the last one in that walk, so the actions
// are evaluated in the reverse of it and the first error is the one
// reported.
func (u *Update) evaluationOrder() []int {
	if len(u.actions) == 1 {
		return onlyAction
	}
	ids := make([]int, len(u.actions))
	for i := range ids {
		ids[i] = i
	}
	order := u.walk(make([]int, 0, len(ids)), ids, 0)
	slices.Reverse(order)
	return order
}

// onlyAction is the evaluation order of an update of one action, shared
// (it is never modified).
var onlyAction = []int{0}

// walk appends to order the actions ids, whose paths share their first depth
// steps, in the order of the tree walk.
func (u *Update) walk(order, ids []int, depth int) []int {
	if len(ids) == 1 {
		// Overlapping paths are refused before the order is computed, so
		// a path that ends here is the only one below its parent.
		return append(order, ids[0])
	}
	// The children of this node, in the order their steps first appear;
	// they are all keys or all indexes (a mix is refused as a conflict).
	var steps []Step
	var groups [][]int
	for _, id := range ids {
		s := u.actions[id].path[depth]
		i := slices.Index(steps, s)
		if i < 0 {
			i = len(steps)
			steps = append(steps, s)
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], id)
	}
	var visit []int
	if steps[0].Index >= 0 {
		visit = make([]int, len(steps))
		for i := range visit {
			visit[i] = i
		}
		slices.SortFunc(visit, func(a, b int) int { return steps[a].Index - steps[b].Index })
	} else {
		names := make([]string, len(steps))
		for i, s := range steps {
			names[i] = s.Name
		}
		for _, name := range JavaSetOrder(names) {
			visit = append(visit, slices.Index(names, name))
		}
	}
	for _, i := range visit {
		order = u.walk(order, groups[i], depth+1)
	}
	return order
}
