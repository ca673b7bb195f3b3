package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/bench"
)

// serverNames lists the servers of the http part in report order; the
// baseline is DynamoDB Local.
var serverNames = []string{"ddb-memory", "ddb-disk", "dynamodb-local", "dynalite"}

const baselineServer = "dynamodb-local"

// startServer starts the named server of the http part.
func (b *bencher) startServer(ctx context.Context, name string) (*bench.Server, error) {
	switch name {
	case "ddb-memory", "ddb-disk":
		bin, err := b.ddbBinary(ctx)
		if err != nil {
			return nil, err
		}
		dir := ""
		if name == "ddb-disk" {
			if dir, err = os.MkdirTemp(b.tmp, "http-data-"); err != nil {
				return nil, err
			}
		}
		return bench.StartDDB(ctx, bin, dir)
	case "dynamodb-local":
		return bench.StartDynamoDBLocal(ctx)
	case "dynalite":
		return bench.StartDynalite(ctx)
	}
	return nil, fmt.Errorf("unknown server %q", name)
}

// figure is one measured quantity of a Result, as printed.
type figure struct {
	name   string
	get    func(bench.Result) float64
	format func(float64) string
}

var (
	opsPerSec = figure{"ops/s", bench.Result.OpsPerSec, bench.Count}
	p50       = figure{"p50", func(r bench.Result) float64 { return float64(r.P50) }, bench.Latency}
	p99       = figure{"p99", func(r bench.Result) float64 { return float64(r.P99) }, bench.Latency}
	serverCPU = figure{"server CPU/op", bench.Result.CPUPerOp, bench.Latency}
)

// column is one contender of a side-by-side table: its results by
// operation and worker count, or why it has none.
type column struct {
	title   string
	results map[string]bench.Result // key: resultKey(op, workers)
	errs    map[string]error        // failed measurements, same keys
	failed  error                   // the contender could not run at all
}

func newColumn(title string) *column {
	return &column{title: title, results: map[string]bench.Result{}, errs: map[string]error{}}
}

// workloadNames returns the names of bench.Workloads, in report order.
func workloadNames() []string {
	var names []string
	for _, w := range bench.Workloads() {
		names = append(names, w.Name)
	}
	return names
}

func resultKey(op string, workers int) string { return fmt.Sprintf("%s/%d", op, workers) }

// runWorkloads prepares api's tables, warms every workload up and measures
// each with every worker count, charging serverPID's CPU (0 for none).
func (b *bencher) runWorkloads(ctx context.Context, col *column, api ddb.API, serverPID int) error {
	start := time.Now()
	if err := bench.Prepare(ctx, api); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	b.logf("%s: tables loaded in %s", col.title, since(start))
	for _, w := range bench.Workloads() {
		op := w.Op(api)
		if err := b.warm(ctx, max(b.cfg.workers[len(b.cfg.workers)-1], 1), op); err != nil {
			col.errs[resultKey(w.Name, 0)] = err
			b.logf("%s %s: warm-up failed: %v", col.title, w.Name, err)
			continue
		}
		for _, workers := range b.cfg.workers {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, err := b.measure(ctx, workers, serverPID, op)
			if err != nil {
				col.errs[resultKey(w.Name, workers)] = err
				b.logf("%s %s x%d: %v", col.title, w.Name, workers, err)
				continue
			}
			col.results[resultKey(w.Name, workers)] = res
			b.logf("%s %s x%d: %s ops/s, p50 %s", col.title, w.Name, workers, bench.Count(res.OpsPerSec()), bench.Latency(float64(res.P50)))
		}
	}
	return nil
}

// runColumn runs the workloads against api into col (see runWorkloads) and
// then releases the contender with closeFn. A failure of either is recorded
// in col.failed; only an interrupted run (ctx ended) is returned.
func (b *bencher) runColumn(ctx context.Context, col *column, api ddb.API, serverPID int, closeFn func() error) error {
	err := b.runWorkloads(ctx, col, api, serverPID)
	if cerr := closeFn(); err == nil && cerr != nil {
		err = cerr
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	col.failed = err
	return nil
}

// http measures the workloads over HTTP against every configured server, one
// server at a time, and prints them side by side with ratios to DynamoDB
// Local.
func (b *bencher) http(ctx context.Context) error {
	var cols []*column
	baseline := -1
	var versions []string
	for _, name := range b.cfg.servers {
		col := newColumn(name)
		cols = append(cols, col)
		if name == baselineServer {
			baseline = len(cols) - 1
		}
		b.logf("starting %s", name)
		srv, err := b.startServer(ctx, name)
		if err != nil {
			col.failed = err
			b.logf("%s unavailable, skipped: %v", name, err)
			continue
		}
		col.title = srv.Name
		versions = append(versions, srv.Name+": "+srv.Version)
		if err := b.runColumn(ctx, col, bench.NewClient(srv.Endpoint), srv.PID, srv.Close); err != nil {
			return err
		}
	}
	note := fmt.Sprintf("aws-sdk-go-v2 client; median of %d runs of %s after %s of warm-up per operation; ratio to DynamoDB Local. Server CPU/op is the server process's user+system time (/proc/PID/stat) divided by the operations. Scan reads all %d items (every page).\n\n%s",
		b.cfg.runs, b.cfg.duration, b.cfg.warmup, bench.ScanTableSize, bulletList(versions))
	t := sideBySide("Engine over HTTP", note, cols, baseline, []figure{opsPerSec, p50, p99, serverCPU}, workloadNames(), b.cfg.workers)
	if err := b.r.table(t); err != nil {
		return err
	}
	b.httpTargets(cols, baseline)
	b.diskVsMemoryTargets("http", columnNamed(cols, "ddb serve (memory)"), columnNamed(cols, "ddb serve (disk)"))
	return nil
}

// httpTargets records the server goals: on every operation, server CPU per
// operation at most a tenth of DynamoDB Local's and ops/s ahead of DynamoDB
// Local and dynalite.
func (b *bencher) httpTargets(cols []*column, baseline int) {
	if baseline < 0 || cols[baseline].failed != nil {
		return
	}
	base := cols[baseline]
	for _, col := range cols {
		if !strings.HasPrefix(col.title, "ddb") || col.failed != nil {
			continue
		}
		for _, w := range bench.Workloads() {
			for _, workers := range b.cfg.workers {
				key := resultKey(w.Name, workers)
				own, ok1 := col.results[key]
				ref, ok2 := base.results[key]
				if !ok1 || !ok2 {
					continue
				}
				cpu := own.CPUPerOp() / ref.CPUPerOp()
				b.r.target("http", fmt.Sprintf("%s, %s x%d: server CPU/op <= 0.10x DynamoDB Local", col.title, w.Name, workers),
					fmt.Sprintf("%.3fx", cpu), cpu <= 0.10)
				ahead, measured := true, []string{}
				for _, other := range cols {
					if strings.HasPrefix(other.title, "ddb") {
						continue
					}
					if r, ok := other.results[key]; ok {
						ratio := own.OpsPerSec() / r.OpsPerSec()
						measured = append(measured, fmt.Sprintf("%.2fx %s", ratio, other.title))
						ahead = ahead && ratio > 1
					}
				}
				b.r.target("http", fmt.Sprintf("%s, %s x%d: ops/s ahead of the peers", col.title, w.Name, workers),
					strings.Join(measured, ", "), ahead)
			}
		}
	}
}

// sideBySide builds a table with a row per operation, worker count and
// figure and a column per contender, each cell with its ratio to the
// baseline column (none when baseline < 0).
func sideBySide(title, note string, cols []*column, baseline int, figs []figure, names []string, workers []int) *bench.Table {
	t := &bench.Table{Title: title, Note: note, Columns: []string{"operation", "workers", "figure"}}
	var failures []string
	for _, col := range cols {
		t.Columns = append(t.Columns, col.title)
		if col.failed != nil {
			failures = append(failures, fmt.Sprintf("%s: %s", col.title, firstLine(col.failed)))
		}
		for key, err := range col.errs {
			failures = append(failures, fmt.Sprintf("%s %s: %s", col.title, key, firstLine(err)))
		}
	}
	for _, name := range names {
		for _, n := range workers {
			key := resultKey(name, n)
			for _, fig := range figs {
				row := []string{name, fmt.Sprint(n), fig.name}
				for _, col := range cols {
					row = append(row, cell(col, key, resultKey(name, 0), fig, cols, baseline))
				}
				t.AddRow(row...)
			}
		}
	}
	if len(failures) > 0 {
		slices.Sort(failures)
		t.Note += "\n\nNot measured:\n\n" + bulletList(failures)
	}
	return t
}

// cell formats one contender's figure, "error" or "-" when missing.
func cell(col *column, key, warmKey string, fig figure, cols []*column, baseline int) string {
	res, ok := col.results[key]
	switch {
	case ok:
	case col.errs[key] != nil || col.errs[warmKey] != nil:
		return "error"
	default:
		return "-"
	}
	if fig.name == serverCPU.name && res.ServerCPU == 0 && res.CPUPerOp() == 0 {
		return "-"
	}
	base := 0.0
	if baseline >= 0 {
		if ref, ok := cols[baseline].results[key]; ok {
			base = fig.get(ref)
		}
	}
	return bench.WithRatio(fig.get(res), base, fig.format)
}

// firstLine returns the first line of err's message.
func firstLine(err error) string {
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}

// bulletList formats lines as a Markdown list.
func bulletList(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return "- " + strings.Join(lines, "\n- ")
}
