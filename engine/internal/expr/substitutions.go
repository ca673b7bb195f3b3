package expr

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// DynamoDB's limits on what a request's placeholders stand for, as DynamoDB
// Local enforces them. AWS documents only the 2 MB on all of a request's
// names and values together (Developer Guide, Constraints), which the engine
// checks on the request as a whole.
const (
	// maxSubstitutedSize is the largest an expression may be once its
	// placeholders are replaced: its text, plus the length of the name or
	// the size (attr.Size) of the value each placeholder stands for, at
	// every use (1 MB).
	maxSubstitutedSize = 1 << 20
	// maxUpdateSize is the most an update expression's SET and ADD actions
	// may write by DynamoDB's count before it reads the item: the names of
	// each action's path and the size of each value its operand uses, at
	// every use, whatever the item holds (400 KB, an item's limit).
	maxUpdateSize = attr.MaxItemSize
)

// errUpdateSize is DynamoDB's error of an update expression over
// maxUpdateSize. The engine gives an update that makes the item too large
// the same message; this one fails a transaction as a whole.
var errUpdateSize = apierr.Validation("Item size to update has exceeded the maximum allowed size")

// substitutions counts what the placeholders of a request stand for, at
// every use, while its expressions compile.
type substitutions struct {
	// limited holds the expressions to the limits above; see
	// Params.LimitSubstitutions.
	limited bool
	// names and values are the bytes substituted so far: the names' lengths
	// and the values' sizes.
	names, values int
}

// LimitSubstitutions holds the expressions compiled through p to DynamoDB's
// limits on what a request's placeholders stand for: 1 MB for an expression
// once they are replaced, and 400 KB for what an update expression writes.
// The expressions a PartiQL statement renders to are not held to them: a
// statement's parameters are not substitutions, and DynamoDB Local accepts
// statements over both.
func (p *Params) LimitSubstitutions() { p.subs.limited = true }

// mark returns the bytes substituted so far, to measure an expression or an
// action from.
func (s *substitutions) mark() int { return s.names + s.values }

// name counts one use of a placeholder standing for name n.
func (s *substitutions) name(n string) {
	if s.limited {
		s.names += len(n)
	}
}

// value counts one use of a placeholder standing for value v.
func (s *substitutions) value(v types.AttributeValue) {
	if s.limited {
		s.values += attr.Size(v)
	}
}

// checkSize returns DynamoDB's message for an expression of text whose
// placeholders, since mark, stand for more than maxSubstitutedSize allows.
func (s *substitutions) checkSize(text string, mark int) string {
	if s.limited && len(text)+s.mark()-mark > maxSubstitutedSize {
		return "Expression size has exceeded the maximum allowed size;"
	}
	return ""
}

// updateSize returns what action a of an update expression writes by
// DynamoDB's count, given the bytes its operand's values substituted: the
// names along its path and those values, for SET and ADD; nothing for REMOVE
// and DELETE.
func updateSize(a *action, values int) int {
	if a.clause != clauseSet && a.clause != clauseAdd {
		return 0
	}
	size := values
	for _, s := range a.path {
		if s.Index < 0 {
			size += len(s.Name)
		}
	}
	return size
}
