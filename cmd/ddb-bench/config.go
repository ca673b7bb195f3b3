package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// partNames lists the parts of the benchmark in report order.
var partNames = []string{"codec", "http", "embedded", "overhead", "client", "scale", "footprint", "suite"}

// config holds the command's flags.
type config struct {
	parts       []string      // subset of partNames, in report order
	duration    time.Duration // length of one measured phase
	warmup      time.Duration // per operation and server, before measuring
	codecTime   time.Duration // length of one codec benchmark run
	runs        int           // repeats of every phase; the report gives medians
	workers     []int         // concurrent workers of the http and embedded parts
	scaleN      int           // items loaded by the scale part
	loadWorkers int           // concurrent BatchWriteItem callers loading the scale and footprint parts' items
	servers     []string      // servers of the http part (serverNames)
	out         string        // Markdown report file, "" for none
	ddb         string        // prebuilt ddb binary, "" to build ./cmd/ddb
	scaleDir    string        // data directory of the scale part, "" for a temporary one
	quick       bool
	args        []string // the command line, for the report
}

const usage = `Usage: go run ./cmd/ddb-bench [flags]

Measures ddb against its peers and prints one Markdown table per part:
  codec     ddb's codec vs aws-sdk-go-v2 attributevalue vs guregu/dynamo
  http      ddb serve (memory, disk) vs DynamoDB Local vs dynalite, over HTTP
  embedded  the same operations through the in-process engine
  overhead  Table[T] calls vs the same raw SDK calls, same backend
  client    client CPU per call: the library's own client vs aws-sdk-go-v2's,
            against one ddb serve
  scale     loading N items of ~1 KB into a disk table; query latency;
            ddb serve start-up time on the loaded directory
  footprint ddb serve's binary size, start-up (in memory, on an empty and
            a loaded directory), idle RSS and RSS holding N items in memory
  suite     an integration test suite's work (3 tables with indexes, 500
            calls) from the database's launch: in-process engine, ddb
            serve, DynamoDB Local, dynalite

Peers are obtained and started by the command itself (DynamoDB Local from npm
amplify-dynamodb-simulator and run with java, dynalite from npm and run with
node, both cached outside the repository); a peer that cannot be started is
reported and skipped. Every figure is the median over -runs runs.

Flags:
`

// parseFlags parses the command line.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := config{args: args}
	fs := flag.NewFlagSet("ddb-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	parts := fs.String("parts", strings.Join(partNames, ","), "comma-separated parts to run: "+strings.Join(partNames, ","))
	servers := fs.String("servers", strings.Join(serverNames, ","), "comma-separated servers of the http part: "+strings.Join(serverNames, ","))
	workers := fs.String("workers", "1,8", "comma-separated numbers of concurrent workers")
	fs.DurationVar(&cfg.duration, "duration", 2*time.Second, "length of one measured phase")
	fs.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "warm-up per operation and server before measuring")
	fs.DurationVar(&cfg.codecTime, "codec-time", time.Second, "length of one codec benchmark run")
	fs.IntVar(&cfg.runs, "runs", 3, "runs of every phase (figures are medians)")
	fs.IntVar(&cfg.scaleN, "n", 1_000_000, "items loaded by the scale part (and held in memory by the footprint part)")
	fs.IntVar(&cfg.loadWorkers, "load-workers", 8, "concurrent BatchWriteItem callers loading the scale and footprint parts' items")
	fs.StringVar(&cfg.out, "out", "", "also write the report to this Markdown file")
	fs.StringVar(&cfg.ddb, "ddb", "", "ddb binary to serve with (default: go build ./cmd/ddb)")
	fs.StringVar(&cfg.scaleDir, "scale-dir", "", "data directory of the scale part (default: a temporary one, removed)")
	fs.BoolVar(&cfg.quick, "quick", false, "short phases, one run, small N: a smoke test, not a measurement")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if cfg.parts, err = subset("part", *parts, partNames); err != nil {
		return cfg, err
	}
	if cfg.servers, err = subset("server", *servers, serverNames); err != nil {
		return cfg, err
	}
	for _, w := range strings.Split(*workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("invalid -workers entry %q", w)
		}
		cfg.workers = append(cfg.workers, n)
	}
	if cfg.quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		quick := map[string]func(){
			"duration":   func() { cfg.duration = 100 * time.Millisecond },
			"warmup":     func() { cfg.warmup = 50 * time.Millisecond },
			"codec-time": func() { cfg.codecTime = 20 * time.Millisecond },
			"runs":       func() { cfg.runs = 1 },
			"n":          func() { cfg.scaleN = 20_000 },
		}
		for name, apply := range quick {
			if !set[name] {
				apply()
			}
		}
	}
	switch {
	case cfg.runs < 1:
		return cfg, errors.New("-runs must be at least 1")
	case cfg.loadWorkers < 1:
		return cfg, errors.New("-load-workers must be at least 1")
	case cfg.duration <= 0 || cfg.codecTime <= 0 || cfg.warmup < 0:
		return cfg, errors.New("-duration and -codec-time must be positive, -warmup not negative")
	case cfg.scaleN < scaleFirstMark:
		return cfg, fmt.Errorf("-n must be at least %d", scaleFirstMark)
	}
	return cfg, nil
}

// subset parses a comma-separated list of names from all, returning them in
// all's order.
func subset(kind, list string, all []string) ([]string, error) {
	want := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(all, name) {
			return nil, fmt.Errorf("unknown %s %q (want some of %s)", kind, name, strings.Join(all, ","))
		}
		want[name] = true
	}
	var out []string
	for _, name := range all {
		if want[name] {
			out = append(out, name)
		}
	}
	return out, nil
}
