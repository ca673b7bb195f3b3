package server

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

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

// BenchmarkEncodeScanItem measures the output encoder on an item of the
// benchmark's Scan table: short keys and a 100-byte string.
func BenchmarkEncodeScanItem(b *testing.B) {
	r := reader{s: `{"pk":{"S":"scan-123"},"sk":{"N":"4567"},"payload":{"S":"` + strings.Repeat("x", 100) + `"},"n":{"N":"0"}}`}
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
}
