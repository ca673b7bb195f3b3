package bench

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes the computer the benchmarks run on: CPU model, logical
// cores, memory, kernel and Go version, read from /proc where available.
func Machine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		cpu = cpuModel(string(data))
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		if kb := memTotalKB(string(data)); kb > 0 {
			mem = ", " + Bytes(float64(kb)*1024) + " RAM"
		}
	}
	kernel := runtime.GOOS
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel += " " + strings.TrimSpace(string(data))
	}
	return fmt.Sprintf("%s, %d cores%s, %s %s, %s", cpu, runtime.NumCPU(), mem, kernel, runtime.GOARCH, runtime.Version())
}

// cpuModel returns the first "model name" of a /proc/cpuinfo text.
func cpuModel(cpuinfo string) string {
	for line := range strings.SplitSeq(cpuinfo, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// memTotalKB returns MemTotal of a /proc/meminfo text in kB, or 0.
func memTotalKB(meminfo string) int64 {
	for line := range strings.SplitSeq(meminfo, "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
