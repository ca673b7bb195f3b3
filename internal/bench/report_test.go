package bench

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTableWrite(t *testing.T) {
	tb := Table{Title: "Codec", Note: "ratio to attributevalue", Columns: []string{"op", "ddb", "attributevalue"}}
	tb.AddRow("marshal", WithRatio(100, 400, Latency), "400ns")
	tb.AddRow("unmarshal")
	var b strings.Builder
	if err := tb.Write(&b); err != nil {
		t.Fatal(err)
	}
	want := "### Codec\n\nratio to attributevalue\n\n" +
		"| op        | ddb            | attributevalue |\n" +
		"|-----------|----------------|----------------|\n" +
		"| marshal   | 0.10µs (0.25x) | 400ns          |\n" +
		"| unmarshal |                |                |\n\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("Write (-want +got):\n%s", diff)
	}
	tb.AddRow("a", "b", "c", "d")
	if err := tb.Write(&b); err == nil {
		t.Error("Write accepted a row with more cells than columns")
	}
}

func TestFormats(t *testing.T) {
	got := []string{Count(950), Count(12345), Count(4560000), Latency(4200), Latency(123456), Latency(1076000), Latency(235153000), Latency(1313891000), Bytes(512), Bytes(3 << 20), Bytes(5 << 30), WithRatio(2, 0, Count), WithRatio(30, 10, Count)}
	want := []string{"950", "12.3k", "4.56M", "4.20µs", "123µs", "1.08ms", "235ms", "1.31s", "512 B", "3.0 MiB", "5.00 GiB", "2", "30 (3.00x)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("formats (-want +got):\n%s", diff)
	}
}
