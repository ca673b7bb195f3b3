package itemio

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestCSVRoundTrip(t *testing.T) {
	items := []Item{
		every,
		{"pk": av.S("b"), "n": av.S("now a string"), "extra": av.NS("1")},
		{"pk": av.S("c"), "empty": av.S("filled")},
		{"pk": av.S("d"), "list": av.L()},
		{"pk": av.S("e\r\nkey\r\n"), "note": av.S("two\r\nlines, \"quoted\"\r\n"), "list": av.L(av.S("a\r\nb"))},
	}
	cs := NewColumnSet("pk", "sk")
	for _, item := range items {
		cs.Add(item)
	}
	cols := cs.Columns()
	if cols[0] != (Column{"pk", "S"}) {
		t.Errorf("first column %v, want pk:S", cols[0])
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, cols)
	for _, item := range items {
		if err := w.Write(item); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, errs := readAll(t, NewCSVReader(&buf, CSVOptions{}))
	if errs != nil {
		t.Fatalf("row errors: %v", errs)
	}
	if diff := cmp.Diff(items, got, av.Cmp); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestCSVWriter(t *testing.T) {
	items := []Item{
		{"id": av.S("1"), "price": av.N("9.50"), "tags": av.SS("a", "b"), "bin": av.B("\x01"), "ok": av.Bool(true),
			"nums": av.NS("1", "2"), "bins": av.BS("\x02"), "doc": av.M(av.Item{"k": av.L(av.S("v"))}), "gone": av.Null(),
			"mixed": av.S("")},
		{"id": av.S("2, with \"quotes\""), "mixed": av.N("3")},
	}
	cs := NewColumnSet("id")
	for _, item := range items {
		cs.Add(item)
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, cs.Columns())
	for _, item := range items {
		if err := w.Write(item); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	want := `id:S,bin:B,bins:BS,doc:M,gone:NULL,mixed:ANY,nums:NS,ok:BOOL,price:N,tags:SS
1,AQ==,"[""Ag==""]","{""k"":[""v""]}",null,"{""S"":""""}","[1,2]",true,9.50,"[""a"",""b""]"
"2, with ""quotes""",,,,,"{""N"":""3""}",,,,
`
	if buf.String() != want {
		t.Errorf("wrote\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestCSVWriterErrors(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, []Column{{"id", "S"}, {"n", "N"}})
	tests := []struct {
		item Item
		want string
	}{
		{Item{"id": av.S("a"), "x": av.S("b")}, "row 1: attribute x has no column"},
		{Item{"id": av.S("a"), "n": av.S("b")}, "row 2: attribute n: a value of type S in a column of type N"},
		{Item{"id": av.S("")}, "row 3: attribute id: an empty value, which a S column cannot tell from none (use an ANY column)"},
	}
	for _, tt := range tests {
		err := w.Write(tt.item)
		var re *RowError
		if !errors.As(err, &re) || err.Error() != tt.want {
			t.Errorf("Write(%v) = %v, want row error %q", tt.item, err, tt.want)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "id:S,n:N\n" {
		t.Errorf("wrote %q, want the header alone", buf.String())
	}
}

func TestCSVReader(t *testing.T) {
	input := "\xef\xbb\xbfid,n:N,when:a:b,flag:BOOL,tags:SS,doc:M,any:ANY,raw\n" +
		"1,10,x,TRUE,\"[\"\"a\"\"]\",\"{\"\"a\"\":{\"\"$SS\"\":[\"\"b\"\"]}}\",\"{\"\"BOOL\"\":false}\",007\n" +
		",,,,,,,\n" +
		"2,,,maybe,,,,\n" +
		"3,,,,\"[1]\",,,\n" +
		"4,,,,,[1],,\n" +
		"5,,,,,,\"{\"\"S\"\":1}\",\n" +
		"6,1\n" +
		"7,\"two\nlines\"x\n" + // the error is on the row's second line
		"8,\"unterminated\n"
	got, errs := readAll(t, NewCSVReader(strings.NewReader(input), CSVOptions{}))
	want := []Item{{
		"id": av.S("1"), "n": av.N("10"), "when:a:b": av.S("x"), "flag": av.Bool(true), "tags": av.SS("a"),
		"doc": av.M(av.Item{"a": av.SS("b")}), "any": av.Bool(false), "raw": av.S("007"),
	}}
	if diff := cmp.Diff(want, got, av.Cmp); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		`row 2 (line 4): attribute flag: "maybe" is not true or false`,
		"row 3 (line 5): attribute tags: $SS member 0 is a number, want a string",
		"row 4 (line 6): attribute doc: a value of type L in a column of type M",
		"row 5 (line 7): attribute any: S holds a number, want a string",
		"row 6 (line 8): 2 cells, want 8 (one per column)",
		`row 7 (line 9): extraneous or missing " in quoted-field`,
		`row 8 (line 11): line 11, column 17: extraneous or missing " in quoted-field`,
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("row errors (-want +got):\n%s", diff)
	}
}

func TestCSVReaderInfer(t *testing.T) {
	// A number DynamoDB cannot store (40 digits, 1e999) used to be
	// inferred, and the import failed; it stays a string, as 007 does.
	input := "id,v\na,12\nb,1.5e3\nc,007\nd,true\ne,False\nf,-\ng,1234567890123456789012345678901234567890\nh,1e999\n"
	got, errs := readAll(t, NewCSVReader(strings.NewReader(input), CSVOptions{InferTypes: true}))
	if errs != nil {
		t.Fatal(errs)
	}
	want := []Item{
		{"id": av.S("a"), "v": av.N("12")}, {"id": av.S("b"), "v": av.N("1.5e3")}, {"id": av.S("c"), "v": av.S("007")},
		{"id": av.S("d"), "v": av.Bool(true)}, {"id": av.S("e"), "v": av.S("False")}, {"id": av.S("f"), "v": av.S("-")},
		{"id": av.S("g"), "v": av.S("1234567890123456789012345678901234567890")}, {"id": av.S("h"), "v": av.S("1e999")},
	}
	if diff := cmp.Diff(want, got, av.Cmp); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestCSVReaderHeaderErrors(t *testing.T) {
	for input, want := range map[string]string{
		"":            "EOF",
		"a,b:N,a:S\n": `csv header: attribute "a" has two columns`,
		"a,,b\n":      "csv header: column 2 has no attribute name",
		"a,\"b\n":     `csv header: parse error on line 1, column 6: extraneous or missing " in quoted-field`,
	} {
		r := NewCSVReader(strings.NewReader(input), CSVOptions{})
		_, err := r.Read()
		if err == nil || err.Error() != want {
			t.Errorf("header %q: %v, want %s", input, err, want)
		}
		if _, again := r.Read(); again != err {
			t.Errorf("header %q: second Read = %v, want the same error", input, again)
		}
	}
}

func TestColumnHeader(t *testing.T) {
	for _, c := range []Column{{"a", ""}, {"a", "N"}, {"a:N", ""}, {"a:N", "S"}, {"x:y", ""}, {"time:ANY", "ANY"}} {
		h := c.Header()
		back := parseHeader(h)
		if want := c; want.Type == "" && back.Type == "S" {
			back.Type = "" // the untyped column of a name that looks typed
		}
		if back != c {
			t.Errorf("Header of %v = %q, reads back as %v", c, h, back)
		}
	}
}

func TestCSVReaderKeepsQuotedCRLF(t *testing.T) {
	input := "pk,note\r\n\"a\r\nb\",\"\"\"x\"\"\r\n\"\r\nc,\"\r\r\n\"\r\n"
	got, errs := readAll(t, NewCSVReader(iotest.OneByteReader(strings.NewReader(input)), CSVOptions{}))
	want := []Item{{"pk": av.S("a\r\nb"), "note": av.S("\"x\"\r\n")}, {"pk": av.S("c"), "note": av.S("\r\r\n")}}
	if errs != nil {
		t.Fatalf("row errors: %v", errs)
	}
	if diff := cmp.Diff(want, got, av.Cmp); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}
