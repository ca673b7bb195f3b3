package wire

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// TestReaderStrings checks string decoding against encoding/json, on
// strings with every escape and with the bytes that end a plain run at
// every offset of the eight-byte blocks wirejson.ReadString tests.
func TestReaderStrings(t *testing.T) {
	alphabet := []string{"a", "Z", "é", "😀", `\"`, `\\`, `\/`, `\n`, `\t`, `\b`, `\f`, `\r`, `\u00e9`, `\u0041`, `\ud83d\ude00`, `\ud800`, `\udc00x`, "\x7f", "\u2028"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		b.WriteByte('"')
		for range rng.IntN(30) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		b.WriteByte('"')
		text := b.String()
		var want string
		if err := json.Unmarshal([]byte(text), &want); err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		r := newReader(text + ",")
		if got := r.String(); got != want || r.Err() != nil || r.Rest() != "," {
			t.Fatalf("String(%s) = %q, %v before %q; want %q before \",\"", text, got, r.Err(), r.Rest(), want)
		}
	}
}

func TestReaderMalformed(t *testing.T) {
	tests := []string{
		``, `{`, `{"Items":[`, `{"Count":}`, `{"Count":1,}`, `{,"Count":1}`, `{"Count" 1}`, `{"Count":1`,
		`{"Items":[{"a":{"S":"x"}},]}`, `{"Items":[{"a":{"S":"x}}]}`, `{"Items":[{"a":{"S":"\x"}}]}`,
		`{"Items":[{"a":{"S":"` + "\x01" + `"}}]}`, `{"Items":[{"a":{"S":"\u12"}}]}`, `{"Count":tru}`,
		`{"Count":"1"}`, `{"Count":1.5}`, `{"Count":99999999999}`, `{"Items":[{"a":{"S":"x","N":"1"}}]}`,
		`{"Items":[{"a":{"B":"not base64!"}}]}`, `{"Count":1} x`, `[]`, `{"Items":{}}`,
		// A compact value after an error: its fast path once cleared the
		// error and read on.
		`{"Items":[{"a" {"S":"x"}}]}`,
		`{"LastEvaluatedKey":` + strings.Repeat(`{"a":{"M":`, 300) + `{}` + strings.Repeat(`}}`, 300) + `}`,
	}
	for _, body := range tests {
		r := newReader(body)
		readQuery(&r, new(dynamodb.QueryOutput))
		r.Done()
		if r.Err() == nil {
			t.Errorf("%.60s: no error", body)
		}
	}
}

func TestReaderValues(t *testing.T) {
	r := newReader(` {"S":"a b"} {"N":"-1.5E+3"} {"B":"AAH/"} {"BOOL":true} {"NULL":true} {"SS":["x","y"]} {"NS":["1"]} {"BS":["AQ==",null]}` +
		` {"L":[{"S":"x"},null,{"N":"2"}]} {"M":{"k":{"S":"v"},"n":null}} {"S" : "spaced" } {"X":1,"S":"unknown member skipped"} {"S":null,"N":"1"} {}`)
	want := []types.AttributeValue{
		av.S("a b"), av.N("-1.5E+3"), &types.AttributeValueMemberB{Value: []byte{0, 1, 0xff}}, av.Bool(true), av.Null(),
		&types.AttributeValueMemberSS{Value: []string{"x", "y"}}, &types.AttributeValueMemberNS{Value: []string{"1"}},
		&types.AttributeValueMemberBS{Value: [][]byte{{1}, nil}},
		&types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("x"), nil, av.N("2")}},
		&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": av.S("v"), "n": nil}},
		av.S("spaced"), av.S("unknown member skipped"), av.N("1"), nil,
	}
	for i, w := range want {
		r.Peek()
		got := r.attributeValue()
		if r.Err() != nil {
			t.Fatalf("value %d: %v", i, r.Err())
		}
		if diff := cmp.Diff(w, got, sdkCmp); diff != "" {
			t.Errorf("value %d (-want +got):\n%s", i, diff)
		}
	}
	r.Done()
	if r.Err() != nil {
		t.Error(r.Err())
	}
}

func TestReaderNumbers(t *testing.T) {
	tests := []struct {
		text string
		want float64
	}{
		{"0", 0}, {"-1", -1}, {"1.5e3", 1500}, {"2E-2", 0.02}, {`"NaN"`, math.NaN()}, {`"Infinity"`, math.Inf(1)}, {`"-infinity"`, math.Inf(-1)},
	}
	for _, tt := range tests {
		r := newReader(tt.text)
		got := r.double()
		if r.Err() != nil || !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("double(%s) = %v, %v", tt.text, got, r.Err())
		}
	}
	for _, bad := range []string{`"1"`, `-`, `1.`, `1e`, `.5`, `"Inf"`} {
		r := newReader(bad)
		r.double()
		if r.Err() == nil {
			t.Errorf("double(%s): no error", bad)
		}
	}
}
