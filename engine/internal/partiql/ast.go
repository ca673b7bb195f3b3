package partiql

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// Kind is the kind of a statement.
type Kind uint8

// Statement kinds.
const (
	Select Kind = iota
	Insert
	Update
	Delete
	// Exists is EXISTS(SELECT ...), a condition check in a transaction.
	Exists
)

// Returning is the RETURNING clause of an UPDATE or DELETE.
type Returning uint8

// RETURNING values.
const (
	ReturnNothing Returning = iota
	ReturnAllOld
	ReturnModifiedOld
	ReturnAllNew
	ReturnModifiedNew
)

var returningText = [...]string{"", "ALL OLD", "MODIFIED OLD", "ALL NEW", "MODIFIED NEW"}

// returnValues maps a RETURNING clause to the ReturnValues of UpdateItem and
// DeleteItem.
var returnValues = [...]types.ReturnValue{
	"", types.ReturnValueAllOld, types.ReturnValueUpdatedOld, types.ReturnValueAllNew, types.ReturnValueUpdatedNew,
}

// Statement is a parsed statement, independent of its parameters and of
// the table's key schema; Bind completes it. It is immutable and safe for
// concurrent use.
type Statement struct {
	kind  Kind
	table string
	index string // "" when the statement reads the table itself
	// params is how many ? parameters the statement has.
	params int

	star      bool    // SELECT *
	columns   []*node // the paths of the projection otherwise
	where     *node   // nil without a WHERE clause
	order     []orderKey
	value     *node // INSERT's item
	actions   []action
	returning Returning
	// compiled remembers the parameter types with which the statement's
	// expressions compiled.
	compiled compileCache
}

// Kind returns the kind of the statement.
func (s *Statement) Kind() Kind { return s.kind }

// Table returns the name of the table the statement reads or writes.
func (s *Statement) Table() string { return s.table }

// Index returns the name of the index a SELECT reads, or "".
func (s *Statement) Index() string { return s.index }

// Returning returns the RETURNING clause of an UPDATE or DELETE.
func (s *Statement) Returning() Returning { return s.returning }

// orderKey is one key of ORDER BY.
type orderKey struct {
	path *node
	desc bool
}

// action is one SET or REMOVE of an UPDATE; value is nil for REMOVE.
type action struct {
	path  *node
	value *node
}

// nodeKind classifies a node of an expression tree.
type nodeKind uint8

const (
	nPath    nodeKind = iota // path: the steps
	nLiteral                 // value: a string, number, boolean or null
	nMissing                 // MISSING
	nParam                   // param: the index of a ? parameter
	nList                    // args: the elements of [...]
	nStruct                  // keys and args: the fields of {...}
	nBag                     // args: the members of <<...>>
	nCall                    // op: the function name in lower case; args
	nBinary                  // op: the operator; args: two operands
	nNot                     // args: the negated expression
	nNeg                     // args: the operand of unary minus
	nBetween                 // args: operand, lower and upper bound; not
	nIn                      // args: operand and the list; not
	nIs                      // op: the type name in upper case; args: operand; not
	nLike                    // args: operand and pattern; not
)

// node is a node of an expression tree, as written.
type node struct {
	kind  nodeKind
	op    string
	args  []*node
	keys  []*node // the keys of a struct, in order
	path  []step
	value types.AttributeValue
	param int
	not   bool // NOT BETWEEN, NOT IN, IS NOT, NOT LIKE
	paren bool // written in parentheses
	// quoted is set on a path whose first name is written in double
	// quotes.
	quoted bool
	pos    pos // of the token that names the node (an operator's own token)
	// err is the mistake in a list, map or bag the statement writes,
	// found when it is parsed (see Statement.collections).
	err error
}

// anyParam reports whether nodes or the operands below them hold a
// parameter whose index satisfies match.
func anyParam(nodes []*node, match func(index int) bool) bool {
	for _, n := range nodes {
		if n.kind == nParam && match(n.param) || anyParam(n.args, match) {
			return true
		}
	}
	return false
}

// step is one step of a path after its first name: a name (.b or ['b'])
// or a list index ([2]); bad is an index expression DynamoDB cannot use.
type step struct {
	name    string
	index   int
	isIndex bool
	bad     *node
}

// isCondition reports whether the node is a condition rather than a value,
// as AND and OR require of their operands.
func (n *node) isCondition() bool {
	switch n.kind {
	case nBinary:
		switch n.op {
		case "AND", "OR", "=", "<>", "!=", "<", "<=", ">", ">=":
			return true
		}
	case nNot, nBetween, nIn, nIs, nLike, nCall:
		return true
	}
	return false
}
