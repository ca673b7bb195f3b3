package dynamo

import (
	"bytes"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/number"
)

// Equal reports whether a and b are equal as DynamoDB compares values: same
// type, numbers by value, sets regardless of order, lists in order, maps by
// key. A nil value equals nothing, not even nil.
func Equal(a, b types.AttributeValue) bool {
	switch a := a.(type) {
	case *types.AttributeValueMemberS:
		b, ok := b.(*types.AttributeValueMemberS)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberN:
		b, ok := b.(*types.AttributeValueMemberN)
		return ok && (a.Value == b.Value || number.Compare(a.Value, b.Value) == 0)
	case *types.AttributeValueMemberB:
		b, ok := b.(*types.AttributeValueMemberB)
		return ok && bytes.Equal(a.Value, b.Value)
	case *types.AttributeValueMemberBOOL:
		b, ok := b.(*types.AttributeValueMemberBOOL)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberNULL:
		b, ok := b.(*types.AttributeValueMemberNULL)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberL:
		b, ok := b.(*types.AttributeValueMemberL)
		if !ok || len(a.Value) != len(b.Value) {
			return false
		}
		for i := range a.Value {
			if !Equal(a.Value[i], b.Value[i]) {
				return false
			}
		}
		return true
	case *types.AttributeValueMemberM:
		b, ok := b.(*types.AttributeValueMemberM)
		if !ok || len(a.Value) != len(b.Value) {
			return false
		}
		for k, av := range a.Value {
			bv, ok := b.Value[k]
			if !ok || !Equal(av, bv) {
				return false
			}
		}
		return true
	case *types.AttributeValueMemberSS:
		b, ok := b.(*types.AttributeValueMemberSS)
		return ok && sameMembers(a.Value, b.Value, strings.Compare)
	case *types.AttributeValueMemberNS:
		b, ok := b.(*types.AttributeValueMemberNS)
		return ok && sameMembers(a.Value, b.Value, number.Compare)
	case *types.AttributeValueMemberBS:
		b, ok := b.(*types.AttributeValueMemberBS)
		return ok && sameMembers(a.Value, b.Value, bytes.Compare)
	}
	return false
}

// sameMembers reports whether two sets (slices without duplicates) hold the
// same members. Sets are usually sorted (Normalize sorts them), which makes
// this one linear pass; otherwise it compares sorted copies.
func sameMembers[T any](a, b []T, cmp func(x, y T) int) bool {
	if len(a) != len(b) {
		return false
	}
	if slices.EqualFunc(a, b, func(x, y T) bool { return cmp(x, y) == 0 }) {
		return true
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, cmp)
	slices.SortFunc(b, cmp)
	return slices.EqualFunc(a, b, func(x, y T) bool { return cmp(x, y) == 0 })
}

// EqualItems reports whether two items have the same attributes with equal
// values.
func EqualItems(a, b map[string]types.AttributeValue) bool {
	return Equal(&types.AttributeValueMemberM{Value: a}, &types.AttributeValueMemberM{Value: b})
}
