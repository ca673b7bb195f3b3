package expr

import (
	"bytes"
	"iter"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// Runtime messages of UpdateItem, reported without an expression prefix.
const (
	msgInvalidPath    = "The document path provided in the update expression is invalid for update"
	msgMissingOperand = "The provided expression refers to an attribute that does not exist in the item"
	msgOperandType    = "An operand in the update expression has an incorrect data type"
	msgNesting        = "Nesting Levels have exceeded supported limits"
)

// Apply returns the item that results from applying the update to item (nil
// for an item that does not exist yet). item is not modified; unchanged parts
// are shared with the result. Errors are DynamoDB's ValidationExceptions.
//
// Like DynamoDB, every value is computed from the item as it was before the
// update, and list indexes refer to the list before the update: elements set
// beyond the end are appended in index order, and removed elements close up.
func (u *Update) Apply(item map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	writes, removes, err := u.evaluate(item)
	if err != nil {
		return nil, err
	}
	out := make(map[string]types.AttributeValue, len(item)+len(writes))
	for k, v := range item {
		out[k] = v
	}
	// Paths do not overlap (Update refuses that), so only their order
	// decides how list elements set beyond the end are appended.
	slices.SortFunc(writes, func(x, y write) int { return comparePaths(x.path, y.path) })
	for _, w := range writes {
		if w.value == nil {
			removeAt(out, w.path)
		} else {
			setAt(out, w.path, w.value)
		}
	}
	slices.SortFunc(removes, func(x, y Path) int { return comparePaths(y, x) })
	for _, p := range removes {
		removeAt(out, p)
	}
	return out, nil
}

// write is what an action other than REMOVE stores at its path.
type write struct {
	path  Path
	value types.AttributeValue // nil removes (a DELETE that leaves nothing)
}

// evaluate returns what the actions write and the paths they remove,
// checking every path and operand against item in DynamoDB's order (see
// evaluationOrder): an action's target path first, then its operands from
// left to right, each for existence and then type. One exception, as in
// DynamoDB: a path below a top-level attribute the item lacks is reported
// invalid only when no other action fails.
func (u *Update) evaluate(item map[string]types.AttributeValue) ([]write, []Path, error) {
	writes := make([]write, 0, len(u.actions))
	var removes []Path
	invalidBelowMissing := false
	for _, i := range u.order {
		a := u.actions[i]
		if len(a.path) > 1 && item[a.path[0].Name] == nil {
			invalidBelowMissing = true
			continue
		}
		if !parentExists(item, a.path) {
			return nil, nil, apierr.Validation(msgInvalidPath)
		}
		var v types.AttributeValue
		var err error
		switch a.clause {
		case clauseRemove:
			removes = append(removes, a.path)
			continue
		case clauseSet:
			if v, err = compute(a.value, item); err == nil && v == nil {
				err = apierr.Validation(msgMissingOperand)
			}
		case clauseAdd:
			v, err = add(a.path.lookup(item), a.value.value)
		case clauseDelete:
			old := a.path.lookup(item)
			if old == nil {
				continue // nothing to delete from
			}
			v, err = subtractSet(old, a.value.value)
		}
		if err != nil {
			return nil, nil, err
		}
		if v != nil && deeper(v, attr.MaxNesting-(len(a.path)-1)) {
			return nil, nil, apierr.Validation(msgNesting)
		}
		writes = append(writes, write{a.path, v})
	}
	if invalidBelowMissing {
		return nil, nil, apierr.Validation(msgInvalidPath)
	}
	return writes, removes, nil
}

// deeper reports whether v nests more than levels levels of lists and maps
// (a scalar has none).
func deeper(v types.AttributeValue, levels int) bool {
	var children iter.Seq[types.AttributeValue]
	switch v := v.(type) {
	case *types.AttributeValueMemberM:
		children = maps.Values(v.Value)
	case *types.AttributeValueMemberL:
		children = slices.Values(v.Value)
	default:
		return false
	}
	if levels == 0 {
		return true
	}
	for e := range children {
		if deeper(e, levels-1) {
			return true
		}
	}
	return false
}

// parentExists reports whether the container the last step of path refers
// into exists in item with the right type: a map for a key, a list for an
// index. The item itself is the parent of a top-level attribute.
func parentExists(item map[string]types.AttributeValue, path Path) bool {
	if len(path) == 1 {
		return true
	}
	parent := path[:len(path)-1].lookup(item)
	last := path[len(path)-1]
	switch parent.(type) {
	case *types.AttributeValueMemberM:
		return last.Index < 0
	case *types.AttributeValueMemberL:
		return last.Index >= 0
	}
	return false
}

// operandsExist reports whether every attribute a SET value reads exists,
// except the first operand of if_not_exists.
func operandsExist(o *operand, item map[string]types.AttributeValue) bool {
	switch o.kind {
	case opPath:
		return o.path.lookup(item) != nil
	case opIfNotExists:
		return operandsExist(o.args[1], item)
	}
	for _, a := range o.args {
		if !operandsExist(a, item) {
			return false
		}
	}
	return true
}

// computeBoth computes the two operands of a binary operand, left first,
// and checks that both exist and are Ts, left first. Like DynamoDB, it
// computes both before checking either, so that an error raised inside the
// right operand (a missing default of if_not_exists) comes before a wrong
// type on the left.
func computeBoth[T types.AttributeValue](o *operand, item map[string]types.AttributeValue) (x, y T, err error) {
	vx, err := compute(o.args[0], item)
	if err != nil {
		return x, y, err
	}
	vy, err := compute(o.args[1], item)
	if err != nil {
		return x, y, err
	}
	if x, err = operandAs[T](vx); err != nil {
		return x, y, err
	}
	y, err = operandAs[T](vy)
	return x, y, err
}

// operandAs checks that a computed operand exists and is a T.
func operandAs[T types.AttributeValue](v types.AttributeValue) (T, error) {
	if v == nil {
		var zero T
		return zero, apierr.Validation(msgMissingOperand)
	}
	t, ok := v.(T)
	if !ok {
		return t, apierr.Validation(msgOperandType)
	}
	return t, nil
}

// compute evaluates a SET value against item: nil for an attribute the
// item lacks, which the caller reports when it needs the value.
func compute(o *operand, item map[string]types.AttributeValue) (types.AttributeValue, error) {
	switch o.kind {
	case opIfNotExists:
		v := o.args[0].path.lookup(item)
		if v == nil {
			var err error
			if v, err = compute(o.args[1], item); err != nil {
				return nil, err
			}
		} else if !operandsExist(o.args[1], item) {
			// DynamoDB requires the default's attributes to exist even
			// when it is not used.
			return nil, apierr.Validation(msgMissingOperand)
		}
		if v == nil {
			return nil, apierr.Validation(msgMissingOperand)
		}
		return v, nil
	case opAdd, opSubtract:
		x, y, err := computeBoth[*types.AttributeValueMemberN](o, item)
		if err != nil {
			return nil, err
		}
		var r string
		if o.kind == opAdd {
			r, err = attr.AddNumbers(x.Value, y.Value)
		} else {
			r, err = attr.SubtractNumbers(x.Value, y.Value)
		}
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberN{Value: r}, nil
	case opListAppend:
		x, y, err := computeBoth[*types.AttributeValueMemberL](o, item)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberL{Value: slices.Concat(x.Value, y.Value)}, nil
	}
	return o.eval(item), nil
}

// add is the ADD action: number addition (a missing attribute counts as 0)
// or set union.
func add(old, v types.AttributeValue) (types.AttributeValue, error) {
	if old == nil {
		return v, nil
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberN:
		if o, ok := old.(*types.AttributeValueMemberN); ok {
			r, err := attr.AddNumbers(o.Value, v.Value)
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberN{Value: r}, nil
		}
	case *types.AttributeValueMemberSS:
		if o, ok := old.(*types.AttributeValueMemberSS); ok {
			return &types.AttributeValueMemberSS{Value: union(o.Value, v.Value, stringsEqual)}, nil
		}
	case *types.AttributeValueMemberNS:
		if o, ok := old.(*types.AttributeValueMemberNS); ok {
			return &types.AttributeValueMemberNS{Value: union(o.Value, v.Value, stringsEqual)}, nil
		}
	case *types.AttributeValueMemberBS:
		if o, ok := old.(*types.AttributeValueMemberBS); ok {
			return &types.AttributeValueMemberBS{Value: union(o.Value, v.Value, bytes.Equal)}, nil
		}
	}
	return nil, apierr.Validation(msgOperandType)
}

// subtractSet is the DELETE action: set difference; nil when nothing is left.
func subtractSet(old, v types.AttributeValue) (types.AttributeValue, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberSS:
		if o, ok := old.(*types.AttributeValueMemberSS); ok {
			if rest := difference(o.Value, v.Value, stringsEqual); len(rest) > 0 {
				return &types.AttributeValueMemberSS{Value: rest}, nil
			}
			return nil, nil
		}
	case *types.AttributeValueMemberNS:
		if o, ok := old.(*types.AttributeValueMemberNS); ok {
			if rest := difference(o.Value, v.Value, stringsEqual); len(rest) > 0 {
				return &types.AttributeValueMemberNS{Value: rest}, nil
			}
			return nil, nil
		}
	case *types.AttributeValueMemberBS:
		if o, ok := old.(*types.AttributeValueMemberBS); ok {
			if rest := difference(o.Value, v.Value, bytes.Equal); len(rest) > 0 {
				return &types.AttributeValueMemberBS{Value: rest}, nil
			}
			return nil, nil
		}
	}
	return nil, apierr.Validation(msgOperandType)
}

// stringsEqual compares members of string and number sets, whose numbers are
// normalized and so equal exactly when their text is.
func stringsEqual(a, b string) bool { return a == b }

// union returns a followed by the members of b not in a.
func union[T any](a, b []T, eq func(T, T) bool) []T {
	out := slices.Clip(a)
	for _, x := range b {
		if !slices.ContainsFunc(a, func(y T) bool { return eq(x, y) }) {
			out = append(out, x)
		}
	}
	return out
}

// difference returns the members of a not in b.
func difference[T any](a, b []T, eq func(T, T) bool) []T {
	var out []T
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y T) bool { return eq(x, y) }) {
			out = append(out, x)
		}
	}
	return out
}
