package expr

import "github.com/ddbkit/ddb/engine/internal/apierr"

// kind names the request parameter an expression came from; DynamoDB's error
// messages depend on it.
type kind uint8

const (
	kindCondition kind = iota
	kindFilter
	kindKeyCondition
	kindUpdate
	kindProjection
)

var kindParams = [...]string{"ConditionExpression", "FilterExpression", "KeyConditionExpression", "UpdateExpression", "ProjectionExpression"}

// invalid returns the ValidationException for a compile-time problem in an
// expression of kind k.
func (k kind) invalid(msg string) error {
	return apierr.Validation("Invalid " + kindParams[k] + ": " + msg)
}
