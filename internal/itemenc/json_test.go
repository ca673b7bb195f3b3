package itemenc

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	randomav "github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// fromJSON reads item JSON as the wire protocol's reader does, for the
// transcoder's tests to compare with.
func fromJSON(s string) (map[string]av, error) {
	var r wirejson.Reader
	r.Reset(s)
	item := r.Item()
	if r.Peek() != 0 {
		r.SyntaxError("want the end of the item")
	}
	return item, r.Err()
}

func TestAppendItemFromJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	items := []map[string]av{
		{},
		randomav.Sample(),
		randomav.Typical(),
		wideItem(300),
		{"deep": randomav.Nest(&S{Value: "x"}, MaxDepth)},
		{"empty": &L{}, "m": &M{Value: map[string]av{}}, "b": &B{Value: []byte{}}, "ss": &SS{}, "long": &S{Value: strings.Repeat("é", 200)}},
	}
	for range 300 {
		items = append(items, randomav.Random(r, 6, 3))
	}
	for _, item := range items {
		js, ok := wirejson.AppendItem(nil, item)
		if !ok {
			t.Fatalf("wirejson.AppendItem refused %v", item)
		}
		enc, err := AppendItemFromJSON([]byte("prefix"), string(js))
		if err != nil {
			t.Fatalf("AppendItemFromJSON(%s): %v", js, err)
		}
		got, err := DecodeItem(enc[len("prefix"):])
		if err != nil {
			t.Fatalf("DecodeItem of the encoding of %s: %v", js, err)
		}
		if !sameItem(item, got) {
			t.Errorf("AppendItemFromJSON(%s) decodes as %v", js, got)
		}
	}
}

func TestAppendItemFromJSONErrors(t *testing.T) {
	for _, js := range []string{
		``, `null`, `[]`, `{`, `{"a"}`, `{"a":{}}`, `{"a":{"S":1}}`, `{"a":{"X":"y"}}`,
		`{"a":{"S":"x","N":"1"}}`, `{"a":{"B":"!!"}}`, `{"a":{"SS":["x",1]}}`, `{"a":{"L":[{"S":"x"},]}}`,
		`{"a":{"M":{"b":1}}}`, `{"a":{"BOOL":"true"}}`, `{"a":{"S":"x"}} {}`, `{"a":{"S":"x"}`,
	} {
		if enc, err := AppendItemFromJSON([]byte("kept"), js); err == nil {
			t.Errorf("AppendItemFromJSON(%q) succeeded", js)
		} else if string(enc) != "kept" {
			t.Errorf("AppendItemFromJSON(%q) changed dst to %q", js, enc)
		}
	}
	nullFalse := `{"a":{"L":[{"M":{"b":{"NULL":false}}}]}}`
	if enc, err := AppendItemFromJSON([]byte("kept"), nullFalse); !errors.Is(err, ErrNullFalse) || string(enc) != "kept" {
		t.Errorf("AppendItemFromJSON of a NULL false: %q, %v, want ErrNullFalse", enc, err)
	}
	deep, _ := wirejson.AppendItem(nil, map[string]av{"a": randomav.Nest(&S{Value: "x"}, MaxDepth+1)})
	if _, err := AppendItemFromJSON(nil, string(deep)); !errors.Is(err, ErrTooDeep) {
		t.Errorf("AppendItemFromJSON of %d nested lists: %v, want ErrTooDeep", MaxDepth+1, err)
	}
}

func FuzzAppendItemFromJSON(f *testing.F) {
	for _, item := range []map[string]av{randomav.Sample(), {"a": &L{Value: []av{&M{Value: map[string]av{"b": &NULL{Value: false}}}}}}} {
		js, _ := wirejson.AppendItem(nil, item)
		f.Add(string(js))
	}
	f.Add(`{"a":{"BS":["AAE=",""]},"b":{"NS":["1","-2.5e3"]}}`)
	f.Fuzz(func(t *testing.T, js string) {
		enc, err := AppendItemFromJSON(nil, js) // must not panic
		want, werr := fromJSON(js)
		if err != nil {
			if werr == nil && !errors.Is(err, ErrTooDeep) && !errors.Is(err, ErrNullFalse) {
				t.Fatalf("AppendItemFromJSON refused JSON the wire reader reads: %v", err)
			}
			return
		}
		if werr != nil {
			t.Fatalf("AppendItemFromJSON accepted JSON the wire reader refuses: %v", werr)
		}
		got, err := DecodeItem(enc)
		if err != nil {
			t.Fatalf("DecodeItem of AppendItemFromJSON's encoding: %v", err)
		}
		if !sameItem(got, want) { // the last of duplicate names wins in both
			t.Fatalf("AppendItemFromJSON's encoding decodes as %v, the wire reader reads %v", got, want)
		}
	})
}
