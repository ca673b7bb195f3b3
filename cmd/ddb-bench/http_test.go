package main

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ddbkit/ddb/internal/bench"
)

func TestSideBySide(t *testing.T) {
	put := resultKey("PutItem", 1)
	base := newColumn("DynamoDB Local")
	base.results[put] = bench.Result{Ops: 100, Elapsed: time.Second, P50: 10 * time.Millisecond, P99: 20 * time.Millisecond, ServerCPU: 500 * time.Millisecond}
	ours := newColumn("ddb serve (memory)")
	ours.results[put] = bench.Result{Ops: 400, Elapsed: time.Second, P50: 2 * time.Millisecond, P99: 4 * time.Millisecond, ServerCPU: 100 * time.Millisecond}
	ours.errs[resultKey("GetItem", 1)] = errors.New("boom\nstack")
	gone := newColumn("dynalite")
	gone.failed = errors.New("node not found")

	tb := sideBySide("T", "note", []*column{ours, base, gone}, 1, []figure{opsPerSec, p50, serverCPU}, workloadNames(), []int{1})
	var b strings.Builder
	if err := tb.Write(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"| PutItem                  | 1       | ops/s         | 400 (4.00x)        | 100 (1.00x)    | -        |",
		"| PutItem                  | 1       | p50           | 2.00ms (0.20x)     |",
		"| PutItem                  | 1       | server CPU/op | 250µs (0.05x)      | 5.00ms (1.00x) |",
		"| GetItem                  | 1       | ops/s         | error              | -              | -        |",
		"- dynalite: node not found",
		"- ddb serve (memory) GetItem/1: boom\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

// TestClientPart runs the client part in quick mode against a ddb serve it
// builds, and checks its table and targets.
func TestClientPart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs ddb serve")
	}
	cfg, err := parseFlags([]string{"-quick", "-parts", "client", "-workers", "1", "-duration", "50ms", "-warmup", "20ms"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	if err := run(t.Context(), cfg, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	report := stdout.String()
	for _, want := range []string{
		"### Client CPU per call", "| aws-sdk-go-v2", "| ddb client", "| GetItem", "| client CPU/op",
		"GetItem x1: client CPU/op <= 0.25x aws-sdk-go-v2", "Query (20 items) x1: client CPU/op",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "Not measured") {
		t.Errorf("report has failures:\n%s", report)
	}
}
