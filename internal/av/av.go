// Package av builds DynamoDB attribute values in tests, short enough to keep
// items readable:
//
//	item := av.Item{"pk": av.S("a"), "n": av.N("1"), "tags": av.SS("x", "y")}
//
// It is for tests only; no package of the project's code imports it.
package av

import (
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Item is an attribute map, as items, keys and expression values are.
type Item = map[string]types.AttributeValue

// S is a string.
func S(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// N is a number, given as its text.
func N(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }

// Int is a number given as an int.
func Int(v int) types.AttributeValue { return &types.AttributeValueMemberN{Value: strconv.Itoa(v)} }

// B is a binary value holding the bytes of v ("\x01\x02" for bytes 1 and 2).
func B(v string) types.AttributeValue { return &types.AttributeValueMemberB{Value: []byte(v)} }

// Bool is a BOOL.
func Bool(v bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: v} }

// Null is NULL (true).
func Null() types.AttributeValue { return &types.AttributeValueMemberNULL{Value: true} }

// SS is a string set; with no members its value is nil, as an empty set
// DynamoDB rejects.
func SS(v ...string) types.AttributeValue { return &types.AttributeValueMemberSS{Value: v} }

// NS is a number set of the given texts.
func NS(v ...string) types.AttributeValue { return &types.AttributeValueMemberNS{Value: v} }

// BS is a binary set, each member the bytes of a string.
func BS(v ...string) types.AttributeValue {
	var members [][]byte
	for _, m := range v {
		members = append(members, []byte(m))
	}
	return &types.AttributeValueMemberBS{Value: members}
}

// L is a list.
func L(v ...types.AttributeValue) types.AttributeValue { return &types.AttributeValueMemberL{Value: v} }

// M is a map.
func M(v Item) types.AttributeValue { return &types.AttributeValueMemberM{Value: v} }

// Cmp makes go-cmp compare attribute values by their values: the SDK's
// member types' unexported field is ignored, and an empty list, map or set
// equals a nil one.
var Cmp = cmp.Options{cmpopts.EquateEmpty(), cmpopts.IgnoreUnexported(
	types.AttributeValueMemberS{}, types.AttributeValueMemberN{}, types.AttributeValueMemberB{},
	types.AttributeValueMemberBOOL{}, types.AttributeValueMemberNULL{}, types.AttributeValueMemberSS{},
	types.AttributeValueMemberNS{}, types.AttributeValueMemberBS{}, types.AttributeValueMemberL{},
	types.AttributeValueMemberM{},
)}
