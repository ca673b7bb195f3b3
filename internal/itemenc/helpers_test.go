package itemenc

import (
	"bytes"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type (
	S    = types.AttributeValueMemberS
	N    = types.AttributeValueMemberN
	B    = types.AttributeValueMemberB
	BOOL = types.AttributeValueMemberBOOL
	NULL = types.AttributeValueMemberNULL
	L    = types.AttributeValueMemberL
	M    = types.AttributeValueMemberM
	SS   = types.AttributeValueMemberSS
	NS   = types.AttributeValueMemberNS
	BS   = types.AttributeValueMemberBS
)

type av = types.AttributeValue

// maxNesting is the deepest nesting of lists and maps DynamoDB stores.
const maxNesting = 31

// sameItem reports whether two items hold the same values, exactly: the
// same types, texts and bytes, lists and sets in the same order. Unlike
// cmp, it takes linear time over deep nesting.
func sameItem(a, b map[string]av) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !sameValue(v, w) {
			return false
		}
	}
	return true
}

func sameValue(a, b av) bool {
	switch a := a.(type) {
	case *S:
		b, ok := b.(*S)
		return ok && a.Value == b.Value
	case *N:
		b, ok := b.(*N)
		return ok && a.Value == b.Value
	case *B:
		b, ok := b.(*B)
		return ok && bytes.Equal(a.Value, b.Value)
	case *BOOL:
		b, ok := b.(*BOOL)
		return ok && a.Value == b.Value
	case *NULL:
		_, ok := b.(*NULL)
		return ok
	case *L:
		b, ok := b.(*L)
		return ok && slices.EqualFunc(a.Value, b.Value, sameValue)
	case *M:
		b, ok := b.(*M)
		return ok && sameItem(a.Value, b.Value)
	case *SS:
		b, ok := b.(*SS)
		return ok && slices.Equal(a.Value, b.Value)
	case *NS:
		b, ok := b.(*NS)
		return ok && slices.Equal(a.Value, b.Value)
	case *BS:
		b, ok := b.(*BS)
		return ok && slices.EqualFunc(a.Value, b.Value, bytes.Equal)
	}
	return false
}
