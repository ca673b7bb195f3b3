package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestProgressOnTerminal checks that import and export draw a progress
// line on stderr when it is a terminal, and write nothing there in a pipe
// or when their data goes to the same terminal.
func TestProgressOnTerminal(t *testing.T) {
	c := newCLI(t, "mem")
	ordersTable(c)
	dir := t.TempDir()
	path := writeOrders(t, dir, 500)
	out := filepath.Join(dir, "out.jsonl")

	for _, args := range [][]string{{"import", "orders", path}, {"export", "orders", out}, {"copy", "mem:///orders", "mem:///orders2"}} {
		c.term = terminal{width: 100}
		if r := c.run(args...); r.err != nil || r.stderr != "" {
			t.Errorf("%s in a pipe: %v, stderr %q; want nothing", args[0], r.line, r.stderr)
		}
		if args[0] == "copy" {
			c.ok("tables", "delete", "orders2", "--yes")
		}
		c.term = terminal{stderr: true, width: 100}
		r := c.run(args...)
		last := r.stderr[strings.LastIndexByte(strings.TrimSuffix(r.stderr, "\n"), '\r')+1:]
		if r.err != nil || !strings.HasPrefix(r.stderr, "\r") || !strings.HasPrefix(last, args[0]+" orders") || !strings.Contains(last, "  500 items  ") || !strings.HasSuffix(last, "\x1b[K\n") {
			t.Errorf("%s on a terminal: %v, stderr %q", args[0], r.line, r.stderr)
		}
	}
	c.term = terminal{stdout: true, stderr: true, width: 100}
	if r := c.run("export", "orders"); r.err != nil || r.stderr != "" || len(lines(r.stdout)) != 500 {
		t.Errorf("export to the terminal: %v, stderr %q, %d lines", r.line, r.stderr, len(lines(r.stdout)))
	}
}

// TestOutputModes checks the default output of item commands, a table on a
// terminal and JSON lines in a pipe, and that --output overrides it.
func TestOutputModes(t *testing.T) {
	c := newCLI(t, "mem")
	ordersTable(c)
	c.ok("put", "orders", `{"customer": "ann", "id": 1, "note": "a\tb"}`)
	tests := []struct {
		terminal bool
		output   string
		want     string
	}{
		{false, "", `{"customer":"ann","id":1,"note":"a\tb"}` + "\n"},
		{true, "", "customer  id  note\n--------  --  ----\nann       1   a\\tb\n(1 item)\n"},
		{true, "jsonl", `{"customer":"ann","id":1,"note":"a\tb"}` + "\n"},
		{false, "table", "customer  id  note\n--------  --  ----\nann       1   a\\tb\n(1 item)\n"},
		{false, "json", "[\n  {\n    \"customer\": \"ann\",\n    \"id\": 1,\n    \"note\": \"a\\tb\"\n  }\n]\n"},
	}
	for _, tt := range tests {
		c.term = terminal{stdout: tt.terminal, width: 80}
		args := []string{"scan", "orders"}
		if tt.output != "" {
			args = append(args, "--output", tt.output)
		}
		if got := c.ok(args...); got != tt.want {
			t.Errorf("scan on a terminal: %v, --output %q:\n got %q\nwant %q", tt.terminal, tt.output, got, tt.want)
		}
	}
	// A table narrower than its cells cuts the widest.
	c.ok("put", "orders", `{"customer": "bob", "id": 2, "note": "`+strings.Repeat("n", 200)+`"}`)
	c.term = terminal{stdout: true, width: 40}
	for _, l := range lines(c.ok("scan", "orders")) {
		if len([]rune(l)) > 40 {
			t.Errorf("a line of %d characters on a terminal of 40: %q", len([]rune(l)), l)
		}
	}
}

func TestCompletion(t *testing.T) {
	c := newCLI(t, "file")
	ordersTable(c)
	c.ok("tables", "create", "other", "--hash", "k:S")
	for shell, want := range map[string]string{"bash": "__start_ddb", "zsh": "#compdef ddb", "fish": "complete -c ddb", "powershell": "Register-ArgumentCompleter"} {
		r := c.exec(t.Context(), "", "completion", shell)
		if r.err != nil || !strings.Contains(r.stdout, want) {
			t.Errorf("completion %s: %v, %d bytes without %q", shell, r.err, len(r.stdout), want)
		}
	}
	// Table names complete from the database --url names.
	r := c.exec(t.Context(), "", "__complete", "get", "--url", c.url, "")
	if got := lines(r.stdout); len(got) < 3 || got[0] != "orders" || got[1] != "other" {
		t.Errorf("completion of a table name: %q", r.stdout)
	}
	r = c.exec(t.Context(), "", "__complete", "scan", "orders", "--output", "")
	if got := lines(r.stdout); len(got) < 3 || got[0] != "json" || got[1] != "jsonl" || got[2] != "table" {
		t.Errorf("completion of --output: %q", r.stdout)
	}
}
