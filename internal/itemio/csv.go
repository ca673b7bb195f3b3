package itemio

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
	decimal "github.com/ddbkit/ddb/internal/number" // itemio has a func number
)

// Column is a CSV column: an attribute and the type its cells hold.
type Column struct {
	Name string
	// Type is S, N, B, BOOL, NULL, SS, NS, BS, L, M, ANY (a value of any
	// type in DynamoDB JSON), or "" for strings (or, when reading with
	// InferTypes, numbers and booleans too).
	Type string
}

// anyType is the column type whose cells hold DynamoDB JSON.
const anyType = "ANY"

// isColumnType reports whether t is a column type named in headers.
func isColumnType(t string) bool { return t == anyType || isTypeName(t) }

// Header returns the column's header cell: its name, with ":TYPE" when it
// is typed or its name would otherwise read as typed.
func (c Column) Header() string {
	if c.Type != "" {
		return c.Name + ":" + c.Type
	}
	if parseHeader(c.Name).Type != "" {
		return c.Name + ":S"
	}
	return c.Name
}

// parseHeader reads a header cell: NAME or NAME:TYPE.
func parseHeader(cell string) Column {
	if i := strings.LastIndexByte(cell, ':'); i >= 0 && isColumnType(cell[i+1:]) {
		return Column{Name: cell[:i], Type: cell[i+1:]}
	}
	return Column{Name: cell}
}

// valueType returns the column type that holds v: its own type, or ANY for
// an empty string or binary, which an empty cell cannot tell from a missing
// attribute.
func valueType(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		if v.Value == "" {
			return anyType
		}
	case *types.AttributeValueMemberB:
		if len(v.Value) == 0 {
			return anyType
		}
	}
	if t := dynamo.TypeOf(v); t != "" {
		return t
	}
	return anyType
}

// ColumnSet plans the columns of a CSV file from the items it will hold:
// one column per attribute name, typed by its values' type, or ANY when
// they differ. The zero value is ready to use.
type ColumnSet struct {
	first []string
	types map[string]string
}

// NewColumnSet returns a ColumnSet whose columns begin with the named
// attributes (a table's key attributes), in that order, when items have
// them.
func NewColumnSet(first ...string) *ColumnSet {
	return &ColumnSet{first: first}
}

// Add adds the attributes of an item.
func (s *ColumnSet) Add(item Item) {
	if s.types == nil {
		s.types = map[string]string{}
	}
	for name, v := range item {
		t := valueType(v)
		if old, ok := s.types[name]; ok && old != t {
			t = anyType
		}
		s.types[name] = t
	}
}

// Columns returns the planned columns: the first attributes in their order,
// then the others by name.
func (s *ColumnSet) Columns() []Column {
	var cols []Column
	for _, name := range s.first {
		if t, ok := s.types[name]; ok && !slices.ContainsFunc(cols, func(c Column) bool { return c.Name == name }) {
			cols = append(cols, Column{Name: name, Type: t})
		}
	}
	var rest []string
	for name := range s.types {
		if !slices.Contains(s.first, name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		cols = append(cols, Column{Name: name, Type: s.types[name]})
	}
	return cols
}

// CSVWriter writes items as CSV records under a header of its columns.
type CSVWriter struct {
	w      *csv.Writer
	cols   []Column
	index  map[string]int
	record []string
	row    int
	header bool // written
}

// NewCSVWriter returns a writer of CSV with the given columns (see
// ColumnSet). The header is written with the first item, or by Flush.
func NewCSVWriter(w io.Writer, cols []Column) *CSVWriter {
	index := make(map[string]int, len(cols))
	for i, c := range cols {
		index[c.Name] = i
	}
	return &CSVWriter{w: csv.NewWriter(w), cols: cols, index: index, record: make([]string, len(cols))}
}

// Write writes one item as a record. An item with an attribute that has no
// column, or whose value its column's type cannot hold, is a *RowError.
func (w *CSVWriter) Write(item Item) error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.row++
	clear(w.record)
	for _, name := range sortedNames(item) {
		i, ok := w.index[name]
		if !ok {
			return &RowError{Row: w.row, Err: fmt.Errorf("attribute %s has no column", joinPath("", name))}
		}
		cell, err := toCell(item[name], w.cols[i].Type, joinPath("", name))
		if err != nil {
			return &RowError{Row: w.row, Err: err}
		}
		w.record[i] = cell
	}
	return w.w.Write(w.record)
}

func (w *CSVWriter) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	header := make([]string, len(w.cols))
	for i, c := range w.cols {
		header[i] = c.Header()
	}
	return w.w.Write(header)
}

// Flush writes the header if no item was written, and what is buffered.
func (w *CSVWriter) Flush() error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.w.Flush()
	return w.w.Error()
}

// toCell returns the cell of value v in a column of type typ.
func toCell(v types.AttributeValue, typ, path string) (string, error) {
	if typ == anyType {
		t, err := dynamoValue(v, path)
		if err != nil {
			return "", err
		}
		return jsonText(t)
	}
	vt := valueType(v)
	if typ == "" {
		typ = "S"
	}
	if vt != typ {
		if vt == anyType {
			return "", valueError(path, "an empty value, which a %s column cannot tell from none (use an ANY column)", typ)
		}
		return "", valueError(path, "a value of type %s in a column of type %s", vt, typ)
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return v.Value, nil
	case *types.AttributeValueMemberN:
		return v.Value, nil
	case *types.AttributeValueMemberB:
		return base64.StdEncoding.EncodeToString(v.Value), nil
	case *types.AttributeValueMemberBOOL:
		if v.Value {
			return "true", nil
		}
		return "false", nil
	case *types.AttributeValueMemberNULL:
		return "null", nil
	case *types.AttributeValueMemberSS:
		return jsonText(nonNil(v.Value))
	case *types.AttributeValueMemberNS:
		ns, err := numbers(v.Value, path)
		if err != nil {
			return "", err
		}
		return jsonText(ns)
	}
	// BS, L, M: the plain JSON of the value, without the set's wrapper.
	t, err := plainValue(v, path)
	if err != nil {
		return "", err
	}
	if m, ok := t.(map[string]any); ok && typ == "BS" {
		return jsonText(m[tagBS])
	}
	return jsonText(t)
}

// jsonText returns the compact JSON of a tree.
func jsonText(t any) (string, error) {
	var buf bytes.Buffer
	if err := encode(&buf, t, ""); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// CSVOptions tunes reading CSV.
type CSVOptions struct {
	// InferTypes reads a cell of a column without a type as a number when
	// it is a JSON number DynamoDB can store, and as a boolean when it is true or false
	// (otherwise such cells are strings).
	InferTypes bool
}

// csvReader reads CSV records as items.
type csvReader struct {
	r    *csv.Reader
	opts CSVOptions
	cols []Column
	row  int
	err  error
}

// NewCSVReader returns a reader of CSV with a header record (an empty input
// holds no items). A header that
// cannot be read (a missing or repeated name) ends the stream with an
// error; a record that is not an item is a *RowError. Records whose cells
// are all empty are skipped. A "\r\n" inside a quoted cell is kept.
func NewCSVReader(r io.Reader, opts CSVOptions) Reader {
	cr := csv.NewReader(newQuotedCRLFReader(r))
	cr.FieldsPerRecord = -1 // counted here, as a row error
	return &csvReader{r: cr, opts: opts}
}

func (r *csvReader) Read() (Item, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.cols == nil {
		if r.err = r.readHeader(); r.err != nil {
			return nil, r.err
		}
	}
	for {
		record, err := r.r.Read()
		if err == io.EOF {
			r.err = io.EOF
			return nil, err
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.row++
			return nil, &RowError{Row: r.row, Line: pe.StartLine, Err: csvSyntaxError(pe)}
		}
		if err != nil {
			r.err = err
			return nil, err
		}
		if !slices.ContainsFunc(record, func(c string) bool { return c != "" }) {
			continue
		}
		r.row++
		line, _ := r.r.FieldPos(0)
		item, err := r.item(record)
		if err != nil {
			return nil, &RowError{Row: r.row, Line: line, Err: err}
		}
		return item, nil
	}
}

// csvSyntaxError converts the error of a row that is not CSV. Its RowError
// gives the row's first line, so the message gives a line and column only
// for an error on that line: for one further on (such as the end of the
// input reached inside a quoted field) it gives none, rather than a second
// line.
func csvSyntaxError(pe *csv.ParseError) *ParseError {
	e := &ParseError{Msg: pe.Err.Error()}
	if pe.Line == pe.StartLine {
		e.Line, e.Column = pe.Line, pe.Column
	}
	return e
}

// readHeader reads the first record as the columns.
func (r *csvReader) readHeader() error {
	header, err := r.r.Read()
	if err == io.EOF {
		return io.EOF // no header, no items
	}
	if err != nil {
		return fmt.Errorf("csv header: %w", err)
	}
	header[0] = strings.TrimPrefix(header[0], string(utf8BOM))
	seen := map[string]bool{}
	cols := make([]Column, len(header))
	for i, cell := range header {
		c := parseHeader(cell)
		if !utf8.ValidString(cell) {
			return fmt.Errorf("csv header: column %d is not UTF-8 text", i+1)
		}
		if c.Name == "" {
			return fmt.Errorf("csv header: column %d has no attribute name", i+1)
		}
		if seen[c.Name] {
			return fmt.Errorf("csv header: attribute %q has two columns", c.Name)
		}
		seen[c.Name] = true
		cols[i] = c
	}
	r.cols = cols
	return nil
}

// item converts a record to an item.
func (r *csvReader) item(record []string) (Item, error) {
	if len(record) != len(r.cols) {
		return nil, &ParseError{Msg: fmt.Sprintf("%d cells, want %d (one per column)", len(record), len(r.cols))}
	}
	item := make(Item, len(record))
	for i, cell := range record {
		if cell == "" {
			continue
		}
		c := r.cols[i]
		if !utf8.ValidString(cell) {
			return nil, valueError(joinPath("", c.Name), "the cell is not UTF-8 text")
		}
		v, err := fromCell(cell, c.Type, r.opts.InferTypes, joinPath("", c.Name))
		if err != nil {
			return nil, err
		}
		item[c.Name] = v
	}
	return item, nil
}

// storableNumber reports whether cell is a JSON number that DynamoDB can
// store exactly: at most 38 significant digits, within its range. Another
// number (1e999, 40 digits) is a string when types are inferred, as 007 is.
func storableNumber(cell string) bool {
	var d decimal.Decimal
	return isJSONNumber(cell) && decimal.Parse(cell, &d) == nil
}

// fromCell reads the value of a non-empty cell in a column of type typ.
func fromCell(cell, typ string, infer bool, path string) (types.AttributeValue, error) {
	switch typ {
	case "":
		if infer {
			if storableNumber(cell) {
				return &types.AttributeValueMemberN{Value: cell}, nil
			}
			if cell == "true" || cell == "false" {
				return &types.AttributeValueMemberBOOL{Value: cell == "true"}, nil
			}
		}
		return &types.AttributeValueMemberS{Value: cell}, nil
	case "S":
		return &types.AttributeValueMemberS{Value: cell}, nil
	case "N":
		return &types.AttributeValueMemberN{Value: cell}, nil
	case "B":
		b, err := blob(cell, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberB{Value: b}, nil
	case "BOOL":
		switch strings.ToLower(cell) {
		case "true":
			return &types.AttributeValueMemberBOOL{Value: true}, nil
		case "false":
			return &types.AttributeValueMemberBOOL{Value: false}, nil
		}
		return nil, valueError(path, "%q is not true or false", clip(cell))
	case "NULL":
		if c := strings.ToLower(cell); c == "null" || c == "true" {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		return nil, valueError(path, "%q is not null", clip(cell))
	}
	x, err := decodeJSON([]byte(cell))
	if err != nil {
		return nil, valueError(path, "not JSON: %v", err)
	}
	switch typ {
	case anyType:
		return fromDynamo(x, path)
	case "SS", "NS", "BS":
		return fromTagged("$"+typ, x, path)
	}
	v, err := fromPlain(x, path)
	if err != nil {
		return nil, err
	}
	if got := valueType(v); got != typ {
		return nil, valueError(path, "a value of type %s in a column of type %s", got, typ)
	}
	return v, nil
}
