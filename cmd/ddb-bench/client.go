package main

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/bench"
)

// clientCPULimit is the library client's goal: on GetItem, PutItem and
// Query, at most this fraction of aws-sdk-go-v2's client CPU per call.
const clientCPULimit = 0.25

// clientTargeted reports whether the goal applies to workload name.
func clientTargeted(name string) bool {
	return name == "GetItem" || name == "PutItem" || strings.HasPrefix(name, "Query")
}

var clientCPU = figure{"client CPU/op", bench.Result.ClientCPUPerOp, bench.Latency}

// client measures the CPU a call costs the client, aws-sdk-go-v2's and the
// library's own (what ddb.Open uses), against one `ddb serve` (memory) run
// as a separate process, so that this process's CPU time is the clients'
// alone. The two clients' runs alternate, so that both see the same
// machine.
func (b *bencher) client(ctx context.Context) error {
	bin, err := b.ddbBinary(ctx)
	if err != nil {
		return err
	}
	srv, err := bench.StartDDB(ctx, bin, "")
	if err != nil {
		return err
	}
	defer srv.Close()
	lean := bench.NewLeanClient(srv.Endpoint)
	defer lean.Close()
	apis := []ddb.API{bench.NewClient(srv.Endpoint), lean}
	cols := []*column{newColumn("aws-sdk-go-v2"), newColumn("ddb client")}
	if err := bench.Prepare(ctx, lean); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	for _, w := range bench.Workloads() {
		if err := b.clientWorkload(ctx, srv.PID, w, apis, cols); err != nil {
			return err
		}
	}
	note := fmt.Sprintf("The same `ddb serve` (memory, %s) driven by aws-sdk-go-v2's client and by the library's own client (internal/wire, what ddb.Open uses), their runs alternating; median of %d runs of %s after %s of warm-up; ratio to aws-sdk-go-v2. Client CPU/op is this process's user+system time (/proc/self/stat) divided by the calls: the server runs as a separate process.",
		srv.Version, b.cfg.runs, b.cfg.duration, b.cfg.warmup)
	return b.r.table(sideBySide("Client CPU per call", note, cols, 0, []figure{clientCPU, opsPerSec, p50, serverCPU}, b.cfg.workers))
}

// clientWorkload measures workload w with both clients, their runs
// alternating, into cols. A failed measurement is recorded in its column
// and the others go on; only an interrupted run (ctx ended) is returned.
func (b *bencher) clientWorkload(ctx context.Context, serverPID int, w bench.Workload, apis []ddb.API, cols []*column) error {
	ops := make([]bench.Op, len(apis))
	for i, api := range apis {
		ops[i] = w.Op(api)
		if err := b.warm(ctx, max(b.cfg.workers[len(b.cfg.workers)-1], 1), ops[i]); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			cols[i].errs[resultKey(w.Name, 0)] = err
			b.logf("%s %s: warm-up failed: %v", cols[i].title, w.Name, err)
		}
	}
	for _, workers := range b.cfg.workers {
		key := resultKey(w.Name, workers)
		runs := make([][]bench.Result, len(apis))
		for range b.cfg.runs {
			for i, op := range ops {
				if cols[i].errs[key] != nil || cols[i].errs[resultKey(w.Name, 0)] != nil {
					continue
				}
				res, err := bench.Run(ctx, workers, math.MaxInt, b.cfg.duration, serverPID, op)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					cols[i].errs[key] = err
					b.logf("%s %s x%d: %v", cols[i].title, w.Name, workers, err)
					continue
				}
				runs[i] = append(runs[i], res)
			}
		}
		for i, col := range cols {
			if col.errs[key] == nil && len(runs[i]) > 0 {
				col.results[key] = bench.MedianResult(runs[i])
			}
		}
		sdk, ok1 := cols[0].results[key]
		own, ok2 := cols[1].results[key]
		if !ok1 || !ok2 {
			continue
		}
		ratio := own.ClientCPUPerOp() / sdk.ClientCPUPerOp()
		b.logf("client %s x%d: client CPU/op %s vs %s (%.3fx)", w.Name, workers,
			bench.Latency(own.ClientCPUPerOp()), bench.Latency(sdk.ClientCPUPerOp()), ratio)
		if clientTargeted(w.Name) {
			b.r.target("client", fmt.Sprintf("%s x%d: client CPU/op <= %.2fx aws-sdk-go-v2", w.Name, workers, clientCPULimit),
				fmt.Sprintf("%.3fx", ratio), ratio <= clientCPULimit)
		}
	}
	return nil
}
