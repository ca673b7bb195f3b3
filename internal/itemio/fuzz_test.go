package itemio

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// FuzzReaders reads arbitrary input in each format. The readers must never
// panic, and every item they read must survive a round trip: through
// DynamoDB JSON always, through plain JSON whenever its numbers are JSON
// numbers (always for items read from plain JSON), and, for CSV input,
// through a CSV file planned by a ColumnSet.
func FuzzReaders(f *testing.F) {
	seeds := []struct {
		format byte
		text   string
	}{
		{0, "{\"a\": 1, \"b\": {\"$SS\": [\"x\"]}, \"c\": {\"$M\": {\"$B\": \"AQ==\"}}}\n[1]\n{\"d\": [null, true, {}]}"},
		{1, "{\"a\": {\"N\": \"1\"}, \"b\": {\"L\": [{\"BS\": [\"AQ==\"]}]}}\n{\"Item\": {\"pk\": {\"S\": \"x\"}}}\n{\"a\": {\"NULL\": false}}"},
		{2, "id,n:N,tags:SS,doc:M,any:ANY,raw\n1,2,\"[\"\"a\"\"]\",\"{\"\"$NS\"\":[1]}\",\"{\"\"S\"\":\"\"\"\"}\",x\n,,,,,\n3"},
	}
	for _, s := range seeds {
		f.Add(s.format, []byte(s.text))
	}
	f.Fuzz(func(t *testing.T, format byte, data []byte) {
		fmts := []Format{JSON, DynamoJSON, CSV}
		in := fmts[int(format)%len(fmts)]
		r, err := NewReader(in, bytes.NewReader(data), CSVOptions{InferTypes: format >= 128})
		if err != nil {
			t.Fatal(err)
		}
		var items []Item
		for {
			item, err := r.Read()
			if err == io.EOF {
				break
			}
			var re *RowError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				break // a stream error (a CSV header): the stream ends
			}
			items = append(items, item)
		}
		for _, item := range items {
			checkRoundTrip(t, DynamoJSON, item, true)
			checkRoundTrip(t, JSON, item, in == JSON)
		}
		if in == CSV {
			checkCSVRoundTrip(t, items)
		}
	})
}

// checkRoundTrip marshals item in f and checks that it reads back equal;
// the marshaling may fail only if mustWrite is false.
func checkRoundTrip(t *testing.T, f Format, item Item, mustWrite bool) {
	text, err := Marshal(f, item, "")
	if err != nil {
		if mustWrite {
			t.Fatalf("Marshal(%s, %v): %v", f, item, err)
		}
		return
	}
	back, err := Unmarshal(f, text)
	if err != nil {
		t.Fatalf("Unmarshal(%s, %s): %v", f, text, err)
	}
	if diff := cmp.Diff(item, back, av.Cmp); diff != "" {
		t.Fatalf("%s round trip of %s (-want +got):\n%s", f, text, diff)
	}
}

// checkCSVRoundTrip writes items as CSV with planned columns and checks
// that what was written reads back equal. Writing may fail only for a
// value plain JSON cannot hold.
func checkCSVRoundTrip(t *testing.T, items []Item) {
	cs := NewColumnSet()
	for _, item := range items {
		cs.Add(item)
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, cs.Columns())
	var written []Item
	for _, item := range items {
		if len(item) == 0 {
			continue // a row of empty cells, which readers skip
		}
		if err := w.Write(item); err != nil {
			if _, perr := Marshal(JSON, item, ""); perr == nil {
				t.Fatalf("CSV Write(%v): %v", item, err)
			}
			continue
		}
		written = append(written, item)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, errs := readAll(t, NewCSVReader(&buf, CSVOptions{}))
	if errs != nil {
		t.Fatalf("reading back %q: %v", buf.String(), errs)
	}
	if diff := cmp.Diff(written, got, av.Cmp); diff != "" {
		t.Fatalf("CSV round trip of %q (-want +got):\n%s", buf.String(), diff)
	}
}
