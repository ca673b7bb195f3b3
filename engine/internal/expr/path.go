package expr

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Step is one step of a document path: an attribute or map key (Index < 0),
// or a list index.
type Step struct {
	Name  string
	Index int
}

// Path is a resolved document path such as a.b[2].c: the first step is always
// a top-level attribute name.
type Path []Step

// String formats the path as DynamoDB's error messages do: [a, b, [2], c].
func (p Path) String() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range p {
		if i > 0 {
			b.WriteString(", ")
		}
		if s.Index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.Index))
			b.WriteByte(']')
		} else {
			b.WriteString(s.Name)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// equal reports whether two paths are identical.
func (p Path) equal(q Path) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

// topLevel returns the first step of each path, each name once, in order.
func topLevel(paths []Path) []string {
	names := make([]string, 0, len(paths))
	for _, p := range paths {
		if !slices.Contains(names, p[0].Name) {
			names = append(names, p[0].Name)
		}
	}
	return names
}

// stepValue returns the child of v that step s selects, or nil.
func stepValue(v types.AttributeValue, s Step) types.AttributeValue {
	if s.Index >= 0 {
		if l, ok := v.(*types.AttributeValueMemberL); ok && s.Index < len(l.Value) {
			return l.Value[s.Index]
		}
		return nil
	}
	if m, ok := v.(*types.AttributeValueMemberM); ok {
		return m.Value[s.Name]
	}
	return nil
}

// lookup returns the value at the path in item, or nil when it does not exist.
func (p Path) lookup(item map[string]types.AttributeValue) types.AttributeValue {
	v := item[p[0].Name]
	for _, s := range p[1:] {
		if v == nil {
			return nil
		}
		v = stepValue(v, s)
	}
	return v
}

// overlap compares two paths for the update and projection rules: overlap
// when one is a prefix of the other, conflict when they diverge at a step
// where one indexes a list and the other names a map key.
func overlap(p, q Path) (overlaps, conflicts bool) {
	for i := 0; i < len(p) && i < len(q); i++ {
		if p[i] == q[i] {
			continue
		}
		return false, (p[i].Index < 0) != (q[i].Index < 0)
	}
	return true, false
}

// checkOverlaps returns DynamoDB's message for the first pair of paths that
// overlap or conflict, or "". DynamoDB Local looks from the last path back,
// pairing each with the paths before it, nearest first: of x.x, x.b, x[0]
// it names x.b and x[0].
func checkOverlaps(paths []Path) string {
	for i := len(paths) - 1; i > 0; i-- {
		p := paths[i]
		for j := i - 1; j >= 0; j-- {
			q := paths[j]
			switch o, c := overlap(q, p); {
			case o:
				return "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: " + q.String() + ", path two: " + p.String()
			case c:
				return "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: " + q.String() + ", path two: " + p.String()
			}
		}
	}
	return ""
}
