package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/console"
	"github.com/ddbkit/ddb/engine"
)

const consoleLong = `Serves the web console for any DynamoDB endpoint at http://HOST:PORT/console/:
tables, items, queries and scans, the live stream, import and export.

--url names the endpoint as ddb.Open takes it (default $DDB_URL):
http://localhost:8000 (DynamoDB Local, ddb serve), aws://REGION (AWS, with
the usual credentials), mem:// or file:///path (the embedded engine).

The console answers requests addressed to an IP address or localhost only,
and changes data only for its own page. Listen on this machine only (the
default host) unless the network is trusted: the console has no login.`

// consoleConfig holds the flags of "ddb console".
type consoleConfig struct {
	url  string
	host string
	port int
}

// consoleCommand returns "ddb console".
func (a *app) consoleCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "console [--url URL] [--host 127.0.0.1] [--port 8001]",
		Short: "Serve the web console for any database",
		Long:  consoleLong,
		Example: `  ddb console --url http://localhost:8000
  ddb console --url aws://eu-west-1 --port 9000`,
	}
	finish := consoleFlags(cmd.Flags())
	cmd.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("console: unexpected argument %q", args[0])
		}
		return nil
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := finish()
		if err != nil {
			return &usageError{err}
		}
		return a.runConsole(cmd.Context(), cfg)
	}
	return cmd
}

// parseConsoleFlags parses the arguments of "ddb console" as the command
// does.
func parseConsoleFlags(args []string) (consoleConfig, error) {
	fs := pflag.NewFlagSet("console", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	finish := consoleFlags(fs)
	if err := fs.Parse(args); err != nil {
		return consoleConfig{}, err
	}
	if fs.NArg() > 0 {
		return consoleConfig{}, fmt.Errorf("console: unexpected argument %q", fs.Arg(0))
	}
	return finish()
}

// consoleFlags defines the flags of "ddb console" on fs. The returned
// function makes the configuration from them once they are parsed.
func consoleFlags(fs *pflag.FlagSet) (finish func() (consoleConfig, error)) {
	cfg := &consoleConfig{}
	fs.StringVar(&cfg.url, "url", "", urlHelp)
	fs.StringVar(&cfg.host, "host", "127.0.0.1", "address to listen on")
	fs.IntVar(&cfg.port, "port", 8001, "TCP port to listen on (0 picks a free one)")
	return func() (consoleConfig, error) {
		if cfg.port < 0 || cfg.port > 65535 {
			return *cfg, fmt.Errorf("console: invalid port %d", cfg.port)
		}
		return *cfg, nil
	}
}

// runConsole serves the console for an endpoint until ctx is canceled.
func (a *app) runConsole(ctx context.Context, cfg consoleConfig) error {
	stdout := a.stdout
	log := slog.New(slog.NewTextHandler(a.stderr, nil))
	db, err := a.open(ctx, cfg.url, true) // the console creates tables: a new directory is a new database
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
