package server

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// discardWriter is a reusable http.ResponseWriter that keeps nothing.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }

// benchItem is a typical small item: a few strings and numbers, a set, a map.
const benchItem = `{"pk":{"S":"user#12345"},"sk":{"S":"profile"},"name":{"S":"Ada Lovelace"},` +
	`"email":{"S":"ada@example.com"},"age":{"N":"36"},"score":{"N":"1234.5"},"active":{"BOOL":true},` +
	`"tags":{"SS":["math","poetry"]},"address":{"M":{"city":{"S":"London"},"zip":{"S":"W1"}}}}`

// benchmarkHandler serves one request body repeatedly through ServeHTTP.
func benchmarkHandler(b *testing.B, target, body string, f *fake) {
	s := New(f)
	req, _ := http.NewRequest(http.MethodPost, "/", nil)
	req.Header.Set("X-Amz-Target", targetPrefix+target)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("Authorization", testAuth)
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	w := &discardWriter{h: http.Header{}}
	rd := strings.NewReader(body)
	req.ContentLength = int64(len(body))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		req.Body = io.NopCloser(rd)
		s.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

func BenchmarkPutItem(b *testing.B) {
	body := `{"TableName":"bench","Item":` + benchItem + `,"ConditionExpression":"attribute_not_exists(pk)"}`
	benchmarkHandler(b, "PutItem", body, &fake{out: &dynamodb.PutItemOutput{}})
}

func BenchmarkGetItem(b *testing.B) {
	var item map[string]types.AttributeValue
	r := reader{s: benchItem}
	item, err := r.item()
	if err != nil {
		b.Fatal(err)
	}
	body := `{"TableName":"bench","Key":{"pk":{"S":"user#12345"},"sk":{"S":"profile"}},"ConsistentRead":true}`
	benchmarkHandler(b, "GetItem", body, &fake{out: &dynamodb.GetItemOutput{Item: item}})
}

// BenchmarkEncodeItem measures the output encoder alone on the bench item.
func BenchmarkEncodeItem(b *testing.B) {
	r := reader{s: benchItem}
	item, err := r.item()
	if err != nil {
		b.Fatal(err)
	}
	e := encoder{}
	b.ReportAllocs()
	for b.Loop() {
		e.buf = e.buf[:0]
		e.item(item)
	}
	if !bytes.Contains(e.buf, []byte(`"Ada Lovelace"`)) {
		b.Fatal(string(e.buf))
	}
}

// scanItem is an item of the benchmark's Scan table: short keys and a
// 100-byte string.
var scanItem = `{"pk":{"S":"scan-123"},"sk":{"N":"4567"},"payload":{"S":"` + strings.Repeat("x", 100) + `"},"n":{"N":"0"}}`

// BenchmarkEncodeScanItem measures the output encoder on an item of the
// benchmark's Scan table.
func BenchmarkEncodeScanItem(b *testing.B) {
	item := decodeJSONItem(b, scanItem)
	e := encoder{}
	b.ReportAllocs()
	for b.Loop() {
		e.buf = e.buf[:0]
		e.item(item)
	}
}

// BenchmarkReadRequest measures reading the line, headers and body of a
// request as aws-sdk-go-v2 sends it.
func BenchmarkReadRequest(b *testing.B) {
	body := `{"Key":{"pk":{"S":"key-42"},"sk":{"N":"0"}},"TableName":"bench_items"}`
	raw := "POST / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: aws-sdk-go-v2/1.41.0 ua/2.1 os/linux lang/go#1.26 md/GOOS#linux md/GOARCH#amd64 api/dynamodb#1.53.0 m/E,b\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\nAccept-Encoding: identity\r\nAmz-Sdk-Invocation-Id: 5b6a8f0e-1c2d-4e3f-8a9b-0c1d2e3f4a5b\r\n" +
		"Amz-Sdk-Request: attempt=1; max=3\r\nAuthorization: " + testAuth + "\r\nContent-Type: application/x-amz-json-1.0\r\n" +
		"X-Amz-Date: 20260101T000000Z\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n\r\n" + body
	src := strings.NewReader(raw)
	r := bufio.NewReaderSize(src, readBufferSize)
	var q httpRequest
	var buf []byte
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		src.Reset(raw)
		r.Reset(src)
		if _, err := q.read(r); err != nil {
			b.Fatal(err)
		}
		var err error
		if buf, err = q.readBody(r, buf[:0], MaxRequestBytes, nil); err != nil || len(buf) != len(body) {
			b.Fatal(len(buf), err)
		}
	}
}

// collectionItem is an item whose values are lists and sets: an L of
// scalars, maps and a nested L, and an SS, an NS and a BS.
const collectionItem = `{"pk":{"S":"user#12345"},` +
	`"history":{"L":[{"S":"login"},{"N":"17"},{"BOOL":true},{"M":{"at":{"N":"1700000000"},"ip":{"S":"10.0.0.1"}}},` +
	`{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},{"NULL":true},{"S":"logout"},{"N":"18"}]},` +
	`"tags":{"SS":["math","poetry","engines","notes","analysis","bernoulli"]},` +
	`"scores":{"NS":["1","2.5","-3","400","5e3","0.25","7","8"]},` +
	`"keys":{"BS":["AAEC","AwQF","BgcI","CQoL"]}}`

// BenchmarkDecodeCollections measures decoding an item of lists and sets
// from a request body.
func BenchmarkDecodeCollections(b *testing.B) {
	body := []byte(collectionItem)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var item map[string]types.AttributeValue
		if err := decodeBody(body, nil, decodeItemAt, unsafe.Pointer(&item)); err != nil || len(item) != 5 {
			b.Fatal(err)
		}
	}
}
