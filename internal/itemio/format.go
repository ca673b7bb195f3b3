package itemio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format names a text format of items.
type Format string

// The formats.
const (
	// JSON is plain JSON: an item is an object of its attributes' values.
	JSON Format = "json"
	// DynamoJSON is DynamoDB JSON: every value names its type.
	DynamoJSON Format = "ddb-json"
	// CSV is comma-separated values with a header of attribute names and
	// types (streams only).
	CSV Format = "csv"
)

// Formats lists the formats in the order tools offer them.
var Formats = []Format{JSON, DynamoJSON, CSV}

// ParseFormat returns the format named s: "json", "ddb-json" (also
// "dynamodb-json") or "csv".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "json":
		return JSON, nil
	case "ddb-json", "dynamodb-json", "ddbjson":
		return DynamoJSON, nil
	case "csv":
		return CSV, nil
	}
	return "", fmt.Errorf("unknown item format %q (want json, ddb-json or csv)", s)
}

// Marshal returns the text of one item in f, a JSON format, with its
// attributes in name order. A non-empty indent writes it on several lines,
// each level indented by indent.
func Marshal(f Format, item Item, indent string) ([]byte, error) {
	if f == DynamoJSON && indent == "" {
		return AppendDynamoJSON(nil, item)
	}
	tree, err := tree(f, item)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := encode(&buf, tree, indent); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// Unmarshal reads one item in f, a JSON format, from data. Its errors are
// *ParseError values. In DynamoDB JSON, the {"Item": {...}} form of
// DynamoDB's S3 export is accepted too.
func Unmarshal(f Format, data []byte) (Item, error) {
	switch f {
	case JSON:
		m, err := decodeObject(data)
		if err != nil {
			return nil, err
		}
		return fromPlainItem(m, "")
	case DynamoJSON:
		m, err := decodeObject(data)
		if err != nil {
			return nil, err
		}
		return fromDynamoItem(unwrapExport(m), "")
	}
	return nil, fmt.Errorf("itemio: %q is not a format of single items", f)
}

// tree returns the tree encoding/json writes as the item in f.
func tree(f Format, item Item) (map[string]any, error) {
	switch f {
	case JSON:
		return plainItem(item, "")
	case DynamoJSON:
		return dynamoItem(item, "")
	}
	return nil, fmt.Errorf("itemio: %q is not a format of single items", f)
}

// encode writes the JSON of a tree and a newline to w: object members in
// name order, numbers as their text, and <, > and & unescaped.
func encode(w io.Writer, tree any, indent string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(tree)
}

// NewReader returns a reader of the items of stream r in f. The CSV options
// apply to CSV only.
func NewReader(f Format, r io.Reader, opts CSVOptions) (Reader, error) {
	switch f {
	case JSON:
		return NewJSONReader(r), nil
	case DynamoJSON:
		return NewDynamoJSONReader(r), nil
	case CSV:
		return NewCSVReader(r, opts), nil
	}
	return nil, fmt.Errorf("itemio: unknown format %q", f)
}

// A Reader reads a stream of items. Read returns the next item, io.EOF at
// the end, or a *RowError for a row that is not an item, after which the
// next call reads the following row; any other error ends the stream.
type Reader interface {
	Read() (Item, error)
}

// A Writer writes a stream of items. Write returns a *RowError for an item
// the format cannot hold (nothing of it is written) and other errors from
// the underlying writer. Flush writes what is buffered.
type Writer interface {
	Write(item Item) error
	Flush() error
}
