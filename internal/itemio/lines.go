package itemio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// MaxLineBytes bounds a line of a JSON lines stream: an item of DynamoDB's
// largest size (400 KB) fits many times over, whatever its format.
const MaxLineBytes = 16 << 20

// utf8BOM is the byte order mark some tools start text files with.
var utf8BOM = []byte("\xef\xbb\xbf")

// linesReader reads JSON lines, one item a line.
type linesReader struct {
	sc     *bufio.Scanner
	format Format
	line   int // lines read
	row    int // items (and bad rows) read
	err    error
}

// NewJSONReader returns a reader of plain JSON lines.
func NewJSONReader(r io.Reader) Reader { return newLinesReader(r, JSON) }

// NewDynamoJSONReader returns a reader of DynamoDB JSON lines, bare items
// or the {"Item": {...}} lines of DynamoDB's S3 export.
func NewDynamoJSONReader(r io.Reader) Reader { return newLinesReader(r, DynamoJSON) }

func newLinesReader(r io.Reader, f Format) *linesReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes)
	return &linesReader{sc: sc, format: f}
}

func (r *linesReader) Read() (Item, error) {
	if r.err != nil {
		return nil, r.err
	}
	for r.sc.Scan() {
		r.line++
		text := r.sc.Bytes()
		if r.line == 1 {
			text = bytes.TrimPrefix(text, utf8BOM)
		}
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		r.row++
		item, err := Unmarshal(r.format, text)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && pe.Line > 0 {
				pe.Line = r.line
			}
			return nil, &RowError{Row: r.row, Line: r.line, Err: err}
		}
		return item, nil
	}
	r.err = r.sc.Err()
	if errors.Is(r.err, bufio.ErrTooLong) {
		r.err = fmt.Errorf("line %d is longer than %d bytes", r.line+1, MaxLineBytes)
	}
	if r.err == nil {
		r.err = io.EOF
	}
	return nil, r.err
}

// JSONWriter writes JSON lines: plain JSON (NewJSONWriter) or DynamoDB
// JSON (NewDynamoJSONWriter), one item a line with its attributes in name
// order.
type JSONWriter struct {
	w      *bufio.Writer
	format Format
	buf    bytes.Buffer
	line   []byte // a DynamoDB JSON line, reused
	row    int
	// Export wraps each DynamoDB JSON item as DynamoDB's export to S3 does:
	// {"Item": {...}}.
	Export bool
}

// NewJSONWriter returns a writer of plain JSON lines.
func NewJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{w: bufio.NewWriter(w), format: JSON}
}

// NewDynamoJSONWriter returns a writer of DynamoDB JSON lines.
func NewDynamoJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{w: bufio.NewWriter(w), format: DynamoJSON}
}

// Write writes one item as a line.
func (w *JSONWriter) Write(item Item) error {
	w.row++
	if w.format == DynamoJSON {
		line := w.line[:0]
		if w.Export {
			line = append(line, `{"Item":`...)
		}
		line, err := AppendDynamoJSON(line, item)
		if err != nil {
			return &RowError{Row: w.row, Err: err}
		}
		if w.Export {
			line = append(line, '}')
		}
		w.line = append(line, '\n')
		_, err = w.w.Write(w.line)
		return err
	}
	t, err := tree(w.format, item)
	if err != nil {
		return &RowError{Row: w.row, Err: err}
	}
	var out any = t
	if w.Export && w.format == DynamoJSON {
		out = map[string]any{"Item": t}
	}
	w.buf.Reset()
	if err := encode(&w.buf, out, ""); err != nil {
		return &RowError{Row: w.row, Err: err}
	}
	_, err = w.w.Write(w.buf.Bytes())
	return err
}

// Flush writes the buffered lines.
func (w *JSONWriter) Flush() error { return w.w.Flush() }
