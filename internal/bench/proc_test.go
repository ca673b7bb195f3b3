package bench

import (
	"os"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// A command name with spaces and a ')' must not shift the fields.
	line := "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 40 0 123 456 789"
	got, err := parseStatCPU(line)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 * time.Second; got != want {
		t.Errorf("parseStatCPU = %v, want %v", got, want)
	}
	if _, err := parseStatCPU("garbage"); err == nil {
		t.Error("parseStatCPU accepted a line without ')'")
	}
}

func TestProcessCPUAndRSSOfSelf(t *testing.T) {
	pid := os.Getpid()
	before, err := ProcessCPU(pid)
	if err != nil {
		t.Fatal(err)
	}
	// Spin until the kernel's tick-grained CPU time grows: on a loaded
	// machine a short busy loop may not be charged a single tick.
	after := before
	for deadline := time.Now().Add(10 * time.Second); after <= before && time.Now().Before(deadline); {
		for spin := time.Now().Add(20 * time.Millisecond); time.Now().Before(spin); {
		}
		if after, err = ProcessCPU(pid); err != nil {
			t.Fatal(err)
		}
	}
	if after <= before {
		t.Errorf("CPU time did not grow after 10 s of busy loops: %v -> %v", before, after)
	}
	rss, err := ProcessRSSPeak(pid)
	if err != nil {
		t.Fatal(err)
	}
	if rss < 1<<20 {
		t.Errorf("peak RSS %d bytes is implausibly small", rss)
	}
	now, anon, err := ProcessRSS(pid)
	if err != nil {
		t.Fatal(err)
	}
	if now < 1<<20 || anon <= 0 || anon > now {
		t.Errorf("RSS %d bytes, %d of them anonymous: implausible", now, anon)
	}
}
