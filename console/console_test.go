package console

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/av"
)

// harness is a console over an in-process engine.
type harness struct {
	t   *testing.T
	db  *engine.DB
	srv *httptest.Server
}

func newHarness(t *testing.T, opts ...Option) *harness {
	t.Helper()
	return newEngineHarness(t, engine.Options{}, opts...)
}

// newEngineHarness is a console over an engine opened with eopts.
func newEngineHarness(t *testing.T, eopts engine.Options, opts ...Option) *harness {
	t.Helper()
	db, err := engine.Open(eopts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv := httptest.NewServer(New(db, db, opts...))
	t.Cleanup(srv.Close)
	return &harness{t: t, db: db, srv: srv}
}

// do sends a request as the console's page does and returns the status
// and body.
func (h *harness) do(method, path string, body any, headers ...string) (int, string) {
	h.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		r = strings.NewReader(string(data))
	}
	req, err := http.NewRequest(method, h.srv.URL+Prefix+path, r)
	if err != nil {
		h.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set(HeaderName, "1")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// ok sends a request that must succeed and decodes its answer into out.
func (h *harness) ok(method, path string, body, out any) {
	h.t.Helper()
	status, text := h.do(method, path, body)
	if status != http.StatusOK {
		h.t.Fatalf("%s %s: %d %s", method, path, status, text)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(text), out); err != nil {
			h.t.Fatalf("%s %s: %v in %s", method, path, err, text)
		}
	}
}

// fails sends a request that must fail with status and an error whose
// message contains msg.
func (h *harness) fails(method, path string, body any, status int, msg string) apiError {
	h.t.Helper()
	got, text := h.do(method, path, body)
	var ans struct{ Error apiError }
	json.Unmarshal([]byte(text), &ans)
	if got != status || !strings.Contains(ans.Error.Message, msg) {
		h.t.Errorf("%s %s: %d %s, want %d and a message with %q", method, path, got, text, status, msg)
	}
	return ans.Error
}

// createTable creates table "tbl": pk (S) and sk (N), a global index "byG"
// on g (S) and h (S), and a stream.
func (h *harness) createTable() {
	h.t.Helper()
	h.ok("POST", "api/tables", map[string]any{
		"TableName":   "tbl",
		"BillingMode": "PAY_PER_REQUEST",
		"AttributeDefinitions": []map[string]string{{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
			{"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "h", "AttributeType": "S"}},
		"KeySchema": []map[string]string{{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}},
		"GlobalSecondaryIndexes": []map[string]any{{"IndexName": "byG", "Projection": map[string]string{"ProjectionType": "ALL"},
			"KeySchema": []map[string]string{{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "h", "KeyType": "RANGE"}}}},
		"StreamSpecification": map[string]any{"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
		"Tags":                []map[string]string{{"Key": "team", "Value": "data"}},
	}, nil)
}

// put writes items to table tbl directly.
func (h *harness) put(items ...av.Item) {
	h.t.Helper()
	for _, item := range items {
		if _, err := h.db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("tbl"), Item: item}); err != nil {
			h.t.Fatal(err)
		}
	}
}

// get reads an item of table tbl directly.
func (h *harness) get(key av.Item) av.Item {
	h.t.Helper()
	out, err := h.db.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("tbl"), Key: key})
	if err != nil {
		h.t.Fatal(err)
	}
	return out.Item
}

func TestRequestChecks(t *testing.T) {
	h := newHarness(t, WithHosts("console.example"))
	tests := []struct {
		name    string
		method  string
		path    string
		headers []string
		want    int
	}{
		{"IP address", "GET", "api/tables", nil, 200},
		{"localhost", "GET", "api/tables", []string{"Host", "localhost:8000"}, 200},
		{"name under localhost", "GET", "api/tables", []string{"Host", "app.localhost:8000"}, 200},
		{"IPv6", "GET", "api/tables", []string{"Host", "[::1]:8000"}, 200},
		{"allowed name", "GET", "api/tables", []string{"Host", "Console.Example"}, 200},
		{"other name (rebinding)", "GET", "api/tables", []string{"Host", "evil.example:8000"}, 403},
		{"other name, page", "GET", "", []string{"Host", "evil.example"}, 403},
		{"API read from another site", "GET", "api/tables", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"page opened from another site", "GET", "", []string{"Sec-Fetch-Site", "cross-site"}, 200},
		{"change from the page", "DELETE", "api/tables/missing", []string{"Origin", "", "Sec-Fetch-Site", "same-origin"}, 400},
		{"change without the header", "DELETE", "api/tables/missing", []string{HeaderName, ""}, 403},
		{"change from another origin", "DELETE", "api/tables/missing", []string{"Origin", "http://evil.example"}, 403},
		{"change from another port", "DELETE", "api/tables/missing", []string{"Origin", "http://127.0.0.1:1"}, 403},
		{"change from a sibling site", "DELETE", "api/tables/missing", []string{"Sec-Fetch-Site", "same-site"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := h.do(tt.method, tt.path, nil, tt.headers...)
			if status != tt.want {
				t.Errorf("%s %s with %q: %d %s, want %d", tt.method, tt.path, tt.headers, status, body, tt.want)
			}
		})
	}
	// The page's own origin passes.
	if status, body := h.do("DELETE", "api/tables/missing", nil, "Origin", h.srv.URL); status != 400 || !strings.Contains(body, "ResourceNotFoundException") {
		t.Errorf("DELETE from the page's origin: %d %s, want DynamoDB's answer", status, body)
	}
}

func TestAssets(t *testing.T) {
	h := newHarness(t)
	resp, err := http.Get(h.srv.URL + Prefix)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `<script type="module" src="app.js">`) || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("page: %s %.100s", resp.Header.Get("Content-Type"), body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'self';") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	for name := range files() {
		if strings.Contains(string(files()[name].data), "http://") || strings.Contains(string(files()[name].data), "https://") {
			if name != "icon.svg" { // the SVG namespace
				t.Errorf("%s names another origin", name)
			}
		}
	}
	req, _ := http.NewRequest("GET", h.srv.URL+Prefix+"app.js", nil)
	req.Header.Set("If-None-Match", files()["app.js"].etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("app.js with its ETag: %d, want 304", resp.StatusCode)
	}
	if ct := files()["app.js"].ctype; ct != "text/javascript; charset=utf-8" {
		t.Errorf("app.js type %q", ct)
	}
	if status, _ := h.do("GET", "nothing.js", nil); status != 404 {
		t.Errorf("unknown asset: %d", status)
	}
	h.fails("GET", "api/nothing", nil, 404, "no such console API")
}

func TestTables(t *testing.T) {
	h := newHarness(t)
	h.createTable()
	var list struct{ Tables []string }
	h.ok("GET", "api/tables", nil, &list)
	if !cmp.Equal(list.Tables, []string{"tbl"}) {
		t.Errorf("tables %v", list.Tables)
	}
	var info struct {
		Table struct {
			TableName              string
			GlobalSecondaryIndexes []struct{ IndexName string }
			StreamSpecification    struct{ StreamEnabled bool }
		}
		TTL     struct{ TimeToLiveStatus string }
		Tags    []struct{ Key, Value string }
		Streams bool
	}
	h.ok("GET", "api/tables/tbl", nil, &info)
	if info.Table.TableName != "tbl" || len(info.Table.GlobalSecondaryIndexes) != 1 || info.TTL.TimeToLiveStatus != "DISABLED" ||
		len(info.Tags) != 1 || info.Tags[0].Value != "data" || !info.Streams || !info.Table.StreamSpecification.StreamEnabled {
		t.Errorf("describe: %+v", info)
	}

	h.ok("DELETE", "api/tables/tbl/indexes/byG", nil, nil)
	// One index changes at a time: wait for the deletion before adding.
	for {
		d, _ := h.db.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String("tbl")})
		if len(d.Table.GlobalSecondaryIndexes) == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.ok("POST", "api/tables/tbl/indexes", map[string]any{
		"Index": map[string]any{"IndexName": "byX", "Projection": map[string]string{"ProjectionType": "KEYS_ONLY"},
			"KeySchema": []map[string]string{{"AttributeName": "x", "KeyType": "HASH"}}},
		"AttributeDefinitions": []map[string]string{{"AttributeName": "x", "AttributeType": "N"}},
	}, nil)
	h.ok("PUT", "api/tables/tbl/ttl", map[string]any{"Enabled": true, "Attribute": "expires"}, nil)
	h.ok("PUT", "api/tables/tbl/stream", map[string]any{"Enabled": false}, nil)
	desc, err := h.db.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String("tbl")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range desc.Table.GlobalSecondaryIndexes {
		names = append(names, *g.IndexName+":"+string(g.IndexStatus))
	}
	if len(names) != 1 || !strings.HasPrefix(names[0], "byX:") {
		t.Errorf("indexes after the updates: %v", names)
	}
	if desc.Table.StreamSpecification != nil && *desc.Table.StreamSpecification.StreamEnabled {
		t.Error("the stream is still on")
	}
	ttl, _ := h.db.DescribeTimeToLive(context.Background(), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("tbl")})
	if ttl.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusEnabled || *ttl.TimeToLiveDescription.AttributeName != "expires" {
		t.Errorf("TTL %+v", ttl.TimeToLiveDescription)
	}

	h.fails("POST", "api/tables", map[string]any{"TableName": "tbl", "KeySchema": []any{}}, 400, "")
	h.fails("POST", "api/tables", "{not json", 400, "the request is not the JSON expected")
	h.fails("GET", "api/tables/missing", nil, 400, "not found")
	h.ok("DELETE", "api/tables/tbl", nil, nil)
	if _, err := h.db.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String("tbl")}); err == nil {
		t.Error("the table is still there")
	}
}

func TestLoopbackOnly(t *testing.T) {
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tt := range []struct {
		opts   []Option
		remote string
		want   int
	}{
		{nil, "192.0.2.1:1234", 200},
		{[]Option{WithLoopbackOnly()}, "192.0.2.1:1234", 403},
		{[]Option{WithLoopbackOnly()}, "127.0.0.1:1234", 200},
		{[]Option{WithLoopbackOnly()}, "[::1]:1234", 200},
	} {
		req := httptest.NewRequest("GET", "http://127.0.0.1"+Prefix+"api/tables", nil)
		req.RemoteAddr = tt.remote
		w := httptest.NewRecorder()
		New(db, db, tt.opts...).ServeHTTP(w, req)
		if w.Code != tt.want {
			t.Errorf("loopback only %v, client %s: %d %s, want %d", tt.opts != nil, tt.remote, w.Code, w.Body, tt.want)
		}
	}
}
