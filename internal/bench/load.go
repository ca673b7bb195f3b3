package bench

import (
	"context"
	"fmt"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Op is one benchmarked operation. worker is the caller's index (0 to
// workers-1) and seq counts that worker's calls, so an op can spread its keys
// without sharing state between workers.
type Op func(ctx context.Context, worker, seq int) error

// Result is what one run of a phase measured.
type Result struct {
	Ops       int
	Elapsed   time.Duration
	P50, P99  time.Duration
	ServerCPU time.Duration // CPU the server process used during the run; 0 when unknown
	ClientCPU time.Duration // CPU this process (the clients) used during the run; 0 when unknown
}

// OpsPerSec is the run's throughput.
func (r Result) OpsPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Ops) / r.Elapsed.Seconds()
}

// CPUPerOp is the server CPU time per operation, in nanoseconds.
func (r Result) CPUPerOp() float64 { return perOp(r.ServerCPU, r.Ops) }

// ClientCPUPerOp is the client CPU time per operation, in nanoseconds.
func (r Result) ClientCPUPerOp() float64 { return perOp(r.ClientCPU, r.Ops) }

func perOp(d time.Duration, ops int) float64 {
	if ops == 0 {
		return 0
	}
	return float64(d.Nanoseconds()) / float64(ops)
}

// Run calls op from workers goroutines until ops calls have been made in all
// or duration has passed, whichever comes first, and measures the calls. When
// serverPID is positive, the server's CPU time is read before and after, and
// so is this process's own (the clients', when the server runs apart). The
// first error stops the run and is returned.
func Run(ctx context.Context, workers, ops int, duration time.Duration, serverPID int, op Op) (Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var cpuBefore, selfBefore time.Duration
	if serverPID > 0 {
		var err error
		if cpuBefore, err = ProcessCPU(serverPID); err != nil {
			return Result{}, err
		}
		if selfBefore, err = ProcessCPU(os.Getpid()); err != nil {
			return Result{}, err
		}
	}
	var (
		mu       sync.Mutex
		firstErr error
		all      Latencies
		wg       sync.WaitGroup
		// Workers claim calls from a shared count and stop at the deadline
		// themselves: a feeding goroutine would cost every call a wake-up
		// of its own, counted in the clients' CPU.
		claimed atomic.Int64
		failed  atomic.Bool
	)
	start := time.Now()
	deadline := start.Add(duration)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat Latencies
			for seq := 0; claimed.Add(1) <= int64(ops) && !failed.Load(); seq++ {
				t0 := time.Now()
				if !t0.Before(deadline) {
					break
				}
				err := op(ctx, w, seq)
				lat.Add(time.Since(t0))
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("worker %d call %d: %w", w, seq+1, err)
					}
					mu.Unlock()
					failed.Store(true)
					cancel()
					break
				}
			}
			mu.Lock()
			all.Merge(&lat)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res := Result{Ops: all.Count(), Elapsed: time.Since(start), P50: all.Percentile(50), P99: all.Percentile(99)}
	if firstErr != nil {
		return res, firstErr
	}
	if serverPID > 0 {
		selfAfter, err := ProcessCPU(os.Getpid())
		if err != nil {
			return res, err
		}
		cpuAfter, err := ProcessCPU(serverPID)
		if err != nil {
			return res, err
		}
		res.ServerCPU = cpuAfter - cpuBefore
		res.ClientCPU = selfAfter - selfBefore
	}
	return res, nil
}

// RunInTurn runs each of ops runs times, for duration with workers
// callers each (ops calls unbounded), in rounds that run every op once, in
// turn, so that a change of the machine's load falls on all of them
// alike. It returns each op's medians, or the error that stopped it: an op
// that fails is not run again, and the others go on. A nil op is not run
// (its result stays zero).
func RunInTurn(ctx context.Context, runs, workers int, duration time.Duration, serverPID int, ops ...Op) ([]Result, []error) {
	all := make([][]Result, len(ops))
	errs := make([]error, len(ops))
	for range runs {
		for i, op := range ops {
			if op == nil || errs[i] != nil {
				continue
			}
			res, err := Run(ctx, workers, math.MaxInt, duration, serverPID, op)
			if err != nil {
				errs[i] = err
				continue
			}
			all[i] = append(all[i], res)
		}
	}
	medians := make([]Result, len(ops))
	for i, r := range all {
		if errs[i] == nil && len(r) > 0 {
			medians[i] = MedianResult(r)
		}
	}
	return medians, errs
}

// Paired is what RunPaired measures of two calls.
type Paired struct {
	Base, Other Result // the medians of the rounds' results
	// Ratio is the median of the rounds' ratios of Other's time per call
	// to Base's.
	Ratio float64
}

// RunPaired measures two calls made by one caller, other against base, in
// rounds of slice each: every round runs both, one after the other,
// alternating which goes first. A ratio taken within a round compares
// calls made a fraction of a second apart, so that a change of the
// machine's speed, which moves runs of seconds by tens of percent on a
// small shared VM, falls on both alike; the median over the rounds
// leaves out the rounds a burst of other work fell in.
func RunPaired(ctx context.Context, rounds int, slice time.Duration, base, other Op) (Paired, error) {
	var bases, others []Result
	ratios := make([]float64, 0, rounds)
	ops := [2]Op{base, other}
	for round := range rounds {
		order := [2]int{round % 2, 1 - round%2}
		var res [2]Result
		for _, i := range order {
			var err error
			if res[i], err = Run(ctx, 1, math.MaxInt, slice, 0, ops[i]); err != nil {
				return Paired{}, err
			}
		}
		bases, others = append(bases, res[0]), append(others, res[1])
		ratios = append(ratios, res[0].OpsPerSec()/max(res[1].OpsPerSec(), 1e-9))
	}
	return Paired{Base: MedianResult(bases), Other: MedianResult(others), Ratio: Median(ratios)}, nil
}

// MedianResult reduces repeated runs of one phase to the median of each
// figure taken separately.
func MedianResult(runs []Result) Result {
	pick := func(f func(Result) float64) float64 {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = f(r)
		}
		return Median(xs)
	}
	// Ops and Elapsed are chosen so that OpsPerSec, CPUPerOp and
	// ClientCPUPerOp of the median result are the medians of the runs'.
	const scale = 1e6
	opsPerSec := pick(Result.OpsPerSec)
	return Result{
		Ops:       scale,
		Elapsed:   time.Duration(float64(time.Second) * scale / max(opsPerSec, 1e-9)),
		P50:       time.Duration(pick(func(r Result) float64 { return float64(r.P50) })),
		P99:       time.Duration(pick(func(r Result) float64 { return float64(r.P99) })),
		ServerCPU: time.Duration(pick(Result.CPUPerOp) * scale),
		ClientCPU: time.Duration(pick(Result.ClientCPUPerOp) * scale),
	}
}
