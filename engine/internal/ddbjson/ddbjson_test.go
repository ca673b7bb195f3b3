package ddbjson

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestAppendItem(t *testing.T) {
	item := map[string]types.AttributeValue{
		"s":    av.S("tab\there \"quoted\" \\ <b>é\x01"),
		"n":    av.N("-1.5e3"),
		"b":    &types.AttributeValueMemberB{Value: []byte{0, 1, 255}},
		"ss":   &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
		"ns":   &types.AttributeValueMemberNS{Value: []string{"1", "2"}},
		"bs":   &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2}}},
		"t":    &types.AttributeValueMemberBOOL{Value: true},
		"f":    &types.AttributeValueMemberBOOL{Value: false},
		"null": &types.AttributeValueMemberNULL{Value: true},
		"l":    &types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("x"), av.N("1")}},
		"m":    av.M(map[string]types.AttributeValue{"k": av.S("v")}),
		"bad":  av.S("\xff"),
	}
	got := string(AppendItem(nil, item))
	want := `{"b":{"B":"AAH/"},"bad":{"S":"\ufffd"},"bs":{"BS":["AQ==","Ag=="]},"f":{"BOOL":false},"l":{"L":[{"S":"x"},{"N":"1"}]},` +
		`"m":{"M":{"k":{"S":"v"}}},"n":{"N":"-1.5e3"},"ns":{"NS":["1","2"]},"null":{"NULL":true},` +
		`"s":{"S":"tab\there \"quoted\" \\ <b>é\u0001"},"ss":{"SS":["a","b"]},"t":{"BOOL":true}}`
	if got != want {
		t.Errorf("AppendItem =\n%s\nwant\n%s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("not valid JSON")
	}
	back, err := DecodeItem([]byte(got))
	if err != nil {
		t.Fatal(err)
	}
	item["bad"] = av.S("\ufffd")
	if diff := cmp.Diff(item, back, cmp.AllowUnexported(types.AttributeValueMemberS{}, types.AttributeValueMemberN{},
		types.AttributeValueMemberB{}, types.AttributeValueMemberSS{}, types.AttributeValueMemberNS{}, types.AttributeValueMemberBS{},
		types.AttributeValueMemberBOOL{}, types.AttributeValueMemberNULL{}, types.AttributeValueMemberL{}, types.AttributeValueMemberM{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, in := range []string{
		`not json`,
		`null`,
		`{"a":"x"}`,
		`{"a":{}}`,
		`{"a":{"S":"x","N":"1"}}`,
		`{"a":{"X":"x"}}`,
		`{"a":{"S":1}}`,
		`{"a":{"S":null}}`,
		`{"a":{"N":1}}`,
		`{"a":{"B":"not base64!"}}`,
		`{"a":{"BOOL":"true"}}`,
		`{"a":{"SS":"a"}}`,
		`{"a":{"BS":["%%"]}}`,
		`{"a":{"L":[{"Q":1}]}}`,
		`{"a":{"M":{"b":{"S":2}}}}`,
	} {
		if item, err := DecodeItem([]byte(in)); err == nil {
			t.Errorf("DecodeItem(%s) = %v, want an error", in, item)
		}
	}
}
