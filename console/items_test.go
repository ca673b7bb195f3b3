package console

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	h.ok("PUT", "api/tables/tbl/item", map[string]any{"format": "ddb-json", "text": `{"pk": {"S": "b"}, "sk": {"N": "2"}, "v": {"N": "2"}}`,
		"original": map[string]any{"pk": map[string]string{"S": "b"}, "sk": map[string]string{"N": "2"}}}, nil)
	if item := h.get(av.Item{"pk": av.S("b"), "sk": av.Int(2)}); !cmp.Equal(item, av.Item{"pk": av.S("b"), "sk": av.Int(2), "v": av.Int(2)}, av.Cmp) {
		t.Errorf("after the edit: %v", item)
	}
	// A key written another way (1.0 for 1) is the same key.
	h.ok("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "b", "sk": 2.0e0, "v": 4}`,
		"original": map[string]any{"pk": map[string]string{"S": "b"}, "sk": map[string]string{"N": "2"}}}, nil)
	if item := h.get(av.Item{"pk": av.S("b"), "sk": av.Int(2)}); !cmp.Equal(item["v"], av.Int(4), av.Cmp) {
		t.Errorf("after an edit with the key written 2.0e0: %v", item)
	}
	// A changed key moves the item, unless the new key is taken.
	orig := map[string]any{"pk": map[string]string{"S": "b"}, "sk": map[string]string{"N": "2"}}
	h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "a", "sk": 1}`, "original": orig}, 400, "an item with the new key exists already")
	h.ok("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": "c", "sk": 3, "v": 3}`, "original": orig}, nil)
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
	ae = h.fails("PUT", "api/tables/tbl/item", map[string]any{"text": `{"pk": 1, "sk": 1}`, "original": orig}, 400, "Type mismatch for key pk")
	if ae.Code != "ValidationError" {
		t.Errorf("the transaction's reason code %q, want ValidationError", ae.Code)
	}
	h.fails("PUT", "api/tables/tbl/item", map[string]any{"format": "xml", "text": "{}"}, 400, "format xml")

	h.ok("DELETE", "api/tables/tbl/item"+keyParam(key1), nil, nil)
	if h.get(av.Item{"pk": av.S("a"), "sk": av.Int(1)}) != nil {
		t.Error("the item was not deleted")
	}
	h.fails("DELETE", "api/tables/tbl/item"+keyParam(`{"pk":{"S":"a"}}`), nil, 400, "key")
}
