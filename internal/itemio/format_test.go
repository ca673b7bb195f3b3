package itemio

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// every holds a value of every type, the edge cases of each format, and
// maps shaped like plain JSON's wrappers.
var every = av.Item{
	"pk":      av.S("user#1"),
	"empty":   av.S(""),
	"html":    av.S("<a href=\"x\">&</a>"),
	"unicode": av.S("żółw 🐢\u2028"),
	"n":       av.N("12345678901234567890123456789012345678"),
	"small":   av.N("-1.5E-130"),
	"zero":    av.N("0"),
	"bin":     av.B("\x00\x01\xff"),
	"nobin":   av.B(""),
	"yes":     av.Bool(true),
	"no":      av.Bool(false),
	"null":    av.Null(),
	"ss":      av.SS("a", "b"),
	"ns":      av.NS("1", "2.50", "-3e5"),
	"bs":      av.BS("\x01", ""),
	"list":    av.L(av.S("x"), av.N("1"), av.L(), av.M(av.Item{})),
	"map":     av.M(av.Item{"a": av.M(av.Item{"b": av.L(av.Null())})}),
	"tagged":  av.M(av.Item{"$SS": av.S("not a set")}),
	"taggedM": av.M(av.Item{"$M": av.M(av.Item{"$B": av.Bool(true)})}),
	"dollar":  av.M(av.Item{"$SS": av.S("x"), "other": av.N("1")}),
	"a.b[0]":  av.S("name with path characters"),
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, f := range []Format{JSON, DynamoJSON} {
		for _, indent := range []string{"", "  "} {
			text, err := Marshal(f, every, indent)
			if err != nil {
				t.Fatalf("Marshal %s: %v", f, err)
			}
			got, err := Unmarshal(f, text)
			if err != nil {
				t.Fatalf("Unmarshal %s of\n%s\n: %v", f, text, err)
			}
			if diff := cmp.Diff(every, got, av.Cmp); diff != "" {
				t.Errorf("%s round trip (-want +got):\n%s\ntext:\n%s", f, diff, text)
			}
		}
	}
}

func TestMarshal(t *testing.T) {
	item := av.Item{
		"pk":   av.S("a<b"),
		"n":    av.N("1.50"),
		"b":    av.B("\x01\x02"),
		"ss":   av.SS("x"),
		"ns":   av.NS("7"),
		"bs":   av.BS("\x03"),
		"l":    av.L(av.Bool(true), av.Null()),
		"m":    av.M(av.Item{"k": av.S("v")}),
		"tags": av.M(av.Item{"$NS": av.L()}),
	}
	tests := []struct {
		f    Format
		want string
	}{
		{JSON, `{"b":{"$B":"AQI="},"bs":{"$BS":["Aw=="]},"l":[true,null],"m":{"k":"v"},"n":1.50,"ns":{"$NS":[7]},"pk":"a<b","ss":{"$SS":["x"]},"tags":{"$M":{"$NS":[]}}}`},
		{DynamoJSON, `{"b":{"B":"AQI="},"bs":{"BS":["Aw=="]},"l":{"L":[{"BOOL":true},{"NULL":true}]},"m":{"M":{"k":{"S":"v"}}},"n":{"N":"1.50"},"ns":{"NS":["7"]},"pk":{"S":"a<b"},"ss":{"SS":["x"]},"tags":{"M":{"$NS":{"L":[]}}}}`},
	}
	for _, tt := range tests {
		got, err := Marshal(tt.f, item, "")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("Marshal(%s) =\n%s\nwant\n%s", tt.f, got, tt.want)
		}
	}
}

func TestMarshalErrors(t *testing.T) {
	tests := []struct {
		f    Format
		item av.Item
		want string
	}{
		// DynamoDB returns numbers in canonical form; other texts have no
		// plain JSON number.
		{JSON, av.Item{"n": av.M(av.Item{"x": av.N(".5")})}, `attribute n.x: number ".5" is not a decimal number`},
		{JSON, av.Item{"v": nil}, "attribute v: a value of no known type (<nil>)"},
		{DynamoJSON, av.Item{"l": av.L(nil)}, "attribute l[0]: a value of no known type (<nil>)"},
		{CSV, av.Item{}, `itemio: "csv" is not a format of single items`},
	}
	for _, tt := range tests {
		_, err := Marshal(tt.f, tt.item, "")
		if err == nil || err.Error() != tt.want {
			t.Errorf("Marshal(%s, %v) error = %v, want %s", tt.f, tt.item, err, tt.want)
		}
	}
}

func TestUnmarshal(t *testing.T) {
	tests := []struct {
		f    Format
		text string
		want av.Item
	}{
		{JSON, `{"a": 1e400, "b": -0.0, "c": "x"}`, av.Item{"a": av.N("1e400"), "b": av.N("-0.0"), "c": av.S("x")}},
		{JSON, `{"s": {"$SS": []}, "b": {"$B": ""}}`, av.Item{"s": &typesSS, "b": av.B("")}},
		{JSON, "\n {\"a\":[{}]} \n", av.Item{"a": av.L(av.M(av.Item{}))}},
		{DynamoJSON, `{"Item": {"pk": {"S": "x"}}}`, av.Item{"pk": av.S("x")}},
		{DynamoJSON, `{"Item": {"S": "x"}}`, av.Item{"Item": av.S("x")}},
		{DynamoJSON, `{"Item": {"M": {}}}`, av.Item{"Item": av.M(av.Item{})}},
		{DynamoJSON, `{"Item": {}}`, av.Item{}},
		{DynamoJSON, `{"Item": {"pk": {"S": "x"}}, "other": {"N": "1"}}`, nil},
		{DynamoJSON, `{"n": {"N": "not checked here"}}`, av.Item{"n": av.N("not checked here")}},
	}
	for _, tt := range tests {
		got, err := Unmarshal(tt.f, []byte(tt.text))
		if tt.want == nil {
			if err == nil {
				t.Errorf("Unmarshal(%s, %s) = %v, want an error", tt.f, tt.text, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("Unmarshal(%s, %s): %v", tt.f, tt.text, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, av.Cmp); diff != "" {
			t.Errorf("Unmarshal(%s, %s) (-want +got):\n%s", tt.f, tt.text, diff)
		}
	}
}

var typesSS = types.AttributeValueMemberSS{Value: []string{}}

func TestUnmarshalErrors(t *testing.T) {
	tests := []struct {
		f    Format
		text string
		want ParseError
	}{
		{JSON, ``, ParseError{Line: 1, Column: 1, Msg: "unexpected end of JSON input"}},
		{JSON, "{\n  \"a\": 1,\n  \"b\": tru\n}", ParseError{Line: 3, Column: 11, Msg: "invalid character '\\n' in literal true (expecting 'e')"}},
		{JSON, "{\n  \"a\": 1\n", ParseError{Line: 3, Column: 1, Msg: "unexpected end of JSON input"}},
		{JSON, `{"a": 1} {"b": 2}`, ParseError{Line: 1, Column: 10, Msg: "text after the value"}},
		{JSON, "{\"pk\": \"inv\xffalid\"}", ParseError{Line: 1, Column: 12, Msg: "byte 0xff is not UTF-8 text"}},
		{JSON, "{\"a\": 1,\n\"b\xe2\x82\": 2}", ParseError{Line: 2, Column: 3, Msg: "byte 0xe2 is not UTF-8 text"}},
		{DynamoJSON, "{\"pk\": {\"S\": \"\xc3\"}}", ParseError{Line: 1, Column: 15, Msg: "byte 0xc3 is not UTF-8 text"}},
		// A lone surrogate used to be read as U+FFFD.
		{JSON, `{"pk": "s", "v": "\ud800"}`, ParseError{Line: 1, Column: 19, Msg: `\ud800 is half of a UTF-16 surrogate pair, not UTF-8 text`}},
		{JSON, `{"v": "a\\\uDC00"}`, ParseError{Line: 1, Column: 11, Msg: `\uDC00 is half of a UTF-16 surrogate pair, not UTF-8 text`}},
		{DynamoJSON, `{"v": {"S": "\ud83d\u0041"}}`, ParseError{Line: 1, Column: 14, Msg: `\ud83d is half of a UTF-16 surrogate pair, not UTF-8 text`}},
		{JSON, `[1]`, ParseError{Msg: "an item must be a JSON object, not an array"}},
		{JSON, `{"a": {"$B": "!!"}}`, ParseError{Path: "a", Msg: `binary value "!!" is not base64: illegal base64 data at input byte 0`}},
		{JSON, `{"a": {"b": [1, {"$NS": ["1"]}]}}`, ParseError{Path: "a.b[1]", Msg: "$NS member 0 is a string, want a number"}},
		{JSON, `{"a": {"$SS": "x"}}`, ParseError{Path: "a", Msg: "$SS holds a string, want an array of strings"}},
		{JSON, `{"a": {"$M": []}}`, ParseError{Path: "a", Msg: "$M holds an array, want an object"}},
		{JSON, `{"x.y": {"$BS": [1]}}`, ParseError{Path: `"x.y"[0]`, Msg: "binary value is a number, want a base64 string"}},
		{DynamoJSON, `{"a": "x"}`, ParseError{Path: "a", Msg: `a string, want an object naming the type, such as {"S": "text"}`}},
		{DynamoJSON, `{"a": {"S": "x", "N": "1"}}`, ParseError{Path: "a", Msg: `an object with 2 members, want one naming the type, such as {"S": "text"}`}},
		{DynamoJSON, `{"a": {"N": 1}}`, ParseError{Path: "a", Msg: "N holds a number, want the number as a string"}},
		{DynamoJSON, `{"a": {"N": ""}}`, ParseError{Path: "a", Msg: "N holds an empty string, not a number"}},
		{DynamoJSON, `{"a": {"X": 1}}`, ParseError{Path: "a", Msg: `unknown type "X" (want S, N, B, BOOL, NULL, SS, NS, BS, L or M)`}},
		{DynamoJSON, `{"a": {"NULL": false}}`, ParseError{Path: "a", Msg: `NULL holds false; a null value is {"NULL": true}`}},
		{DynamoJSON, `{"a": {"L": [{"M": {"b": {"SS": [1]}}}]}}`, ParseError{Path: "a[0].b", Msg: "SS member 0 is a number, want a string"}},
		{DynamoJSON, `{"a": {"BOOL": "true"}}`, ParseError{Path: "a", Msg: "BOOL holds a string, want true or false"}},
	}
	for _, tt := range tests {
		_, err := Unmarshal(tt.f, []byte(tt.text))
		pe, ok := err.(*ParseError)
		if !ok {
			t.Errorf("Unmarshal(%s, %q) error = %v, want a *ParseError", tt.f, tt.text, err)
			continue
		}
		if diff := cmp.Diff(tt.want, *pe); diff != "" {
			t.Errorf("Unmarshal(%s, %q) error (-want +got):\n%s", tt.f, tt.text, diff)
		}
	}
}

func TestParseError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&ParseError{Line: 2, Column: 3, Msg: "bad"}, "line 2, column 3: bad"},
		{&ParseError{Path: "a.b", Msg: "bad"}, "attribute a.b: bad"},
		{&RowError{Row: 4, Line: 9, Err: &ParseError{Msg: "bad"}}, "row 4 (line 9): bad"},
		{&RowError{Row: 4, Err: &ParseError{Msg: "bad"}}, "row 4: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"json": JSON, "JSON": JSON, "ddb-json": DynamoJSON, "dynamodb-json": DynamoJSON, "csv": CSV} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml) succeeded")
	}
}

// TestUnmarshalSurrogatePairs checks that the refusal of lone surrogates
// leaves pairs and escaped backslashes alone.
func TestUnmarshalSurrogatePairs(t *testing.T) {
	item, err := Unmarshal(JSON, []byte(`{"turtle": "\ud83d\udc22", "text": "\\ud800"}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Item{"turtle": av.S("🐢"), "text": av.S(`\ud800`)}, item, av.Cmp); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
