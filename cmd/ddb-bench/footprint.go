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
			"RSS counts the executable's pages mapped from the page cache (shared, reclaimable; on this kernel whole large folios of it) as well as the process's own anonymous memory, given in brackets.",
			starts, footprintIdle, min(footprintIdleRSS, starts)),
		Columns: []string{"figure", "value"},
	}
	t.AddRow("binary size", bench.Bytes(float64(info.Size())))
	var memStart time.Duration
	var memIdle int64
	for _, mode := range []struct {
		name string
		dir  func() (string, error)
		idle bool
	}{
		{"in memory", func() (string, error) { return "", nil }, true},
		{"empty data directory", func() (string, error) { return os.MkdirTemp(b.tmp, "footprint-empty-") }, true},
		{fmt.Sprintf("data directory of %d items", loaded), func() (string, error) { return loadedDir, nil }, false},
	} {
		var times, rss, anon []float64
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
				r, a, err := bench.ProcessRSS(srv.PID)
				if err != nil {
					srv.Close()
					return err
				}
				rss, anon = append(rss, float64(r)), append(anon, float64(a))
			}
			if err := srv.Close(); err != nil {
				return err
			}
		}
		start := time.Duration(bench.Median(times))
		b.logf("footprint: start-up %s: %s", mode.name, bench.Latency(float64(start)))
		t.AddRow("start-up, "+mode.name, bench.Latency(float64(start)))
		if mode.idle {
			t.AddRow("idle RSS, "+mode.name, fmt.Sprintf("%s (%s)", bench.Bytes(bench.Median(rss)), bench.Bytes(bench.Median(anon))))
		}
		if dir, _ := mode.dir(); dir == "" {
			memStart, memIdle = start, int64(bench.Median(rss))
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
	b.r.target("footprint", fmt.Sprintf("ddb serve idle RSS in memory < %s", bench.Bytes(footprintIdleLimit)), bench.Bytes(float64(memIdle)), memIdle < footprintIdleLimit)
	return nil
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
	rss, anon, err := bench.ProcessRSS(srv.PID)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s (%s; %.0f B/item)", bench.Bytes(float64(rss)), bench.Bytes(float64(anon)), float64(anon)/float64(n)), nil
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
