package itemio

import (
	"bytes"
	"io"
	"testing"

	"github.com/ddbkit/ddb/internal/av"
)

// benchItem is an item of a typical size and shape (about 300 bytes).
var benchItem = av.Item{
	"pk": av.S("user#12345"), "sk": av.S("order#2026-01-01T12:00:00Z"), "total": av.N("1234.56"),
	"status": av.S("shipped"), "paid": av.Bool(true), "tags": av.SS("gift", "express"),
	"lines": av.L(av.M(av.Item{"sku": av.S("A-1"), "qty": av.N("2"), "price": av.N("99.90")}),
		av.M(av.Item{"sku": av.S("B-7"), "qty": av.N("1"), "price": av.N("1034.76")})),
	"address": av.M(av.Item{"city": av.S("Lyon"), "zip": av.S("69001")}),
}

// BenchmarkWrite and BenchmarkRead measure streams of that item in each
// format (go test -run '^$' -bench . ./internal/itemio).
func BenchmarkWrite(b *testing.B) {
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			cs := NewColumnSet()
			cs.Add(benchItem)
			w := newWriter(f, io.Discard, cs.Columns())
			for range b.N {
				if err := w.Write(benchItem); err != nil {
					b.Fatal(err)
				}
			}
			w.Flush()
		})
	}
}

func BenchmarkRead(b *testing.B) {
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			cs := NewColumnSet()
			cs.Add(benchItem)
			var buf bytes.Buffer
			w := newWriter(f, &buf, cs.Columns())
			for range 1000 {
				w.Write(benchItem)
			}
			w.Flush()
			data := buf.Bytes()
			b.SetBytes(int64(len(data) / 1000))
			b.ResetTimer()
			for i := 0; i < b.N; i += 1000 {
				r, _ := NewReader(f, bytes.NewReader(data), CSVOptions{})
				for {
					if _, err := r.Read(); err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// newWriter returns a writer of format f.
func newWriter(f Format, w io.Writer, cols []Column) Writer {
	switch f {
	case JSON:
		return NewJSONWriter(w)
	case DynamoJSON:
		return NewDynamoJSONWriter(w)
	}
	return NewCSVWriter(w, cols)
}
