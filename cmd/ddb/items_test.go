package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/clienttest"
)

// ordersTable creates the table the item tests use: customer (S) and id
// (N), with an index on status.
func ordersTable(c *cli) {
	c.t.Helper()
	c.ok("tables", "create", "orders", "--hash", "customer:S", "--range", "id:N", "--gsi", "by-status=status:S,id:N")
}

func TestItems(t *testing.T) {
	forEachBackend(t, func(t *testing.T, c *cli) {
		ordersTable(c)
		c.ok("put", "orders", `{"customer": "ann", "id": 1, "total": 12.5, "tags": {"$SS": ["a", "b"]}, "bin": {"$B": "AQI="}}`)
		if r := c.runInput(`{"customer": "ann", "id": 2, "total": 7}`, "put", "orders"); r.err != nil {
			t.Fatalf("put from stdin: %s", r.line)
		}
		c.ok("put", "orders", "--ddb-json", `{"customer": {"S": "bob"}, "id": {"N": "1"}, "big": {"N": "123456789012345678901234567890.5"}}`)

		// Plain JSON by default, one line in a pipe; DynamoDB JSON with --ddb-json.
		if got, want := c.ok("get", "orders", "--key", "customer=ann", "--key", "id=1"),
			`{"bin":{"$B":"AQI="},"customer":"ann","id":1,"tags":{"$SS":["a","b"]},"total":12.5}`+"\n"; got != want {
			t.Errorf("get:\n got %s\nwant %s", got, want)
		}
		if got, want := c.ok("get", "orders", "-k", `{"customer": {"S": "bob"}, "id": {"N": "1"}}`, "--ddb-json"),
			`{"big":{"N":"123456789012345678901234567890.5"},"customer":{"S":"bob"},"id":{"N":"1"}}`+"\n"; got != want {
			t.Errorf("get --ddb-json:\n got %s\nwant %s", got, want)
		}
		if got, want := c.ok("get", "orders", "-k", "customer=ann", "-k", "id=2", "--projection", "#t", "--names", "#t=total"), `{"total":7}`+"\n"; got != want {
			t.Errorf("get --projection: %q, want %q", got, want)
		}
		if got := c.ok("get", "orders", "-k", "customer=ann", "-k", "id=2", "-o", "json"); got != "{\n  \"customer\": \"ann\",\n  \"id\": 2,\n  \"total\": 7\n}\n" {
			t.Errorf("get -o json: %q", got)
		}
		c.term.stdout = true
		if got := lines(c.ok("get", "orders", "-k", "customer=ann", "-k", "id=2", "--consistent")); !cmp.Equal(got, []string{
			"ATTRIBUTE  VALUE", "---------  -----", "customer   ann", "id         2", "total      7"}) {
			t.Errorf("get on a terminal:\n%s", strings.Join(got, "\n"))
		}
		c.term.stdout = false

		// Updates: shorthand and expressions; the new item by default.
		if got, want := c.ok("update", "orders", "-k", "customer=ann", "-k", "id=2", "--set", "status=paid", "--set", "n=007", "--add", "total=1.5", "--add", `tags={"$SS":["x"]}`),
			`{"customer":"ann","id":2,"n":"007","status":"paid","tags":{"$SS":["x"]},"total":8.5}`+"\n"; got != want {
			t.Errorf("update:\n got %s\nwant %s", got, want)
		}
		if got, want := c.ok("update", "orders", "-k", "customer=ann", "-k", "id=2", "--update", "REMOVE #n SET #s = :s", "--names", `{"#n": "n", "#s": "status"}`,
			"--values", ":s=shipped", "--condition", "#s = :old", "--values", ":old=paid", "--return", "updated-new"), `{"status":"shipped"}`+"\n"; got != want {
			t.Errorf("update --update: %q, want %q", got, want)
		}
		if got, want := c.ok("update", "orders", "-k", "customer=ann", "-k", "id=2", "--set", "total=1", "--expression-attribute-values", `{":zero": {"N": "0"}}`,
			"--condition-expression", "id > :zero", "--return", "none"), ""; got != want {
			t.Errorf("update with the AWS CLI's flag names: %q", got)
		}
		c.fails(exitFailed, "update orders: ConditionalCheckFailedException", "update", "orders", "-k", "customer=ann", "-k", "id=2", "--set", "total=2", "--condition", "#t > :t", "--names", "#t=total", "--values", ":t=5")

		// Conditional puts and deletes.
		c.fails(exitFailed, "put orders: ConditionalCheckFailedException", "put", "orders", `{"customer": "ann", "id": 1}`, "--if-not-exists")
		if got := c.ok("put", "orders", `{"customer": "ann", "id": 1, "v": 2}`, "--return", "old"); !strings.Contains(got, `"total":12.5`) {
			t.Errorf("put --return old: %q", got)
		}
		if got, want := c.ok("delete", "orders", "-k", "customer=ann", "-k", "id=1", "--return", "old"), `{"customer":"ann","id":1,"v":2}`+"\n"; got != want {
			t.Errorf("delete --return old: %q, want %q", got, want)
		}
		c.fails(exitFailed, "get orders: no item in orders with key customer=ann id=1", "get", "orders", "-k", "customer=ann", "-k", "id=1")
		c.fails(exitFailed, "delete orders: ConditionalCheckFailedException", "delete", "orders", "-k", "customer=ann", "-k", "id=1", "--condition", "attribute_exists(id)")
		c.ok("delete", "orders", "-k", "customer=ann", "-k", "id=1")
	})
}

func TestItemsBadInput(t *testing.T) {
	c := newCLI(t, "mem")
	ordersTable(c)
	tests := []struct {
		code  int
		want  string
		stdin string
		args  []string
	}{
		{exitUsage, "get: name the table", "", []string{"get"}},
		{exitUsage, "get orders: give the item's key", "", []string{"get", "orders"}},
		{exitUsage, "get orders: --key: cust is not a key attribute", "", []string{"get", "orders", "-k", "cust=a"}},
		{exitUsage, "get orders: --key: the key of orders needs id too", "", []string{"get", "orders", "-k", "customer=a"}},
		{exitUsage, `get orders: --key: key attribute id is a number, and "x" is not one`, "", []string{"get", "orders", "-k", "customer=a", "-k", "id=x"}},
		{exitUsage, "get orders: --key: customer is given twice", "", []string{"get", "orders", "-k", "customer=a", "-k", "customer=b"}},
		{exitUsage, "get orders: --key: line 1, column 2", "", []string{"get", "orders", "-k", "{x"}},
		{exitFailed, "get nope: table nope does not exist (ResourceNotFoundException: ", "", []string{"get", "nope", "-k", "a=1"}},
		{exitFailed, "get nope: no such table", "", []string{"get", "nope", "-k", `{"a": 1}`}},
		{exitUsage, "get: unknown flag: --bogus", "", []string{"get", "orders", "--bogus"}},
		{exitUsage, "get: one table at a time", "", []string{"get", "orders", "more"}},
		{exitUsage, "put orders: the item on standard input is empty", " \n", []string{"put", "orders"}},
		{exitUsage, "put orders: the item: line 1, column 17: unexpected end of JSON input", "", []string{"put", "orders", `{"customer": "x"`}},
		{exitUsage, "put orders: the item on standard input: line 1, column 16: byte 0xff is not UTF-8 text", "{\"customer\": \"x\xff\", \"id\": 1}", []string{"put", "orders"}},
		{exitUsage, "put orders: the item: line 1, column 16: byte 0xff is not UTF-8 text", "", []string{"put", "orders", "{\"customer\": \"x\xff\", \"id\": 1}"}},
		{exitUsage, `put orders: the item: line 1, column 34: \ud800 is half of a UTF-16 surrogate pair, not UTF-8 text`, "", []string{"put", "orders", `{"customer": "s", "id": 1, "v": "\ud800"}`}},
		{exitUsage, "put orders: the item is in DynamoDB JSON", "", []string{"put", "orders", `{"customer": {"S": "x"}, "id": {"N": "1"}}`}},
		{exitFailed, "put orders: ValidationException", "", []string{"put", "orders", `{"customer": "x"}`}},
		{exitUsage, `put orders: --return "new": want none, old`, "", []string{"put", "orders", `{"customer": "x", "id": 1}`, "--return", "new"}},
		{exitUsage, `put orders: --values :v: want :placeholder=value`, "", []string{"put", "orders", `{"customer": "x", "id": 1}`, "--values", ":v"}},
		{exitUsage, `put orders: --names: placeholder "n" must start with #`, "", []string{"put", "orders", `{"customer": "x", "id": 1}`, "--names", "n=x"}},
		{exitUsage, "update orders: nothing to update", "", []string{"update", "orders", "-k", "customer=a", "-k", "id=1"}},
		{exitUsage, "update orders: --update and --set, --remove, --add exclude each other", "", []string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--set", "a=1", "--update", "SET b = :b"}},
		{exitUsage, `update orders: --set: "a..b" is not an attribute path`, "", []string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--set", "a..b=1"}},
		{exitUsage, "update orders: --set x: want PATH=VALUE", "", []string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--set", "x"}},
		// An update expression where PATH=VALUE belongs used to set an
		// attribute "total " to the string " total + :x".
		{exitUsage, `update orders: --set: "total " is not an attribute path: a name does not begin or end with a space (--update takes an update expression)`, "",
			[]string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--set", "total = total + :x"}},
		{exitUsage, `update orders: --remove: " a" is not an attribute path: a name does not begin or end with a space (--update takes an update expression)`, "",
			[]string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--remove", "x", "--remove", " a"}},
		{exitFailed, "update orders: ValidationException", "", []string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--update", "SET"}},
		// A value that parses as JSON but is no value used to be stored as
		// the string of its text.
		{exitUsage, `update orders: --set tags: value {"$SS":[1,2]}: $SS member 0 is a number, want a string`, "",
			[]string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--set", `tags={"$SS":[1,2]}`}},
		{exitUsage, `update orders: --add n: value {"N":5}: N holds a number, want the number as a string`, "",
			[]string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--add", `n={"N":5}`, "--ddb-json"}},
		{exitUsage, `update orders: --set n: value 5: a number, want an object naming the type`, "",
			[]string{"update", "orders", "-k", "customer=a", "-k", "id=1", "--set", "n=5", "--ddb-json"}},
		{exitUsage, `delete orders: --values :v: value {"Q":"x"}: unknown type "Q"`, "",
			[]string{"delete", "orders", "-k", "customer=a", "-k", "id=1", "--condition", "s = :v", "--values", `:v={"Q":"x"}`, "--ddb-json"}},
		{exitUsage, `--output "xml": want json, jsonl or table`, "", []string{"get", "orders", "-k", "customer=a", "-k", "id=1", "-o", "xml"}},
		{exitFailed, "no database at /nonexistent/dir: the directory does not exist", "", []string{"get", "orders", "-k", `{"a": 1}`, "--url", "file:///nonexistent/dir"}},
		{exitFailed, "connection refused (is the server running?)", "", []string{"get", "orders", "-k", `{"a": 1}`, "--url", "http://127.0.0.1:1"}},
		{exitFailed, `"nonsense" is not a database URL`, "", []string{"get", "orders", "-k", `{"a": 1}`, "--url", "nonsense"}},
		// Parts of a URL that name nothing used to be ignored.
		{exitFailed, `"http://127.0.0.1:1/foo" is not a database URL: want http://host:port, without a path`, "", []string{"get", "orders", "-k", `{"a": 1}`, "--url", "http://127.0.0.1:1/foo"}},
		{exitFailed, `mem URL "mem://foo": a mem URL names nothing after mem://`, "", []string{"get", "orders", "-k", `{"a": 1}`, "--url", "mem://foo"}},
	}
	for _, tt := range tests {
		c.failsInput(tt.stdin, tt.code, tt.want, tt.args...)
	}
	// A folder of other files used to become a database, even for a read.
	project := t.TempDir()
	os.WriteFile(filepath.Join(project, "main.py"), []byte("x\n"), 0o600)
	c.fails(exitFailed, "scan orders: no database at "+project+": the directory holds other files", "scan", "orders", "--url", "file://"+project)
	c.fails(exitFailed, "tables create: no database at "+project+": the directory holds other files", "tables", "create", "orders", "--hash", "a:S", "--url", "file://"+project)
	if entries, _ := os.ReadDir(project); len(entries) != 1 {
		t.Errorf("the folder holds %d files after the refused commands, want 1 (main.py)", len(entries))
	}
	c.failsBare(exitFailed, "get orders: no database given: pass --url", "get", "orders", "-k", `{"a": 1}`)
	c.term.stdin = true
	c.failsInput("", exitUsage, "put orders: give the item as an argument or on standard input", "put", "orders")
}

// TestURLFromEnvironment checks that DDB_URL stands in for --url.
func TestURLFromEnvironment(t *testing.T) {
	c := newCLI(t, "file")
	ordersTable(c)
	c.env["DDB_URL"] = c.url
	if r := c.exec(t.Context(), "", "tables", "list"); r.err != nil || r.stdout != "orders\n" {
		t.Errorf("tables list with DDB_URL: %q, %s", r.stdout, r.line)
	}
}

// TestFileURLHeldByServer checks that a command on the data directory of a
// running ddb serve says, in one line, to use the server instead.
func TestFileURLHeldByServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the ddb command")
	}
	dir := t.TempDir()
	server := clienttest.Serve(t, testBinary(t), "--data", dir)
	c := &cli{t: t, url: "file://" + dir, env: map[string]string{}}
	c.fails(exitFailed, "tables list: database "+dir+" is in use by another process (a ddb serve --data "+dir+"?): use that server's http:// URL", "tables", "list")
	c.url = server.Endpoint
	c.ok("tables", "list")
}

// TestQuickStartExamples runs the item and table lines of the root
// command's examples, the first a user copies, in order on an in-memory
// database: each must succeed. (The query's filter used to name "total",
// a word DynamoDB reserves, which it refuses outside a placeholder.)
func TestQuickStartExamples(t *testing.T) {
	c := newCLI(t, "mem")
	ran := 0
	for line := range strings.Lines(testApp(nil, nil).rootCommand().Example) {
		args := shellWords(t, strings.TrimSpace(line))
		switch {
		case args[0] != "ddb":
		case args[1] == "serve" || args[1] == "export" || args[1] == "copy":
			// A server, and files in the working directory: not run here.
		default:
			c.ok(args[1:]...)
			ran++
		}
	}
	if ran < 4 {
		t.Errorf("ran %d example lines, want the tables, put, get, query and sql ones", ran)
	}
}

// shellWords splits a command line as a shell does, for the quoting the
// examples use: single quotes, and words separated by spaces.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unterminated quote in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}
