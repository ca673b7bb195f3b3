package bench

import (
	"os"
	"testing"
	"time"
)

func TestParseSmapsRollup(t *testing.T) {
	const rollup = `00400000-7ffd8c7d1000 ---p 00000000 00:00 0                  [rollup]
Rss:               37848 kB
Pss:               36678 kB
Pss_Dirty:          6208 kB
Pss_Anon:           6208 kB
Pss_File:          30470 kB
Shared_Clean:       1256 kB
Anonymous:          6208 kB
FilePmdMapped:     24576 kB
Swap:                  0 kB
`
	got, err := parseSmapsRollup(rollup)
	if err != nil {
		t.Fatal(err)
	}
	want := Memory{RSS: 37848 << 10, PSS: 36678 << 10, Anon: 6208 << 10, File: (37848 - 6208) << 10, FilePMD: 24576 << 10}
	if got != want {
		t.Errorf("parseSmapsRollup = %+v, want %+v", got, want)
	}
	for _, bad := range []string{"", "Rss: 12 kB\n", "Rss: x kB\nPss: 1 kB\nAnonymous: 1 kB\n"} {
		if m, err := parseSmapsRollup(bad); err == nil {
			t.Errorf("parseSmapsRollup(%q) = %+v, want an error", bad, m)
		}
	}
}

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
	m, err := ProcessMemory(pid)
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS < 1<<20 || m.Anon <= 0 || m.Anon > m.RSS || m.PSS <= 0 || m.PSS > m.RSS || m.File != m.RSS-m.Anon || m.FilePMD > m.File {
		t.Errorf("memory %+v: implausible", m)
	}
}
