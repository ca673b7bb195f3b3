package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/bench"
)

// Embedded targets (in-memory engine).
const (
	embeddedGetP50   = 5 * time.Microsecond
	embeddedPutRate  = 100_000
	embeddedBaseline = 0 // the in-memory column
)

// embedded measures the workloads through the in-process engine, in memory
// and on disk, with ratios to the in-memory engine.
func (b *bencher) embedded(ctx context.Context) error {
	var cols []*column
	for _, mode := range []struct{ title, dir string }{{"engine (memory)", ""}, {"engine (disk)", "disk"}} {
		col := newColumn(mode.title)
		cols = append(cols, col)
		dir := ""
		if mode.dir != "" {
			var err error
			if dir, err = os.MkdirTemp(b.tmp, "embedded-"); err != nil {
				return err
			}
		}
		db, err := engine.Open(engine.Options{Dir: dir})
		if err != nil {
			col.failed = err
			continue
		}
		if err := b.runColumn(ctx, col, db, 0, db.Close); err != nil {
			return err
		}
	}
	note := fmt.Sprintf("Direct Go calls to *engine.DB in this process (no HTTP, no JSON); median of %d runs of %s after %s of warm-up; ratio to the in-memory engine.",
		b.cfg.runs, b.cfg.duration, b.cfg.warmup)
	if err := b.r.table(sideBySide("Embedded engine", note, cols, embeddedBaseline, []figure{opsPerSec, p50, p99}, workloadNames(), b.cfg.workers)); err != nil {
		return err
	}
	mem := cols[embeddedBaseline]
	b.diskScalingTargets("embedded", cols[1])
	for _, w := range b.cfg.workers {
		if r, ok := mem.results[resultKey("GetItem", w)]; ok {
			b.r.target("embedded", fmt.Sprintf("GetItem x%d p50 <= %s (memory)", w, embeddedGetP50), bench.Latency(float64(r.P50)), r.P50 <= embeddedGetP50)
		}
		if r, ok := mem.results[resultKey("PutItem", w)]; ok {
			b.r.target("embedded", fmt.Sprintf("PutItem x%d >= %s ops/s (memory)", w, bench.Count(embeddedPutRate)), bench.Count(r.OpsPerSec()), r.OpsPerSec() >= embeddedPutRate)
		}
	}
	return nil
}
