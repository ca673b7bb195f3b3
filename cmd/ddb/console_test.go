package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

func TestParseConsoleFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    consoleConfig
		wantErr bool
	}{
		{nil, consoleConfig{host: "127.0.0.1", port: 8001}, false},
		{[]string{"--url", "aws://eu-west-1", "--port", "0", "--host", "::1"}, consoleConfig{url: "aws://eu-west-1", host: "::1"}, false},
		{[]string{"--port", "65536"}, consoleConfig{}, true},
		{[]string{"extra"}, consoleConfig{}, true},
		{[]string{"--bogus"}, consoleConfig{}, true},
	}
	for _, tt := range tests {
		got, err := parseConsoleFlags(tt.args)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("parseConsoleFlags(%q) = %+v, %v; want %+v, error %v", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

// startCommand runs a ddb command until the test ends and returns the lines
// it prints first.
func startCommand(t *testing.T, args []string, lines int) []string {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	stdout, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, w, io.Discard) }()
	t.Cleanup(func() {
		stop()
		go io.Copy(io.Discard, stdout)
		if err := <-done; err != nil {
			t.Errorf("%s: %v", strings.Join(args, " "), err)
		}
	})
	r := bufio.NewReader(stdout)
	var out []string
	for range lines {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimSpace(line))
	}
	return out
}

// get sends a GET with the given Accept header and returns the status, the
// Location and the body, without following redirects.
func get(t *testing.T, client *http.Client, url, accept string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestServeConsole runs `ddb serve --console`: SDK clients and health
// checks see DynamoDB on the port, browsers get the console, and API
// requests a browser sends on a console connection still reach DynamoDB.
func TestServeConsole(t *testing.T) {
	lines := startCommand(t, []string{"serve", "--port", "0", "--console"}, 2)
	endpoint := strings.TrimPrefix(lines[0], "listening on ")
	if want := "console on " + endpoint + "/console/"; lines[1] != want {
		t.Fatalf("second line %q, want %q", lines[1], want)
	}
	client := dynamodb.New(dynamodb.Options{APIOptions: sdkrace.Options(), BaseEndpoint: aws.String(endpoint), Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	createDurableTable(t, client)

	if status, _, body := get(t, noRedirects, endpoint+"/", ""); status != 200 || !strings.HasPrefix(body, "healthy: dynamodb") {
		t.Errorf("GET / = %d %q, want DynamoDB's health answer", status, body)
	}
	if status, _, body := get(t, noRedirects, endpoint+"/", "application/json"); status != 200 || !strings.HasPrefix(body, "healthy: dynamodb") {
		t.Errorf("GET / (JSON) = %d %q, want DynamoDB's health answer", status, body)
	}
	if status, loc, _ := get(t, noRedirects, endpoint+"/", "text/html,application/xhtml+xml"); status != http.StatusFound || loc != "/console/" {
		t.Errorf("a browser's GET / = %d to %q, want a redirect to /console/", status, loc)
	}
	// One keep-alive connection: the page, then the console's API, then a
	// DynamoDB request.
	browser := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	if status, _, body := get(t, browser, endpoint+"/console/", "text/html"); status != 200 || !strings.Contains(body, "<title>ddb console</title>") {
		t.Errorf("GET /console/ = %d %.80q", status, body)
	}
	if status, _, body := get(t, browser, endpoint+"/console/api/tables", ""); status != 200 || body != `{"tables":["`+durableTable+`"]}`+"\n" {
		t.Errorf("GET /console/api/tables = %d %q", status, body)
	}
	req, _ := http.NewRequest(http.MethodPost, endpoint+"/", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"TableNames":["`+durableTable+`"]}` {
		t.Errorf("ListTables on the console's connection = %d %s", resp.StatusCode, body)
	}
	if _, err := client.ListTables(context.Background(), &dynamodb.ListTablesInput{}); err != nil {
		t.Errorf("ListTables through the SDK: %v", err)
	}
}

// TestServeConsoleSigned runs `ddb serve --console --auth`: the API wants
// signatures, and the console (which calls the engine directly) answers
// this machine's clients only, as the test is.
func TestServeConsoleSigned(t *testing.T) {
	lines := startCommand(t, []string{"serve", "--port", "0", "--console", "--auth", "AKID:SECRET"}, 2)
	endpoint := strings.TrimPrefix(lines[0], "listening on ")
	if status, _, body := get(t, noRedirects, endpoint+"/console/api/tables", ""); status != 200 || body != `{"tables":[]}`+"\n" {
		t.Errorf("GET /console/api/tables from this machine = %d %q", status, body)
	}
	wrong := dynamodb.New(dynamodb.Options{APIOptions: sdkrace.Options(), BaseEndpoint: aws.String(endpoint), Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "WRONG", "")})
	if _, err := wrong.ListTables(context.Background(), &dynamodb.ListTablesInput{}); err == nil {
		t.Error("the API answered a request signed with the wrong secret")
	}
}

// TestConsoleCommand runs `ddb console` for an endpoint (a DynamoDB server
// over HTTP, reached with ddb.Open) and uses its API, streams included,
// which go through the Streams client Open builds.
func TestConsoleCommand(t *testing.T) {
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	backend := httptest.NewServer(server.New(db))
	defer backend.Close()
	lines := startCommand(t, []string{"console", "--url", backend.URL, "--port", "0"}, 1)
	addr, _, _ := strings.Cut(strings.TrimPrefix(lines[0], "console on "), " ")
	base := strings.TrimSuffix(addr, "/console/")
	if status, loc, _ := get(t, noRedirects, base+"/", "text/html"); status != http.StatusFound || loc != "/console/" {
		t.Errorf("GET / = %d to %q, want a redirect to /console/", status, loc)
	}
	_, err = db.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String("events"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: "S"}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: "HASH"}},
		BillingMode:          types.BillingModePayPerRequest,
		StreamSpecification:  &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("events"),
		Item: map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "e1"}}}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/console/api/tables/events/stream/poll", strings.NewReader(`{"from": "oldest"}`))
	req.Header.Set("X-DDB-Console", "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"event":"INSERT"`) || !strings.Contains(string(body), `"keys":{"id":{"S":"e1"}}`) {
		t.Errorf("stream poll = %d %s", resp.StatusCode, body)
	}
}
