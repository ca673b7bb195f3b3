package expr

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// action is one resolved action of an update expression. For SET, value is
// the operand to compute; for ADD and DELETE it is a constant; for REMOVE nil.
type action struct {
	clause clauseKind
	path   Path
	value  *operand
}

// Update is a compiled UpdateExpression with its placeholders resolved. It is
// immutable and safe for concurrent use.
type Update struct {
	actions []action // in written order
	order   []int    // indexes of actions in evaluation order
}

// Update compiles an UpdateExpression.
func (p *Params) Update(text string) (*Update, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	parsed := parse(kindUpdate, text, parseUpdate)
	if parsed.err != "" {
		return nil, kindUpdate.invalid(parsed.err)
	}
	mark := p.subs.mark()
	u := &Update{actions: make([]action, len(parsed.actions))}
	for i, a := range parsed.actions {
		path, msg := p.path(a.path)
		if msg != "" {
			return nil, kindUpdate.invalid(msg)
		}
		u.actions[i] = action{clause: a.clause, path: path}
	}
	// Of several actions whose operands are wrong, DynamoDB names the
	// last one written.
	written := 0
	for i := len(u.actions) - 1; i >= 0; i-- {
		values := p.subs.values
		if msg := p.bindValue(&u.actions[i], parsed.actions[i].value); msg != "" {
			return nil, kindUpdate.invalid(msg)
		}
		if p.subs.limited {
			written += updateSize(&u.actions[i], p.subs.values-values)
		}
	}
	msg := checkOverlaps(u.paths())
	if msg == "" {
		msg = p.subs.checkSize(text, mark)
	}
	if msg != "" {
		return nil, kindUpdate.invalid(msg)
	}
	if written > maxUpdateSize {
		return nil, errUpdateSize
	}
	u.order = u.evaluationOrder()
	return u, nil
}

// parseUpdate parses and checks the text of an update expression.
func parseUpdate(_ kind, text string) *parsed {
	actions, msg := parseUpdateText(text)
	if msg != "" {
		return &parsed{err: msg}
	}
	roots := make([]*node, 0, 2*len(actions))
	for _, a := range actions {
		roots = append(roots, a.path)
		if a.value != nil {
			roots = append(roots, a.value)
		}
	}
	for _, r := range roots {
		if msg = checkNames(r); msg != "" {
			return &parsed{err: msg}
		}
	}
	msg = checkClauses(actions)
	if msg == "" {
		for _, a := range actions {
			if a.clause == clauseSet {
				if msg = checkUpdateValue(a.value); msg != "" {
					break
				}
			}
		}
	}
	return &parsed{actions: actions, err: msg}
}

// checkClauses rejects a clause keyword used twice.
func checkClauses(actions []rawAction) string {
	var seen [len(clauseNames)]bool
	for _, a := range actions {
		if !a.first {
			continue
		}
		if seen[a.clause] {
			return `The "` + clauseNames[a.clause] + `" section can only be used once in an update expression;`
		}
		seen[a.clause] = true
	}
	return ""
}

// typeSetNames are the type names DynamoDB's ADD and DELETE messages use.
var typeSetNames = map[string]string{
	"S": "STRING", "N": "NUMBER", "B": "BINARY", "BOOL": "BOOLEAN", "NULL": "NULL", "L": "LIST", "M": "MAP",
	"SS": "STRING_SET", "NS": "NUMBER_SET", "BS": "BINARY_SET",
}

// bindValue binds the operand of act, whose clause and path are set, and
// checks its type where the clause constrains it.
func (p *Params) bindValue(act *action, value *node) string {
	if value == nil {
		return ""
	}
	var msg string
	if act.value, msg = p.bindOperand(value); msg != "" || act.clause == clauseSet {
		return msg
	}
	t := dynamo.TypeOf(act.value.value)
	switch {
	case t == "SS" || t == "NS" || t == "BS":
	case t == "N" && act.clause == clauseAdd:
	default:
		name := clauseNames[act.clause]
		return "Incorrect operand type for operator or function; operator: " + name + ", operand type: " + typeSetNames[t] + ", typeSet: ALLOWED_FOR_" + name + "_OPERAND"
	}
	return ""
}

// Attributes returns the top-level attribute names the update writes or
// removes, each once, in written order.
func (u *Update) Attributes() []string {
	return topLevel(u.paths())
}

// paths returns the paths of the update's actions, in written order.
func (u *Update) paths() []Path {
	paths := make([]Path, len(u.actions))
	for i, a := range u.actions {
		paths[i] = a.path
	}
	return paths
}

// Updated returns the parts of item at the paths the update touches, nested
// as in item: what ReturnValues UPDATED_OLD (item before the update) and
// UPDATED_NEW (item after) return.
func (u *Update) Updated(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	return newProjectionTree(u.paths()).apply(item)
}
