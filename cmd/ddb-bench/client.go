package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/bench"
)

// clientCPULimit is the library client's goal: on GetItem, PutItem and
// Query, at most this fraction of aws-sdk-go-v2's client CPU per call.
const clientCPULimit = 0.25

// clientTargeted reports whether the goal applies to workload name.
func clientTargeted(name string) bool {
	return name == "GetItem" || name == "PutItem" || strings.HasPrefix(name, "Query") || strings.HasPrefix(name, "Table[T].Query")
}

// typedCall is the result of one typed call on one client, as the bench
// module's clientcompare command prints it.
type typedCall struct {
	Call    string
	Client  string // "aws-sdk-go-v2" or "ddb client", the titles of the columns
	Workers int
	Result  bench.Result
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
	names := workloadNames()
	for _, w := range bench.Workloads() {
		if err := b.clientWorkload(ctx, srv.PID, w, apis, cols); err != nil {
			return err
		}
	}
	typed, err := b.typedCalls(ctx, srv, cols)
	if err != nil {
		return err
	}
	note := fmt.Sprintf("The same `ddb serve` (memory, %s) driven by aws-sdk-go-v2's client and by the library's own client (internal/wire, what ddb.Open uses), their runs alternating; median of %d runs of %s after %s of warm-up; ratio to aws-sdk-go-v2. Client CPU/op is the client process's user+system time (/proc/self/stat) divided by the calls: the server runs as a separate process. The Table[T] rows are the typed call an application makes, run by the bench module's clientcompare command: aws-sdk-go-v2's call followed by attributevalue's decoding into the same struct (UnmarshalListOfMaps), against one page of Table[T] on the library's client.",
		srv.Version, b.cfg.runs, b.cfg.duration, b.cfg.warmup)
	return b.r.table(sideBySide("Client CPU per call", note, cols, 0, []figure{clientCPU, opsPerSec, p50, serverCPU}, append(names, typed...), b.cfg.workers))
}

// typedCalls measures the typed calls of both clients with the bench
// module's clientcompare command (in a process of its own, whose CPU is the
// clients') into cols, and returns their names. A failure is recorded in
// the columns; only an interrupted run (ctx ended) is returned.
func (b *bencher) typedCalls(ctx context.Context, srv *bench.Server, cols []*column) ([]string, error) {
	workers := make([]string, len(b.cfg.workers))
	for i, n := range b.cfg.workers {
		workers[i] = fmt.Sprint(n)
	}
	var calls []typedCall
	err := b.runBenchModule(ctx, &calls, "clientcompare", "-endpoint", srv.Endpoint, "-pid", fmt.Sprint(srv.PID),
		"-runs", fmt.Sprint(b.cfg.runs), "-duration", b.cfg.duration.String(), "-warmup", b.cfg.warmup.String(),
		"-workers", strings.Join(workers, ","))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, col := range cols {
			col.errs["Table[T] calls"] = err
		}
		return nil, nil
	}
	var names []string
	for _, c := range calls {
		if !slices.Contains(names, c.Call) {
			names = append(names, c.Call)
		}
		for _, col := range cols {
			if col.title == c.Client {
				col.results[resultKey(c.Call, c.Workers)] = c.Result
			}
		}
	}
	for _, name := range names {
		for _, workers := range b.cfg.workers {
			b.clientRatio(name, workers, cols)
		}
	}
	return names, nil
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
			ops[i] = nil // not measured
		}
	}
	for _, workers := range b.cfg.workers {
		key := resultKey(w.Name, workers)
		res, errs := b.measureInTurn(ctx, workers, serverPID, ops...)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		for i, col := range cols {
			switch {
			case errs[i] != nil:
				col.errs[key] = errs[i]
				b.logf("%s %s x%d: %v", col.title, w.Name, workers, errs[i])
			case ops[i] != nil:
				col.results[key] = res[i]
			}
		}
		b.clientRatio(w.Name, workers, cols)
	}
	return nil
}

// clientRatio logs the client CPU of call name with workers on the library's
// client against aws-sdk-go-v2's, and records the goal's target when it
// applies.
func (b *bencher) clientRatio(name string, workers int, cols []*column) {
	key := resultKey(name, workers)
	sdk, ok1 := cols[0].results[key]
	own, ok2 := cols[1].results[key]
	if !ok1 || !ok2 {
		return
	}
	ratio := own.ClientCPUPerOp() / sdk.ClientCPUPerOp()
	b.logf("client %s x%d: client CPU/op %s vs %s (%.3fx)", name, workers,
		bench.Latency(own.ClientCPUPerOp()), bench.Latency(sdk.ClientCPUPerOp()), ratio)
	if clientTargeted(name) {
		b.r.target("client", fmt.Sprintf("%s x%d: client CPU/op <= %.2fx aws-sdk-go-v2", name, workers, clientCPULimit),
			fmt.Sprintf("%.3fx", ratio), ratio <= clientCPULimit)
	}
}
