package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/itemio"
)

// Output modes (--output).
const (
	outJSON  = "json"  // indented JSON: an item, or an array of items
	outJSONL = "jsonl" // one item a line
	outTable = "table" // aligned columns for people
)

// outputMode returns the mode --output chose (flag), or the default for
// where stdout goes: a table on a terminal, JSON lines elsewhere.
func (a *app) outputMode(flag string) (string, error) {
	switch flag {
	case outJSON, outJSONL, outTable:
		return flag, nil
	case "":
		if a.term.stdout {
			return outTable, nil
		}
		return outJSONL, nil
	}
	return "", usagef("--output %q: want json, jsonl or table", flag)
}

// itemPrinter prints the items a command returns in an output mode.
type itemPrinter struct {
	mode   string
	format itemio.Format
	w      *bufio.Writer
	many   bool     // a list of items (query, scan) rather than one
	keys   []string // attributes that lead a table's columns
	width  int      // of the terminal, for tables

	lines *itemio.JSONWriter // jsonl
	items []ddb.Item         // table: printed at close, once widths are known
	count int                // items printed
}

// newItemPrinter returns a printer to w; many tells a list of items.
func newItemPrinter(w io.Writer, mode string, f itemio.Format, many bool, width int) *itemPrinter {
	p := &itemPrinter{mode: mode, format: f, w: bufio.NewWriter(w), many: many, width: width}
	if mode == outJSONL {
		p.lines = newLinesWriter(p.w, f)
	}
	return p
}

// newLinesWriter returns a writer of JSON lines in format f.
func newLinesWriter(w io.Writer, f itemio.Format) *itemio.JSONWriter {
	if f == itemio.DynamoJSON {
		return itemio.NewDynamoJSONWriter(w)
	}
	return itemio.NewJSONWriter(w)
}

// print prints one item.
func (p *itemPrinter) print(item ddb.Item) error {
	p.count++
	switch p.mode {
	case outJSONL:
		return p.lines.Write(item)
	case outTable:
		p.items = append(p.items, item)
		return nil
	}
	text, err := itemio.Marshal(p.format, item, "  ")
	if err != nil {
		return err
	}
	switch {
	case !p.many:
	case p.count == 1:
		p.w.WriteString("[\n  ")
	default:
		p.w.WriteString(",\n  ")
	}
	if p.many {
		text = slices.Concat(indentLines(text)...)
	}
	_, err = p.w.Write(text)
	if !p.many {
		p.w.WriteByte('\n')
	}
	return err
}

// indentLines indents every line of text but the first by two spaces.
func indentLines(text []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, c := range text {
		if c == '\n' {
			out = append(out, text[start:i+1], []byte("  "))
			start = i + 1
		}
	}
	return append(out, text[start:])
}

// close prints what is held back (a table, the end of an array) and
// flushes.
func (p *itemPrinter) close() error {
	switch {
	case p.mode == outJSONL:
		if err := p.lines.Flush(); err != nil {
			return err
		}
	case p.mode == outTable && p.many:
		header, rows := itemRows(p.items, p.keys, p.format)
		writeTable(p.w, header, rows, p.width)
		if p.count == 1 {
			p.w.WriteString("(1 item)\n")
		} else {
			fmt.Fprintf(p.w, "(%d items)\n", p.count)
		}
	case p.mode == outTable:
		for _, item := range p.items {
			writeTable(p.w, []string{"ATTRIBUTE", "VALUE"}, itemAttributes(item, p.keys, p.format), p.width)
		}
	case p.many && p.count == 0:
		p.w.WriteString("[]\n")
	case p.many:
		p.w.WriteString("\n]\n")
	}
	return p.w.Flush()
}
