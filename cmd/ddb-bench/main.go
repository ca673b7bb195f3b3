// Command ddb-bench measures ddb against its peers: the codec against
// aws-sdk-go-v2's attributevalue and guregu/dynamo, `ddb serve` against
// DynamoDB Local and dynalite over HTTP, the embedded engine, the overhead of
// Table[T] over raw SDK calls, the library's own client against
// aws-sdk-go-v2's, and a disk table at scale. It obtains and
// starts the peers itself and prints one Markdown table per part, every
// figure a median over repeated runs with its ratio to the part's baseline.
//
//	go run ./cmd/ddb-bench                    # everything (takes a while)
//	go run ./cmd/ddb-bench -quick             # a smoke test of every part
//	go run ./cmd/ddb-bench -parts http -out docs/benchmarks.md
//
// Run with -h for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if launched := os.Getenv(suiteChildEnv); launched != "" {
		os.Exit(suiteChild(launched))
	}
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ddb-bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ddb-bench:", err)
		os.Exit(1)
	}
}

// parts maps each part's name to the function that runs it.
var parts = map[string]func(*bencher, context.Context) error{
	"codec":     (*bencher).codec,
	"http":      (*bencher).http,
	"embedded":  (*bencher).embedded,
	"overhead":  (*bencher).overhead,
	"client":    (*bencher).client,
	"scale":     (*bencher).scale,
	"footprint": (*bencher).footprint,
	"suite":     (*bencher).suite,
}

// run runs the configured parts, printing the report to stdout (and to
// cfg.out) and progress to stderr. A part that fails is reported and the
// others still run; the failures are returned together at the end.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	tmp, err := os.MkdirTemp("", "ddb-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	b := &bencher{cfg: cfg, log: stderr, tmp: tmp, r: newReport(stdout)}
	if err := b.r.header(cfg); err != nil {
		return err
	}
	var failed []error
	for _, part := range cfg.parts {
		b.logf("== %s", part)
		if err := parts[part](b, ctx); err != nil {
			if ctx.Err() != nil {
				return err
			}
			// Report the failure and go on with the other parts.
			failed = append(failed, fmt.Errorf("%s: %w", part, err))
			if err := b.r.text("**Part %s failed:** `%s`", part, firstLine(err)); err != nil {
				return err
			}
		}
	}
	return errors.Join(append(failed, b.r.finish(cfg.out))...)
}
