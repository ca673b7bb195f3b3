package bench

import (
	"runtime"
	"strings"
	"testing"
)

func TestMachineParsing(t *testing.T) {
	cpuinfo := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n"
	if got := cpuModel(cpuinfo); got != "AMD EPYC 7B13" {
		t.Errorf("cpuModel = %q", got)
	}
	if got := cpuModel("processor: 0\n"); got != "unknown CPU" {
		t.Errorf("cpuModel without a model name = %q", got)
	}
	if got := memTotalKB("MemFree:  10 kB\nMemTotal:       24683520 kB\n"); got != 24683520 {
		t.Errorf("memTotalKB = %d", got)
	}
	if m := Machine(); !strings.Contains(m, runtime.Version()) || !strings.Contains(m, "cores") {
		t.Errorf("Machine() = %q lacks the Go version or the cores", m)
	}
}
