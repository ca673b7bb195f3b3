package bench

import (
	"context"
	"errors"
	"math"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsEveryCall(t *testing.T) {
	var calls atomic.Int64
	seen := make([]atomic.Int64, 4)
	res, err := Run(context.Background(), 4, 1000, time.Minute, 0, func(_ context.Context, w, _ int) error {
		calls.Add(1)
		seen[w].Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Ops != 1000 || calls.Load() != 1000 {
		t.Errorf("Ops = %d, calls = %d, want 1000", res.Ops, calls.Load())
	}
	if res.OpsPerSec() <= 0 || res.P99 < res.P50 {
		t.Errorf("implausible result %+v", res)
	}
}

func TestRunStopsAtDeadlineAndOnError(t *testing.T) {
	res, err := Run(context.Background(), 2, math.MaxInt, 30*time.Millisecond, 0, func(context.Context, int, int) error {
		time.Sleep(time.Millisecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Elapsed > time.Second || res.Ops == 0 {
		t.Errorf("deadline not honoured: %+v", res)
	}
	boom := errors.New("boom")
	_, err = Run(context.Background(), 2, math.MaxInt, time.Minute, 0, func(_ context.Context, _, seq int) error {
		if seq == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("Run error = %v, want boom", err)
	}
}

func TestMedianResult(t *testing.T) {
	runs := []Result{
		{Ops: 100, Elapsed: time.Second, P50: 1 * time.Millisecond, P99: 9 * time.Millisecond, ServerCPU: 100 * time.Millisecond, ClientCPU: 50 * time.Millisecond},
		{Ops: 300, Elapsed: time.Second, P50: 3 * time.Millisecond, P99: 7 * time.Millisecond, ServerCPU: 900 * time.Millisecond, ClientCPU: 60 * time.Millisecond},
		{Ops: 200, Elapsed: time.Second, P50: 2 * time.Millisecond, P99: 8 * time.Millisecond, ServerCPU: 200 * time.Millisecond, ClientCPU: 200 * time.Millisecond},
	}
	m := MedianResult(runs)
	if got := m.OpsPerSec(); math.Abs(got-200) > 0.01 {
		t.Errorf("median ops/s = %v, want 200", got)
	}
	if m.P50 != 2*time.Millisecond || m.P99 != 8*time.Millisecond {
		t.Errorf("median latencies = %v, %v", m.P50, m.P99)
	}
	// CPU per op of the runs: 1ms, 3ms, 1ms -> median 1ms.
	if got := m.CPUPerOp(); math.Abs(got-1e6) > 1 {
		t.Errorf("median CPU/op = %vns, want 1e6", got)
	}
	// Client CPU per op: 0.5ms, 0.2ms, 1ms -> median 0.5ms.
	if got := m.ClientCPUPerOp(); math.Abs(got-5e5) > 1 {
		t.Errorf("median client CPU/op = %vns, want 5e5", got)
	}
}

func TestRunMeasuresClientCPU(t *testing.T) {
	// The "server" is this process too: both figures count the same work,
	// one call that spins until the process has used 30ms of CPU (three
	// clock ticks), however busy the machine.
	res, err := Run(context.Background(), 1, 1, time.Minute, os.Getpid(), func(context.Context, int, int) error {
		start, err := ProcessCPU(os.Getpid())
		for now := start; err == nil && now-start < 30*time.Millisecond; now, err = ProcessCPU(os.Getpid()) {
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.ClientCPU < 20*time.Millisecond || res.ServerCPU < 20*time.Millisecond {
		t.Errorf("CPU not measured: %+v", res)
	}
}

func TestRunInTurnAlternatesAndKeepsGoingPastAFailure(t *testing.T) {
	var order []string
	var mu sync.Mutex
	op := func(name string, fail bool) Op {
		runs := 0
		return func(_ context.Context, _, seq int) error {
			if seq == 0 {
				mu.Lock()
				order = append(order, name)
				runs++
				mu.Unlock()
			}
			if fail && runs == 2 {
				return errors.New("second run fails")
			}
			time.Sleep(time.Millisecond)
			return nil
		}
	}
	res, errs := RunInTurn(context.Background(), 3, 1, 10*time.Millisecond, 0, op("a", false), nil, op("b", true))
	if errs[0] != nil || errs[1] != nil || errs[2] == nil {
		t.Fatalf("errors %v, want only b's", errs)
	}
	if want := []string{"a", "b", "a", "b", "a"}; !slices.Equal(order, want) {
		t.Errorf("runs in order %v, want %v", order, want)
	}
	if res[0].Ops == 0 || res[1].Ops != 0 || res[2].Ops != 0 {
		t.Errorf("results %+v: want a's medians only", res)
	}
}

func TestRunPairedAlternatesAndComparesWithinRounds(t *testing.T) {
	var order []string
	var mu sync.Mutex
	op := func(name string, pause time.Duration) Op {
		return func(_ context.Context, _, seq int) error {
			mu.Lock()
			if seq == 0 {
				order = append(order, name)
			}
			// The machine's speed changes from round to round, alike for
			// both calls of a round.
			round := (len(order) - 1) / 2
			mu.Unlock()
			time.Sleep(pause * time.Duration(1+round%3))
			return nil
		}
	}
	p, err := RunPaired(context.Background(), 4, 20*time.Millisecond, op("base", time.Millisecond), op("other", 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"base", "other", "other", "base", "base", "other", "other", "base"}; !slices.Equal(order, want) {
		t.Errorf("runs in order %v, want %v", order, want)
	}
	if p.Ratio < 1.5 || p.Ratio > 2.5 {
		t.Errorf("Ratio = %.2f, want about 2", p.Ratio)
	}
	if p.Base.Ops == 0 || p.Other.Ops == 0 {
		t.Errorf("results %+v", p)
	}
	boom := errors.New("boom")
	if _, err := RunPaired(context.Background(), 2, 10*time.Millisecond, op("base", 0), func(context.Context, int, int) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("RunPaired error = %v, want boom", err)
	}
}
