package engine

import (
	"encoding/base64"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestStatementToken(t *testing.T) {
	params := []types.AttributeValue{av.S("a")}
	hash := statementHash("SELECT * FROM T WHERE pk = ?", params)
	for _, pos := range []position{{op: 0}, {op: 2, start: item{"pk": av.S("a"), "sk": av.N("7")}}} {
		got, err := decodeToken(encodeToken(hash, pos), func() uint64 { return hash }, 3)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(pos, got, cmp.AllowUnexported(position{}), cmpAV); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
	if statementHash("SELECT * FROM T WHERE pk = ?", []types.AttributeValue{av.S("b")}) == hash {
		t.Error("other parameters give the same hash")
	}
	token := encodeToken(hash, position{op: 1, start: item{"pk": av.S("a")}})
	raw, _ := base64.StdEncoding.DecodeString(*token)
	for name, bad := range map[string]string{
		"another statement's":                *encodeToken(hash+1, position{op: 1}),
		"a read the statement does not have": *encodeToken(hash, position{op: 3}),
		"not base64":                         "!!",
		"truncated":                          base64.StdEncoding.EncodeToString(raw[:5]),
		"with a broken key":                  base64.StdEncoding.EncodeToString(append(raw[:len(raw)-1:len(raw)-1], 0xff, 0xff)),
		"of another version":                 base64.StdEncoding.EncodeToString(append([]byte{9}, raw[1:]...)),
	} {
		if _, err := decodeToken(&bad, func() uint64 { return hash }, 3); err != errInvalidToken {
			t.Errorf("a token %s: %v", name, err)
		}
	}
}

// A statement's hash, which ties its NextToken to it, does not depend on
// the order a map parameter's keys are visited in: the token of a page is
// valid for the same statement sent again.
func TestStatementHashOfMaps(t *testing.T) {
	m := item{}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		m[k] = av.M(item{"x": av.S(k), "y": av.L(av.N("1"), av.M(item{"p": av.S("q"), "r": av.S("s")}))})
	}
	params := []types.AttributeValue{av.M(m)}
	want := statementHash("SELECT * FROM T WHERE a = ?", params)
	for range 20 {
		if got := statementHash("SELECT * FROM T WHERE a = ?", params); got != want {
			t.Fatalf("hash %x, then %x", want, got)
		}
	}
	if statementHash("SELECT * FROM T WHERE a = ?", []types.AttributeValue{av.M(item{"a": av.S("ab")})}) ==
		statementHash("SELECT * FROM T WHERE a = ?", []types.AttributeValue{av.M(item{"aa": av.S("b")})}) {
		t.Error("two maps hash alike")
	}
}
