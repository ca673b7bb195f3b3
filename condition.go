package ddb

import (
	"strings"
)

// Condition is a boolean expression over an item's attributes, used as a
// write's condition (If) and later as query and scan filters. Build one from
// Attr, combine with And, Or and Not, or write it by hand with Expr. The zero
// Condition is empty: it adds nothing to a request.
//
// Attribute names become #name placeholders and operands :value placeholders,
// so reserved words and any value need no escaping.
type Condition struct {
	node condNode
}

// condNode is one node of a condition tree.
type condNode interface {
	reserve(b *exprBuilder) error
	render(b *exprBuilder) (string, error)
}

// IsZero reports whether c is the empty condition.
func (c Condition) IsZero() bool { return c.node == nil }

// reserve implements exprPart.
func (c Condition) reserve(b *exprBuilder) error {
	if c.node == nil {
		return nil
	}
	return c.node.reserve(b)
}

// render implements exprPart; the empty condition renders as "".
func (c Condition) render(b *exprBuilder) (string, error) {
	if c.node == nil {
		return "", nil
	}
	return c.node.render(b)
}

// And returns a condition true when c and every one of others are true.
func (c Condition) And(others ...Condition) Condition {
	return And(append([]Condition{c}, others...)...)
}

// Or returns a condition true when c or any one of others is true.
func (c Condition) Or(others ...Condition) Condition {
	return Or(append([]Condition{c}, others...)...)
}

// And returns a condition true when every one of conds is true. Empty
// conditions are ignored.
func And(conds ...Condition) Condition { return logical("AND", conds) }

// Or returns a condition true when any one of conds is true. Empty conditions
// are ignored.
func Or(conds ...Condition) Condition { return logical("OR", conds) }

// Not returns a condition true when c is false.
func Not(c Condition) Condition {
	if c.node == nil {
		return c
	}
	return Condition{notNode{c.node}}
}

func logical(op string, conds []Condition) Condition {
	var nodes []condNode
	for _, c := range conds {
		if c.node != nil {
			nodes = append(nodes, c.node)
		}
	}
	switch len(nodes) {
	case 0:
		return Condition{}
	case 1:
		return Condition{nodes[0]}
	}
	return Condition{logicalNode{op, nodes}}
}

type logicalNode struct {
	op    string // AND or OR
	nodes []condNode
}

func (n logicalNode) reserve(b *exprBuilder) error {
	for _, c := range n.nodes {
		if err := c.reserve(b); err != nil {
			return err
		}
	}
	return nil
}

func (n logicalNode) render(b *exprBuilder) (string, error) {
	texts := make([]string, len(n.nodes))
	for i, c := range n.nodes {
		text, err := c.render(b)
		if err != nil {
			return "", err
		}
		texts[i] = "(" + text + ")"
	}
	return strings.Join(texts, " "+n.op+" "), nil
}

type notNode struct{ node condNode }

func (n notNode) reserve(b *exprBuilder) error { return n.node.reserve(b) }

func (n notNode) render(b *exprBuilder) (string, error) {
	text, err := n.node.render(b)
	return "NOT (" + text + ")", err
}

// templateNode renders a fixed template whose %s verbs are filled with the
// rendered operands, e.g. "%s BETWEEN %s AND %s" or "begins_with(%s, %s)".
type templateNode struct {
	template string
	operands []operand
}

func (n templateNode) reserve(*exprBuilder) error { return nil }

func (n templateNode) render(b *exprBuilder) (string, error) {
	var sb strings.Builder
	rest := n.template
	for _, o := range n.operands {
		before, after, _ := strings.Cut(rest, "%s")
		text, err := o.render(b)
		if err != nil {
			return "", err
		}
		sb.WriteString(before)
		sb.WriteString(text)
		rest = after
	}
	sb.WriteString(rest)
	return sb.String(), nil
}

// inNode renders "x IN (a, b, ...)".
type inNode struct {
	subject operand
	list    []operand
}

func (n inNode) reserve(*exprBuilder) error { return nil }

func (n inNode) render(b *exprBuilder) (string, error) {
	if len(n.list) == 0 {
		return "", invalid("", "condition IN needs at least one value")
	}
	subject, err := n.subject.render(b)
	if err != nil {
		return "", err
	}
	texts := make([]string, len(n.list))
	for i, o := range n.list {
		if texts[i], err = o.render(b); err != nil {
			return "", err
		}
	}
	return subject + " IN (" + strings.Join(texts, ", ") + ")", nil
}

// rawNode is a caller-written condition with its own placeholders.
type rawNode struct {
	text   string
	names  Names
	values Values
}

func (n rawNode) reserve(b *exprBuilder) error {
	for ph, name := range n.names {
		if err := b.reserveName(ph, name); err != nil {
			return err
		}
	}
	for ph, v := range n.values {
		if err := b.reserveValue(ph, v); err != nil {
			return err
		}
	}
	return nil
}

func (n rawNode) render(*exprBuilder) (string, error) { return n.text, nil }

// Names maps the #name placeholders of a raw expression to attribute names.
type Names map[string]string

// Values maps the :value placeholders of a raw expression to values, encoded
// with MarshalValue (an AttributeValue is used as is).
type Values map[string]any

// ExprParam is a Names or Values argument of Expr.
type ExprParam interface{ exprParam() }

func (Names) exprParam()  {}
func (Values) exprParam() {}

// Expr returns a condition written in DynamoDB's expression syntax with the
// caller's own placeholders, for example
//
//	ddb.Expr("#s = :open AND balance >= :min", ddb.Names{"#s": "status"}, ddb.Values{":open": "OPEN", ":min": 10})
//
// It combines freely with built conditions: generated placeholders never
// collide with the caller's.
func Expr(text string, params ...ExprParam) Condition {
	n := rawNode{text: text, names: Names{}, values: Values{}}
	for _, p := range params {
		switch p := p.(type) {
		case Names:
			for k, v := range p {
				n.names[k] = v
			}
		case Values:
			for k, v := range p {
				n.values[k] = v
			}
		}
	}
	return Condition{n}
}
