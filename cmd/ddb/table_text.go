package main

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/itemio"
)

// Column widths of tables: a column is narrowed to fit the terminal, but
// not below minColumn characters (or its natural width, if less).
const (
	columnGap = 2
	minColumn = 8
)

// escapeCell returns s with its control characters (C0, DEL and C1)
// escaped, so that a cell neither breaks the table nor drives the
// terminal: \n, \r and \t, else \xHH or \u00HH.
func escapeCell(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeCells escapes each of cells in place, and returns them.
func escapeCells(cells []string) []string {
	for i, cell := range cells {
		cells[i] = escapeCell(cell)
	}
	return cells
}

// isControl reports whether r is a control character: C0, DEL or C1.
func isControl(r rune) bool { return r < 0x20 || 0x7f <= r && r <= 0x9f }

// itemRows returns the header and rows of a table of items: one column per
// attribute, the keys first, then the others by name. A missing attribute
// is an empty cell.
func itemRows(items []ddb.Item, keys []string, f itemio.Format) (header []string, rows [][]string) {
	seen := map[string]bool{}
	var others []string
	for _, item := range items {
		for name := range item {
			if !seen[name] && !slices.Contains(keys, name) {
				seen[name] = true
				others = append(others, name)
			}
		}
	}
	slices.Sort(others)
	for _, k := range keys {
		for _, item := range items {
			if _, ok := item[k]; ok {
				header = append(header, k)
				break
			}
		}
	}
	header = append(header, others...)
	for _, item := range items {
		row := make([]string, len(header))
		for i, name := range header {
			if v, ok := item[name]; ok {
				row[i] = valueText(f, v)
			}
		}
		rows = append(rows, row)
	}
	return header, rows
}

// itemAttributes returns the rows of a table of one item's attributes:
// name and value, the keys first.
func itemAttributes(item ddb.Item, keys []string, f itemio.Format) [][]string {
	header, rows := itemRows([]ddb.Item{item}, keys, f)
	out := make([][]string, len(header))
	for i, name := range header {
		out[i] = []string{name, rows[0][i]}
	}
	return out
}

// writeTable writes aligned columns under a header and a rule, narrowing
// the widest columns (their cells cut with "…") until the table fits
// width. Control characters in the header and cells are escaped (a line
// break shown as \n).
func writeTable(w *bufio.Writer, header []string, rows [][]string, width int) {
	header = escapeCells(slices.Clone(header))
	for _, row := range rows {
		escapeCells(row)
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	fit(widths, width-columnGap*(len(widths)-1))
	line := func(cells []string) {
		var b strings.Builder
		for i, cell := range cells {
			cell = clipText(cell, widths[i])
			b.WriteString(cell)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+columnGap))
			}
		}
		w.WriteString(strings.TrimRight(b.String(), " "))
		w.WriteByte('\n')
	}
	line(header)
	rule := make([]string, len(widths))
	for i, n := range widths {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, row := range rows {
		line(row)
	}
}

// fit narrows the widest of widths, one character at a time, until their
// sum is at most total or none can be narrowed further.
func fit(widths []int, total int) {
	sum := 0
	for _, n := range widths {
		sum += n
	}
	for sum > total {
		widest := 0
		for i, n := range widths {
			if n > widths[widest] {
				widest = i
			}
		}
		if widths[widest] <= minColumn {
			return
		}
		widths[widest]--
		sum--
	}
}

// clipText cuts s to n characters, ending it with "…" when cut.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
