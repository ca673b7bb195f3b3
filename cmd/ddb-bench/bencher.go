package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"time"

	"github.com/ddbkit/ddb/internal/bench"
	"github.com/ddbkit/ddb/internal/proc"
)

// bencher is the state shared by the parts of one run.
type bencher struct {
	cfg    config
	r      *report
	log    io.Writer
	tmp    string // removed at the end of the run
	binary string // the ddb binary, once built or given
}

// logf prints a progress line to stderr.
func (b *bencher) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "ddb-bench: "+format+"\n", args...)
}

// ddbBinary returns the ddb binary to serve with: -ddb, or ./cmd/ddb built
// into the run's temporary directory on first use.
func (b *bencher) ddbBinary(ctx context.Context) (string, error) {
	if b.binary != "" {
		return b.binary, nil
	}
	if b.cfg.ddb != "" {
		b.binary = b.cfg.ddb
		return b.binary, nil
	}
	bin := filepath.Join(b.tmp, "ddb")
	b.logf("building %s", bin)
	if err := proc.BuildCommand(ctx, "./cmd/ddb", bin); err != nil {
		return "", err
	}
	b.binary = bin
	return bin, nil
}

// measure runs op for the configured duration with workers concurrent
// callers, cfg.runs times, and returns the medians. serverPID (0 for none)
// is the process whose CPU time is charged to the operations.
func (b *bencher) measure(ctx context.Context, workers, serverPID int, op bench.Op) (bench.Result, error) {
	res, errs := b.measureInTurn(ctx, workers, serverPID, op)
	return res[0], errs[0]
}

// measureInTurn is measure for several ops compared with each other, their
// runs alternating (bench.RunInTurn).
func (b *bencher) measureInTurn(ctx context.Context, workers, serverPID int, ops ...bench.Op) ([]bench.Result, []error) {
	return bench.RunInTurn(ctx, b.cfg.runs, workers, b.cfg.duration, serverPID, ops...)
}

// warm calls op for the configured warm-up time, so that caches, connection
// pools and a JIT compiler are in their steady state before measuring.
func (b *bencher) warm(ctx context.Context, workers int, op bench.Op) error {
	if b.cfg.warmup == 0 {
		return nil
	}
	_, err := bench.Run(ctx, workers, math.MaxInt, b.cfg.warmup, 0, op)
	return err
}

// since formats the time elapsed since start for progress lines.
func since(start time.Time) string { return time.Since(start).Round(time.Millisecond).String() }
