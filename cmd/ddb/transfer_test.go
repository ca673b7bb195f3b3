package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mixedItems are items of every type, as plain JSON lines.
const mixedItems = `{"customer": "ann", "id": 1, "total": 12.5, "tags": {"$SS": ["a", "b"]}, "bin": {"$B": "AQI="}, "ok": true, "none": null}
{"customer": "ann", "id": 2, "nested": {"list": [1, "two", {"three": 3}]}, "nums": {"$NS": [1, 2.5]}}
{"customer": "bob", "id": 1, "code": "007", "empty": "", "note": "a, \"quoted\"\nline"}
{"customer": "cr\r\nlf\r\n", "id": 3, "note": "windows\r\nline, \"quoted\"\r\n"}
`

// sortedLines returns the lines of text, sorted.
func sortedLines(text string) []string {
	l := lines(text)
	slices.Sort(l)
	return l
}

func TestExportImport(t *testing.T) {
	forEachBackend(t, func(t *testing.T, c *cli) {
		ordersTable(c)
		dir := t.TempDir()
		in := filepath.Join(dir, "in.jsonl")
		os.WriteFile(in, []byte(mixedItems), 0o600)
		c.ok("import", "orders", in)
		if _, err := os.Stat(in + checkpointSuffix); !os.IsNotExist(err) {
			t.Errorf("a completed import left its checkpoint: %v", err)
		}
		want := sortedLines(c.ok("scan", "orders"))
		if len(want) != 4 {
			t.Fatalf("after import: %q", want)
		}

		// Every format round-trips every item: export, import into a new
		// table, compare.
		for _, file := range []string{"out.jsonl", "out.ddb.jsonl", "out.csv"} {
			path := filepath.Join(dir, file)
			c.ok("export", "orders", path, "--segments", "3")
			c.ok("tables", "create", "copy", "--hash", "customer:S", "--range", "id:N")
			c.ok("import", "copy", path)
			if got := sortedLines(c.ok("scan", "copy")); !cmp.Equal(got, want) {
				t.Errorf("%s round trip:\n%s", file, cmp.Diff(want, got))
			}
			c.ok("tables", "delete", "copy", "--yes")
		}
		csv, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
		if header, _, _ := strings.Cut(string(csv), "\n"); !strings.HasPrefix(header, "customer:S,id:N,") {
			t.Errorf("CSV header: %q", header)
		}

		// To stdout, in DynamoDB JSON; from stdin.
		out := c.ok("export", "orders", "--format", "ddb-json", "--filter", "customer = :c", "--values", ":c=bob")
		if out != `{"code":{"S":"007"},"customer":{"S":"bob"},"empty":{"S":""},"id":{"N":"1"},"note":{"S":"a, \"quoted\"\nline"}}`+"\n" {
			t.Errorf("export to stdout: %q", out)
		}
		c.ok("tables", "create", "copy", "--hash", "customer:S", "--range", "id:N")
		if r := c.runInput(out, "import", "copy", "--ddb-json"); r.err != nil {
			t.Fatalf("import from stdin: %s", r.line)
		}
		if got := c.ok("scan", "copy", "--count"); got != "1\n" {
			t.Errorf("import from stdin: %q items", got)
		}

		// A CSV file without types: key cells as the table declares them,
		// others strings, or inferred.
		plain := filepath.Join(dir, "plain.csv")
		os.WriteFile(plain, []byte("customer,id,qty,flag\ncid,10,5,true\n"), 0o600)
		c.ok("import", "copy", plain)
		if got := c.ok("get", "copy", "-k", "customer=cid", "-k", "id=10"); got != `{"customer":"cid","flag":"true","id":10,"qty":"5"}`+"\n" {
			t.Errorf("untyped CSV: %q", got)
		}
		c.ok("import", "copy", plain, "--infer-types")
		if got := c.ok("get", "copy", "-k", "customer=cid", "-k", "id=10"); got != `{"customer":"cid","flag":true,"id":10,"qty":5}`+"\n" {
			t.Errorf("CSV with --infer-types: %q", got)
		}
	})
}

func TestImportBadRows(t *testing.T) {
	c := newCLI(t, "file")
	ordersTable(c)
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(text), 0o600)
		return path
	}
	good := `{"customer": "a", "id": 1}` + "\n"
	tests := []struct {
		code int
		want string
		args []string
	}{
		{exitFailed, "bad.jsonl: row 2 (line 2): line 2, column 14: invalid character", []string{"import", "orders", write("bad.jsonl", good+`{"customer": x}`+"\n")}},
		{exitFailed, "nokey.jsonl: row 2: no key attribute id (the first 1 rows are written; run the same command again to continue)", []string{"import", "orders", write("nokey.jsonl", good+`{"customer": "b"}`+"\n")}},
		{exitFailed, "utf8.jsonl: row 2 (line 2): line 2, column 15: byte 0xff is not UTF-8 text", []string{"import", "orders", write("utf8.jsonl", good+"{\"customer\": \"\xff\", \"id\": 2}\n")}},
		{exitFailed, "utf8.ddb.jsonl: row 1 (line 1): line 1, column 21: byte 0xff is not UTF-8 text", []string{"import", "orders", write("utf8.ddb.jsonl", "{\"customer\": {\"S\": \"\xff\"}, \"id\": {\"N\": \"2\"}}\n")}},
		{exitFailed, "type.jsonl: row 1: key attribute id is a string, not a number as the table declares", []string{"import", "orders", write("type.jsonl", `{"customer": "b", "id": "1"}`+"\n")}},
		{exitFailed, "row 1 (key customer=b id=1): ValidationException", []string{"import", "orders", write("big.jsonl", `{"customer": "b", "id": 1, "x": "`+strings.Repeat("x", 500<<10)+`"}`+"\n")}},
		{exitUsage, "import: name the table", []string{"import"}},
		{exitUsage, `import: --format: unknown item format "xml"`, []string{"import", "orders", "x", "--format", "xml"}},
		{exitUsage, "import: --workers 0: want at least 1", []string{"import", "orders", "x", "--workers", "0"}},
		{exitFailed, "no such file or directory", []string{"import", "orders", filepath.Join(dir, "missing.jsonl")}},
		{exitFailed, "import nope: table nope does not exist (ResourceNotFoundException: ", []string{"import", "nope", write("n.jsonl", good)}},
		{exitUsage, "export: --segments 0", []string{"export", "orders", "--segments", "0"}},
		// --ddb-json beside another format used to write DynamoDB JSON
		// into a .csv file, or plain JSON with --format json.
		{exitUsage, "export: --ddb-json and the CSV file x2.csv exclude each other", []string{"export", "orders", "x2.csv", "--ddb-json"}},
		{exitUsage, "export: --ddb-json and --format json exclude each other", []string{"export", "orders", "--ddb-json", "--format", "json"}},
		{exitUsage, "import: --ddb-json and --format csv exclude each other", []string{"import", "orders", "x", "--ddb-json", "--format", "csv"}},
		{exitFailed, "export nope: table nope does not exist (ResourceNotFoundException: ", []string{"export", "nope"}},
	}
	for _, tt := range tests {
		c.fails(tt.code, tt.want, tt.args...)
	}
	c.term.stdin = true
	c.fails(exitUsage, "import: name the FILE to import, or pipe the items into standard input", "import", "orders")
	// Rows before the bad one are written, and the checkpoint says so.
	if got := c.ok("get", "orders", "-k", "customer=a", "-k", "id=1"); got == "" {
		t.Error("the row before a bad row was not written")
	}
}

func TestCopy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, c *cli) {
		c.ok("tables", "create", "orders", "--hash", "customer:S", "--range", "id:N", "--gsi", "by-status=status:S,id:N,include:total",
			"--lsi", "by-total=total:N,keys-only", "--read", "3", "--write", "4", "--ttl", "expires", "--stream", "keys-only")
		putOrders(c, 500, 7)
		c.ok("tables", "create", "other", "--hash", "k:S")

		dstDir := t.TempDir()
		dst := &cli{t: t, url: "file://" + dstDir, term: c.term, env: map[string]string{}}
		c.ok("copy", c.url+"/orders", dst.url+"/orders2", "--segments", "3", "--workers", "2")
		if got := dst.ok("scan", "orders2", "--count"); got != "500\n" {
			t.Errorf("copied %q items, want 500", got)
		}
		if a, b := sortedLines(c.ok("scan", "orders")), sortedLines(dst.ok("scan", "orders2")); !cmp.Equal(a, b) {
			t.Errorf("copied items differ:\n%s", cmp.Diff(a, b))
		}
		var src, cp struct {
			Table                 map[string]any
			TimeToLiveDescription map[string]any
		}
		json.Unmarshal([]byte(c.ok("tables", "describe", "orders", "-o", "json")), &src)
		json.Unmarshal([]byte(dst.ok("tables", "describe", "orders2", "-o", "json")), &cp)
		for _, field := range []string{"KeySchema", "AttributeDefinitions", "LocalSecondaryIndexes", "StreamSpecification", "BillingModeSummary"} {
			if !cmp.Equal(src.Table[field], cp.Table[field], cmp.FilterPath(func(p cmp.Path) bool {
				return strings.Contains(p.GoString(), "IndexArn") || strings.Contains(p.GoString(), "IndexSizeBytes") || strings.Contains(p.GoString(), "ItemCount") ||
					strings.Contains(p.GoString(), "LastUpdateToPayPerRequestDateTime")
			}, cmp.Ignore())) {
				t.Errorf("copied %s: %v, source %v", field, cp.Table[field], src.Table[field])
			}
		}
		gsi := cp.Table["GlobalSecondaryIndexes"].([]any)[0].(map[string]any)
		if !cmp.Equal(gsi["Projection"], map[string]any{"ProjectionType": "INCLUDE", "NonKeyAttributes": []any{"total"}}) ||
			gsi["ProvisionedThroughput"].(map[string]any)["WriteCapacityUnits"] != 4.0 {
			t.Errorf("copied index: %v", gsi)
		}
		if cp.TimeToLiveDescription["AttributeName"] != "expires" {
			t.Errorf("copied time to live: %v", cp.TimeToLiveDescription)
		}

		// Copy within a database, and --from/--to with several tables.
		c.ok("copy", c.url+"/orders", c.url+"/orders-backup")
		if got := c.ok("scan", "orders-backup", "--count"); got != "500\n" {
			t.Errorf("copy within a database: %q items", got)
		}
		c.fails(exitFailed, "copy: table orders2 exists already at "+dst.url+": pass --into-existing", "copy", c.url+"/orders", dst.url+"/orders2")
		c.ok("copy", "--from", c.url, "--to", dst.url, "orders-backup", "orders")
		c.ok("copy", c.url+"/orders", dst.url+"/orders2", "--into-existing")
		c.fails(exitFailed, "table orders2 has the key customer (S), id (N), and other has k (S)", "copy", c.url+"/other", dst.url+"/orders2", "--into-existing")
		if got := dst.ok("tables", "list"); got != "orders\norders-backup\norders2\n" {
			t.Errorf("tables after copies: %q", got)
		}
		c.fails(exitUsage, "copy: name the tables to copy, or --all", "copy", "--from", c.url, "--to", dst.url)
		c.fails(exitUsage, "copy: --all and table names exclude each other", "copy", "--from", c.url, "--to", dst.url, "--all", "nope1")
		c.fails(exitUsage, "copy: --from and --to go together", "copy", "--from", c.url, "orders")
		c.fails(exitUsage, `"orders": want a database URL followed by /TABLE`, "copy", "orders", dst.url+"/x")
		c.fails(exitUsage, "copy: orders onto itself", "copy", c.url+"/orders", c.url+"/orders")
		c.fails(exitFailed, "table nope does not exist (ResourceNotFoundException: ", "copy", c.url+"/nope", dst.url+"/nope")
		if got := dst.ok("scan", "orders2", "--count"); got != "500\n" {
			t.Errorf("after copying into it again: %q items", got)
		}
	})
}

func TestCopyAll(t *testing.T) {
	c := newCLI(t, "file")
	ordersTable(c)
	c.ok("tables", "create", "other", "--hash", "k:S")
	putOrders(c, 10, 2)
	dst := newCLI(t, "file")
	dst.ok("tables", "create", "other", "--hash", "k:S")
	// A table in the way at the destination used to stop the copy after
	// the tables before it: every destination is checked first.
	dst.fails(exitFailed, "table other exists already", "copy", "--from", c.url, "--to", dst.url, "--all")
	if got := dst.ok("tables", "list"); got != "other\n" {
		t.Errorf("after a refused copy --all: %q", got)
	}
	dst.ok("tables", "delete", "other", "--yes")
	c.ok("copy", "--from", c.url, "--to", dst.url, "--all")
	if got := dst.ok("tables", "list"); got != "orders\nother\n" {
		t.Errorf("copy --all: %q", got)
	}
}

func TestSplitTableURL(t *testing.T) {
	tests := []struct{ in, url, table string }{
		{"aws://eu-west-1/orders", "aws://eu-west-1", "orders"},
		{"http://localhost:8000/orders", "http://localhost:8000", "orders"},
		{"file://./data/orders", "file://./data", "orders"},
		{"file:///abs/data/orders", "file:///abs/data", "orders"},
		{"mem://orders", "mem://", "orders"},
		{"aws://orders", "aws://", "orders"},
	}
	for _, tt := range tests {
		url, table, err := splitTableURL(tt.in)
		if err != nil || url != tt.url || table != tt.table {
			t.Errorf("splitTableURL(%q) = %q, %q, %v; want %q, %q", tt.in, url, table, err, tt.url, tt.table)
		}
	}
	for _, bad := range []string{"orders", "aws://eu-west-1/", "http://host:8000/"} {
		if _, _, err := splitTableURL(bad); err == nil {
			t.Errorf("splitTableURL(%q): no error", bad)
		}
	}
}

// TestImportDuplicateKeys imports a file that writes some keys several
// times (a number key written two ways is one key): each key ends with its
// last row's item, as writing the rows one by one would leave it.
func TestImportDuplicateKeys(t *testing.T) {
	c := newCLI(t, "mem")
	ordersTable(c)
	var b strings.Builder
	for i := range 200 {
		id := []string{"1", "1.0", "2", "10E-1"}[i%4]
		fmt.Fprintf(&b, `{"customer": "a", "id": %s, "v": %d}`+"\n", id, i)
	}
	if r := c.runInput(b.String(), "import", "orders", "--workers", "3"); r.err != nil {
		t.Fatalf("import: %s", r.line)
	}
	if got := c.ok("scan", "orders", "--projection", "id, v"); got != `{"id":1,"v":199}`+"\n"+`{"id":2,"v":198}`+"\n" {
		t.Errorf("items after importing duplicate keys:\n%s", got)
	}
}
