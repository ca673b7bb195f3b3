package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of the CPU times in
// /proc/PID/stat. It is 100 on every Linux architecture Go supports.
const clockTicks = 100

// ProcessCPU returns the user plus system CPU time that process pid has used
// so far, read from /proc/PID/stat. Reading it before and after a phase gives
// the server's own cost, which the client's load on a small machine would
// otherwise hide.
func ProcessCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseStatCPU(string(data))
}

// parseStatCPU extracts utime + stime (fields 14 and 15) from a /proc/PID/stat
// line. The command name (field 2) may contain spaces and parentheses, so the
// fields are counted from the last ')'.
func parseStatCPU(stat string) (time.Duration, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, fmt.Errorf("bench: malformed /proc stat line")
	}
	fields := strings.Fields(stat[end+1:])
	// fields[0] is field 3 (state); utime is field 14, stime field 15.
	if len(fields) < 13 {
		return 0, fmt.Errorf("bench: short /proc stat line")
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("bench: /proc stat field %q: %w", f, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// ProcessRSSPeak returns the peak resident set size (VmHWM) of process pid in
// bytes.
func ProcessRSSPeak(pid int) (int64, error) { return procStatus(pid, "VmHWM") }

// Memory is what a process holds in memory, from /proc/PID/smaps_rollup,
// in bytes.
type Memory struct {
	RSS int64 // resident set: every page mapped, shared or not
	// PSS is the proportional set size: each page divided by the number of
	// processes mapping it, so a library's pages shared by ten processes
	// count a tenth.
	PSS  int64
	Anon int64 // the process's own memory: heap, stacks (Anonymous)
	// File is the resident part of the mappings of files: the executable
	// and the shared libraries, pages of the page cache that the kernel may
	// reclaim and read again (RSS - Anon).
	File int64
	// FilePMD is the part of File mapped as 2 MiB folios (FilePmdMapped):
	// a kernel that keeps an executable in large folios maps a whole folio
	// on the first touch of any of its pages.
	FilePMD int64
}

// ProcessMemory returns the memory process pid holds, from its
// /proc/PID/smaps_rollup.
func ProcessMemory(pid int) (Memory, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return Memory{}, err
	}
	return parseSmapsRollup(string(data))
}

// parseSmapsRollup reads the fields of Memory from the text of
// /proc/PID/smaps_rollup, whose figures are in kB.
func parseSmapsRollup(text string) (Memory, error) {
	var m Memory
	fields := map[string]*int64{"Rss": &m.RSS, "Pss": &m.PSS, "Anonymous": &m.Anon, "FilePmdMapped": &m.FilePMD}
	found := 0
	for line := range strings.SplitSeq(text, "\n") {
		name, rest, ok := strings.Cut(line, ":")
		dst := fields[name]
		if !ok || dst == nil {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		if err != nil {
			return Memory{}, fmt.Errorf("bench: smaps_rollup %s %q: %w", name, rest, err)
		}
		*dst = kb * 1024
		found++
	}
	// FilePmdMapped is missing from kernels built without transparent
	// huge pages; the others are always there.
	if found < 3 || m.RSS == 0 {
		return Memory{}, fmt.Errorf("bench: smaps_rollup without Rss, Pss and Anonymous")
	}
	m.File = m.RSS - m.Anon
	return m, nil
}

// procStatus returns a field of /proc/PID/status given in kB, in bytes.
func procStatus(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("bench: %s %q: %w", field, rest, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("bench: no %s in /proc/%d/status", field, pid)
}
