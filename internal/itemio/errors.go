package itemio

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A ParseError reports text that is not an item in the format it was read
// as: a JSON syntax error (with its line and column) or a value of the
// wrong shape (with the attribute path, such as "address.lines[1]").
type ParseError struct {
	Line, Column int    // where a syntax error is, counted from 1; 0 if unknown
	Path         string // the attribute whose value is wrong; "" for the whole item
	Msg          string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	if e.Path != "" {
		fmt.Fprintf(&b, "attribute %s: ", e.Path)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// A RowError reports a row of a stream that could not be read or written:
// the stream goes on with the next row. Readers and writers return other
// errors (of I/O, or a CSV header that cannot be read) only when they
// cannot go on.
type RowError struct {
	Row  int // the item's position in the stream, counted from 1
	Line int // the line of the input it starts on, counted from 1; 0 for writers
	Err  error
}

func (e *RowError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("row %d (line %d): %v", e.Row, e.Line, e.Err)
	}
	return fmt.Sprintf("row %d: %v", e.Row, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// valueError returns a ParseError for the value at path.
func valueError(path, format string, args ...any) error {
	return &ParseError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// syntaxError converts an encoding/json error about data to a ParseError
// with the line and column of its offset.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	offset := int64(-1)
	switch {
	case errors.As(err, &se):
		offset = se.Offset - 1 // the offset is past the offending byte
	case errors.Is(err, errUnexpectedEnd):
		offset = int64(len(data))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if offset < 0 {
		return &ParseError{Msg: msg}
	}
	line, col := position(data, offset)
	return &ParseError{Line: line, Column: col, Msg: msg}
}

// errUnexpectedEnd is the error for text that ends inside a value.
var errUnexpectedEnd = errors.New("unexpected end of JSON input")

// position returns the line and column (counted from 1, in bytes) of offset
// in data.
func position(data []byte, offset int64) (line, col int) {
	offset = min(offset, int64(len(data)))
	before := data[:offset]
	line = 1 + strings.Count(string(before), "\n")
	last := strings.LastIndexByte(string(before), '\n')
	return line, int(offset) - last
}

// joinPath appends an attribute name to a document path.
func joinPath(path, name string) string {
	if !plainName(name) {
		name = strconv.Quote(name)
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

// indexPath appends a list index to a document path.
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// plainName reports whether name reads unambiguously in a path unquoted.
func plainName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if r == '.' || r == '[' || r == ']' || r == '"' || r <= ' ' {
			return false
		}
	}
	return true
}

// clip shortens a long text quoted in a message.
func clip(s string) string {
	const most = 40
	if len(s) <= most {
		return s
	}
	return s[:most] + "..."
}

// isJSONNumber reports whether s is a number in JSON's grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = digits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := digits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// digits returns the index past the decimal digits of s from i.
func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
