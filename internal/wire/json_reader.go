package wire

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// A reader walks one JSON response body with wirejson's Scanner, which
// reads from a string so that the strings it returns are substrings of the
// body: decoding a response costs one buffer for the body, not one
// allocation per string, as the SDK's decoder shares one arena between a
// response's strings. The reader adds the shapes of the API (integers,
// doubles, attribute values) and the slabs the attribute values are
// allocated from.
//
// Errors are sticky: the first one is kept and every later read returns a
// zero value, so decoders check Err once at the end.
type reader struct {
	wirejson.Scanner

	strings slab[types.AttributeValueMemberS]
	numbers slab[types.AttributeValueMemberN]
}

// responseSyntax names a response body in the reader's errors.
var responseSyntax = wirejson.Syntax{Name: "JSON", TooDeep: errors.New("response nested too deep")}

// newReader returns a reader of body.
func newReader(body string) reader {
	var r reader
	r.Reset(body, &responseSyntax)
	return r
}

// optString reads a string value into a new pointer.
func (r *reader) optString() *string {
	s := r.String()
	return &s
}

// integer reads an Integer (int32) or Long (int64) value, bits wide.
func (r *reader) integer(bits int) int64 {
	text := r.Number()
	if r.Err() != nil {
		return 0
	}
	n, err := strconv.ParseInt(text, 10, bits)
	if err != nil {
		r.Fail(fmt.Errorf("integer %s: %w", text, err))
	}
	return n
}

// double reads a Double value: a number, or the strings NaN, Infinity and
// -Infinity.
func (r *reader) double() float64 {
	if r.Peek() == '"' {
		switch s := r.String(); {
		case strings.EqualFold(s, "NaN"):
			return math.NaN()
		case strings.EqualFold(s, "Infinity"):
			return math.Inf(1)
		case strings.EqualFold(s, "-Infinity"):
			return math.Inf(-1)
		default:
			r.Fail(fmt.Errorf("unexpected string value for a number: %q", s))
			return 0
		}
	}
	text := r.Number()
	if r.Err() != nil {
		return 0
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		r.Fail(fmt.Errorf("number %s: %w", text, err))
	}
	return f
}
