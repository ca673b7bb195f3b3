package av

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Sample returns an item with every type, nested lists and maps, empty
// values, a NUL byte and multi-byte text.
func Sample() Item {
	return Item{
		"pk":      S("user#42"),
		"sk":      N("-12.5"),
		"empty":   S(""),
		"nul":     S("a\x00b"),
		"bin":     &types.AttributeValueMemberB{Value: []byte{0, 1, 0xff}},
		"emptyB":  &types.AttributeValueMemberB{Value: []byte{}},
		"yes":     Bool(true),
		"no":      Bool(false),
		"null":    Null(),
		"list":    L(S("x"), N("1"), L(), M(Item{"deep": NS("1", "2")})),
		"emptyL":  &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
		"map":     M(Item{"a": N("0.001"), "": S("e"), "b": &types.AttributeValueMemberBS{Value: [][]byte{{1}, {}}}}),
		"emptyM":  M(Item{}),
		"ss":      SS("", "a", "b"),
		"ns":      NS("-1", "0", "1e-130"),
		"bs":      &types.AttributeValueMemberBS{Value: [][]byte{{}, {0}}},
		"long":    S(strings.Repeat("é", 300)),
		"unicode": S("日本"),
	}
}

// Typical returns a typical item of 12 attributes, for benchmarks.
func Typical() Item {
	return Item{
		"pk":        S("customer#3f2a9c1e-7b4d-4e2a-9f1c-2d3e4f5a6b7c"),
		"sk":        S("order#2026-01-15T10:20:30Z"),
		"status":    S("SHIPPED"),
		"total":     N("129.95"),
		"quantity":  N("3"),
		"createdAt": N("1768472430"),
		"gift":      Bool(false),
		"note":      S("Leave at the front door, please."),
		"tags":      SS("express", "fragile", "priority"),
		"address":   M(Item{"street": S("1 Main St"), "city": S("Springfield"), "zip": S("12345")}),
		"items":     L(S("sku-1"), S("sku-2"), S("sku-3")),
		"coupon":    Null(),
	}
}

// Nest wraps v in depth single-element lists.
func Nest(v types.AttributeValue, depth int) types.AttributeValue {
	for range depth {
		v = L(v)
	}
	return v
}
