package console

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// searchKeys runs a search and returns the sk of the items found, and the
// answer's start of the next page.
func searchKeys(h *harness, req map[string]any) ([]string, json.RawMessage) {
	h.t.Helper()
	var ans struct {
		Items []map[string]map[string]any
		Last  json.RawMessage
	}
	h.ok("POST", "api/tables/tbl/search", req, &ans)
	var sks []string
	for _, item := range ans.Items {
		sks = append(sks, fmt.Sprint(item["sk"]["N"]))
	}
	return sks, ans.Last
}

func TestSearch(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	for i := 1; i <= 9; i++ {
		item := av.Item{"pk": av.S("p"), "sk": av.Int(i), "g": av.S("G"), "h": av.S(fmt.Sprintf("h%d", i%3)),
			"name": av.S(fmt.Sprintf("item %d", i)), "tags": av.SS("all", fmt.Sprintf("t%d", i%2))}
		if i%4 == 0 {
			item["flag"] = av.Bool(true)
		}
		h.put(item)
	}
	h.put(av.Item{"pk": av.S("other"), "sk": av.Int(1)})
	query := func(extra map[string]any) map[string]any {
		req := map[string]any{"mode": "query", "hash": "p"}
		for k, v := range extra {
			req[k] = v
		}
		return req
	}
	rng := func(op string, values ...string) map[string]any {
		return map[string]any{"range": map[string]any{"op": op, "values": values}}
	}
	filter := func(path, op, typ string, values ...string) map[string]any {
		return map[string]any{"filters": []map[string]any{{"path": path, "op": op, "type": typ, "values": values}}}
	}
	tests := []struct {
		name string
		req  map[string]any
		want []string
	}{
		{"query", query(nil), []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}},
		{"query descending", query(map[string]any{"descending": true, "limit": 3}), []string{"9", "8", "7"}},
		{"=", query(rng("=", "4")), []string{"4"}},
		{"<", query(rng("<", "3")), []string{"1", "2"}},
		{"<=", query(rng("<=", "3")), []string{"1", "2", "3"}},
		{">", query(rng(">", "7")), []string{"8", "9"}},
		{">=", query(rng(">=", "7")), []string{"7", "8", "9"}},
		{"between", query(rng("between", "3", "5")), []string{"3", "4", "5"}},
		{"begins_with on a string index key", query(map[string]any{"index": "byG", "hash": "G", "range": map[string]any{"op": "begins_with", "values": []string{"h1"}}}), []string{"1", "4", "7"}},
		{"filter =", query(filter("name", "=", "S", "item 5")), []string{"5"}},
		{"filter <>", query(filter("name", "<>", "S", "item 5")), []string{"1", "2", "3", "4", "6", "7", "8", "9"}},
		{"filter between", query(filter("name", "between", "S", "item 2", "item 3")), []string{"2", "3"}},
		{"scan filter on a key", map[string]any{"mode": "scan", "filters": []map[string]any{{"path": "sk", "op": "between", "type": "N", "values": []string{"2", "3"}}}}, []string{"2", "3"}},
		{"filter begins_with", query(filter("name", "begins_with", "S", "item 9")), []string{"9"}},
		{"filter contains on a set", query(filter("tags", "contains", "S", "t0")), []string{"2", "4", "6", "8"}},
		{"filter exists", query(filter("flag", "exists", "")), []string{"4", "8"}},
		{"filter not_exists", query(filter("flag", "not_exists", "")), []string{"1", "2", "3", "5", "6", "7", "9"}},
		{"filter BOOL", query(filter("flag", "=", "BOOL", "true")), []string{"4", "8"}},
		{"scan with a filter", map[string]any{"mode": "scan", "filters": []map[string]any{{"path": "sk", "op": "=", "type": "N", "values": []string{"1"}}}}, []string{"1", "1"}},
		{"projection", query(map[string]any{"projection": "sk, name", "limit": 1}), []string{"1"}},
	}
	for _, tt := range tests {
		if got, _ := searchKeys(h, tt.req); !cmp.Equal(got, tt.want) {
			t.Errorf("%s: sk %v, want %v", tt.name, got, tt.want)
		}
	}

	// Projection: only the named attributes come back.
	var ans struct{ Items []map[string]any }
	h.ok("POST", "api/tables/tbl/search", query(map[string]any{"projection": "sk, name", "limit": 1}), &ans)
	if len(ans.Items) != 1 || len(ans.Items[0]) != 2 {
		t.Errorf("projected item %v", ans.Items)
	}

	// Pages follow one another from the last key.
	var all []string
	var start json.RawMessage
	for page := 0; ; page++ {
		sks, last := searchKeys(h, query(map[string]any{"limit": 4, "start": start}))
		all = append(all, sks...)
		if string(last) == "null" {
			break
		}
		start = last
		if page > 5 {
			t.Fatal("no end of pages")
		}
	}
	if len(all) != 9 {
		t.Errorf("pages gave %v", all)
	}

	errs := []struct {
		req map[string]any
		msg string
	}{
		{map[string]any{"mode": "get"}, `mode "get": want query or scan`},
		{query(map[string]any{"index": "nope"}), "the table has no index nope"},
		{query(rng("~", "1")), `sk: unknown operator "~"`},
		{query(rng("between", "1")), "sk: between takes 2 value(s), got 1"},
		{query(filter("a..b", "=", "S", "x")), `attribute path "a..b": an empty name`},
		{query(filter("a[x]", "=", "S", "x")), `attribute path "a[x]": [x] is not a list index`},
		{query(filter("a", "=", "BOOL", "yes")), `a: "yes" is not true or false`},
		{query(filter("a", "=", "Q", "x")), `a: unknown type "Q"`},
		{query(map[string]any{"start": "[1]"}), "an item must be a JSON object"},
		{query(rng("=", "x")), "cannot be converted to a numeric value"},
	}
	for _, e := range errs {
		h.fails("POST", "api/tables/tbl/search", e.req, 400, e.msg)
	}
	if ae := h.fails("POST", "api/tables/tbl/search", query(rng("=", "x")), 400, ""); ae.Code != "ValidationException" {
		t.Errorf("a bad number: code %q, want DynamoDB's ValidationException", ae.Code)
	}
}

func TestExprPath(t *testing.T) {
	var b exprBuilder
	got, err := b.path("a.b[2][10].a")
	if err != nil || got != "#n0.#n1[2][10].#n0" || !cmp.Equal(b.names, map[string]string{"#n0": "a", "#n1": "b"}) {
		t.Errorf("path = %q, %v, names %v", got, err, b.names)
	}
}
