package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// minHeapGrowth is the least the heap may grow between two garbage
// collections of `ddb serve`. With Go's default (GOGC=100: collect once the
// heap has doubled) a server whose live heap is a few megabytes collects
// after every few megabytes of requests, and a Scan's pages make megabytes:
// on the benchmark's Scan, collecting took about a third of the server's
// CPU. A large live heap (a big in-memory database) still collects when it
// doubles, so memory stays within twice the live data as before.
const minHeapGrowth = 64 << 20

// gcTuner keeps the heap's growth between collections at least
// minHeapGrowth, by setting the GC percentage after every collection from
// the live heap it found.
type gcTuner struct {
	stopped atomic.Bool
	sample  []metrics.Sample
	percent int
}

// tuneGC starts tuning the garbage collector, unless GOGC is set (the
// user's choice stands). The returned function stops it.
func tuneGC() (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	t := &gcTuner{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, percent: 100}
	t.adjust()
	t.arm()
	return func() {
		t.stopped.Store(true)
		debug.SetGCPercent(100)
	}
}

// arm arranges for adjust to run after the next collection: it runs as the
// cleanup of an object that only a collection can find unreachable.
func (t *gcTuner) arm() {
	runtime.AddCleanup(new([16]byte), func(t *gcTuner) {
		if !t.stopped.Load() {
			t.adjust()
			t.arm()
		}
	}, t)
}

// adjust sets the GC percentage for the live heap of the last collection.
func (t *gcTuner) adjust() {
	metrics.Read(t.sample)
	live := t.sample[0].Value.Uint64()
	percent := gcPercent(live)
	if percent != t.percent {
		t.percent = percent
		debug.SetGCPercent(percent)
	}
}

// gcPercent returns the GC percentage that lets a heap of live bytes grow by
// the larger of itself and minHeapGrowth before the next collection.
func gcPercent(live uint64) int {
	const most = 100 * minHeapGrowth / (1 << 20) // for a live heap of 1 MB or less
	if live <= 1<<20 {
		return most
	}
	return int(max(100, min(most, 100*minHeapGrowth/live)))
}
