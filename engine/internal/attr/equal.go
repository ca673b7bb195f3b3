package attr

import (
	"bytes"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Equal reports whether a and b are equal as DynamoDB compares values: same
// type, numbers by value, sets regardless of order, lists in order, maps by
// key. A nil value equals nothing, not even nil.
func Equal(a, b types.AttributeValue) bool { return dynamo.Equal(a, b) }

// Compare orders two values of the same scalar key type: S by UTF-8 bytes, N
// by value, B by unsigned bytes. ok is false for any other pair of values.
func Compare(a, b types.AttributeValue) (c int, ok bool) {
	switch a := a.(type) {
	case *types.AttributeValueMemberS:
		if b, ok := b.(*types.AttributeValueMemberS); ok {
			return strings.Compare(a.Value, b.Value), true
		}
	case *types.AttributeValueMemberN:
		if b, ok := b.(*types.AttributeValueMemberN); ok {
			return CompareNumbers(a.Value, b.Value), true
		}
	case *types.AttributeValueMemberB:
		if b, ok := b.(*types.AttributeValueMemberB); ok {
			return bytes.Compare(a.Value, b.Value), true
		}
	}
	return 0, false
}
