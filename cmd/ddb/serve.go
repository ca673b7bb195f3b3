package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
)

// serveConfig holds the flags of "ddb serve".
type serveConfig struct {
	host string
	port int
	dir  string // "" serves an in-memory database
	// cpuProfile names a file to write a CPU profile of the whole run to,
	// "" for none.
	cpuProfile string
}

const serveUsage = `Usage: ddb serve [--host 127.0.0.1] [--port 8000] [--in-memory | --data DIR] [--cpuprofile FILE]

Serves the DynamoDB HTTP API, a drop-in for DynamoDB Local: point an SDK or
the AWS CLI at http://HOST:PORT with any region and any credentials.

Without --data the database lives in memory and is gone when the server
stops, like DynamoDB Local's -inMemory (the default of its Docker image).
With --data DIR it is durable in DIR: every acknowledged write survives a
crash. DynamoDB Local's spellings -inMemory and -dbPath DIR are accepted too,
and so are its flags -sharedDb (one database serves every access key and
region, always), -cors, -delayTransientStatuses, -optimizeDbBeforeStartup
and -disableTelemetry, which change nothing.

On SIGINT or SIGTERM the server stops accepting connections, finishes the
requests in flight and closes the database.

Flags:
`

// parseServeFlags parses the arguments of "ddb serve".
func parseServeFlags(args []string, stderr io.Writer) (serveConfig, error) {
	cfg := serveConfig{}
	var inMemory bool
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.host, "host", "127.0.0.1", "address to listen on (0.0.0.0 for all interfaces)")
	fs.IntVar(&cfg.port, "port", 8000, "TCP port to listen on (0 picks a free one)")
	fs.BoolVar(&inMemory, "in-memory", false, "keep the database in memory (the default)")
	fs.BoolVar(&inMemory, "inMemory", false, "same as --in-memory")
	fs.StringVar(&cfg.dir, "data", "", "directory of a durable database (created if missing)")
	fs.StringVar(&cfg.dir, "dbPath", "", "same as --data")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile (go tool pprof) of the run to this file when the server stops")
	// DynamoDB Local's other flags, so that its command lines work
	// unchanged; none changes anything here.
	for _, name := range []string{"sharedDb", "delayTransientStatuses", "optimizeDbBeforeStartup", "disableTelemetry"} {
		fs.Bool(name, false, "accepted for DynamoDB Local compatibility; no effect")
	}
	fs.String("cors", "*", "accepted for DynamoDB Local compatibility; browsers from any origin are allowed")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if inMemory && cfg.dir != "" {
		return cfg, errors.New("serve: --in-memory and --data exclude each other")
	}
	if cfg.port < 0 || cfg.port > 65535 {
		return cfg, fmt.Errorf("serve: invalid port %d", cfg.port)
	}
	return cfg, nil
}

// shutdownTimeout bounds how long in-flight requests may take to finish once
// the server is asked to stop.
const shutdownTimeout = 30 * time.Second

// serve runs the server until ctx is canceled, then shuts it down gracefully
// and closes the database, so that every acknowledged write is kept.
func serve(ctx context.Context, cfg serveConfig, stdout, stderr io.Writer) (err error) {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if cfg.cpuProfile != "" {
		stop, err := startCPUProfile(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer func() {
			if perr := stop(); perr != nil && err == nil {
				err = perr
			}
		}()
	}
	defer tuneGC()()
	db, err := engine.Open(engine.Options{Dir: cfg.dir})
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close database: %w", cerr)
		}
	}()

	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port)))
	if err != nil {
		return err
	}
	srv := server.New(db, server.WithLogger(log))
	storage := "in memory"
	if cfg.dir != "" {
		storage = cfg.dir
	}
	log.Info("ddb serving DynamoDB API", "addr", ln.Addr().String(), "data", storage)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err // the listener failed
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// startCPUProfile starts profiling the process's CPU into the file at path
// and returns the function that stops and writes the profile.
func startCPUProfile(path string) (stop func() error, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		return nil
	}, nil
}
