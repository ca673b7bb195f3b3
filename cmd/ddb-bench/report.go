package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ddbkit/ddb/internal/bench"
)

// report prints the tables to stdout as they are ready and keeps the same
// Markdown for the -out file, followed by the targets that were checked.
type report struct {
	stdout  io.Writer
	md      strings.Builder
	targets bench.Table
}

func newReport(stdout io.Writer) *report {
	return &report{stdout: stdout, targets: bench.Table{
		Title:   "Targets",
		Columns: []string{"part", "target", "measured", "met"},
	}}
}

// text prints a Markdown paragraph.
func (r *report) text(format string, args ...any) error {
	s := fmt.Sprintf(format, args...) + "\n\n"
	r.md.WriteString(s)
	_, err := io.WriteString(r.stdout, s)
	return err
}

// header prints the run's date, command and machine.
func (r *report) header(cfg config) error {
	cmd := "go run ./cmd/ddb-bench"
	if len(cfg.args) > 0 {
		cmd += " " + strings.Join(cfg.args, " ")
	}
	return r.text("## Run of %s\n\nCommand: `%s`\n\nMachine: %s",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), cmd, bench.Machine())
}

// table prints t.
func (r *report) table(t *bench.Table) error {
	var b strings.Builder
	if err := t.Write(&b); err != nil {
		return err
	}
	r.md.WriteString(b.String())
	_, err := io.WriteString(r.stdout, b.String())
	return err
}

// target records whether a goal of the issue was met.
func (r *report) target(part, goal, measured string, met bool) {
	verdict := "no"
	if met {
		verdict = "yes"
	}
	r.targets.AddRow(part, goal, measured, verdict)
}

// finish prints the targets and writes the whole report to path, unless
// path is "".
func (r *report) finish(path string) error {
	if len(r.targets.Rows) > 0 {
		if err := r.table(&r.targets); err != nil {
			return err
		}
	}
	if path == "" {
		return nil
	}
	return os.WriteFile(path, []byte(r.md.String()), 0o644)
}
