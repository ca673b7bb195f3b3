package dynamo

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestTypeOf(t *testing.T) {
	tests := []struct {
		v    types.AttributeValue
		want string
	}{
		{&types.AttributeValueMemberS{}, "S"}, {&types.AttributeValueMemberN{}, "N"},
		{&types.AttributeValueMemberB{}, "B"}, {&types.AttributeValueMemberBOOL{}, "BOOL"},
		{&types.AttributeValueMemberNULL{}, "NULL"}, {&types.AttributeValueMemberL{}, "L"},
		{&types.AttributeValueMemberM{}, "M"}, {&types.AttributeValueMemberSS{}, "SS"},
		{&types.AttributeValueMemberNS{}, "NS"}, {&types.AttributeValueMemberBS{}, "BS"},
		{nil, ""}, {&types.UnknownUnionMember{Tag: "X"}, ""},
	}
	for _, tt := range tests {
		if got := TypeOf(tt.v); got != tt.want {
			t.Errorf("TypeOf(%T) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
