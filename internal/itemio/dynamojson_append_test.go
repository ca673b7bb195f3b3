package itemio

import (
	"bytes"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// encoderText returns the DynamoDB JSON encoding/json writes for item,
// which AppendDynamoJSON must match byte for byte.
func encoderText(t testing.TB, item Item) string {
	t.Helper()
	tr, err := tree(DynamoJSON, item)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := encode(&buf, tr, ""); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}))
}

func TestAppendDynamoJSONMatchesEncoder(t *testing.T) {
	var ascii []byte
	for c := range 128 {
		ascii = append(ascii, byte(c))
	}
	items := []Item{
		{},
		{"s": av.S(string(ascii)), "html": av.S("<a href='x'>&amp;</a>"), "seps": av.S("a\u2028b\u2029c"), "bad": av.S("x\xff\xfey"),
			"uni": av.S("é日本🙂"), "empty": av.S("")},
		{"n": av.N("-1.5E+10"), "b": av.B("\x00\x01\xff"), "eb": &types.AttributeValueMemberB{}, "t": av.Bool(true), "f": av.Bool(false), "null": av.Null(),
			"nullFalse": &types.AttributeValueMemberNULL{}},
		{"ss": av.SS("b", "a\n"), "ns": av.NS("1", "2.5"), "bs": av.BS("x", ""), "l": av.L(av.S("x"), av.L(), av.M(Item{})),
			"m": av.M(Item{"z": av.N("1"), "a\"b": av.M(Item{"deep": av.SS("q")})})},
		{string(ascii[1:32]): av.S("control characters in a name")},
	}
	for _, item := range items {
		got, err := AppendDynamoJSON(nil, item)
		if err != nil {
			t.Fatal(err)
		}
		if want := encoderText(t, item); string(got) != want {
			t.Errorf("AppendDynamoJSON =\n%s\nencoding/json writes\n%s", got, want)
		}
	}
}

func TestAppendDynamoJSONError(t *testing.T) {
	dst := []byte("keep")
	got, err := AppendDynamoJSON(dst, Item{"a": av.L(av.S("x"), nil)})
	if err == nil || string(got) != "keep" {
		t.Errorf("AppendDynamoJSON of an item with a nil value = %q, %v; want the destination unchanged and an error", got, err)
	}
}

func FuzzAppendDynamoJSON(f *testing.F) {
	f.Add("plain", "name")
	f.Add("\u2028\x00\xff<>", "\t")
	f.Fuzz(func(t *testing.T, s, name string) {
		item := Item{name: av.S(s), "set": av.SS(s, name+"x"), "bin": av.B(s)}
		got, err := AppendDynamoJSON(nil, item)
		if err != nil {
			t.Fatal(err)
		}
		if want := encoderText(t, item); string(got) != want {
			t.Errorf("AppendDynamoJSON =\n%s\nencoding/json writes\n%s", got, want)
		}
	})
}
