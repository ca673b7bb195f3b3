package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTables(t *testing.T) {
	forEachBackend(t, func(t *testing.T, c *cli) {
		if out := c.ok("tables", "list"); out != "" {
			t.Fatalf("tables list of an empty database: %q", out)
		}
		c.term.stdout = true
		if out := c.ok("tables", "list"); out != "No tables.\n" {
			t.Fatalf("tables list of an empty database on a terminal: %q", out)
		}
		c.term.stdout = false
		c.ok("tables", "create", "orders", "--hash", "customer:S", "--range", "id:N",
			"--gsi", "by-status=status:S,created:N,keys-only", "--gsi", "by-total=total:N,include:note:customer",
			"--lsi", "by-date=date:S", "--ttl", "expires", "--stream", "new-and-old-images")
		c.ok("tables", "create", "events", "--hash", "id:B", "--read", "5", "--write", "7")
		if got := lines(c.ok("tables", "list")); !cmp.Equal(got, []string{"events", "orders"}) {
			t.Errorf("tables list in a pipe: %q, want the names", got)
		}

		var desc struct {
			Table struct {
				TableName              string
				KeySchema              []map[string]string
				GlobalSecondaryIndexes []struct {
					IndexName  string
					Projection struct {
						ProjectionType   string
						NonKeyAttributes []string
					}
				}
				LocalSecondaryIndexes []struct{ IndexName string }
				StreamSpecification   struct{ StreamViewType string }
				BillingModeSummary    struct{ BillingMode string }
			}
			TimeToLiveDescription struct{ AttributeName, TimeToLiveStatus string }
		}
		if err := json.Unmarshal([]byte(c.ok("tables", "describe", "orders", "-o", "json")), &desc); err != nil {
			t.Fatal(err)
		}
		d := desc.Table
		if d.TableName != "orders" || len(d.KeySchema) != 2 || len(d.GlobalSecondaryIndexes) != 2 || len(d.LocalSecondaryIndexes) != 1 ||
			d.StreamSpecification.StreamViewType != "NEW_AND_OLD_IMAGES" || d.BillingModeSummary.BillingMode != "PAY_PER_REQUEST" ||
			desc.TimeToLiveDescription.AttributeName != "expires" {
			t.Errorf("describe orders: %+v", desc)
		}
		for _, ix := range d.GlobalSecondaryIndexes {
			if ix.IndexName == "by-total" && (ix.Projection.ProjectionType != "INCLUDE" || !cmp.Equal(ix.Projection.NonKeyAttributes, []string{"note", "customer"})) {
				t.Errorf("by-total projection: %+v", ix.Projection)
			}
		}
		if out := c.ok("tables", "describe", "events"); !strings.Contains(out, `"ReadCapacityUnits":5`) || !strings.Contains(out, `"HASH"`) {
			t.Errorf("describe events in a pipe (JSON lines): %s", out)
		}
		// Unset enums, which the AWS CLI does not print, used to print as "".
		if out := c.ok("tables", "describe", "events"); strings.Contains(out, `:""`) {
			t.Errorf("describe events prints empty members: %s", out)
		}

		// From a file, in YAML and in JSON, as the AWS CLI takes it.
		dir := t.TempDir()
		yamlFile := filepath.Join(dir, "t.yaml")
		os.WriteFile(yamlFile, []byte(`TableName: from-yaml
AttributeDefinitions:
  - {AttributeName: pk, AttributeType: S}
KeySchema:
  - {AttributeName: pk, KeyType: HASH}
BillingMode: PAY_PER_REQUEST
`), 0o600)
		c.ok("tables", "create", "--file", yamlFile)
		jsonFile := filepath.Join(dir, "t.json")
		os.WriteFile(jsonFile, []byte(`{"TableName": "ignored", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "N"}],
			"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}`), 0o600)
		c.ok("tables", "create", "from-json", "--file", jsonFile)

		c.term.stdout = true
		table := c.ok("tables", "list")
		if !strings.Contains(table, "TABLE") || !strings.Contains(table, "from-json  ACTIVE  pk (N)") {
			t.Errorf("tables list on a terminal:\n%s", table)
		}
		summary := c.ok("tables", "describe", "orders")
		for _, want := range []string{"Key:          customer (S), id (N)", "Billing:      on demand", "Time to live: expires (ENABLED)", "by-status  global  status (S), created (N)  KEYS_ONLY"} {
			if !strings.Contains(summary, want) {
				t.Errorf("describe on a terminal lacks %q:\n%s", want, summary)
			}
		}
		c.term.stdout = false

		c.fails(exitUsage, "tables delete: deleting table orders needs --yes", "tables", "delete", "orders")
		c.ok("tables", "delete", "orders", "--yes")
		c.ok("tables", "delete", "from-yaml", "-y")
		if got := lines(c.ok("tables", "list")); !cmp.Equal(got, []string{"events", "from-json"}) {
			t.Errorf("tables after deletes: %q", got)
		}

		// Deleting on a terminal asks for the table's name.
		c.term.stdin, c.term.stderr = true, true
		if r := c.runInput("nope\n", "tables", "delete", "events"); r.code != exitFailed || !strings.Contains(r.line, "not deleted") {
			t.Errorf("delete answered wrongly: exit %d, %q", r.code, r.line)
		}
		if r := c.runInput("events\n", "tables", "delete", "events"); r.err != nil || !strings.Contains(r.stderr, "Type the table's name") {
			t.Errorf("delete confirmed: %v, stderr %q", r.err, r.stderr)
		}
	})
}

func TestTablesBadInput(t *testing.T) {
	c := newCLI(t, "mem")
	c.ok("tables", "create", "orders", "--hash", "customer:S")
	tests := []struct {
		code int
		want string
		args []string
	}{
		{exitUsage, "tables create: name the table", []string{"tables", "create", "--hash", "a:S"}},
		{exitUsage, "tables create: give the partition key: --hash NAME:TYPE", []string{"tables", "create", "t1x"}},
		{exitUsage, `--hash a:Q: key type "Q": want S, N or B`, []string{"tables", "create", "t1x", "--hash", "a:Q"}},
		{exitUsage, "--hash a: want NAME:TYPE", []string{"tables", "create", "t1x", "--hash", "a"}},
		{exitUsage, "table name must be 3 to 255 characters", []string{"tables", "create", "x!", "--hash", "a:S"}},
		{exitUsage, "--billing provisioned needs --read and --write", []string{"tables", "create", "t1x", "--hash", "a:S", "--billing", "provisioned"}},
		{exitUsage, `--stream "sideways"`, []string{"tables", "create", "t1x", "--hash", "a:S", "--stream", "sideways"}},
		{exitUsage, "--gsi g: want NAME=HASH:TYPE", []string{"tables", "create", "t1x", "--hash", "a:S", "--gsi", "g"}},
		{exitUsage, "local secondary index l needs a table with a range key", []string{"tables", "create", "t1x", "--hash", "a:S", "--lsi", "l=b:S"}},
		{exitUsage, "--file and the flags that declare a table exclude each other", []string{"tables", "create", "t1x", "--hash", "a:S", "--file", "x.json"}},
		{exitUsage, "no such file", []string{"tables", "create", "--file", "/nonexistent/t.json"}},
		{exitFailed, "tables create: table orders already exists (ResourceInUseException: ", []string{"tables", "create", "orders", "--hash", "customer:S"}},
		{exitFailed, "tables describe: table nope does not exist (ResourceNotFoundException: ", []string{"tables", "describe", "nope"}},
		{exitFailed, "tables delete: table nope does not exist (ResourceNotFoundException: ", []string{"tables", "delete", "nope", "--yes"}},
		{exitUsage, "tables list: unknown flag: --bogus", []string{"tables", "list", "--bogus"}},
		{exitUsage, `--output "xml": want json, jsonl or table`, []string{"tables", "describe", "orders", "-o", "xml"}},
	}
	for _, tt := range tests {
		c.fails(tt.code, tt.want, tt.args...)
	}
	c.failsBare(exitUsage, `tables: unknown command "frob" (commands: create, delete, describe, list)`, "tables", "frob")
	c.failsBare(exitUsage, `unknown command "tabels" (did you mean "tables"?)`, "tabels")
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"TableName": "t1x", "KeySchemas": []}`), 0o600)
	c.fails(exitUsage, `is not a CreateTableInput: unknown field "KeySchemas"`, "tables", "create", "--file", bad)
}
