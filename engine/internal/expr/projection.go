package expr

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Projection is a compiled ProjectionExpression with its placeholders
// resolved. It is immutable and safe for concurrent use.
type Projection struct {
	paths []Path
	tree  *projectionTree
}

// Projection compiles a ProjectionExpression.
func (p *Params) Projection(text string) (*Projection, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	parsed := parse(kindProjection, text, parseProjection)
	if parsed.err != "" {
		return nil, kindProjection.invalid(parsed.err)
	}
	mark := p.subs.mark()
	paths := make([]Path, len(parsed.paths))
	for i, n := range parsed.paths {
		path, msg := p.path(n)
		if msg != "" {
			return nil, kindProjection.invalid(msg)
		}
		paths[i] = path
	}
	msg := checkOverlaps(paths)
	if msg == "" {
		msg = p.subs.checkSize(text, mark)
	}
	if msg != "" {
		return nil, kindProjection.invalid(msg)
	}
	return &Projection{paths: paths, tree: newProjectionTree(paths)}, nil
}

func parseProjection(k kind, text string) *parsed {
	paths, msg := parseProjectionText(text)
	if msg == "" {
		msg = checkText(k, paths)
	}
	return &parsed{paths: paths, err: msg}
}

// Apply returns the projected parts of item, keeping their nesting: a.b
// projects to a map holding only b, l[1] to a list holding only that element
// (elements keep their order). Paths that do not exist are left out.
func (pr *Projection) Apply(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	return pr.tree.apply(item)
}

// Attributes returns the top-level attribute names the projection reads, each
// once, in written order.
func (pr *Projection) Attributes() []string {
	return topLevel(pr.paths)
}

// Paths returns the document paths of the projection, in written order.
func (pr *Projection) Paths() []Path {
	return pr.paths
}

// projectionTree is a set of paths merged by common prefix. A node either
// takes its whole value (leaf) or selects map keys or list indexes.
type projectionTree struct {
	leaf    bool
	keys    map[string]*projectionTree
	indexes []int // ascending
	elems   map[int]*projectionTree
}

// newProjectionTree merges paths that neither overlap nor conflict.
func newProjectionTree(paths []Path) *projectionTree {
	root := &projectionTree{}
	for _, p := range paths {
		t := root
		for _, s := range p {
			t = t.child(s)
		}
		t.leaf = true
	}
	return root
}

func (t *projectionTree) child(s Step) *projectionTree {
	if s.Index >= 0 {
		if c, ok := t.elems[s.Index]; ok {
			return c
		}
		if t.elems == nil {
			t.elems = make(map[int]*projectionTree)
		}
		c := &projectionTree{}
		t.elems[s.Index] = c
		i, _ := slices.BinarySearch(t.indexes, s.Index)
		t.indexes = slices.Insert(t.indexes, i, s.Index)
		return c
	}
	if c, ok := t.keys[s.Name]; ok {
		return c
	}
	if t.keys == nil {
		t.keys = make(map[string]*projectionTree)
	}
	c := &projectionTree{}
	t.keys[s.Name] = c
	return c
}

// apply projects a top-level item.
func (t *projectionTree) apply(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(t.keys))
	for name, c := range t.keys {
		if v, ok := item[name]; ok {
			if pv := c.project(v); pv != nil {
				out[name] = pv
			}
		}
	}
	return out
}

// project returns the selected parts of v, or nil when none exists.
func (t *projectionTree) project(v types.AttributeValue) types.AttributeValue {
	if t.leaf {
		return v
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberM:
		if t.keys == nil {
			return nil
		}
		if m := t.apply(v.Value); len(m) > 0 {
			return &types.AttributeValueMemberM{Value: m}
		}
	case *types.AttributeValueMemberL:
		var l []types.AttributeValue
		for _, i := range t.indexes {
			if i < len(v.Value) {
				if pv := t.elems[i].project(v.Value[i]); pv != nil {
					l = append(l, pv)
				}
			}
		}
		if len(l) > 0 {
			return &types.AttributeValueMemberL{Value: l}
		}
	}
	return nil
}
