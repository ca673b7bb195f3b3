package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	tests := []struct {
		live uint64
		want int
	}{
		{0, 6400},
		{1 << 20, 6400},
		{8 << 20, 800},
		{32 << 20, 200},
		{64 << 20, 100},
		{1 << 30, 100},
	}
	for _, tt := range tests {
		if got := gcPercent(tt.live); got != tt.want {
			t.Errorf("gcPercent(%d) = %d, want %d", tt.live, got, tt.want)
		}
	}
}

// TestTuneGC checks that the tuner sets the GC percentage for the live heap
// after collections, and restores the default when stopped.
func TestTuneGC(t *testing.T) {
	t.Setenv("GOGC", "")
	stop := tuneGC()
	keep := make([]*[1 << 20]byte, 16) // 16 MB live: 400%
	for i := range keep {
		keep[i] = new([1 << 20]byte)
	}
	got := 0
	for range 100 {
		runtime.GC()
		time.Sleep(time.Millisecond) // cleanups run on their own goroutine
		if got = gcPercentNow(); got >= 300 && got <= 400 {
			break
		}
	}
	runtime.KeepAlive(keep)
	if got < 300 || got > 400 {
		t.Errorf("GC percent with a 16 MB live heap: %d, want about 400", got)
	}
	stop()
	if got := gcPercentNow(); got != 100 {
		t.Errorf("GC percent after stop: %d, want 100", got)
	}
}

// gcPercentNow returns the current GC percentage.
func gcPercentNow() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}
