package clienttest

import (
	"context"
	"strings"
	"testing"
	"time"
)

// compressingEnv starts a `ddb serve` that checks signatures (the clients'
// dummy key) and returns its endpoint and the environment that makes boto3
// and the AWS CLI gzip their requests (see testdata/compressing_model.py).
// DynamoDB Local cannot decode compressed requests, so these tests always
// run against `ddb serve`.
func compressingEnv(t *testing.T) (endpoint string, env []string) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, errOut, err := Run(ctx, nil, Python(t), "testdata/compressing_model.py", dir); err != nil {
		t.Fatalf("%v\n%s%s", err, out, errOut)
	}
	srv := Serve(t, BuildDDB(t), "--in-memory", "--auth", "AKIDCLIENTTEST:secret")
	return srv.Endpoint, []string{"AWS_DATA_PATH=" + dir, "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES=1"}
}

// TestBoto3Compression runs the compression scenario (see
// testdata/README.md) with boto3.
func TestBoto3Compression(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	endpoint, env := compressingEnv(t)
	runScenario(t, env, Python(t), "testdata/boto3_compression.py", endpoint, TableName("boto3gzip"))
}

// TestAWSCLICompression writes and reads an item with the AWS CLI sending
// gzipped requests.
func TestAWSCLICompression(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	endpoint, env := compressingEnv(t)
	c := cli{t: t, aws: AWSCLI(t), endpoint: endpoint, env: env}
	table := TableName("awscligzip")
	c.ok("create-table", "--table-name", table, "--attribute-definitions", "AttributeName=pk,AttributeType=S",
		"--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
	c.ok("wait", "table-exists", "--table-name", table)
	text := strings.Repeat("compressible ", 2000)
	_, debug, err := c.run("put-item", "--table-name", table, "--item", `{"pk":{"S":"a"},"text":{"S":"`+text+`"}}`, "--debug")
	if err != nil {
		t.Fatalf("put-item: %v\n%s", err, debug)
	}
	if !strings.Contains(debug, "Compressing request with gzip encoding") {
		t.Fatalf("the CLI did not compress its request:\n%s", debug)
	}
	got := c.ok("get-item", "--table-name", table, "--key", `{"pk":{"S":"a"}}`, "--consistent-read")
	if attr(got["Item"], "text", "S") != text {
		t.Errorf("get-item: the text read back differs from the text written")
	}
	c.fails("An error occurred (ValidationException) when calling the GetItem operation: The provided key element does not match the schema",
		"get-item", "--table-name", table, "--key", `{"pk":{"N":"1"}}`)
	c.ok("delete-table", "--table-name", table)
}
