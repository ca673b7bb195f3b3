package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/clienttest"
)

// The tests in this file send `ddb serve` requests no SDK would: each must
// be refused with DynamoDB's error, and the server must stay up and small.

// rawCall sends one DynamoDB request with the given body as is (with a
// signature that is not checked) and returns the status and body of the
// answer.
func rawCall(t *testing.T, endpoint, target, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+target)
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// peakRSS returns the largest resident size the process pid has had, in
// bytes (VmHWM).
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc to read the server's memory from: %v", err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

const nestingError = `{"__type":"com.amazon.coral.validate#ValidationException","message":"Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"}`

// TestServeRefusesDeepNesting sends three PutItem requests at once whose
// item nests lists 1.3 million levels deep (10 MB each): each is refused
// with DynamoDB's nesting error, and the server neither dies of a stack
// overflow nor grows by more than a few times the bodies.
func TestServeRefusesDeepNesting(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t))
	createDurableTable(t, server.Client())
	const depth = 1_300_000
	body := `{"TableName":"` + durableTable + `","Item":{"pk":{"S":"deep"},"v":` +
		strings.Repeat(`{"L":[`, depth) + `{"S":"x"}` + strings.Repeat(`]}`, depth) + `}}`
	before := peakRSS(t, server.PID())
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if status, got := rawCall(t, server.Endpoint, "PutItem", body); status != 400 || got != nestingError {
				t.Errorf("PutItem nested %d deep: %d %.200s; want 400 %s", depth, status, got, nestingError)
			}
		})
	}
	wg.Wait()
	if _, err := server.Client().ListTables(context.Background(), &dynamodb.ListTablesInput{}); err != nil {
		t.Fatalf("the server stopped answering: %v\n%s", err, server.Output())
	}
	after := peakRSS(t, server.PID())
	t.Logf("peak RSS %d MB before, %d MB after three %d MB requests", before>>20, after>>20, len(body)>>20)
	if limit := before + 6*3*int64(len(body)); after > limit {
		t.Errorf("peak RSS grew from %d MB to %d MB, over %d MB", before>>20, after>>20, limit>>20)
	}
}

// TestServeRefusesDeepExpression sends a PutItem whose condition nests
// parentheses 5 million deep (10 MB), which used to end the server with a
// stack overflow in the expression parser: it is refused for its size, as
// DynamoDB refuses expressions over 4 KB, and the server goes on.
func TestServeRefusesDeepExpression(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t))
	createDurableTable(t, server.Client())
	const depth = 5_000_000
	cond := strings.Repeat("(", depth) + "pk = pk" + strings.Repeat(")", depth)
	body := `{"TableName":"` + durableTable + `","Item":{"pk":{"S":"deep"}},"ConditionExpression":"` + cond + `"}`
	want := `{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: ` + strconv.Itoa(len(cond)) + `"}`
	if status, got := rawCall(t, server.Endpoint, "PutItem", body); status != 400 || got != want {
		t.Errorf("PutItem with a condition nested %d deep: %d %.200s; want 400 %s", depth, status, got, want)
	}
	if _, err := server.Client().ListTables(context.Background(), &dynamodb.ListTablesInput{}); err != nil {
		t.Fatalf("the server stopped answering: %v\n%s", err, server.Output())
	}
}

// TestServeRefusesInvalidUTF8 writes items whose keys are bytes that are
// not UTF-8 (as the request's raw bytes and as escapes of unpaired
// surrogates): DynamoDB refuses them with a SerializationException, and
// nothing is written that could not be read back by its key.
func TestServeRefusesInvalidUTF8(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t))
	client := server.Client()
	createDurableTable(t, client)
	// Bytes that are not UTF-8 are refused as DynamoDB refuses malformed
	// JSON, without a message; an unpaired surrogate says why.
	const malformed = `{"__type":"com.amazon.coral.service#SerializationException"}`
	const surrogate = `{"__type":"com.amazon.coral.service#SerializationException","Message":"Malformed JSON string: an escaped UTF-16 surrogate is not part of a pair; DynamoDB strings are UTF-8, which cannot encode it"}`
	for key, want := range map[string]string{"\xfe(": malformed, "\xff(": malformed, "\xc3(": malformed, `\ud800`: surrogate, `\udc00`: surrogate} {
		body := `{"TableName":"` + durableTable + `","Item":{"pk":{"S":"` + key + `"}}}`
		if status, got := rawCall(t, server.Endpoint, "PutItem", body); status != 400 || got != want {
			t.Errorf("PutItem with key %q: %d %s; want 400 %s", key, status, got, want)
		}
	}
	out, err := client.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(durableTable)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 0 {
		t.Errorf("the table holds %d items after refused writes: %v", len(out.Items), out.Items)
	}
}

// TestServeRefusesEmptyAttributeValues sends attribute values without a
// data type ({}, only null members, only unknown members) wherever a request
// holds one: each gets DynamoDB's "Supplied AttributeValue is empty"
// message (wrapped as an ExpressionAttributeValues' value error), where a
// JSON null gets the "null AttributeValue" one. DynamoDB Local answers each
// of these as here, and dynalite's tests, run against DynamoDB, expect the
// message for {}.
func TestServeRefusesEmptyAttributeValues(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t))
	createDurableTable(t, server.Client())
	const (
		empty  = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
		null   = "The supplied Item contains a null AttributeValue: x is null"
		prefix = `{"__type":"com.amazon.coral.validate#ValidationException","message":"`
	)
	table := `"TableName":"` + durableTable + `"`
	for _, c := range []struct{ target, body, message string }{
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"},"x":{}}}`, empty},
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"},"x":{"S":null}}}`, empty},
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"},"x":{"Q":"1"}}}`, empty},
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"},"x":null}}`, null},
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"},"x":{"M":{"y":{}}}}}`, empty},
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"},"x":{"L":[{}]}}}`, empty},
		{"PutItem", `{` + table + `,"Item":{"pk":{}}}`, empty},
		{"GetItem", `{` + table + `,"Key":{"pk":{}}}`, empty},
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"}},"ConditionExpression":"x = :v","ExpressionAttributeValues":{":v":{}}}`,
			"ExpressionAttributeValues contains invalid value: " + empty + " for key :v"},
		{"PutItem", `{` + table + `,"Item":{"pk":{"S":"a"}},"Expected":{"x":{"Value":{}}}}`, empty},
		{"UpdateItem", `{` + table + `,"Key":{"pk":{"S":"a"}},"AttributeUpdates":{"x":{"Value":{},"Action":"PUT"}}}`, empty},
		{"Scan", `{` + table + `,"ScanFilter":{"x":{"ComparisonOperator":"EQ","AttributeValueList":[{}]}}}`, empty},
		{"Scan", `{` + table + `,"ExclusiveStartKey":{"pk":{}}}`, empty},
		{"BatchGetItem", `{"RequestItems":{"` + durableTable + `":{"Keys":[{"pk":{}}]}}}`, empty},
		{"BatchWriteItem", `{"RequestItems":{"` + durableTable + `":[{"PutRequest":{"Item":{"pk":{"S":"a"},"x":{}}}}]}}`, empty},
		{"TransactWriteItems", `{"TransactItems":[{"Put":{` + table + `,"Item":{"pk":{"S":"a"},"x":{}}}}]}`, empty},
		{"TransactGetItems", `{"TransactItems":[{"Get":{` + table + `,"Key":{"pk":{}}}}]}`, empty},
		{"ExecuteStatement", `{"Statement":"SELECT * FROM \"` + durableTable + `\" WHERE pk = ?","Parameters":[{}]}`, empty},
	} {
		want := prefix + c.message + `"}`
		if status, got := rawCall(t, server.Endpoint, c.target, c.body); status != 400 || got != want {
			t.Errorf("%s %s:\n got %d %s\nwant 400 %s", c.target, c.body, status, got, want)
		}
	}
}

// TestServeBoundsDecodingByTheBodyBudget sends 40 PutItem requests at once
// whose 8 MB bodies are lists of empty maps, each of which decodes to about
// ten times its size, to a server with a budget of 128 MB (--max-body-mb):
// what decoding takes counts against the budget as the bodies do, so the
// requests that do not fit are answered 503 and the server's peak memory
// stays within a few times the budget (it reached 1.7 GB when only the
// bodies counted).
func TestServeBoundsDecodingByTheBodyBudget(t *testing.T) {
	const budget = 128
	server := clienttest.Serve(t, clienttest.BuildDDB(t), "--max-body-mb", strconv.Itoa(budget))
	createDurableTable(t, server.Client())
	const size = 8 << 20
	head := `{"TableName":"` + durableTable + `","Item":{"pk":{"S":"maps"},"v":{"L":[`
	body := head + strings.Repeat(`{"M":{}},`, (size-len(head)-20)/9) + `{"M":{}}]}}}`
	before := peakRSS(t, server.PID())
	// Every request's headers first, then the bodies: their decoding
	// begins at about the same time.
	conns := make([]net.Conn, 40)
	for i := range conns {
		nc, err := net.Dial("tcp", strings.TrimPrefix(server.Endpoint, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		io.WriteString(nc, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\n"+
			"Content-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\n"+
			"Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc\r\n"+
			"Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n")
		conns[i] = nc
	}
	time.Sleep(100 * time.Millisecond)
	statuses := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, nc := range conns {
		wg.Go(func() {
			io.WriteString(nc, body) // fails when the server answered 503 without reading it
			resp, err := http.ReadResponse(bufio.NewReader(nc), nil)
			status := "closed"
			if err == nil {
				answer, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				status = strconv.Itoa(resp.StatusCode) + " " + string(answer)
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	const tooLarge = `400 {"__type":"com.amazon.coral.validate#ValidationException","message":"Item size has exceeded the maximum allowed size"}`
	for status := range statuses {
		if status != tooLarge && !strings.HasPrefix(status, "503 ") && status != "closed" {
			t.Errorf("answers: %v; want %s or 503", statuses, tooLarge)
		}
	}
	if _, err := server.Client().ListTables(context.Background(), &dynamodb.ListTablesInput{}); err != nil {
		t.Fatalf("the server stopped answering: %v\n%s", err, server.Output())
	}
	after := peakRSS(t, server.PID())
	t.Logf("answers by status %v; peak RSS %d MB before, %d MB after", statuses, before>>20, after>>20)
	if limit := before + 6*budget<<20; after > limit {
		t.Errorf("peak RSS grew from %d MB to %d MB, over %d MB", before>>20, after>>20, limit>>20)
	}
}
