package expr

// Attributes returns the top-level attribute names the condition reads, each
// once, in written order.
func (c *Condition) Attributes() []string {
	return topLevel(c.Paths())
}

// Paths returns the document paths the condition reads, in written order
// (a path read twice appears twice).
func (c *Condition) Paths() []Path {
	var paths []Path
	c.appendPaths(&paths)
	return paths
}

func (c *Condition) appendPaths(paths *[]Path) {
	for _, kid := range c.kids {
		kid.appendPaths(paths)
	}
	for _, o := range c.operands {
		o.appendPaths(paths)
	}
}

func (o *operand) appendPaths(paths *[]Path) {
	if o.kind == opPath {
		*paths = append(*paths, o.path)
	}
	for _, a := range o.args {
		a.appendPaths(paths)
	}
}
