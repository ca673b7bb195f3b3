package engine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/klauspost/compress/zstd"

	"github.com/ddbkit/ddb/internal/itemio"
)

// The objects ImportTable reads, as DynamoDB's import reads them (the
// Developer Guide's "Import format quotas and validation"): each object is
// compressed as InputCompressionType says, and holds either DynamoDB JSON,
// one {"Item":{...}} a line (what an export writes), or CSV. Data that
// cannot form items (a line that is not such an item, CSV that does not
// parse, a compression the object does not have) is an error that ends the
// object: the rest of it is skipped. A CSV record with the wrong number of
// fields, and an item that forms but fails validation (a key missing or of
// the wrong type, too large), is an error of its own; the import goes on.

// maxImportLine bounds a line of DynamoDB JSON (an item is at most 400 KB,
// but its JSON may be several times that).
const maxImportLine = 16 << 20

// objectFormat says how an object's contents are read.
type objectFormat struct {
	format      types.InputFormat
	compression types.InputCompressionType
	delimiter   rune     // CSV
	header      []string // CSV: the columns, when the objects have no header row
	// keyTypes types the CSV columns that are key attributes of the table
	// or its indexes; every other column is a string.
	keyTypes map[string]types.ScalarAttributeType
}

// readObject reads one object from r and calls item for every line or row
// it reads: with the item, or with an error. A CSV record that is not an
// item is an error of its own; any other error ends the object, and item
// is not called again. readObject returns the number of bytes read once
// decompressed.
func (f *objectFormat) readObject(r io.Reader, item func(map[string]types.AttributeValue, error)) int64 {
	body, err := f.decompress(r)
	if err != nil {
		item(nil, err)
		return 0
	}
	if f.format == types.InputFormatCsv {
		return f.readCSV(body, item)
	}
	return readDynamoJSON(body, item)
}

// decompress returns the decompressed contents of r. An empty object is
// empty whatever its compression.
func (f *objectFormat) decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	if _, err := br.Peek(1); err == io.EOF {
		return br, nil
	}
	switch f.compression {
	case types.InputCompressionTypeGzip:
		return gzip.NewReader(br)
	case types.InputCompressionTypeZstd:
		d, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, err
		}
		return d.IOReadCloser(), nil
	}
	return br, nil
}

// readDynamoJSON reads lines of DynamoDB JSON items, blank lines skipped,
// and returns the number of bytes read.
func readDynamoJSON(r io.Reader, item func(map[string]types.AttributeValue, error)) (n int64) {
	s := bufio.NewScanner(r)
	s.Buffer(nil, maxImportLine)
	for s.Scan() {
		n += int64(len(s.Bytes())) + 1
		line := bytes.TrimSpace(s.Bytes())
		if len(line) == 0 {
			continue
		}
		var l struct{ Item json.RawMessage }
		if err := json.Unmarshal(line, &l); err != nil {
			item(nil, err)
			return n
		}
		if l.Item == nil {
			item(nil, errors.New(`the line has no "Item"`))
			return n
		}
		it, err := itemio.Unmarshal(itemio.DynamoJSON, l.Item)
		if err != nil {
			item(nil, err)
			return n
		}
		item(it, nil)
	}
	if err := s.Err(); err != nil {
		item(nil, err)
	}
	return n
}

// readCSV reads CSV rows: the first row names the columns, unless the
// import gave a header list. Every column is a string attribute, except
// key attributes, typed by the table's attribute definitions; an empty
// field is no attribute. It returns the number of bytes read.
func (f *objectFormat) readCSV(r io.Reader, item func(map[string]types.AttributeValue, error)) int64 {
	cr := csv.NewReader(r)
	cr.Comma = f.delimiter
	cr.ReuseRecord = true
	header := f.header
	if header == nil {
		row, err := cr.Read()
		if err == io.EOF {
			return cr.InputOffset()
		}
		if err != nil {
			item(nil, err)
			return cr.InputOffset()
		}
		header = append([]string(nil), row...)
	}
	cr.FieldsPerRecord = len(header)
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return cr.InputOffset()
		}
		if errors.Is(err, csv.ErrFieldCount) {
			item(nil, fmt.Errorf("the row has %d fields, the header %d", len(row), len(header)))
			continue
		}
		if err != nil {
			item(nil, err)
			return cr.InputOffset()
		}
		item(f.csvItem(header, row))
	}
}

// csvItem returns the item of a CSV row.
func (f *objectFormat) csvItem(header, row []string) (map[string]types.AttributeValue, error) {
	it := make(map[string]types.AttributeValue, len(header))
	for i, name := range header {
		v := row[i]
		if name == "" || v == "" {
			continue
		}
		switch f.keyTypes[name] {
		case types.ScalarAttributeTypeN:
			it[name] = &types.AttributeValueMemberN{Value: v}
		case types.ScalarAttributeTypeB:
			b, err := base64.StdEncoding.DecodeString(v)
			if err != nil {
				return nil, fmt.Errorf("attribute %s: %w", name, err)
			}
			it[name] = &types.AttributeValueMemberB{Value: b}
		default:
			it[name] = &types.AttributeValueMemberS{Value: v}
		}
	}
	return it, nil
}
