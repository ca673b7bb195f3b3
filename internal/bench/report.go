package bench

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Table is one part of a benchmark report: rows of measurements with a
// column per contender, printed as a Markdown table so that the same text
// reads well in a terminal and in docs/benchmarks.md.
type Table struct {
	Title   string
	Note    string // optional line under the title, e.g. the baseline
	Columns []string
	Rows    [][]string
}

// AddRow appends a row; cells beyond the columns are an error at print time.
func (t *Table) AddRow(cells ...string) { t.Rows = append(t.Rows, cells) }

// Write prints the table to w with aligned columns.
func (t *Table) Write(w io.Writer) error {
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = utf8.RuneCountInString(c)
	}
	for _, r := range t.Rows {
		if len(r) > len(t.Columns) {
			return fmt.Errorf("bench: table %q: row %v has more cells than columns", t.Title, r)
		}
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", t.Title)
	if t.Note != "" {
		fmt.Fprintf(&b, "%s\n\n", t.Note)
	}
	writeRow := func(cells []string) {
		b.WriteString("|")
		for i, wd := range widths {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			fmt.Fprintf(&b, " %s%s |", c, strings.Repeat(" ", wd-utf8.RuneCountInString(c)))
		}
		b.WriteString("\n")
	}
	writeRow(t.Columns)
	b.WriteString("|")
	for _, wd := range widths {
		b.WriteString(strings.Repeat("-", wd+2) + "|")
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		writeRow(r)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WithRatio formats value followed by its ratio to base, e.g. "12.3k (4.10x)".
// The ratio is omitted when base is zero.
func WithRatio(value, base float64, format func(float64) string) string {
	if base == 0 {
		return format(value)
	}
	return fmt.Sprintf("%s (%.2fx)", format(value), value/base)
}

// Count formats a rate or count compactly: 950, 12.3k, 4.56M.
func Count(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1fk", v/1e3)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

// Latency formats a duration given in nanoseconds with three significant
// figures at most and a unit that suits it: 4.20µs, 733µs, 1.08ms, 235ms,
// 1.31s.
func Latency(ns float64) string {
	switch {
	case ns < 10e3:
		return fmt.Sprintf("%.2fµs", ns/1e3)
	case ns < 1e6:
		return fmt.Sprintf("%.0fµs", ns/1e3)
	case ns < 10e6:
		return fmt.Sprintf("%.2fms", ns/1e6)
	case ns < 1e9:
		return fmt.Sprintf("%.0fms", ns/1e6)
	default:
		return fmt.Sprintf("%.2fs", ns/1e9)
	}
}

// Bytes formats a byte count with a binary unit.
func Bytes(v float64) string {
	switch {
	case v >= 1<<30:
		return fmt.Sprintf("%.2f GiB", v/(1<<30))
	case v >= 1<<20:
		return fmt.Sprintf("%.1f MiB", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%.1f KiB", v/(1<<10))
	default:
		return fmt.Sprintf("%.0f B", v)
	}
}
