package attr

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/number"
)

// Size returns the size of a value by DynamoDB's item-size rules: S and B
// their length in bytes; N 1 byte plus 1 per pair of significant digits
// (pairs aligned on the decimal point, as DynamoDB stores numbers in base
// 100) plus 1 if negative; BOOL and NULL 1; L and M 3 bytes plus, per
// element, 1 byte and its size (and its UTF-8 name for M); sets the sum of
// their members. These are the sizes behind DynamoDB Local's consumed
// capacity, measured byte by byte.
func Size(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		return numberSize(v.Value)
	case *types.AttributeValueMemberB:
		return len(v.Value)
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range v.Value {
			n += 1 + Size(e)
		}
		return n
	case *types.AttributeValueMemberM:
		n := 3
		for k, e := range v.Value {
			n += 1 + len(k) + Size(e)
		}
		return n
	case *types.AttributeValueMemberSS:
		n := 0
		for _, s := range v.Value {
			n += len(s)
		}
		return n
	case *types.AttributeValueMemberNS:
		n := 0
		for _, s := range v.Value {
			n += numberSize(s)
		}
		return n
	case *types.AttributeValueMemberBS:
		n := 0
		for _, b := range v.Value {
			n += len(b)
		}
		return n
	}
	return 0
}

// ItemSize returns the size of an item: for each attribute, the UTF-8 length
// of its name plus the Size of its value. It is the size DynamoDB limits to
// 400 KB and rounds up to capacity units.
func ItemSize(item map[string]types.AttributeValue) int {
	n := 0
	for k, v := range item {
		n += len(k) + Size(v)
	}
	return n
}

// numberSize returns the stored size of a number; text that is not a valid
// number counts as zero.
func numberSize(s string) int {
	var d decimal
	if number.Parse(s, &d.Decimal) != nil || d.N == 0 {
		return 1
	}
	n := 1 + d.centimalDigits()
	if d.Neg {
		n++
	}
	return n
}

// centimalDigits returns how many base-100 digits hold d's significant
// digits when they are grouped in pairs aligned on the decimal point.
func (d *decimal) centimalDigits() int {
	lead := 0
	if d.Adj%2 == 0 {
		lead = 1 // the first digit is the units digit of its pair
	}
	return (lead + d.N + 1) / 2
}
