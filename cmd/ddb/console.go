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
	"strconv"
	"strings"
	"time"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/console"
	_ "github.com/ddbkit/ddb/embedded" // mem:// and file:// for --url
	"github.com/ddbkit/ddb/engine"
)

const consoleUsage = `Usage: ddb console [--url URL] [--host 127.0.0.1] [--port 8001]

Serves the web console for any DynamoDB endpoint at http://HOST:PORT/console/:
tables, items, queries and scans, the live stream, import and export.

--url names the endpoint as ddb.Open takes it (default $DDB_URL):
http://localhost:8000 (DynamoDB Local, ddb serve), aws://REGION (AWS, with
the usual credentials), mem:// or file:///path (the embedded engine).

The console answers requests addressed to an IP address or localhost only,
and changes data only for its own page. Listen on this machine only (the
default host) unless the network is trusted: the console has no login.

Flags:
`

// consoleConfig holds the flags of "ddb console".
type consoleConfig struct {
	url  string
	host string
	port int
}

// parseConsoleFlags parses the arguments of "ddb console".
func parseConsoleFlags(args []string, stderr io.Writer) (consoleConfig, error) {
	var cfg consoleConfig
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, consoleUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.url, "url", "", "endpoint URL: http://host:port, aws://region, mem:// or file:///path (default $"+ddb.EnvURL+")")
	fs.StringVar(&cfg.host, "host", "127.0.0.1", "address to listen on")
	fs.IntVar(&cfg.port, "port", 8001, "TCP port to listen on (0 picks a free one)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("console: unexpected argument %q", fs.Arg(0))
	}
	if cfg.port < 0 || cfg.port > 65535 {
		return cfg, fmt.Errorf("console: invalid port %d", cfg.port)
	}
	return cfg, nil
}

// runConsole serves the console for an endpoint until ctx is canceled.
func runConsole(ctx context.Context, cfg consoleConfig, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	db, err := ddb.Open(ctx, cfg.url)
	if err != nil {
		return err
	}
	defer db.Close()
	label := cfg.url
	if label == "" {
		label = "$" + ddb.EnvURL
	}
	h := console.New(db.API(), db.Streams(), console.WithLogger(log), console.WithEndpoint(label))
	mux := http.NewServeMux()
	mux.Handle(console.Prefix, h)
	mux.Handle("/{$}", http.RedirectHandler(console.Prefix, http.StatusFound))
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port)))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "console on http://%s%s for %s\n", ln.Addr(), console.Prefix, label)
	return serveHTTP(ctx, &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}, ln)
}

// serveHTTP runs srv on ln until ctx is canceled, then shuts it down.
func serveHTTP(ctx context.Context, srv *http.Server, ln net.Listener) error {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// mountConsole serves the console beside the DynamoDB API of `ddb serve`:
// it splits ln (see console.Split) and serves the console's connections
// with net/http, passing their other requests to api. When the API checks
// signatures (signed), the console answers this machine's clients only. It
// returns the listener the API serves and the function that stops the
// console once the API server has stopped.
func mountConsole(ln net.Listener, db *engine.DB, api http.Handler, log *slog.Logger, stdout io.Writer, scheme string, signed bool) (net.Listener, func()) {
	apiLn, webLn := console.Split(ln)
	opts := []console.Option{console.WithLogger(log), console.WithEndpoint("ddb serve, " + ln.Addr().String())}
	if signed {
		opts = append(opts, console.WithLoopbackOnly())
	}
	mux := http.NewServeMux()
	mux.Handle(console.Prefix, console.New(db, db, opts...))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			http.Redirect(w, r, console.Prefix, http.StatusFound)
			return
		}
		api.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Serve returns when the API server's shutdown closes the listener.
		if err := srv.Serve(webLn); !errors.Is(err, net.ErrClosed) && !errors.Is(err, http.ErrServerClosed) {
			log.Error("console stopped", "err", err)
		}
	}()
	fmt.Fprintf(stdout, "console on %s://%s%s\n", scheme, ln.Addr(), console.Prefix)
	return apiLn, func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		srv.Shutdown(ctx) // lets the console's requests in flight finish
		<-done
	}
}
