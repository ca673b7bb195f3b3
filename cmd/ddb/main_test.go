package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

func TestParseServeFlags(t *testing.T) {
	// cfg returns the configuration of "ddb serve" without flags, changed
	// by edit.
	cfg := func(edit func(*serveConfig)) serveConfig {
		c := serveConfig{host: "127.0.0.1", port: 8000, limits: server.DefaultLimits}
		c.limits.MaxConns = 0 // from the descriptor limit at start
		if edit != nil {
			edit(&c)
		}
		return c
	}
	keyFile := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keyFile, []byte("# team keys\nAKIDONE:secret1\n\nAKIDTWO:secret:with:colons # ci\n  AKIDTHREE : secret 3  \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    []string
		want    serveConfig
		wantErr bool
	}{
		{nil, cfg(nil), false},
		{[]string{"--port", "9000", "--host", "0.0.0.0"}, cfg(func(c *serveConfig) { c.host, c.port = "0.0.0.0", 9000 }), false},
		{[]string{"--in-memory"}, cfg(nil), false},
		{[]string{"-inMemory", "-port", "8001"}, cfg(func(c *serveConfig) { c.port = 8001 }), false},
		{[]string{"--data", "/tmp/x"}, cfg(func(c *serveConfig) { c.dir = "/tmp/x" }), false},
		{[]string{"-dbPath", "/tmp/y"}, cfg(func(c *serveConfig) { c.dir = "/tmp/y" }), false},
		{[]string{"-sharedDb", "-dbPath", "/tmp/y", "-delayTransientStatuses", "-optimizeDbBeforeStartup", "-disableTelemetry"},
			cfg(func(c *serveConfig) { c.dir = "/tmp/y" }), false},
		{[]string{"--cpuprofile", "/tmp/cpu.out"}, cfg(func(c *serveConfig) { c.cpuProfile = "/tmp/cpu.out" }), false},
		{[]string{"--s3-dir", "/tmp/s3"}, cfg(func(c *serveConfig) { c.s3Dir = "/tmp/s3" }), false},
		{[]string{"-cors", "*"}, cfg(func(c *serveConfig) { c.cors = []string{"*"} }), false},
		{[]string{"-port=8002", "-inMemory=true", "-cors=-odd"}, cfg(func(c *serveConfig) { c.port, c.cors = 8002, []string{"-odd"} }), false},
		{[]string{"-idle-timeout", "5s", "-max-conns=10"}, cfg(func(c *serveConfig) { c.limits.IdleTimeout, c.limits.MaxConns = 5*time.Second, 10 }), false},
		{[]string{"-cors", "https://app.example.com,http://localhost:*"},
			cfg(func(c *serveConfig) { c.cors = []string{"https://app.example.com", "http://localhost:*"} }), false},
		{[]string{"--auth", "AKIDA:sa,AKIDB:sb"}, cfg(func(c *serveConfig) { c.keys = map[string]string{"AKIDA": "sa", "AKIDB": "sb"} }), false},
		{[]string{"--auth", "AKIDA:sa", "--auth-file", keyFile},
			cfg(func(c *serveConfig) {
				c.keys = map[string]string{"AKIDA": "sa", "AKIDONE": "secret1", "AKIDTWO": "secret:with:colons", "AKIDTHREE": "secret 3"}
			}), false},
		{[]string{"--tls-cert", "c.pem", "--tls-key", "k.pem"}, cfg(func(c *serveConfig) { c.tlsCert, c.tlsKey = "c.pem", "k.pem" }), false},
		{[]string{"--idle-timeout", "5s", "--header-timeout", "2s", "--body-timeout", "3s", "--max-conns", "10", "--max-body-mb", "64"},
			cfg(func(c *serveConfig) {
				c.limits = server.Limits{IdleTimeout: 5 * time.Second, HeaderTimeout: 2 * time.Second, BodyTimeout: 3 * time.Second, MaxConns: 10, MaxBodyBytes: 64 << 20}
			}), false},
		{[]string{"--verify-checksums", "open"}, cfg(func(c *serveConfig) { c.verify = engine.VerifyAtOpen }), false},
		{[]string{"--verify-checksums", "off"}, cfg(func(c *serveConfig) { c.verify = engine.VerifyOff }), false},
		{[]string{"--verify-checksums", "background"}, cfg(nil), false},
		{[]string{"--verify-checksums", "sometimes"}, serveConfig{}, true},
		{[]string{"--admin"}, cfg(func(c *serveConfig) { c.admin = true }), false},
		{[]string{"--in-memory", "--data", "/tmp/x"}, serveConfig{}, true},
		{[]string{"--port", "70000"}, serveConfig{}, true},
		{[]string{"extra"}, serveConfig{}, true},
		{[]string{"--bogus"}, serveConfig{}, true},
		{[]string{"-bogus"}, serveConfig{}, true},
		{[]string{"--", "-port"}, serveConfig{}, true},
		{[]string{"--auth", "AKIDONLY"}, serveConfig{}, true},
		{[]string{"--cors", "http://*.test"}, serveConfig{}, true},
		{[]string{"--cors", "http://localhost:*,https://app.*:8443"}, serveConfig{}, true},
		{[]string{"--cors", "*:*"}, serveConfig{}, true},
		{[]string{"--auth", "A:x,A:y"}, serveConfig{}, true},
		{[]string{"--auth", "AKIDONE:x", "--auth-file", keyFile}, serveConfig{}, true},
		{[]string{"--auth", " : s"}, serveConfig{}, true},
		{[]string{"--auth", "A: "}, serveConfig{}, true},
		{[]string{"--auth-file", "/nonexistent/keys"}, serveConfig{}, true},
		{[]string{"--tls-cert", "c.pem"}, serveConfig{}, true},
		{[]string{"--max-body-mb", "8"}, serveConfig{}, true},
		{[]string{"--max-body-mb", "32"}, serveConfig{}, true},
		{[]string{"--idle-timeout", "0s"}, serveConfig{}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parseServeFlags(tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(serveConfig{})); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

// run runs a command line as main does, with the given standard output
// and error; canceling ctx interrupts it (and stops a server).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return testApp(stdout, stderr).run(ctx, args)
}

func TestGoStyleFlags(t *testing.T) {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	serveFlags(fs)
	tests := []struct{ in, want []string }{
		{[]string{"-port", "8000", "-inMemory", "-sharedDb"}, []string{"--port", "8000", "--inMemory", "--sharedDb"}},
		{[]string{"-dbPath=/d", "-cors", "-x"}, []string{"--dbPath=/d", "--cors", "-x"}},
		{[]string{"--host", "-port", "-h", "-help"}, []string{"--host", "-port", "-h", "--help"}},
		{[]string{"-nope", "--", "-port"}, []string{"-nope", "--", "-port"}},
	}
	for _, tt := range tests {
		if got := goStyleFlags(tt.in, fs); !cmp.Equal(got, tt.want) {
			t.Errorf("goStyleFlags(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRunSubcommands(t *testing.T) {
	output := func(args ...string) (string, error) {
		var out strings.Builder
		err := run(context.Background(), args, &out, io.Discard)
		return out.String(), err
	}
	if out, err := output("version"); err != nil || !strings.HasPrefix(out, "ddb ") {
		t.Errorf("version: %q, %v", out, err)
	}
	for _, args := range [][]string{nil, {"help"}, {"--help"}, {"serve", "-h"}, {"serve", "-help"}, {"tables"}} {
		if out, err := output(args...); err != nil || !strings.Contains(out, "Usage:") {
			t.Errorf("%q: %v, output %q", args, err, out)
		}
	}
	if _, err := output("serve", "extra"); exitCode(err) != exitUsage || !strings.Contains(err.Error(), `serve: unexpected argument "extra"`) {
		t.Errorf("serve extra: %v", err)
	}
}

// testApp returns an app with the given standard output and error, no
// input and no terminal, that opens URLs as the command does.
func testApp(stdout, stderr io.Writer) *app {
	a := &app{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr, getenv: func(string) string { return "" }, term: terminal{width: 80}}
	a.open = a.openURL
	return a
}

// TestServe runs "ddb serve --data DIR --cpuprofile FILE" on a free port,
// writes through an SDK client, stops the server as a signal would, and
// checks that the write is in the database when it is opened again and that
// the profile was written.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(t.TempDir(), "cpu.pprof")
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	stdout, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- testApp(w, io.Discard).run(ctx, []string{"serve", "--port", "0", "--data", dir, "--cpuprofile", profile})
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	endpoint := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))

	client := dynamodb.New(dynamodb.Options{
		APIOptions:   sdkrace.Options(),
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	})
	table := aws.String("serve_test")
	_, err = client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            table,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	item := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}, "n": &types.AttributeValueMemberN{Value: "1.5"}}
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: table, Item: item}); err != nil {
		t.Fatal(err)
	}

	stop()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if fi, err := os.Stat(profile); err != nil || fi.Size() == 0 {
		t.Errorf("cpu profile: %v, %v bytes; want a written profile", err, fi)
	}
	db, err := engine.Open(engine.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: table, Key: map[string]types.AttributeValue{"pk": item["pk"]}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(item, got.Item, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Errorf("item after restart (-want +got):\n%s", diff)
	}
}
