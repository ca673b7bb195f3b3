package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ddbkit/ddb/internal/bench"
)

// The footprint part: what `ddb serve` costs to keep around.
const (
	footprintStarts  = 7               // starts timed per data mode (3 with -quick)
	footprintIdleRSS = 3               // of them, the first ones whose idle RSS is read
	footprintIdle    = 2 * time.Second // from start-up to reading idle RSS: past the disk store's background check, which begins a second after open
	footprintLoaded  = 100_000         // items of about 1 KB in the loaded directory (10,000 with -quick)
	// Targets: start-up in memory under 20 ms, idle RSS in memory under
	// 15 MB.
	footprintStartLimit = 20 * time.Millisecond
	footprintIdleLimit  = 15 << 20
)

// footprint measures `ddb serve`: its binary's size; its start-up, from
// launching the process to its first answer to ListTables, in memory, on an
// empty data directory and on a loaded one; its resident memory idle and
// holding -n items of about 1 KB in memory.
func (b *bencher) footprint(ctx context.Context) error {
	bin, err := b.ddbBinary(ctx)
	if err != nil {
		return err
	}
	info, err := os.Stat(bin)
	if err != nil {
		return err
	}
	starts, loaded := footprintStarts, footprintLoaded
	if b.cfg.quick {
		starts, loaded = 3, 10_000
	}
	loadedDir, err := b.footprintLoadedDir(ctx, bin, loaded)
	if err != nil {
		return err
	}
	t := &bench.Table{
		Title: "Footprint of ddb serve",
		Note: fmt.Sprintf("Start-up is from launching `ddb serve` to its first answer to ListTables (polled every millisecond), median of %d starts; idle RSS is read %s after start-up, median of %d. "+
			"RSS counts the process's own (anonymous) memory and the pages of its executable and libraries mapped from the page cache (shared with other processes running them, reclaimable), of which those mapped as whole 2 MiB folios (FilePmdMapped); PSS divides shared pages among the processes mapping them. "+
			"The executable's mapped part is what the kernel maps of it (its loadable segments; the rest of the file is debug information and symbols). Figures from /proc/PID/smaps_rollup.",
			starts, footprintIdle, min(footprintIdleRSS, starts)),
		Columns: []string{"figure", "value"},
	}
	mapped, err := bench.MappedSize(bin)
	if err != nil {
		return err
	}
	t.AddRow("binary size", fmt.Sprintf("%s (%s mapped)", bench.Bytes(float64(info.Size())), bench.Bytes(float64(mapped))))
	var memStart time.Duration
	var memIdle bench.Memory
	for _, mode := range []struct {
		name string
		dir  func() (string, error)
		idle bool
	}{
		{"in memory", func() (string, error) { return "", nil }, true},
		{"empty data directory", func() (string, error) { return os.MkdirTemp(b.tmp, "footprint-empty-") }, true},
		{fmt.Sprintf("data directory of %d items", loaded), func() (string, error) { return loadedDir, nil }, false},
	} {
		var times []float64
		var mems []bench.Memory
		for i := range starts {
			dir, err := mode.dir()
			if err != nil {
				return err
			}
			srv, err := bench.StartDDB(ctx, bin, dir)
			if err != nil {
				return fmt.Errorf("start %s: %w", mode.name, err)
			}
			times = append(times, float64(srv.Started))
			if mode.idle && i < footprintIdleRSS {
				time.Sleep(footprintIdle)
				m, err := bench.ProcessMemory(srv.PID)
				if err != nil {
					srv.Close()
					return err
				}
				mems = append(mems, m)
			}
			if err := srv.Close(); err != nil {
				return err
			}
		}
		start := time.Duration(bench.Median(times))
		b.logf("footprint: start-up %s: %s", mode.name, bench.Latency(float64(start)))
		t.AddRow("start-up, "+mode.name, bench.Latency(float64(start)))
		var idle bench.Memory
		if mode.idle {
			idle = medianMemory(mems)
			t.AddRow("idle RSS, "+mode.name, memoryText(idle))
		}
		if dir, _ := mode.dir(); dir == "" {
			memStart, memIdle = start, idle
		}
	}
	held, err := b.footprintHeld(ctx, bin)
	if err != nil {
		return err
	}
	t.AddRow(fmt.Sprintf("RSS holding %d items in memory", b.cfg.scaleN), held)
	if err := b.r.table(t); err != nil {
		return err
	}
	b.r.target("footprint", fmt.Sprintf("ddb serve start-up in memory < %s", footprintStartLimit), bench.Latency(float64(memStart)), memStart < footprintStartLimit)
	b.r.target("footprint", fmt.Sprintf("ddb serve idle RSS in memory < %s", bench.Bytes(footprintIdleLimit)),
		fmt.Sprintf("%s (%s anonymous)", bench.Bytes(float64(memIdle.RSS)), bench.Bytes(float64(memIdle.Anon))), memIdle.RSS < footprintIdleLimit)
	return nil
}

// medianMemory returns the median of each figure of ms.
func medianMemory(ms []bench.Memory) bench.Memory {
	median := func(field func(bench.Memory) int64) int64 {
		vs := make([]float64, len(ms))
		for i, m := range ms {
			vs[i] = float64(field(m))
		}
		return int64(bench.Median(vs))
	}
	return bench.Memory{
		RSS:     median(func(m bench.Memory) int64 { return m.RSS }),
		PSS:     median(func(m bench.Memory) int64 { return m.PSS }),
		Anon:    median(func(m bench.Memory) int64 { return m.Anon }),
		File:    median(func(m bench.Memory) int64 { return m.File }),
		FilePMD: median(func(m bench.Memory) int64 { return m.FilePMD }),
	}
}

// memoryText writes a process's memory as the footprint table shows it:
// RSS, its anonymous and file parts, and PSS.
func memoryText(m bench.Memory) string {
	return fmt.Sprintf("%s: %s anonymous, %s of files (%s in 2 MiB folios); PSS %s",
		bench.Bytes(float64(m.RSS)), bench.Bytes(float64(m.Anon)), bench.Bytes(float64(m.File)), bench.Bytes(float64(m.FilePMD)), bench.Bytes(float64(m.PSS)))
}

// footprintLoadedDir returns a data directory holding n items of the
// scale table, made by `ddb serve`.
func (b *bencher) footprintLoadedDir(ctx context.Context, bin string, n int) (string, error) {
	dir, err := os.MkdirTemp(b.tmp, "footprint-loaded-")
	if err != nil {
		return "", err
	}
	srv, err := b.serveLoaded(ctx, bin, dir, n)
	if err != nil {
		return "", err
	}
	return dir, srv.Close()
}

// footprintHeld loads -n items of the scale table into an in-memory server
// and returns its RSS then, with the anonymous part and the bytes per item.
func (b *bencher) footprintHeld(ctx context.Context, bin string) (string, error) {
	n := b.cfg.scaleN
	srv, err := b.serveLoaded(ctx, bin, "", n)
	if err != nil {
		return "", err
	}
	defer srv.Close()
	time.Sleep(footprintIdle)
	m, err := bench.ProcessMemory(srv.PID)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s; %.0f B/item anonymous", memoryText(m), float64(m.Anon)/float64(n)), nil
}

// serveLoaded starts `ddb serve` on dir ("" for memory) and loads n items
// of the scale table into it.
func (b *bencher) serveLoaded(ctx context.Context, bin, dir string, n int) (*bench.Server, error) {
	srv, err := bench.StartDDB(ctx, bin, dir)
	if err != nil {
		return nil, err
	}
	client := bench.NewClient(srv.Endpoint)
	if err := bench.CreateTable(ctx, client, scaleTable); err != nil {
		srv.Close()
		return nil, err
	}
	if _, err := b.scaleLoad(ctx, client, srv.PID, 0, n); err != nil {
		srv.Close()
		return nil, err
	}
	return srv, nil
}
