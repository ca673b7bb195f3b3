package expr

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// comparePaths orders paths step by step: names by text, indexes by number,
// names before indexes. Updates apply writes in this order so that elements
// set beyond the end of a list are appended in index order.
func comparePaths(p, q Path) int {
	for i := 0; i < len(p) && i < len(q); i++ {
		a, b := p[i], q[i]
		switch {
		case a.Index < 0 && b.Index < 0:
			if c := strings.Compare(a.Name, b.Name); c != 0 {
				return c
			}
		case a.Index >= 0 && b.Index >= 0:
			if a.Index != b.Index {
				return a.Index - b.Index
			}
		case a.Index < 0:
			return -1
		default:
			return 1
		}
	}
	return len(p) - len(q)
}

// setAt stores v at path in item, whose parent containers exist. Containers
// along the path are copied, never modified, since they may be shared with
// the item the update started from. An index beyond the end appends.
func setAt(item map[string]types.AttributeValue, path Path, v types.AttributeValue) {
	item[path[0].Name] = replaceIn(item[path[0].Name], path[1:], func(types.AttributeValue) types.AttributeValue { return v })
}

// removeAt deletes the value at path from item, if present; removing a list
// element shifts the ones after it.
func removeAt(item map[string]types.AttributeValue, path Path) {
	if len(path) == 1 {
		delete(item, path[0].Name)
		return
	}
	cur, ok := item[path[0].Name]
	if !ok {
		return
	}
	item[path[0].Name] = replaceIn(cur, path[1:len(path)-1], func(parent types.AttributeValue) types.AttributeValue {
		last := path[len(path)-1]
		switch p := parent.(type) {
		case *types.AttributeValueMemberM:
			if _, ok := p.Value[last.Name]; ok {
				m := maps.Clone(p.Value)
				delete(m, last.Name)
				return &types.AttributeValueMemberM{Value: m}
			}
		case *types.AttributeValueMemberL:
			if last.Index < len(p.Value) {
				return &types.AttributeValueMemberL{Value: slices.Delete(slices.Clone(p.Value), last.Index, last.Index+1)}
			}
		}
		return parent
	})
}

// replaceIn returns a copy of cur in which the value at the relative path
// steps is replaced by f of it. Missing or mistyped containers along the way
// leave cur unchanged.
func replaceIn(cur types.AttributeValue, steps Path, f func(types.AttributeValue) types.AttributeValue) types.AttributeValue {
	if len(steps) == 0 {
		return f(cur)
	}
	s := steps[0]
	switch c := cur.(type) {
	case *types.AttributeValueMemberM:
		if s.Index >= 0 {
			return cur
		}
		child, ok := c.Value[s.Name]
		if !ok && len(steps) > 1 {
			return cur
		}
		m := maps.Clone(c.Value)
		m[s.Name] = replaceIn(child, steps[1:], f)
		return &types.AttributeValueMemberM{Value: m}
	case *types.AttributeValueMemberL:
		if s.Index < 0 {
			return cur
		}
		l := slices.Clone(c.Value)
		if s.Index >= len(l) {
			if len(steps) > 1 {
				return cur
			}
			return &types.AttributeValueMemberL{Value: append(l, f(nil))}
		}
		l[s.Index] = replaceIn(l[s.Index], steps[1:], f)
		return &types.AttributeValueMemberL{Value: l}
	}
	return cur
}
