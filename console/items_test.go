package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/av"
)

// keyParam is the key parameter of item requests.
func keyParam(ddbJSON string) string { return "?key=" + url.QueryEscape(ddbJSON) }

func TestItems(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "n": av.N("12345678901234567890.5"), "s": av.SS("x")})
	key1 := `{"pk":{"S":"a"},"sk":{"N":"1"}}`

	// The editor reads items in both formats, numbers exact.
	var got struct{ Text string }
	h.ok("GET", "api/tables/tbl/item"+keyParam(key1), nil, &got)
	if want := "{\n  \"n\": 12345678901234567890.5,\n  \"pk\": \"a\",\n  \"s\": {\n    \"$SS\": [\n      \"x\"\n    ]\n  },\n  \"sk\": 1\n}"; got.Text != want {
		t.Errorf("plain text:\n%s\nwant\n%s", got.Text, want)
	}
	h.ok("GET", "api/tables/tbl/item"+keyParam(key1)+"&format=ddb-json", nil, &got)
	if want := "{\n  \"n\": {\n    \"N\": \"12345678901234567890.5\"\n  },"; got.Text[:len(want)] != want {
		t.Errorf("DynamoDB JSON text:\n%s", got.Text)
	}
	h.fails("GET", "api/tables/tbl/item"+keyParam(`{"pk":{"S":"zz"},"sk":{"N":"1"}}`), nil, 404, "no item has this key")
	h.fails("GET", "api/tables/tbl/item", nil, 400, "missing key parameter")
	h.fails("GET", "api/tables/tbl/item"+keyParam(key1)+"&format=csv", nil, 400, "format csv: want json or ddb-json")

	// A new item must not replace one.
	h.ok("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "b", "sk": 2, "v": 1}`}, nil)
	h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "b", "sk": 2}`}, 400, "an item with this key exists already")
	// Editing replaces the item.
	orig := map[string]any{"pk": map[string]string{"S": "b"}, "sk": map[string]string{"N": "2"}}
	h.ok("PUT", "api/tables/tbl/item", map[string]any{"format": "ddb-json", "text": `{"pk": {"S": "b"}, "sk": {"N": "2"}, "v": {"N": "2"}}`,
		"original": orig, "loaded": h.loaded(`{"pk":{"S":"b"},"sk":{"N":"2"}}`)}, nil)
	if item := h.get(av.Item{"pk": av.S("b"), "sk": av.Int(2)}); !cmp.Equal(item, av.Item{"pk": av.S("b"), "sk": av.Int(2), "v": av.Int(2)}, av.Cmp) {
		t.Errorf("after the edit: %v", item)
	}
	// A key written another way (1.0 for 1) is the same key.
	h.ok("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "b", "sk": 2.0e0, "v": 4}`,
		"original": orig, "loaded": h.loaded(`{"pk":{"S":"b"},"sk":{"N":"2"}}`)}, nil)
	if item := h.get(av.Item{"pk": av.S("b"), "sk": av.Int(2)}); !cmp.Equal(item["v"], av.Int(4), av.Cmp) {
		t.Errorf("after an edit with the key written 2.0e0: %v", item)
	}
	// A changed key moves the item, unless the new key is taken.
	loaded := h.loaded(`{"pk":{"S":"b"},"sk":{"N":"2"}}`)
	h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "a", "sk": 1}`, "original": orig, "loaded": loaded}, 400, "an item with the new key exists already")
	h.ok("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "c", "sk": 3, "v": 3}`, "original": orig, "loaded": loaded}, nil)
	if h.get(av.Item{"pk": av.S("b"), "sk": av.Int(2)}) != nil || h.get(av.Item{"pk": av.S("c"), "sk": av.Int(3)}) == nil {
		t.Error("the item did not move to its new key")
	}

	// Errors in the text say where; DynamoDB's errors keep their code.
	pe := h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": "{\n  \"pk\": \"a\",\n  \"sk\": 1,\n}"}, 400, "invalid character '}'")
	if pe.Code != "ParseError" || pe.Line != 4 || pe.Column != 1 {
		t.Errorf("parse error %+v, want line 4, column 1", pe)
	}
	pe = h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "a", "sk": 1, "b": {"$B": "%"}}`}, 400, "not base64")
	if pe.Path != "b" {
		t.Errorf("parse error %+v, want the path b", pe)
	}
	ae := h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": 1, "sk": 1}`}, 400, "Type mismatch for key pk")
	if ae.Code != "ValidationException" {
		t.Errorf("DynamoDB error code %q", ae.Code)
	}
	orig = map[string]any{"pk": map[string]string{"S": "c"}, "sk": map[string]string{"N": "3"}}
	ae = h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": 1, "sk": 1}`, "original": orig,
		"loaded": h.loaded(`{"pk":{"S":"c"},"sk":{"N":"3"}}`)}, 400, "Type mismatch for key pk")
	if ae.Code != "ValidationException" {
		t.Errorf("a rename's error code %q, want ValidationException as for a save", ae.Code)
	}
	h.fails("PUT", "api/tables/tbl/item", map[string]any{"format": "xml", "text": "{}"}, 400, "format xml")

	h.ok("DELETE", "api/tables/tbl/item"+keyParam(key1), map[string]any{"loaded": h.loaded(key1)}, nil)
	if h.get(av.Item{"pk": av.S("a"), "sk": av.Int(1)}) != nil {
		t.Error("the item was not deleted")
	}
	h.fails("DELETE", "api/tables/tbl/item"+keyParam(`{"pk":{"S":"a"}}`), map[string]any{"loaded": map[string]any{"pk": map[string]string{"S": "a"}}}, 400, "key")
}

// loaded returns the item with a key (DynamoDB JSON) as the editor loads
// it.
func (h *harness) loaded(key string) json.RawMessage {
	h.t.Helper()
	var ans struct{ Loaded json.RawMessage }
	h.ok("GET", "api/tables/tbl/item"+keyParam(key), nil, &ans)
	return ans.Loaded
}

// racingAPI runs race once, after the first GetItem that reads the
// console's consistent copy of an item: a write of another tab between the
// console's check and its write.
type racingAPI struct {
	ddb.API
	race func()
}

func (r *racingAPI) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	out, err := r.API.GetItem(ctx, in, opts...)
	if r.race != nil {
		r.race()
		r.race = nil
	}
	return out, err
}

func TestItemConflicts(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	put := func(text, original string, loaded json.RawMessage) (int, string) {
		return h.do("PUT", "api/tables/tbl/item", map[string]any{"text": text, "original": json.RawMessage(original), "loaded": loaded})
	}
	del := func(key string, loaded json.RawMessage, partial bool) (int, string) {
		return h.do("DELETE", "api/tables/tbl/item"+keyParam(key), map[string]any{"loaded": loaded, "partial": partial})
	}
	want := func(what string, status int, text string, wantStatus int, msg string) {
		t.Helper()
		if status != wantStatus || !strings.Contains(text, msg) {
			t.Errorf("%s: %d %s, want %d and %q", what, status, text, wantStatus, msg)
		}
	}
	const key1 = `{"pk":{"S":"a"},"sk":{"N":"1"}}`
	item1 := av.Item{"pk": av.S("a"), "sk": av.Int(1)}
	h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "v": av.Int(1), "s": av.NS("1", "2")})

	// Two tabs open the item; the first save wins, the second is refused.
	tabA, tabB := h.loaded(key1), h.loaded(key1)
	st, text := put(`{"pk": "a", "sk": 1, "v": 2, "s": {"$NS": [2, 1]}}`, key1, tabB)
	want("save of tab B", st, text, 200, "")
	st, text = put(`{"pk": "a", "sk": 1, "v": 3}`, key1, tabA)
	want("stale save of tab A", st, text, 409, "the item changed since you opened it; reload it")
	// Renames from two tabs: one item in the end.
	tabA, tabB = h.loaded(key1), h.loaded(key1)
	st, text = put(`{"pk": "a", "sk": 2}`, key1, tabA)
	want("rename of tab A", st, text, 200, "")
	st, text = put(`{"pk": "a", "sk": 3}`, key1, tabB)
	want("rename of tab B", st, text, 409, "deleted since you opened it")
	if h.get(av.Item{"pk": av.S("a"), "sk": av.Int(3)}) != nil {
		t.Error("the stale rename wrote its item")
	}
	// A deleted item is not brought back by a stale editor.
	st, text = put(`{"pk": "a", "sk": 1, "v": 9}`, key1, tabB)
	want("save of a deleted item", st, text, 409, "deleted since you opened it")
	if h.get(item1) != nil {
		t.Error("a stale editor recreated a deleted item")
	}
	// Nor is a changed item deleted; a deletion of the attributes a search
	// showed (partial) compares only those.
	h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "v": av.Int(1), "w": av.Int(1)})
	stale := h.loaded(key1)
	h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "v": av.Int(1), "w": av.Int(2)})
	st, text = del(key1, stale, false)
	want("stale deletion", st, text, 409, "the item changed since you opened it")
	st, text = del(key1, json.RawMessage(`{"pk":{"S":"a"},"sk":{"N":"1"},"w":{"N":"1"}}`), true)
	want("stale deletion of a projection", st, text, 409, "the item changed since you opened it")
	st, text = del(key1, json.RawMessage(`{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"N":"1.0"}}`), true)
	want("deletion of a projection", st, text, 200, "")
	if h.get(item1) != nil {
		t.Error("the item was not deleted")
	}
	st, text = put(`{"pk": "a", "sk": 1}`, key1, nil)
	want("save without the loaded item", st, text, 400, "missing loaded")

	// A write between the console's check and its own write fails the
	// write's condition.
	racer := &racingAPI{API: h.db}
	h.srv = httptest.NewServer(New(racer, h.db))
	t.Cleanup(h.srv.Close)
	race := func() { h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "v": av.Int(5)}) }
	h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "v": av.Int(4)})
	for _, c := range []struct {
		what string
		do   func(loaded json.RawMessage) (int, string)
	}{
		{"save", func(l json.RawMessage) (int, string) { return put(`{"pk": "a", "sk": 1, "v": 6}`, key1, l) }},
		{"rename", func(l json.RawMessage) (int, string) { return put(`{"pk": "a", "sk": 7}`, key1, l) }},
		{"deletion", func(l json.RawMessage) (int, string) { return del(key1, l, false) }},
	} {
		loaded := h.loaded(key1)
		racer.race = race
		st, text := c.do(loaded)
		want(c.what+" racing another write", st, text, 409, "the item changed since you opened it")
		if item := h.get(item1); !cmp.Equal(item["v"], av.Int(5), av.Cmp) {
			t.Errorf("%s racing another write: the item is %v", c.what, item)
		}
		h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "v": av.Int(4)})
	}

	// An item with more attributes than a condition can name is still
	// compared in full.
	big := av.Item{"pk": av.S("b"), "sk": av.Int(1)}
	for i := range 600 {
		big[fmt.Sprintf("attribute%03d", i)] = av.Int(i)
	}
	h.put(big)
	const keyB = `{"pk":{"S":"b"},"sk":{"N":"1"}}`
	stale = h.loaded(keyB)
	big["attribute599"] = av.Int(-1)
	h.put(big)
	st, text = put(`{"pk": "b", "sk": 1}`, keyB, stale)
	want("stale save of a large item", st, text, 409, "the item changed since you opened it")
	st, text = put(`{"pk": "b", "sk": 1}`, keyB, h.loaded(keyB))
	want("save of a large item", st, text, 200, "")
}
