package wirejson

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestAppendAttributeValue(t *testing.T) {
	tests := []struct {
		v    types.AttributeValue
		want string
		ok   bool
	}{
		{av.S("x"), `{"S":"x"}`, true},
		{av.S(""), `{"S":""}`, true},
		{av.N("-1.5E+3"), `{"N":"-1.5E+3"}`, true},
		{&types.AttributeValueMemberB{Value: []byte("hi")}, `{"B":"aGk="}`, true},
		{&types.AttributeValueMemberB{}, `{"B":""}`, true},
		{&types.AttributeValueMemberBOOL{Value: true}, `{"BOOL":true}`, true},
		{&types.AttributeValueMemberBOOL{}, `{"BOOL":false}`, true},
		{&types.AttributeValueMemberNULL{Value: true}, `{"NULL":true}`, true},
		{&types.AttributeValueMemberSS{Value: []string{"a", "b"}}, `{"SS":["a","b"]}`, true},
		{&types.AttributeValueMemberNS{Value: []string{"1"}}, `{"NS":["1"]}`, true},
		{&types.AttributeValueMemberBS{Value: [][]byte{{1}, {2}}}, `{"BS":["AQ==","Ag=="]}`, true},
		{&types.AttributeValueMemberL{}, `{"L":[]}`, true},
		{&types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("a"), av.N("1")}}, `{"L":[{"S":"a"},{"N":"1"}]}`, true},
		{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": av.S("v")}}, `{"M":{"k":{"S":"v"}}}`, true},
		{&types.AttributeValueMemberM{}, `{"M":{}}`, true},
		{nil, `{}`, false},
		{&types.UnknownUnionMember{Tag: "X"}, `{}`, false},
		{&types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("a"), nil}}, `{"L":[{"S":"a"},{}]}`, false},
		{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": nil}}, `{"M":{"k":{}}}`, false},
		{&types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": nil}}, av.S("b")}}, `{"L":[{"M":{"k":{}}},{"S":"b"}]}`, false},
	}
	for _, tt := range tests {
		got, ok := AppendAttributeValue(nil, tt.v)
		if string(got) != tt.want || ok != tt.ok {
			t.Errorf("AppendAttributeValue(%#v) = %s, %v; want %s, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAppendItem(t *testing.T) {
	item := map[string]types.AttributeValue{"a": av.S("x"), "b\"": av.N("1"), "c": av.M(map[string]types.AttributeValue{"d": av.S("y")})}
	got, ok := AppendItem(nil, item)
	if !ok {
		t.Fatal("ok = false")
	}
	var parsed, want any
	if err := json.Unmarshal(got, &parsed); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	json.Unmarshal([]byte(`{"a":{"S":"x"},"b\"":{"N":"1"},"c":{"M":{"d":{"S":"y"}}}}`), &want)
	if diff := cmp.Diff(want, parsed); diff != "" {
		t.Errorf("AppendItem (-want +got):\n%s", diff)
	}
	if got, ok := AppendItem(nil, nil); string(got) != "{}" || !ok {
		t.Errorf("AppendItem(nil) = %s, %v", got, ok)
	}
	if _, ok := AppendItem(nil, map[string]types.AttributeValue{"a": av.S("x"), "b": nil}); ok {
		t.Error("AppendItem with a nil value: ok = true")
	}
}

// TestAppendStdItem checks that AppendStdItem writes maps at every depth
// in name order and strings as encoding/json escapes them.
func TestAppendStdItem(t *testing.T) {
	item := map[string]types.AttributeValue{
		"b": av.S("x\u2028y"), "a": av.M(map[string]types.AttributeValue{"z": av.N("1"), "\b": av.SS("\xff")}),
		"c": av.L(av.M(map[string]types.AttributeValue{"y": av.Bool(true), "x": av.Null()})),
	}
	want := `{"a":{"M":{"\b":{"SS":["\ufffd"]},"z":{"N":"1"}}},"b":{"S":"x\u2028y"},"c":{"L":[{"M":{"x":{"NULL":true},"y":{"BOOL":true}}}]}}`
	for range 10 { // map order varies from run to run
		got, ok := AppendStdItem(nil, item)
		if string(got) != want || !ok {
			t.Fatalf("AppendStdItem = %s, %v; want %s", got, ok, want)
		}
	}
	if _, ok := AppendStdItem(nil, map[string]types.AttributeValue{"a": av.L(nil)}); ok {
		t.Error("AppendStdItem with a nil value: ok = true")
	}
}
