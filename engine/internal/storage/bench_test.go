package storage

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/ddbkit/ddb/internal/bench"
)

// The benchmarks model the engine's workload: keys start with a hash (as
// base-table rows do), values are ~1 KB items that compress about 2:1. The
// commands and results are in docs/decisions/storage-engine.md.

const (
	loadItems = 100_000
	loadBatch = 25 // items per Write, as in one BatchWriteItem
	scanItems = 1000
)

func benchKey(i int) []byte {
	return fmt.Appendf(nil, "t1/%08x/pk%d", uint32(i)*2654435761, i)
}

// benchValue returns one of 1024 precomputed values, so that benchmarks
// measure the store rather than the generation of values.
func benchValue(i int) []byte {
	values := benchValues()
	return values[i%len(values)]
}

var benchValues = sync.OnceValue(func() [][]byte {
	values := make([][]byte, 1024)
	for i := range values {
		r := rand.New(rand.NewPCG(uint64(i), 1))
		v := make([]byte, 0, 1024)
		for f := 0; len(v) < 1000; f++ {
			v = fmt.Appendf(v, "attribute%02d=%016x;", f, r.Uint64())
		}
		values[i] = v
	}
	return values
})

// inParallel calls fn(i) for i in [0, b.N) from the given number of
// goroutines and reports the throughput.
func inParallel(b *testing.B, goroutines int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range goroutines {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < b.N; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func benchOpen(b *testing.B, be backend, dir string) Store {
	s, err := be.open(dir)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkWrite measures single-item Writes (synced on disk backends) from 1
// and 8 goroutines.
func BenchmarkWrite(b *testing.B) {
	for _, be := range backends {
		for _, goroutines := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/goroutines=%d", be.name, goroutines), func(b *testing.B) {
				s := benchOpen(b, be, b.TempDir())
				defer s.Close()
				inParallel(b, goroutines, func(i int) {
					if err := s.Write([]Op{{Key: benchKey(i), Value: benchValue(i)}}); err != nil {
						b.Error(err)
					}
				})
			})
		}
	}
}

// BenchmarkFileSync measures what bounds every durable write: appending a
// 200-byte record to a file and syncing its data (fdatasync on Linux, as
// the store's write-ahead log does), one after the other. It reports the
// latency's percentiles and the CPU time of each (the process's user and
// system time: the kernel's work for the sync is in it).
func BenchmarkFileSync(b *testing.B) {
	f, err := vfs.Default.Create(filepath.Join(b.TempDir(), "log"), vfs.WriteCategoryUnspecified)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	record := make([]byte, 200)
	var took []time.Duration
	cpu, err := bench.ProcessCPU(os.Getpid())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		start := time.Now()
		if _, err := f.Write(record); err != nil {
			b.Fatal(err)
		}
		if err := f.SyncData(); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	end, err := bench.ProcessCPU(os.Getpid())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(end-cpu)/float64(b.N), "cpu-ns/op")
	slices.Sort(took)
	for _, p := range []int{50, 90, 99} {
		b.ReportMetric(float64(took[len(took)*p/100].Nanoseconds()), fmt.Sprintf("p%d-ns", p))
	}
}

// BenchmarkLoaded bulk loads 100k items into each backend, then measures the
// size on disk, reopening, point gets and 1000-item scans on the result.
func BenchmarkLoaded(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			parent := b // owns the directories, which must outlive the load runs
			var dir string
			var s Store
			b.Run("load", func(b *testing.B) {
				for range b.N {
					if s != nil {
						s.Close()
					}
					dir = parent.TempDir()
					s = benchOpen(b, be, dir)
					start := time.Now()
					var wg sync.WaitGroup
					for g := range 4 {
						wg.Go(func() {
							for i := g * loadBatch; i < loadItems; i += 4 * loadBatch {
								ops := make([]Op, loadBatch)
								for j := range ops {
									ops[j] = Op{Key: benchKey(i + j), Value: benchValue(i + j)}
								}
								if err := s.Write(ops); err != nil {
									b.Error(err)
								}
							}
						})
					}
					wg.Wait()
					b.ReportMetric(loadItems/time.Since(start).Seconds(), "items/s")
				}
			})
			if be.durable {
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				b.Run("open", func(b *testing.B) {
					b.ReportMetric(float64(dirBytes(b, dir)), "disk-bytes")
					for range b.N {
						s = benchOpen(b, be, dir)
						b.StopTimer()
						s.Close()
						b.StartTimer()
					}
				})
				s = benchOpen(b, be, dir)
			}
			defer s.Close()
			b.Run("get", func(b *testing.B) {
				inParallel(b, 2, func(i int) {
					if _, ok, err := s.Get(benchKey(i % loadItems)); !ok || err != nil {
						b.Errorf("Get = %v, %v", ok, err)
					}
				})
			})
			b.Run("get-missing", func(b *testing.B) { // as every write of a new item does
				inParallel(b, 2, func(i int) {
					if _, ok, err := s.Get(benchKey(loadItems + i)); ok || err != nil {
						b.Errorf("Get = %v, %v", ok, err)
					}
				})
			})
			b.Run("scan1000", func(b *testing.B) {
				inParallel(b, 2, func(i int) {
					n := 0
					err := s.Scan(benchKey(i%loadItems), nil, i%2 == 1, func(_, _ []byte) bool {
						n++
						return n < scanItems
					})
					if err != nil {
						b.Error(err)
					}
				})
			})
			b.Run("write-during-scans", func(b *testing.B) {
				stop := make(chan struct{})
				var wg sync.WaitGroup
				wg.Go(func() { // full scans with a slow callback, back to back
					for {
						select {
						case <-stop:
							return
						default:
						}
						s.Scan(nil, nil, false, func(_, _ []byte) bool {
							time.Sleep(time.Microsecond)
							select {
							case <-stop:
								return false
							default:
								return true
							}
						})
					}
				})
				inParallel(b, 1, func(i int) {
					if err := s.Write([]Op{{Key: benchKey(i), Value: benchValue(i)}}); err != nil {
						b.Error(err)
					}
				})
				close(stop)
				wg.Wait()
			})
		})
	}
}

// dirBytes returns the total size of the files under dir.
func dirBytes(b *testing.B, dir string) int64 {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		total += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return total
}

// BenchmarkFailureRun measures what running a call into Pebble on a
// goroutine of its own (failure.run, which every disk Write does) adds to
// the call, against calling it directly.
func BenchmarkFailureRun(b *testing.B) {
	noop := func() error { return nil }
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			_ = noop()
		}
	})
	b.Run("run", func(b *testing.B) {
		var f failure
		for b.Loop() {
			_ = f.run(noop)
		}
	})
}

// BenchmarkUnlinked measures the fstat that every sync of the write-ahead
// log ends with (walFile.sync).
func BenchmarkUnlinked(b *testing.B) {
	f, err := vfs.Default.Create(filepath.Join(b.TempDir(), "log"), vfs.WriteCategoryUnspecified)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for b.Loop() {
		if unlinked(f) {
			b.Fatal("a new file is reported removed")
		}
	}
}
