package expr

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

func s(v string) types.AttributeValue     { return &types.AttributeValueMemberS{Value: v} }
func n(v string) types.AttributeValue     { return &types.AttributeValueMemberN{Value: v} }
func b(v string) types.AttributeValue     { return &types.AttributeValueMemberB{Value: []byte(v)} }
func bl(v bool) types.AttributeValue      { return &types.AttributeValueMemberBOOL{Value: v} }
func null() types.AttributeValue          { return &types.AttributeValueMemberNULL{Value: true} }
func ss(v ...string) types.AttributeValue { return &types.AttributeValueMemberSS{Value: v} }
func ns(v ...string) types.AttributeValue { return &types.AttributeValueMemberNS{Value: v} }
func bs(v ...string) types.AttributeValue {
	out := make([][]byte, len(v))
	for i, x := range v {
		out[i] = []byte(x)
	}
	return &types.AttributeValueMemberBS{Value: out}
}
func l(v ...types.AttributeValue) types.AttributeValue { return &types.AttributeValueMemberL{Value: v} }
func m(v map[string]types.AttributeValue) types.AttributeValue {
	return &types.AttributeValueMemberM{Value: v}
}

type item = map[string]types.AttributeValue

// message returns the ValidationException message of err, failing the test
// for any other kind of error.
func message(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var apiErr *smithy.GenericAPIError
	if !errors.As(err, &apiErr) || apiErr.Code != "ValidationException" {
		t.Fatalf("error %v is not a ValidationException", err)
	}
	return apiErr.Message
}

// sample is the item the evaluation tests run against.
func sample() item {
	return item{
		"s": s("hello"), "e": s(""), "u": s("héé"), "n": n("5"), "b": b("\x01\x02"), "t": bl(true), "z": null(),
		"ss": ss("a", "b"), "ns": ns("1", "2"), "bs": bs("\x01"),
		"l": l(n("1"), s("x"), l(n("2"))),
		"m": m(item{"x": n("1"), "y": m(item{"z": s("deep")}), "k": l(s("a"))}),
	}
}
