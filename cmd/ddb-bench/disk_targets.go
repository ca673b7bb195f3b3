package main

import (
	"fmt"

	"github.com/ddbkit/ddb/internal/bench"
)

// Durable-write targets: concurrent writers share fsyncs (group commit),
// so on disk the most workers measured write at least diskScaling times
// as fast as one, and over HTTP a disk server keeps up with a memory one.
const (
	diskScaling    = 4.0
	diskVsMemoryOK = 0.80
)

// diskScalingTargets records, for every write workload, whether col (a disk
// contender) with the most workers measured reaches diskScaling times its
// one-worker rate.
func (b *bencher) diskScalingTargets(part string, col *column) {
	one, many := b.cfg.workers[0], b.cfg.workers[len(b.cfg.workers)-1]
	if col.failed != nil || one == many {
		return
	}
	for _, w := range bench.Workloads() {
		r1, ok1 := col.results[resultKey(w.Name, one)]
		rn, ok2 := col.results[resultKey(w.Name, many)]
		if !w.Writes || !ok1 || !ok2 {
			continue
		}
		ratio := rn.OpsPerSec() / r1.OpsPerSec()
		b.r.target(part, fmt.Sprintf("%s, %s: x%d ops/s >= %.0fx x%d", col.title, w.Name, many, diskScaling, one),
			fmt.Sprintf("%.2fx (%s vs %s)", ratio, bench.Count(rn.OpsPerSec()), bench.Count(r1.OpsPerSec())), ratio >= diskScaling)
	}
}

// diskVsMemoryTargets records, for every write workload with the most
// workers measured, whether disk reaches diskVsMemoryOK of memory's ops/s.
func (b *bencher) diskVsMemoryTargets(part string, mem, disk *column) {
	many := b.cfg.workers[len(b.cfg.workers)-1]
	if mem == nil || disk == nil || mem.failed != nil || disk.failed != nil {
		return
	}
	for _, w := range bench.Workloads() {
		rm, ok1 := mem.results[resultKey(w.Name, many)]
		rd, ok2 := disk.results[resultKey(w.Name, many)]
		if !w.Writes || !ok1 || !ok2 {
			continue
		}
		ratio := rd.OpsPerSec() / rm.OpsPerSec()
		b.r.target(part, fmt.Sprintf("%s x%d: disk ops/s >= %.0f%% of memory's", w.Name, many, 100*diskVsMemoryOK),
			fmt.Sprintf("%.0f%% (%s vs %s)", 100*ratio, bench.Count(rd.OpsPerSec()), bench.Count(rm.OpsPerSec())), ratio >= diskVsMemoryOK)
	}
}

// columnNamed returns the column titled title, or nil.
func columnNamed(cols []*column, title string) *column {
	for _, c := range cols {
		if c.title == title {
			return c
		}
	}
	return nil
}
