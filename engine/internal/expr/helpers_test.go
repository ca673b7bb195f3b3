package expr

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/av"
)

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
		"s": av.S("hello"), "e": av.S(""), "u": av.S("héé"), "n": av.N("5"), "b": av.B("\x01\x02"), "t": av.Bool(true), "z": av.Null(),
		"ss": av.SS("a", "b"), "ns": av.NS("1", "2"), "bs": av.BS("\x01"),
		"l": av.L(av.N("1"), av.S("x"), av.L(av.N("2"))),
		"m": av.M(item{"x": av.N("1"), "y": av.M(item{"z": av.S("deep")}), "k": av.L(av.S("a"))}),
	}
}
