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
		ops := make([]bench.Op, len(apis))
		for i, api := range apis {
			ops[i] = w.Op(api)
			if err := b.warm(ctx, max(b.cfg.workers[len(b.cfg.workers)-1], 1), ops[i]); err != nil {
				return fmt.Errorf("%s %s: warm-up: %w", cols[i].title, w.Name, err)
			}
		}
		for _, workers := range b.cfg.workers {
			runs := make([][]bench.Result, len(apis))
			for range b.cfg.runs {
				for i, op := range ops {
					res, err := bench.Run(ctx, workers, math.MaxInt, b.cfg.duration, srv.PID, op)
					if err != nil {
						return fmt.Errorf("%s %s x%d: %w", cols[i].title, w.Name, workers, err)
					}
					runs[i] = append(runs[i], res)
				}
			}
			for i, col := range cols {
				col.results[resultKey(w.Name, workers)] = bench.MedianResult(runs[i])
			}
			sdk, own := cols[0].results[resultKey(w.Name, workers)], cols[1].results[resultKey(w.Name, workers)]
			ratio := own.ClientCPUPerOp() / sdk.ClientCPUPerOp()
			b.logf("client %s x%d: client CPU/op %s vs %s (%.3fx)", w.Name, workers,
				bench.Latency(own.ClientCPUPerOp()), bench.Latency(sdk.ClientCPUPerOp()), ratio)
			if clientTargeted(w.Name) {
				b.r.target("client", fmt.Sprintf("%s x%d: client CPU/op <= %.2fx aws-sdk-go-v2", w.Name, workers, clientCPULimit),
					fmt.Sprintf("%.3fx", ratio), ratio <= clientCPULimit)
			}
		}
	}
	note := fmt.Sprintf("The same `ddb serve` (memory, %s) driven by aws-sdk-go-v2's client and by the library's own client (internal/wire, what ddb.Open uses), their runs alternating; median of %d runs of %s after %s of warm-up; ratio to aws-sdk-go-v2. Client CPU/op is this process's user+system time (/proc/self/stat) divided by the calls: the server runs as a separate process.",
		srv.Version, b.cfg.runs, b.cfg.duration, b.cfg.warmup)
	return b.r.table(sideBySide("Client CPU per call", note, cols, 0, []figure{clientCPU, opsPerSec, p50, serverCPU}, b.cfg.workers))
}
