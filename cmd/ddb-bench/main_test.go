package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestQuickRun runs the parts that need no peers in quick mode and checks the
// report on stdout and in the -out file.
func TestQuickRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bench.md")
	cfg, err := parseFlags([]string{"-quick", "-parts", "codec,embedded", "-workers", "1", "-duration", "30ms", "-warmup", "10ms", "-out", out}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	if err := run(context.Background(), cfg, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(file) != stdout.String() {
		t.Error("the -out file differs from what was printed")
	}
	report := stdout.String()
	for _, want := range []string{
		"Command: `go run ./cmd/ddb-bench -quick -parts codec,embedded",
		"### Codec", "| profile json | unmarshal | allocs/op |",
		"### Embedded engine", "| GetItem", "| Scan (10000 items)", "engine (disk)",
		"### Targets", "GetItem x1 p50 <= 5µs (memory)",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "error") || strings.Contains(report, "Not measured") {
		t.Errorf("report has failures:\n%s", report)
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    config
		wantErr string
	}{
		{
			args: []string{"-quick", "-parts", "scale,codec", "-runs", "2"},
			want: config{parts: []string{"codec", "scale"}, duration: 100 * time.Millisecond, warmup: 50 * time.Millisecond,
				codecTime: 20 * time.Millisecond, runs: 2, workers: []int{1, 8}, scaleN: 20_000, loadWorkers: 8, servers: serverNames, quick: true},
		},
		{
			args: []string{"-servers", "dynalite", "-workers", "4", "-n", "200000", "-load-workers", "2"},
			want: config{parts: partNames, duration: 2 * time.Second, warmup: 2 * time.Second,
				codecTime: time.Second, runs: 3, workers: []int{4}, scaleN: 200_000, loadWorkers: 2, servers: []string{"dynalite"}},
		},
		{args: []string{"-parts", "codec,gpu"}, wantErr: `unknown part "gpu"`},
		{args: []string{"-workers", "0"}, wantErr: "invalid -workers entry"},
		{args: []string{"-runs", "0"}, wantErr: "-runs must be at least 1"},
		{args: []string{"-load-workers", "0"}, wantErr: "-load-workers must be at least 1"},
		{args: []string{"-n", "5"}, wantErr: "-n must be at least 10000"},
		{args: []string{"extra"}, wantErr: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		got, err := parseFlags(tt.args, io.Discard)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseFlags(%q) error = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseFlags(%q): %v", tt.args, err)
			continue
		}
		tt.want.args = tt.args
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(config{})); diff != "" {
			t.Errorf("parseFlags(%q) (-want +got):\n%s", tt.args, diff)
		}
	}
}
