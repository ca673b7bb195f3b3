package wirejson

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

var avExporter = cmp.Exporter(func(t reflect.Type) bool { return true })

// TestReaderItem reads random items (every type, escapes, nesting) back
// from the JSON AppendItem writes.
func TestReaderItem(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		item := av.Random(rng, 6, 3)
		js, ok := AppendItem(nil, item)
		if !ok {
			t.Fatal("AppendItem: a value without a data type")
		}
		var r Reader
		r.Reset(string(js))
		got := r.Item()
		if err := r.Done(); err != nil {
			t.Fatalf("%v: %s", err, js)
		}
		want, _ := AppendItem(nil, got)
		var a, b any
		if err := json.Unmarshal(js, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(want, &b); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("read back (-written +read):\n%s", diff)
		}
	}
}

func TestReaderTags(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want types.AttributeValue
	}{
		{`{"S":"x"}`, av.S("x")},
		{` { "N" : "1" } `, av.N("1")},
		{`{"\u0053":"escaped tag"}`, av.S("escaped tag")},
		{`{"NULL":true}`, av.Null()},
		{`{"L":[{"S":"a"},{"BOOL":false}]}`, av.L(av.S("a"), av.Bool(false))},
	} {
		var r Reader
		r.Reset(tt.in)
		got := r.AttributeValue()
		if err := r.Done(); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, got, avExporter); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestReaderMalformed(t *testing.T) {
	for _, in := range []string{
		``, `{`, `{"a"}`, `{"a":{}}`, `{"a":{"S":"x","N":"1"}}`, `{"a":{"S":1}}`, `{"a":{"X":"1"}}`,
		`{"a":{"B":"!!"}}`, `{"a":{"L":[}}`, `{"a":{"S":"x"}} x`, `{"a":{"S":"x\q"}}`, `{"a":{"BOOL":tru}}`,
	} {
		var r Reader
		r.Reset(in)
		r.Item()
		if r.Done() == nil {
			t.Errorf("%q read without an error", in)
		}
	}
}

// TestReaderSkipMalformed checks that Skip, which passes over members a
// decoder does not know, accepts only well-formed values: it once took
// "}" for an empty number, so that {"x":} decoded.
func TestReaderSkipMalformed(t *testing.T) {
	for _, in := range []string{`}`, `]`, `,`, `-`, `+1`, `1.`, `.5`, `1e`, `1e+`, `x`, ``, `[1,}`, `{"a":}`} {
		var r Reader
		r.Reset(in)
		r.Skip()
		if r.Done() == nil {
			t.Errorf("%q skipped without an error", in)
		}
	}
	for _, in := range []string{`0`, `-12.5e+3`, `1E9`, `"x"`, `[1,{"a":[true,false,null]}]`} {
		var r Reader
		r.Reset(in)
		r.Skip()
		if err := r.Done(); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// TestReaderSkipAttributeValue checks that SkipAttributeValue accepts
// exactly the attribute values AttributeValue reads.
func TestReaderSkipAttributeValue(t *testing.T) {
	for _, in := range []string{
		`{"S":"x"}`, `{"N":"1"}`, `{"B":"AAE="}`, `{"BOOL":true}`, `{"NULL":true}`, `{"SS":["a"]}`, `{"NS":["1","2"]}`,
		`{"BS":["AA=="]}`, `{"L":[{"S":"a"},{"L":[]}]}`, `{"M":{"a":{"M":{}}}}`,
		`[]`, `{}`, `{"S":1}`, `{"X":"1"}`, `{"B":"!!"}`, `{"L":[1]}`, `{"M":{"a":1}}`, `{"SS":[1]}`, `{"S":"x","N":"1"}`,
		`{"BOOL":tru}`, `{"L":[}`, `1`, `}`,
	} {
		var skip, read Reader
		skip.Reset(in)
		skip.SkipAttributeValue()
		read.Reset(in)
		read.AttributeValue()
		if skipErr, readErr := skip.Done(), read.Done(); (skipErr == nil) != (readErr == nil) {
			t.Errorf("%s: skipped with %v, read with %v", in, skipErr, readErr)
		}
	}
}

func TestReaderCount(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{`[]`, 0}, {` [ ] `, 0}, {`["a"]`, 1}, {`["a","b,c",""]`, 3}, {`["\"]", "x\\"]`, 2},
		{`[{"S":"a"},{"L":[{"N":"1"},{"N":"2"}]},{"M":{"a":{"S":","}}}]`, 3}, {`[1, true, null]`, 3},
	} {
		var r Reader
		r.Reset(tt.in)
		if got := r.Count(); got != tt.want {
			t.Errorf("Count(%s) = %d, want %d", tt.in, got, tt.want)
		}
		if r.Skip(); r.Done() != nil {
			t.Errorf("Count(%s) consumed input: %v", tt.in, r.Done())
		}
	}
}
