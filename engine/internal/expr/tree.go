package expr

// nodeKind classifies a node of the syntax tree.
type nodeKind uint8

const (
	nOr      nodeKind = iota // args: two conditions
	nAnd                     // args: two conditions
	nNot                     // args: one condition
	nCompare                 // op: comparator; args: two operands
	nBetween                 // args: operand, lower, upper
	nIn                      // args: operand, then the list
	nFunc                    // op: function name; args: its operands
	nPath                    // path: the document path as written
	nValue                   // op: the :placeholder
	nArith                   // op: "+" or "-"; args: two operands
)

// node is the syntax tree of an expression as written: placeholders are not
// resolved yet, so one tree serves every request that uses the same text.
type node struct {
	kind   nodeKind
	op     string
	args   []*node
	path   []rawStep
	parens int // parentheses written directly around this node

	// resolved is the path of an nPath node that uses no #placeholder,
	// computed once when the text is parsed.
	resolved Path
}

// rawStep is one step of a document path as written: an attribute name or
// #placeholder, or the digits of a list index.
type rawStep struct {
	text  string
	index bool
}

// clauseKind is one of the four clauses of an update expression.
type clauseKind uint8

const (
	clauseSet clauseKind = iota
	clauseRemove
	clauseAdd
	clauseDelete
)

var clauseNames = [...]string{"SET", "REMOVE", "ADD", "DELETE"}

// rawAction is one comma-separated action of an update expression; value is
// nil for REMOVE.
type rawAction struct {
	clause clauseKind
	first  bool // the first action after its clause keyword
	path   *node
	value  *node
}
