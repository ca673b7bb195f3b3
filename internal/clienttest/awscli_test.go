package clienttest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cli runs AWS CLI commands against one endpoint.
type cli struct {
	t        *testing.T
	aws      string
	endpoint string
	service  string   // "dynamodb" when empty
	env      []string // added to the clean environment
}

// run runs `aws SERVICE ARGS --endpoint-url E --output json`.
func (c cli) run(args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	service := c.service
	if service == "" {
		service = "dynamodb"
	}
	args = append(append([]string{service}, args...), "--endpoint-url", c.endpoint, "--output", "json")
	return Run(ctx, c.env, c.aws, args...)
}

// ok runs a command that must succeed and returns its decoded JSON output
// (nil for none).
func (c cli) ok(args ...string) map[string]any {
	c.t.Helper()
	out, errOut, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("%v\n%s%s", err, out, errOut)
	}
	if strings.TrimSpace(out) == "" {
		return nil
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		c.t.Fatalf("aws %s: output is not JSON: %v\n%s", args[0], err, out)
	}
	return v
}

// fails runs a command that must fail with the given error line, which the
// CLI prints as "An error occurred (CODE) when calling the OP operation: MSG".
func (c cli) fails(want string, args ...string) {
	c.t.Helper()
	out, errOut, err := c.run(args...)
	if err == nil {
		c.t.Errorf("aws %s succeeded, want %q\n%s", args[0], want, out)
		return
	}
	if got := strings.TrimSpace(errOut); got != want {
		c.t.Errorf("aws %s error:\n got: %s\nwant: %s", args[0], got, want)
	}
}

// attr returns the value of an attribute of an item in the CLI's JSON, such
// as attr(item, "n", "N").
func attr(item any, name, typ string) any {
	m, _ := item.(map[string]any)
	v, _ := m[name].(map[string]any)
	return v[typ]
}

// sortKeys returns the sk numbers of the items in a JSON list of items.
func sortKeys(items any) []string {
	var out []string
	list, _ := items.([]any)
	for _, it := range list {
		sk, _ := attr(it, "sk", "N").(string)
		out = append(out, sk)
	}
	return out
}

// TestAWSCLI runs the client scenario (see testdata/README.md) with the
// AWS CLI's dynamodb commands.
func TestAWSCLI(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	c := cli{t: t, aws: AWSCLI(t), endpoint: Endpoint(t)}
	table := TableName("awscli")
	key := func(pk, sk string) string { return `{"pk":{"S":"` + pk + `"},"sk":{"N":"` + sk + `"}}` }

	c.ok("create-table", "--table-name", table,
		"--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N", "AttributeName=color,AttributeType=S",
		"--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
		"--global-secondary-indexes", `[{"IndexName":"byColor","KeySchema":[{"AttributeName":"color","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]`,
		"--billing-mode", "PAY_PER_REQUEST")
	t.Cleanup(func() { c.run("delete-table", "--table-name", table) })
	c.ok("wait", "table-exists", "--table-name", table)

	c.ok("put-item", "--table-name", table,
		"--item", `{"pk":{"S":"a"},"sk":{"N":"1"},"color":{"S":"red"},"n":{"N":"1"},"tags":{"SS":["x","y"]}}`,
		"--condition-expression", "attribute_not_exists(pk)")
	update := []string{"update-item", "--table-name", table, "--key", key("a", "1"),
		"--update-expression", "SET n = n + :inc", "--condition-expression", "n = :one",
		"--expression-attribute-values", `{":inc":{"N":"1"},":one":{"N":"1"}}`, "--return-values", "UPDATED_NEW"}
	if got := c.ok(update...); !cmp.Equal(got["Attributes"], map[string]any{"n": map[string]any{"N": "2"}}) {
		t.Errorf("update-item Attributes = %v, want n = 2", got["Attributes"])
	}
	c.fails("An error occurred (ConditionalCheckFailedException) when calling the UpdateItem operation: The conditional request failed", update...)
	got := c.ok("get-item", "--table-name", table, "--key", key("a", "1"), "--consistent-read")
	if n, color := attr(got["Item"], "n", "N"), attr(got["Item"], "color", "S"); n != "2" || color != "red" {
		t.Errorf("get-item: n = %v, color = %v; want 2, red", n, color)
	}

	var puts []string
	for i := range 20 {
		color := "blue"
		if i%2 == 0 {
			color = "red"
		}
		puts = append(puts, `{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"`+strconv.Itoa(i)+`"},"color":{"S":"`+color+`"}}}}`)
	}
	got = c.ok("batch-write-item", "--request-items", `{"`+table+`":[`+strings.Join(puts[:10], ",")+`]}`)
	if len(got["UnprocessedItems"].(map[string]any)) != 0 {
		t.Errorf("batch-write-item: unprocessed %v", got["UnprocessedItems"])
	}
	c.ok("batch-write-item", "--request-items", `{"`+table+`":[`+strings.Join(puts[10:], ",")+`]}`)

	got = c.ok("query", "--table-name", table, "--key-condition-expression", "pk = :pk AND sk BETWEEN :lo AND :hi",
		"--expression-attribute-values", `{":pk":{"S":"b"},":lo":{"N":"5"},":hi":{"N":"9"}}`)
	if diff := cmp.Diff([]string{"5", "6", "7", "8", "9"}, sortKeys(got["Items"])); diff != "" {
		t.Errorf("query sort keys (-want +got):\n%s", diff)
	}
	got = c.ok("query", "--table-name", table, "--index-name", "byColor", "--key-condition-expression", "color = :c",
		"--expression-attribute-values", `{":c":{"S":"red"}}`, "--no-scan-index-forward")
	want := []string{"18", "16", "14", "12", "10", "8", "6", "4", "2", "1", "0"}
	if diff := cmp.Diff(want, sortKeys(got["Items"])); diff != "" {
		t.Errorf("query byColor sort keys (-want +got):\n%s", diff)
	}

	var scanned, pages int
	for start := ""; pages == 0 || start != ""; pages++ {
		args := []string{"scan", "--table-name", table, "--limit", "6", "--no-paginate"}
		if start != "" {
			args = append(args, "--exclusive-start-key", start)
		}
		got = c.ok(args...)
		scanned += len(got["Items"].([]any))
		start = ""
		if last, ok := got["LastEvaluatedKey"]; ok {
			b, _ := json.Marshal(last)
			start = string(b)
		}
	}
	if scanned != 21 || pages < 4 {
		t.Errorf("scan: %d items in %d pages, want 21 in at least 4", scanned, pages)
	}

	got = c.ok("batch-get-item", "--request-items", `{"`+table+`":{"Keys":[`+key("a", "1")+`,`+key("b", "3")+`,`+key("b", "99")+`]}}`)
	items := got["Responses"].(map[string]any)[table].([]any)
	sks := sortKeys(items)
	slices.Sort(sks)
	if diff := cmp.Diff([]string{"1", "3"}, sks); diff != "" {
		t.Errorf("batch-get-item sort keys (-want +got):\n%s", diff)
	}

	c.fails("An error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: "+
		"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
		"transact-write-items", "--transact-items", `[
			{"Put":{"TableName":"`+table+`","Item":{"pk":{"S":"c"},"sk":{"N":"1"}}}},
			{"ConditionCheck":{"TableName":"`+table+`","Key":`+key("a", "1")+`,"ConditionExpression":"n = :wrong","ExpressionAttributeValues":{":wrong":{"N":"5"}}}}]`)
	if got := c.ok("get-item", "--table-name", table, "--key", key("c", "1")); got["Item"] != nil {
		t.Errorf("canceled transaction wrote %v", got["Item"])
	}

	got = c.ok("delete-item", "--table-name", table, "--key", key("b", "0"), "--return-values", "ALL_OLD")
	if color := attr(got["Attributes"], "color", "S"); color != "red" {
		t.Errorf("delete-item ALL_OLD color = %v, want red", color)
	}

	// PartiQL, with parameters, through ExecuteStatement,
	// BatchExecuteStatement and ExecuteTransaction.
	insert := []string{"execute-statement", "--statement", `INSERT INTO "` + table + `" VALUE {'pk': ?, 'sk': ?, 'n': 5}`,
		"--parameters", `[{"S":"p"},{"N":"1"}]`}
	c.ok(insert...)
	c.fails("An error occurred (DuplicateItemException) when calling the ExecuteStatement operation: Duplicate primary key exists in table", insert...)
	got = c.ok("execute-statement", "--statement", `SELECT sk FROM "`+table+`" WHERE pk = 'b' AND sk < 4`)
	if diff := cmp.Diff([]string{"1", "2", "3"}, sortKeys(got["Items"])); diff != "" {
		t.Errorf("execute-statement SELECT sort keys (-want +got):\n%s", diff)
	}
	got = c.ok("execute-statement", "--statement", `UPDATE "`+table+`" SET n = n + 1 WHERE pk = 'p' AND sk = 1 RETURNING MODIFIED NEW *`)
	if items, _ := got["Items"].([]any); len(items) != 1 || attr(items[0], "n", "N") != "6" {
		t.Errorf("execute-statement UPDATE RETURNING: %v", got["Items"])
	}
	got = c.ok("batch-execute-statement", "--statements", `[{"Statement":"SELECT n FROM \"`+table+`\" WHERE pk = 'p' AND sk = 1"},`+
		`{"Statement":"SELECT n FROM \"`+table+`\" WHERE pk = ? AND sk = ?","Parameters":[{"S":"a"},{"N":"1"}]}]`)
	if r, _ := got["Responses"].([]any); len(r) != 2 || attr(r[0].(map[string]any)["Item"], "n", "N") != "6" || attr(r[1].(map[string]any)["Item"], "n", "N") != "2" {
		t.Errorf("batch-execute-statement: %v", got["Responses"])
	}
	c.fails("An error occurred (TransactionCanceledException) when calling the ExecuteTransaction operation: "+
		"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
		"execute-transaction", "--transact-statements", `[{"Statement":"UPDATE \"`+table+`\" SET n = 0 WHERE pk = 'p' AND sk = 1"},`+
			`{"Statement":"EXISTS(SELECT * FROM \"`+table+`\" WHERE pk = 'a' AND sk = 1 AND n = 5)"}]`)

	// A SELECT a page at a time (the CLI leaves ExecuteStatement's paging to
	// the caller), a SELECT of an index with its capacity, a batch's
	// per-statement errors, and an idempotent transaction.
	got = c.ok("execute-statement", "--statement", `SELECT sk FROM "`+table+`" WHERE pk = 'b'`, "--limit", "5")
	next, _ := got["NextToken"].(string)
	if diff := cmp.Diff([]string{"1", "2", "3", "4", "5"}, sortKeys(got["Items"])); diff != "" || next == "" {
		t.Errorf("execute-statement first page, NextToken %q (-want +got):\n%s", next, diff)
	}
	got = c.ok("execute-statement", "--statement", `SELECT sk FROM "`+table+`" WHERE pk = 'b'`, "--limit", "5", "--next-token", next)
	if diff := cmp.Diff([]string{"6", "7", "8", "9", "10"}, sortKeys(got["Items"])); diff != "" {
		t.Errorf("execute-statement second page (-want +got):\n%s", diff)
	}
	got = c.ok("execute-statement", "--statement", `SELECT sk FROM "`+table+`"."byColor" WHERE color = 'red' AND sk BETWEEN 2 AND 6`,
		"--return-consumed-capacity", "TOTAL")
	if diff := cmp.Diff([]string{"2", "4", "6"}, sortKeys(got["Items"])); diff != "" || got["ConsumedCapacity"].(map[string]any)["TableName"] != table {
		t.Errorf("execute-statement SELECT of an index: capacity %v (-want +got):\n%s", got["ConsumedCapacity"], diff)
	}
	got = c.ok("batch-execute-statement", "--statements", `[{"Statement":"INSERT INTO \"`+table+`\" VALUE {'pk': 'p', 'sk': 1}"},`+
		`{"Statement":"UPDATE \"`+table+`\" SET n = 1 WHERE pk = 'b' AND sk = 2 AND n = 9","ReturnValuesOnConditionCheckFailure":"ALL_OLD"},`+
		`{"Statement":"DELETE FROM \"`+table+`\" WHERE pk = 'b' AND sk = 19"}]`)
	var codes []any
	for _, r := range got["Responses"].([]any) {
		e, _ := r.(map[string]any)["Error"].(map[string]any)
		codes = append(codes, e["Code"])
	}
	failed, _ := got["Responses"].([]any)[1].(map[string]any)["Error"].(map[string]any)
	if diff := cmp.Diff([]any{"DuplicateItem", "ConditionalCheckFailed", nil}, codes); diff != "" || attr(failed["Item"], "color", "S") != "red" {
		t.Errorf("batch-execute-statement errors: item %v (-want +got):\n%s", failed["Item"], diff)
	}
	token := table[len(table)-8:]
	tx := func(set string) []string {
		return []string{"execute-transaction", "--client-request-token", token, "--transact-statements",
			`[{"Statement":"UPDATE \"` + table + `\" SET ` + set + ` WHERE pk = 'p' AND sk = 1"}]`}
	}
	c.ok(tx("q = 1")...)
	c.ok(tx("q = 1")...)
	c.fails("An error occurred (IdempotentParameterMismatchException) when calling the ExecuteTransaction operation: "+
		"Specified idempotent token was used with different request parameters within the idempotency window", tx("q = 2")...)

	got = c.ok("describe-table", "--table-name", table)
	desc := got["Table"].(map[string]any)
	gsis, _ := desc["GlobalSecondaryIndexes"].([]any)
	if desc["TableStatus"] != "ACTIVE" || len(gsis) != 1 || gsis[0].(map[string]any)["IndexName"] != "byColor" {
		t.Errorf("describe-table: status %v, indexes %v", desc["TableStatus"], gsis)
	}
	got = c.ok("list-tables")
	if names, _ := got["TableNames"].([]any); !slices.Contains(names, any(table)) {
		t.Errorf("list-tables %v does not name %s", names, table)
	}

	c.fails("An error occurred (ResourceNotFoundException) when calling the GetItem operation: Requested resource not found",
		"get-item", "--table-name", table+"_missing", "--key", key("a", "1"))
	c.fails("An error occurred (ValidationException) when calling the PutItem operation: "+
		"One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
		"put-item", "--table-name", table, "--item", `{"pk":{"S":"a"},"sk":{"S":"1"}}`)
	c.fails(`An error occurred (ValidationException) when calling the UpdateItem operation: Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"`,
		"update-item", "--table-name", table, "--key", key("a", "1"), "--update-expression", "SET")
	c.fails("An error occurred (ResourceInUseException) when calling the CreateTable operation: Table already exists: "+table,
		"create-table", "--table-name", table, "--attribute-definitions", "AttributeName=pk,AttributeType=S",
		"--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")

	c.ok("delete-table", "--table-name", table)
	c.ok("wait", "table-not-exists", "--table-name", table)
}

// TestAWSCLIStreams runs the streams scenario (see testdata/README.md) with
// the AWS CLI's dynamodbstreams commands.
func TestAWSCLIStreams(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	c := cli{t: t, aws: AWSCLI(t), endpoint: Endpoint(t)}
	s := c
	s.service = "dynamodbstreams"
	table := TableName("awsclistreams")
	desc := c.ok("create-table", "--table-name", table,
		"--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH",
		"--billing-mode", "PAY_PER_REQUEST", "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES")
	t.Cleanup(func() { c.run("delete-table", "--table-name", table) })
	arn, _ := desc["TableDescription"].(map[string]any)["LatestStreamArn"].(string)
	c.ok("put-item", "--table-name", table, "--item", `{"pk":{"S":"a"},"n":{"N":"1"}}`)
	c.ok("update-item", "--table-name", table, "--key", `{"pk":{"S":"a"}}`, "--update-expression", "SET n = :n",
		"--expression-attribute-values", `{":n":{"N":"2"}}`)
	c.ok("delete-item", "--table-name", table, "--key", `{"pk":{"S":"a"}}`)

	listed := s.ok("list-streams", "--table-name", table)["Streams"].([]any)
	if len(listed) != 1 || listed[0].(map[string]any)["StreamArn"] != arn {
		t.Fatalf("list-streams: %v, want %s", listed, arn)
	}
	d := s.ok("describe-stream", "--stream-arn", arn)["StreamDescription"].(map[string]any)
	shards := d["Shards"].([]any)
	if d["StreamStatus"] != "ENABLED" || len(shards) != 1 {
		t.Fatalf("describe-stream: %v", d)
	}
	shard := shards[0].(map[string]any)["ShardId"].(string)
	it := s.ok("get-shard-iterator", "--stream-arn", arn, "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"].(string)
	out := s.ok("get-records", "--shard-iterator", it)
	var events, images []string
	for _, r := range out["Records"].([]any) {
		rec := r.(map[string]any)
		sr := rec["dynamodb"].(map[string]any)
		events = append(events, rec["eventName"].(string))
		images = append(images, fmt.Sprint(attr(sr["OldImage"], "n", "N"), "->", attr(sr["NewImage"], "n", "N")))
	}
	if diff := cmp.Diff([]string{"INSERT", "MODIFY", "REMOVE"}, events); diff != "" {
		t.Errorf("get-records events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"<nil>->1", "1->2", "2-><nil>"}, images); diff != "" {
		t.Errorf("get-records images (-want +got):\n%s", diff)
	}
	if _, ok := out["NextShardIterator"].(string); !ok {
		t.Error("get-records on an open shard gave no NextShardIterator")
	}
	s.fails("An error occurred (ValidationException) when calling the GetRecords operation: Invalid ShardIterator", "get-records", "--shard-iterator", "garbage")
	s.fails("An error occurred (ResourceNotFoundException) when calling the DescribeStream operation: Requested resource not found: Stream: "+arn+"x not found",
		"describe-stream", "--stream-arn", arn+"x")
}
