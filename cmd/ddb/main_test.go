package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine"
)

func TestParseServeFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    serveConfig
		wantErr bool
	}{
		{nil, serveConfig{host: "127.0.0.1", port: 8000}, false},
		{[]string{"--port", "9000", "--host", "0.0.0.0"}, serveConfig{host: "0.0.0.0", port: 9000}, false},
		{[]string{"--in-memory"}, serveConfig{host: "127.0.0.1", port: 8000}, false},
		{[]string{"-inMemory", "-port", "8001"}, serveConfig{host: "127.0.0.1", port: 8001}, false},
		{[]string{"--data", "/tmp/x"}, serveConfig{host: "127.0.0.1", port: 8000, dir: "/tmp/x"}, false},
		{[]string{"-dbPath", "/tmp/y"}, serveConfig{host: "127.0.0.1", port: 8000, dir: "/tmp/y"}, false},
		{[]string{"-sharedDb", "-dbPath", "/tmp/y", "-cors", "*", "-delayTransientStatuses", "-optimizeDbBeforeStartup", "-disableTelemetry"},
			serveConfig{host: "127.0.0.1", port: 8000, dir: "/tmp/y"}, false},
		{[]string{"--cpuprofile", "/tmp/cpu.out"}, serveConfig{host: "127.0.0.1", port: 8000, cpuProfile: "/tmp/cpu.out"}, false},
		{[]string{"--in-memory", "--data", "/tmp/x"}, serveConfig{}, true},
		{[]string{"--port", "70000"}, serveConfig{}, true},
		{[]string{"extra"}, serveConfig{}, true},
		{[]string{"--bogus"}, serveConfig{}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parseServeFlags(tt.args, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRunSubcommands(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "ddb ") {
		t.Errorf("version: %q, %v", out.String(), err)
	}
	if err := run(context.Background(), []string{"frob"}, io.Discard, io.Discard); err == nil {
		t.Error("unknown subcommand: no error")
	}
	if err := run(context.Background(), nil, io.Discard, io.Discard); err == nil {
		t.Error("no subcommand: no error")
	}
	if err := run(context.Background(), []string{"serve", "-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("serve -h: %v, want flag.ErrHelp", err)
	}
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
		done <- run(ctx, []string{"serve", "--port", "0", "--data", dir, "--cpuprofile", profile}, w, io.Discard)
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	endpoint := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))

	client := dynamodb.New(dynamodb.Options{
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
