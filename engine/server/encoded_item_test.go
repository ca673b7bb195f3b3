package server

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// canonicalJSON parses a JSON document into maps and lists whose leaves
// are the raw bytes of its strings, numbers and literals, so that two
// documents compare equal when they differ only in the order of object
// members, which follows Go's map iteration in the encoder.
func canonicalJSON(t *testing.T, b []byte) any {
	t.Helper()
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		t.Fatal("empty JSON value")
	case b[0] == '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[k] = canonicalJSON(t, v)
		}
		return out
	case b[0] == '[':
		var l []json.RawMessage
		if err := json.Unmarshal(b, &l); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		out := make([]any, len(l))
		for i, v := range l {
			out[i] = canonicalJSON(t, v)
		}
		return out
	}
	return string(b)
}

// sameJSON reports how two JSON documents differ, beyond the order of
// object members: the same values, each written with the same bytes.
func sameJSON(t *testing.T, want, got []byte) string {
	t.Helper()
	if diff := cmp.Diff(canonicalJSON(t, want), canonicalJSON(t, got)); diff != "" {
		return diff
	}
	if len(want) != len(got) {
		return "same values, but written in a different number of bytes:\n" + string(want) + "\n" + string(got)
	}
	return ""
}

// The JSON of a stored item is the JSON of the decoded item: numbers,
// binaries (base64), sets, nested documents and escapes byte for byte.
func TestEncodedItemJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	items := []map[string]types.AttributeValue{{}, decodeJSONItem(t, benchItem)}
	for range 2000 {
		items = append(items, av.Random(r, 5, 3))
	}
	for _, item := range items {
		var old, fast encoder
		old.item(item)
		if err := fast.encodedItem(itemenc.AppendItem(nil, item)); err != nil {
			t.Fatal(err)
		}
		if diff := sameJSON(t, old.buf, fast.buf); diff != "" {
			t.Fatalf("stored item's JSON differs from the decoded item's (-decoded +stored):\n%s", diff)
		}
	}
}

// A corrupt stored item is the engine's internal error, never a panic.
func TestEncodedItemCorrupt(t *testing.T) {
	enc := itemenc.AppendItem(nil, decodeJSONItem(t, benchItem))
	for n := range len(enc) {
		var e encoder
		if err := e.encodedItem(enc[:n]); err == nil {
			t.Fatalf("a %d-byte prefix of %d bytes was written", n, len(enc))
		}
	}
	deep := av.Null()
	for range attr.MaxNesting + 1 {
		deep = av.L(deep)
	}
	var e encoder
	if err := e.encodedItem(itemenc.AppendItem(nil, av.Item{"a": deep})); err == nil {
		t.Error("an item nested deeper than DynamoDB allows was written")
	}
}

func decodeJSONItem(t testing.TB, s string) map[string]types.AttributeValue {
	t.Helper()
	r := reader{s: s}
	item, err := r.item()
	if err != nil {
		t.Fatal(err)
	}
	return item
}

// BenchmarkEncodedScanItem measures writing an item of the benchmark's
// Scan table from its storage encoding (compare BenchmarkEncodeScanItem,
// from SDK values, which the engine would first decode).
func BenchmarkEncodedScanItem(b *testing.B) {
	enc := itemenc.AppendItem(nil, decodeJSONItem(b, scanItem))
	e := encoder{}
	b.ReportAllocs()
	for b.Loop() {
		e.buf = e.buf[:0]
		if err := e.encodedItem(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeEncodeScanItem measures what the fast path saves: decoding
// the stored item into SDK values, then writing them.
func BenchmarkDecodeEncodeScanItem(b *testing.B) {
	enc := itemenc.AppendItem(nil, decodeJSONItem(b, scanItem))
	e := encoder{}
	b.ReportAllocs()
	for b.Loop() {
		e.buf = e.buf[:0]
		item, err := itemenc.DecodeItem(enc)
		if err != nil {
			b.Fatal(err)
		}
		e.item(item)
	}
}
