package ddb

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestKeyText checks the text of keys of every key type, which messages
// show and batches tell duplicates apart by.
func TestKeyText(t *testing.T) {
	both := &Schema{def: Definition{HashKey: "owner", RangeKey: "id"}}
	hash := &Schema{def: Definition{HashKey: "blob"}}
	tests := []struct {
		s    *Schema
		key  Item
		want string
	}{
		{both, Item{"owner": &types.AttributeValueMemberS{Value: `ann "a"`}, "id": &types.AttributeValueMemberN{Value: "-1.5"}}, `owner="ann \"a\"" id=-1.5`},
		{hash, Item{"blob": &types.AttributeValueMemberB{Value: []byte{0, 0xab}}}, "blob=0x00ab"},
		{hash, Item{"blob": &types.AttributeValueMemberBOOL{Value: true}}, "blob=?"},
	}
	for _, tt := range tests {
		if got := tt.s.keyText(tt.key); got != tt.want {
			t.Errorf("keyText = %s, want %s", got, tt.want)
		}
	}
}
