package main

import (
	"bufio"
	"strings"
	"testing"
)

func TestWriteTableEscapesControls(t *testing.T) {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	header := []string{"name\x1b[2J", "value"}
	rows := [][]string{{"a\x1b[31mred", "nul\x00 del\x7f csi\u009b"}, {"line\r\nbreak\ttab", "é ✓"}}
	writeTable(w, header, rows, 200)
	w.Flush()
	want := `name\x1b[2J         value
------------------  -------------------------
a\x1b[31mred        nul\x00 del\x7f csi\u009b
line\r\nbreak\ttab  é ✓
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}
