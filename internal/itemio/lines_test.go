package itemio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// readAll reads a stream to its end, collecting items and row errors.
func readAll(t *testing.T, r Reader) ([]Item, []string) {
	t.Helper()
	var items []Item
	var errs []string
	for {
		item, err := r.Read()
		if err == io.EOF {
			return items, errs
		}
		var re *RowError
		if errors.As(err, &re) {
			errs = append(errs, err.Error())
			continue
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		items = append(items, item)
	}
}

func TestJSONLinesRoundTrip(t *testing.T) {
	items := []Item{every, {"pk": av.S("b")}, {}}
	for _, tt := range []struct {
		name   string
		writer func(io.Writer) *JSONWriter
		reader func(io.Reader) Reader
		export bool
	}{
		{"json", NewJSONWriter, NewJSONReader, false},
		{"ddb-json", NewDynamoJSONWriter, NewDynamoJSONReader, false},
		{"ddb-json export", NewDynamoJSONWriter, NewDynamoJSONReader, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := tt.writer(&buf)
			w.Export = tt.export
			for _, item := range items {
				if err := w.Write(item); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if lines := strings.Count(buf.String(), "\n"); lines != len(items) {
				t.Errorf("wrote %d lines for %d items:\n%s", lines, len(items), buf.String())
			}
			if tt.export && !strings.HasPrefix(buf.String(), `{"Item":{`) {
				t.Errorf("export lines do not start with Item:\n%s", buf.String())
			}
			got, errs := readAll(t, tt.reader(&buf))
			if errs != nil {
				t.Fatalf("row errors: %v", errs)
			}
			if diff := cmp.Diff(items, got, av.Cmp); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONLinesReader(t *testing.T) {
	input := "\xef\xbb\xbf{\"a\": 1}\n\n   \n{\"a\": tru}\n{\"a\": {\"$B\": \"x\"}}\r\n[1]\n{\"a\": 2}"
	got, errs := readAll(t, NewJSONReader(strings.NewReader(input)))
	want := []Item{{"a": av.N("1")}, {"a": av.N("2")}}
	if diff := cmp.Diff(want, got, av.Cmp); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		"row 2 (line 4): line 4, column 10: invalid character '}' in literal true (expecting 'e')",
		`row 3 (line 5): attribute a: binary value "x" is not base64: illegal base64 data at input byte 0`,
		"row 4 (line 6): an item must be a JSON object, not an array",
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("row errors (-want +got):\n%s", diff)
	}
}

func TestJSONLinesReaderLongLine(t *testing.T) {
	input := "{\"a\": 1}\n{\"a\": \"" + strings.Repeat("x", MaxLineBytes) + "\"}\n"
	r := NewJSONReader(strings.NewReader(input))
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	_, err := r.Read()
	var re *RowError
	if err == nil || errors.As(err, &re) || !strings.Contains(err.Error(), "line 2 is longer") {
		t.Fatalf("Read of a long line: %v, want an error that ends the stream", err)
	}
	if _, again := r.Read(); again != err {
		t.Errorf("Read after the end = %v, want %v again", again, err)
	}
}

func TestJSONWriterRowError(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONWriter(&buf)
	for _, item := range []Item{{"a": av.N("1")}, {"a": av.N("+1")}, {"a": av.N("2")}} {
		err := w.Write(item)
		var re *RowError
		if err != nil && (!errors.As(err, &re) || re.Row != 2) {
			t.Errorf("Write(%v) = %v, want nil or a RowError for row 2", item, err)
		}
	}
	w.Flush()
	if want := "{\"a\":1}\n{\"a\":2}\n"; buf.String() != want {
		t.Errorf("wrote %q, want %q", buf.String(), want)
	}
}
