package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/bench"
)

// suiteChildEnv, when set in the environment of ddb-bench, makes it run
// bench.Suite on an in-process engine and exit: the in-process contender of
// the suite part, timed from its process's launch. Its value is the
// launch time in Unix nanoseconds; the child prints how long after it the
// engine was open.
const suiteChildEnv = "DDB_BENCH_SUITE_CHILD"

// suiteChild runs the in-process contender of the suite part; it returns
// the process's exit status.
func suiteChild(launched string) int {
	ns, err := strconv.ParseInt(launched, 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ddb-bench:", suiteChildEnv, err)
		return 2
	}
	db, err := engine.Open(engine.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ddb-bench:", err)
		return 1
	}
	fmt.Println(time.Since(time.Unix(0, ns)).Nanoseconds())
	if err := bench.Suite(context.Background(), db); err != nil {
		fmt.Fprintln(os.Stderr, "ddb-bench:", err)
		return 1
	}
	if err := db.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "ddb-bench:", err)
		return 1
	}
	return 0
}

// suiteTimes is one run of the suite on one contender: from launch to
// the first answer, and to the end of the suite.
type suiteTimes struct{ start, total time.Duration }

// suite runs bench.Suite as a test suite would, from the launch of the
// database's process: on the in-process engine (a process of its own
// that opens it), `ddb serve`, DynamoDB Local and dynalite, all in
// memory; the wall time of each, start-up included.
func (b *bencher) suite(ctx context.Context) error {
	contenders := []struct {
		name string
		run  func(context.Context) (suiteTimes, error)
	}{
		{"engine (in-process)", b.suiteInProcess},
		{"ddb serve", b.suiteServer(func(ctx context.Context) (*bench.Server, error) {
			bin, err := b.ddbBinary(ctx)
			if err != nil {
				return nil, err
			}
			return bench.StartDDB(ctx, bin, "")
		})},
		{"DynamoDB Local", b.suiteServer(bench.StartDynamoDBLocal)},
		{"dynalite", b.suiteServer(bench.StartDynalite)},
	}
	t := &bench.Table{
		Title: "Test suite: 3 tables with indexes, 500 mixed calls, from the database's launch",
		Note: fmt.Sprintf("bench.Suite: create 3 tables (global and local secondary indexes) and wait until ACTIVE, %d calls (puts, gets, conditional updates, queries of tables and indexes, batch writes, deletes, scans), delete the tables; one aws-sdk-go-v2 client over HTTP, or direct calls in a process that opens the in-memory engine. "+
			"Times are from launching the database's process (for the engine, the process that embeds it) to its first answer (start-up) and to the end of the suite (total); median of %d runs, ratio to the in-process engine.",
			bench.SuiteOps, b.cfg.runs),
		Columns: []string{"contender", "start-up", "suite", "total"},
	}
	var base time.Duration
	for i, c := range contenders {
		var starts, totals []float64
		var failed error
		for range b.cfg.runs {
			st, err := c.run(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				failed = err
				break
			}
			starts, totals = append(starts, float64(st.start)), append(totals, float64(st.total))
		}
		if failed != nil {
			b.logf("suite: %s failed: %v", c.name, failed)
			t.AddRow(c.name, "error", "error", "error: "+firstLine(failed))
			continue
		}
		start, total := bench.Median(starts), bench.Median(totals)
		if i == 0 {
			base = time.Duration(total)
		}
		b.logf("suite: %s: %s (start-up %s)", c.name, bench.Latency(total), bench.Latency(start))
		t.AddRow(c.name, bench.Latency(start), bench.Latency(total-start), bench.WithRatio(total, float64(base), bench.Latency))
	}
	return b.r.table(t)
}

// suiteInProcess runs the suite in a child process of this command that
// opens the in-process engine.
func (b *bencher) suiteInProcess(ctx context.Context) (suiteTimes, error) {
	self, err := os.Executable()
	if err != nil {
		return suiteTimes{}, err
	}
	launched := time.Now()
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = append(os.Environ(), suiteChildEnv+"="+strconv.FormatInt(launched.UnixNano(), 10))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	total := time.Since(launched)
	if err != nil {
		return suiteTimes{}, fmt.Errorf("%w: %s", err, stderr.String())
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return suiteTimes{}, fmt.Errorf("in-process suite printed %q", out)
	}
	return suiteTimes{start: time.Duration(ns), total: total}, nil
}

// suiteServer returns the run of the suite against the server start
// launches.
func (b *bencher) suiteServer(start func(context.Context) (*bench.Server, error)) func(context.Context) (suiteTimes, error) {
	return func(ctx context.Context) (suiteTimes, error) {
		srv, err := start(ctx)
		if err != nil {
			return suiteTimes{}, err
		}
		defer srv.Close()
		began := time.Now()
		if err := bench.Suite(ctx, bench.NewClient(srv.Endpoint)); err != nil {
			return suiteTimes{}, err
		}
		return suiteTimes{start: srv.Started, total: srv.Started + time.Since(began)}, nil
	}
}
