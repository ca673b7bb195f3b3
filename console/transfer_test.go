package console

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemio"
)

func TestExport(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	h.put(av.Item{"pk": av.S("a"), "sk": av.Int(1), "b": av.B("\x01")},
		av.Item{"pk": av.S("a"), "sk": av.Int(2), "tags": av.SS("x")},
		av.Item{"pk": av.S("z"), "sk": av.Int(1), "b": av.S("")})
	tests := []struct {
		name string
		req  map[string]any
		want string
	}{
		{"json", map[string]any{"format": "json", "search": map[string]any{"mode": "query", "hash": "a"}},
			"{\"b\":{\"$B\":\"AQ==\"},\"pk\":\"a\",\"sk\":1}\n{\"pk\":\"a\",\"sk\":2,\"tags\":{\"$SS\":[\"x\"]}}\n"},
		{"ddb-json", map[string]any{"format": "ddb-json", "search": map[string]any{"mode": "query", "hash": "a", "range": map[string]any{"op": "=", "values": []string{"2"}}}},
			"{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"},\"tags\":{\"SS\":[\"x\"]}}\n"},
		{"S3 export", map[string]any{"format": "ddb-json", "export": true, "search": map[string]any{"mode": "query", "hash": "z"}},
			"{\"Item\":{\"b\":{\"S\":\"\"},\"pk\":{\"S\":\"z\"},\"sk\":{\"N\":\"1\"}}}\n"},
		// Every page of the scan, and a column whose values differ in type.
		{"csv", map[string]any{"format": "csv", "search": map[string]any{"mode": "scan", "limit": 1, "start": "ignored"}},
			"pk:S,sk:N,b:ANY,tags:SS\na,1,\"{\"\"B\"\":\"\"AQ==\"\"}\",\na,2,,\"[\"\"x\"\"]\"\nz,1,\"{\"\"S\"\":\"\"\"\"}\",\n"},
	}
	for _, tt := range tests {
		status, body := h.do("POST", "api/tables/tbl/export", tt.req)
		if tt.name == "csv" {
			body = sortCSV(body)
		}
		if status != 200 || body != tt.want {
			t.Errorf("%s: %d\n%s\nwant\n%s", tt.name, status, body, tt.want)
		}
	}
	h.fails("POST", "api/tables/tbl/export", map[string]any{"format": "xml", "search": map[string]any{"mode": "scan"}}, 400, "unknown item format")
	h.fails("POST", "api/tables/tbl/export", map[string]any{"format": "json", "search": map[string]any{"mode": "query", "hash": "a",
		"range": map[string]any{"op": "=", "values": []string{"x"}}}}, 400, "cannot be converted to a numeric value")
}

// sortCSV sorts the records of a CSV text after its header (a scan's order
// is the engine's).
func sortCSV(text string) string {
	lines := strings.SplitAfter(text, "\n")
	body := lines[1 : len(lines)-1]
	for i := range body {
		for j := i + 1; j < len(body); j++ {
			if body[j] < body[i] {
				body[i], body[j] = body[j], body[i]
			}
		}
	}
	return strings.Join(lines, "")
}

func TestImport(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	var lines []string
	for i := range 60 {
		lines = append(lines, fmt.Sprintf(`{"pk": "p", "sk": %d}`, i%55)) // five keys twice
	}
	lines[10] = `{"pk": "p", "sk": "ten"}`                  // DynamoDB refuses it (and its batch)
	lines[30] = `{"pk": "p", "sk": 30, "bad": {"$B": "%"}}` // not an item
	lines[40] = ""                                          // skipped
	lines[57] = `{"pk": "p", "sk": 51}`                     // a key twice in one batch
	body := strings.Join(lines, "\n")

	var ans importAnswer
	status, text := h.do("POST", "api/tables/tbl/import?format=json", body)
	if status != 200 {
		t.Fatalf("import: %d %s", status, text)
	}
	json.Unmarshal([]byte(text), &ans)
	want := importAnswer{Imported: 57, Failed: 2, Errors: []rowIssue{
		{Row: 11, Message: "ValidationException: One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S"},
		{Row: 31, Line: 31, Message: `attribute bad: binary value "%" is not base64: illegal base64 data at input byte 0`},
	}}
	if diff := cmp.Diff(want, ans); diff != "" {
		t.Errorf("import answer (-want +got):\n%s", diff)
	}
	out, err := h.db.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String("tbl"), Select: types.SelectCount})
	if err != nil {
		t.Fatal(err)
	}
	if out.Count != 52 { // 55 keys less 10, 30 and 40
		t.Errorf("the table has %d items, want 52", out.Count)
	}

	status, text = h.do("POST", "api/tables/tbl/import?format=csv&infer=1", "pk,sk,v\nq,1,2.5\nq,2,true\n")
	if status != 200 || !strings.Contains(text, `"imported":2,"failed":0`) {
		t.Errorf("CSV import: %d %s", status, text)
	}
	if item := h.get(av.Item{"pk": av.S("q"), "sk": av.Int(2)}); !cmp.Equal(item["v"], av.Bool(true), av.Cmp) {
		t.Errorf("inferred value %v", item["v"])
	}
	// A row that is not CSV is reported at its first line, the message too.
	status, text = h.do("POST", "api/tables/tbl/import?format=csv", "pk,sk:N,note\nr1,1,\"multi\nline\"\nr3,3,\"unterminated\nr4,4,y\n")
	ans = importAnswer{}
	json.Unmarshal([]byte(text), &ans)
	if want := []rowIssue{{Row: 2, Line: 4, Message: `extraneous or missing " in quoted-field`}}; status != 200 || !cmp.Equal(ans.Errors, want) {
		t.Errorf("CSV import with an unterminated field: %d %s", status, text)
	}
	h.fails("POST", "api/tables/tbl/import?format=csv", "a,a\n", 400, `attribute "a" has two columns`)
	h.fails("POST", "api/tables/tbl/import?format=yaml", "", 400, "unknown item format")
	h.fails("POST", "api/tables/missing/import?format=json", `{"pk": "p", "sk": 1}`, 400, "Requested resource not found")
}

func TestImportStops(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	rows := func(from, n int) string {
		var b strings.Builder
		for i := from; i < from+n; i++ {
			fmt.Fprintf(&b, "{\"pk\": \"p\", \"sk\": %d}\n", i)
		}
		return b.String()
	}
	count := func() int32 {
		out, err := h.db.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String("tbl"), Select: types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		return out.Count
	}
	stopped := func(what string, body string, wantStatus, imported int, msg string) {
		t.Helper()
		status, text := h.do("POST", "api/tables/tbl/import?format=json", body)
		var ans struct {
			Error struct {
				Message  string
				Imported int
			}
		}
		json.Unmarshal([]byte(text), &ans)
		if status != wantStatus || !strings.Contains(ans.Error.Message, msg) || ans.Error.Imported != imported {
			t.Errorf("%s: %d %s, want %d, %q and %d imported", what, status, text, wantStatus, msg, imported)
		}
	}

	// A line too long for the reader: the rows before it are written.
	stopped("a line too long", rows(0, 30)+`{"pk": "p", "sk": 30, "v": "`+strings.Repeat("x", itemio.MaxLineBytes)+"\"}\n"+rows(31, 5),
		400, 30, "line 31 is longer than")
	if n := count(); n != 30 {
		t.Errorf("after a line too long the table has %d items, want 30", n)
	}

	// The service failing the second batch: the first is reported.
	id, err := h.db.Faults().Add(engine.Rule{Operation: "BatchWriteItem", From: 2, Fault: engine.Fault{Error: engine.CodeInternalServerError}})
	if err != nil {
		t.Fatal(err)
	}
	stopped("a service error", rows(100, 60), 502, 25, "")
	h.db.Faults().Remove(id)

	// Throttled batches are sent again.
	h.db.Faults().Add(engine.Rule{Operation: "BatchWriteItem", To: 4, Fault: engine.Fault{Unprocessed: true}})
	status, text := h.do("POST", "api/tables/tbl/import?format=json", rows(200, 30))
	if status != 200 || !strings.Contains(text, `"imported":30,"failed":0`) {
		t.Errorf("a throttled import: %d %s", status, text)
	}
}
