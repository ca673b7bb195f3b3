package expr

import (
	"math"
	"strconv"
)

// maxIndex is the largest list index DynamoDB accepts in a document path.
const maxIndex = math.MaxInt32

// DynamoDB's limits on the text of expressions.
const (
	// MaxExpressionSize is the largest expression text, in bytes.
	MaxExpressionSize = 4096
	// maxPathDepth is how many steps (names and list indexes) a document
	// path may have.
	maxPathDepth = 32
	// maxOperators is how many operators and functions a condition may
	// have (comparisons, AND, OR, NOT, BETWEEN, IN and functions).
	maxOperators = 300
)

// sizeMessage is DynamoDB's message for an expression text of size bytes,
// over MaxExpressionSize. DynamoDB Local states the size of conditions,
// filters and key conditions, not that of projections and updates.
func sizeMessage(k kind, size int) string {
	msg := "Expression size has exceeded the maximum allowed size;"
	if k == kindCondition || k == kindFilter || k == kindKeyCondition {
		msg += " expression size: " + strconv.Itoa(size)
	}
	return msg
}

// countOperators returns the number of operators and functions of a
// condition, counting no further than past limit.
func countOperators(n *node, limit int) int {
	count := 0
	if n.kind != nPath && n.kind != nValue {
		count++
	}
	for _, a := range n.args {
		if count > limit {
			break
		}
		count += countOperators(a, limit-count)
	}
	return count
}

// Function names of the expression language.
const (
	fnAttributeExists    = "attribute_exists"
	fnAttributeNotExists = "attribute_not_exists"
	fnAttributeType      = "attribute_type"
	fnBeginsWith         = "begins_with"
	fnContains           = "contains"
	fnSize               = "size"
	fnIfNotExists        = "if_not_exists"
	fnListAppend         = "list_append"
)

func isUpdateFunction(name string) bool { return name == fnIfNotExists || name == fnListAppend }

// checkText runs the checks that depend only on the text, in DynamoDB's order:
// names, indexes, function names and parentheses over the whole expression
// first, then where each function may appear. It returns the first message.
func checkText(k kind, roots []*node) string {
	if k != kindUpdate && k != kindProjection {
		if count := countOperators(roots[0], maxOperators); count > maxOperators {
			return "The expression contains too many operators; operator count: " + strconv.Itoa(maxOperators+1)
		}
	}
	for _, n := range roots {
		if msg := checkNames(n); msg != "" {
			return msg
		}
	}
	for _, n := range roots {
		var msg string
		switch k {
		case kindUpdate:
			msg = checkUpdateValue(n)
		case kindProjection:
		default:
			msg = checkConditionPlacement(k, n)
		}
		if msg != "" {
			return msg
		}
	}
	return ""
}

// checkNames rejects reserved words, out-of-range list indexes, unknown
// functions and redundant parentheses, walking n in written order. It also
// resolves paths that use no placeholder.
func checkNames(n *node) string {
	if n.parens > 1 {
		return "The expression has redundant parentheses;"
	}
	switch n.kind {
	case nPath:
		return checkPath(n)
	case nFunc:
		switch n.op {
		case fnAttributeExists, fnAttributeNotExists, fnAttributeType, fnBeginsWith, fnContains, fnSize, fnIfNotExists, fnListAppend:
		default:
			return "Invalid function name; function: " + n.op
		}
	}
	for _, a := range n.args {
		if msg := checkNames(a); msg != "" {
			return msg
		}
	}
	return ""
}

func checkPath(n *node) string {
	if len(n.path) > maxPathDepth {
		return "The document path has too many nesting levels; nesting levels: " + strconv.Itoa(len(n.path))
	}
	literal := true
	for _, s := range n.path {
		switch {
		case s.index:
			if i, err := strconv.ParseInt(s.text, 10, 64); err != nil || i > maxIndex {
				return "List index is not within the allowable range; index: [" + s.text + "]"
			}
		case s.text[0] == '#':
			literal = false
		case isReserved(s.text):
			return "Attribute name is a reserved keyword; reserved keyword: " + s.text
		}
	}
	if literal {
		n.resolved = make(Path, len(n.path))
		for i, s := range n.path {
			n.resolved[i] = literalStep(s)
		}
	}
	return ""
}

// literalStep converts a step that is not a placeholder.
func literalStep(s rawStep) Step {
	if s.index {
		i, _ := strconv.Atoi(s.text)
		return Step{Index: i}
	}
	return Step{Name: s.text, Index: -1}
}

// kindFunctionMessage is DynamoDB's message for a function that the kind of
// expression does not allow at all (filters and key conditions count as
// condition expressions here).
func kindFunctionMessage(k kind, fn string) string {
	place := "a condition expression"
	if k == kindUpdate {
		place = "an update expression"
	}
	return "The function is not allowed in " + place + "; function: " + fn
}

func misplacedFunction(fn string) string {
	return "The function is not allowed to be used this way in an expression; function: " + fn
}

// checkConditionPlacement checks that functions of a condition appear where
// they may: size only as an operand, the others only as conditions.
func checkConditionPlacement(k kind, n *node) string {
	switch n.kind {
	case nAnd, nOr, nNot:
		for _, a := range n.args {
			if msg := checkConditionPlacement(k, a); msg != "" {
				return msg
			}
		}
		return ""
	case nFunc:
		if isUpdateFunction(n.op) {
			return kindFunctionMessage(k, n.op)
		}
		if n.op == fnSize {
			return misplacedFunction(n.op)
		}
	}
	return checkConditionOperands(k, n.args)
}

func checkConditionOperands(k kind, args []*node) string {
	for _, a := range args {
		if a.kind != nFunc {
			continue
		}
		if isUpdateFunction(a.op) {
			return kindFunctionMessage(k, a.op)
		}
		if a.op != fnSize {
			return misplacedFunction(a.op)
		}
		if msg := checkConditionOperands(k, a.args); msg != "" {
			return msg
		}
	}
	return ""
}

// checkUpdateValue checks the functions of a SET value: only if_not_exists
// and list_append are allowed, and list_append is neither an operand of + or
// - nor an argument of a function (list_append(if_not_exists(a, :v), :w) is
// fine, if_not_exists(a, list_append(:v, :w)) is not).
func checkUpdateValue(n *node) string {
	if n.kind == nFunc && !isUpdateFunction(n.op) {
		return kindFunctionMessage(kindUpdate, n.op)
	}
	for _, a := range n.args {
		if (n.kind == nArith || n.kind == nFunc) && a.kind == nFunc && a.op == fnListAppend {
			return misplacedFunction(a.op)
		}
		if msg := checkUpdateValue(a); msg != "" {
			return msg
		}
	}
	return ""
}
