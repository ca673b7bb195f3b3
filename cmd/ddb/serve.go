package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
)

// serveConfig holds the configuration of "ddb serve", which its flags fill
// (serveFlags).
type serveConfig struct {
	host string
	port int
	dir  string // "" serves an in-memory database
	// cpuProfile names a file to write a CPU profile of the whole run to,
	// "" for none.
	cpuProfile string
	// verify says when a disk database checks its data's checksums.
	verify engine.Verify
	// s3Dir is the directory standing in for S3 in exports and imports,
	// "" for none.
	s3Dir string

	// Who may connect, and how much they get.
	cors    []string          // browser origins allowed; nil: server.LocalOrigins
	keys    map[string]string // secret by access key id; nil: signatures not checked
	tlsCert string            // certificate and key files for HTTPS; "" for HTTP
	tlsKey  string
	limits  server.Limits // zero fields: server.DefaultLimits
	console bool          // serve the web console under /console/ too
	admin   bool          // serve the admin API (serve_admin.go)
}

const serveLong = `Serves the DynamoDB HTTP API, a drop-in for DynamoDB Local: point an SDK or
the AWS CLI at http://HOST:PORT with any region and any credentials.

Without --data the database lives in memory and is gone when the server
stops, like DynamoDB Local's -inMemory (the default of its Docker image).
With --data DIR it is durable in DIR: every acknowledged write survives a
crash. DynamoDB Local's spellings -inMemory and -dbPath DIR are accepted too,
and so are its flags -sharedDb (one database serves every access key and
region, always), -delayTransientStatuses, -optimizeDbBeforeStartup and
-disableTelemetry, which change nothing. Every flag may be written with one
dash, as DynamoDB Local's are (-port 8001).

Browsers: web pages may call the server only from the origins --cors allows
(a comma-separated list; "*" for any; "http://host:*" for any port of a
host; wildcard hosts such as "http://*.test" are refused: list each one). The default allows pages served from this machine only (localhost,
127.0.0.1 and [::1], any port, HTTP or HTTPS), unlike DynamoDB Local's "*":
any site the user visits could otherwise read and write the database.

Shared hosts: --auth KEY:SECRET[,KEY:SECRET...] (or --auth-file FILE, one
KEY:SECRET a line) makes the server verify every request's AWS signature
against those keys, as DynamoDB does (every key sees the same tables);
--tls-cert and --tls-key serve HTTPS.

Limits: a connection idle for --idle-timeout is closed; a request must send
its headers within --header-timeout and its body within --body-timeout; at
--max-conns connections a new one closes the one idle the longest, or is
answered 503 (which SDKs retry) when none has been idle a second; request bodies held at once, with what
decoding them takes, are bounded by --max-body-mb (a request that does not
fit is answered 503, which SDKs retry; one that could not fit even alone,
413).

Exports and imports: ExportTableToPointInTime writes, and ImportTable reads,
DynamoDB's S3 export layout in --s3-dir DIR, bucket B being the directory
DIR/B (create it first, as you would create the bucket), so that an export
downloaded from S3 into DIR/B imports, and the reverse. Without --s3-dir
both are refused.

On SIGINT or SIGTERM the server stops accepting connections, finishes the
requests in flight and closes the database.`

// verifyModes are the values of --verify-checksums.
var verifyModes = map[string]engine.Verify{"background": engine.VerifyInBackground, "open": engine.VerifyAtOpen, "off": engine.VerifyOff}

// serveCommand returns "ddb serve".
func (a *app) serveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the DynamoDB HTTP API (a drop-in for DynamoDB Local)",
		Long:  serveLong + "\n" + adminUsage,
		Example: `  ddb serve                                 # in memory, on 127.0.0.1:8000
  ddb serve --data ./data --port 8001       # durable, in ./data
  ddb serve -sharedDb -dbPath ./data -port 8000   # DynamoDB Local's command line`,
		Args: cobra.NoArgs,
	}
	finish := serveFlags(cmd.Flags())
	cmd.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("serve: unexpected argument %q", args[0])
		}
		return nil
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := finish()
		if err != nil {
			return &usageError{fmt.Errorf("serve: %w", err)}
		}
		return serve(cmd.Context(), cfg, a.stdout, a.stderr)
	}
	return cmd
}

// minBodyBudgetMB is the smallest --max-body-mb. A request counts its body,
// the copy its decoded strings point into and its decoded values: with 32
// MB, a valid BatchWriteItem of 25 binary attributes of 399 KB (a 13.6 MB
// body) is answered 413.
const minBodyBudgetMB = 64

// parseServeFlags parses the arguments of "ddb serve" as the command does,
// DynamoDB Local's single-dash spellings included.
func parseServeFlags(args []string) (serveConfig, error) {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	finish := serveFlags(fs)
	if err := fs.Parse(goStyleFlags(args, fs)); err != nil {
		return serveConfig{}, err
	}
	if fs.NArg() > 0 {
		return serveConfig{}, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	return finish()
}

// serveFlags defines the flags of "ddb serve" on fs. The returned function
// makes the configuration from them once they are parsed.
func serveFlags(fs *pflag.FlagSet) (finish func() (serveConfig, error)) {
	cfg := &serveConfig{}
	var inMemory bool
	fs.SortFlags = false
	fs.StringVar(&cfg.host, "host", "127.0.0.1", "address to listen on (0.0.0.0 for all interfaces)")
	fs.IntVar(&cfg.port, "port", 8000, "TCP port to listen on (0 picks a free one)")
	fs.BoolVar(&inMemory, "in-memory", false, "keep the database in memory (the default)")
	fs.BoolVar(&inMemory, "inMemory", false, "same as --in-memory")
	fs.StringVar(&cfg.dir, "data", "", "directory of a durable database (created if missing)")
	fs.StringVar(&cfg.dir, "dbPath", "", "same as --data")
	fs.BoolVar(&cfg.console, "console", false, "serve the web console at /console/ on the same port")
	fs.StringVar(&cfg.s3Dir, "s3-dir", "", "directory standing in for S3 in exports and imports: bucket B is DIR/B")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile (go tool pprof) of the run to this file when the server stops")
	fs.Func("verify-checksums", "when to check every stored table of --data against its checksums: background (default: after start-up, stopping the server if damage is found), open (before serving), off", func(v string) error {
		var ok bool
		cfg.verify, ok = verifyModes[v]
		if !ok {
			return errors.New("want background, open or off")
		}
		return nil
	})
	access := accessFlags(fs, cfg)
	addAdminFlag(fs, cfg)
	// DynamoDB Local's other flags, so that its command lines work
	// unchanged; none changes anything here.
	for _, name := range []string{"sharedDb", "delayTransientStatuses", "optimizeDbBeforeStartup", "disableTelemetry"} {
		fs.Bool(name, false, "accepted for DynamoDB Local compatibility; no effect")
		fs.MarkHidden(name)
	}
	fs.MarkHidden("inMemory")
	fs.MarkHidden("dbPath")
	return func() (serveConfig, error) {
		if inMemory && cfg.dir != "" {
			return *cfg, errors.New("--in-memory and --data exclude each other")
		}
		if cfg.port < 0 || cfg.port > 65535 {
			return *cfg, fmt.Errorf("invalid port %d", cfg.port)
		}
		if err := access(); err != nil {
			return *cfg, err
		}
		return *cfg, nil
	}
}

// goStyleFlags rewrites the flags of args written with one dash, as Go's
// flag package and DynamoDB Local take them (-port 8000, -dbPath=DIR), to
// the two dashes pflag takes for long names. It leaves alone the values
// of flags, the arguments after "--", and what fs does not define.
func goStyleFlags(args []string, fs *pflag.FlagSet) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(out, args[i:]...)
		}
		if len(arg) > 2 && arg[0] == '-' && arg[1] != '-' {
			name, _, _ := strings.Cut(arg[1:], "=")
			if fs.Lookup(name) != nil || name == "help" {
				arg = "-" + arg
			}
		}
		out = append(out, arg)
		// A flag with its value in the next argument: keep that as it is.
		if name, ok := strings.CutPrefix(arg, "--"); ok && !strings.Contains(name, "=") {
			if f := fs.Lookup(name); f != nil && f.NoOptDefVal == "" && i+1 < len(args) {
				i++
				out = append(out, args[i])
			}
		}
	}
	return out
}

// accessFlags defines the flags that say who may connect and what each
// connection gets: CORS, signatures, TLS and limits. The returned function
// completes cfg from them once the flags are parsed.
func accessFlags(fs *pflag.FlagSet, cfg *serveConfig) (finish func() error) {
	cors := fs.String("cors", "", "comma-separated browser origins allowed (\"*\" for any, \"http://host:*\" for any port); default: pages of this machine only")
	auth := fs.String("auth", "", "verify request signatures against these access keys: KEY:SECRET[,KEY:SECRET...]")
	authFile := fs.String("auth-file", "", "like --auth, from a file of KEY:SECRET lines (# starts a comment)")
	fs.StringVar(&cfg.tlsCert, "tls-cert", "", "serve HTTPS with this PEM certificate (chain) file; needs --tls-key")
	fs.StringVar(&cfg.tlsKey, "tls-key", "", "PEM private key file of --tls-cert")
	d := server.DefaultLimits
	fs.DurationVar(&cfg.limits.IdleTimeout, "idle-timeout", d.IdleTimeout, "close a connection idle this long between requests")
	fs.DurationVar(&cfg.limits.HeaderTimeout, "header-timeout", d.HeaderTimeout, "time a request may take to send its headers")
	fs.DurationVar(&cfg.limits.BodyTimeout, "body-timeout", d.BodyTimeout, "time a request may take to send its body")
	fs.IntVar(&cfg.limits.MaxConns, "max-conns", 0, "connections served at once (default 1024, less if the descriptor limit is lower)")
	maxBodyMB := fs.Int64("max-body-mb", d.MaxBodyBytes>>20, "megabytes of request bodies, and of what decoding them takes, held at once")
	return func() error {
		if *cors != "" {
			cfg.cors = strings.Split(*cors, ",")
			if err := server.CheckOrigins(cfg.cors); err != nil {
				return fmt.Errorf("--cors: %w", err)
			}
		}
		keys, err := parseKeys(nil, *auth, "--auth")
		if err != nil {
			return err
		}
		if *authFile != "" {
			text, err := os.ReadFile(*authFile)
			if err != nil {
				return fmt.Errorf("--auth-file: %w", err)
			}
			if keys, err = parseKeys(keys, string(text), *authFile); err != nil {
				return err
			}
		}
		cfg.keys = keys
		if (cfg.tlsCert == "") != (cfg.tlsKey == "") {
			return errors.New("--tls-cert and --tls-key go together")
		}
		if *maxBodyMB < minBodyBudgetMB {
			return fmt.Errorf("--max-body-mb %d: must be at least %d, to hold one request of the largest size (16 MB) with what decoding it takes", *maxBodyMB, minBodyBudgetMB)
		}
		cfg.limits.MaxBodyBytes = *maxBodyMB << 20
		if l := cfg.limits; l.IdleTimeout <= 0 || l.HeaderTimeout <= 0 || l.BodyTimeout <= 0 || l.MaxConns < 0 {
			return errors.New("timeouts must be positive and --max-conns not negative")
		}
		return nil
	}
}

// parseKeys adds to keys the access keys and their secrets of text:
// KEY:SECRET entries separated by commas or lines, where # starts a
// comment. The key ends at the first colon (a secret may hold colons); the
// spaces around the key and around the secret are not theirs (AWS keys and
// secrets have none). An empty key or secret, or a key given twice (in text
// or before it), is an error: only one secret of a key could be used. It
// returns nil for no keys at all.
func parseKeys(keys map[string]string, text, source string) (map[string]string, error) {
	for line := range strings.Lines(text) {
		line, _, _ = strings.Cut(line, "#")
		for entry := range strings.SplitSeq(line, ",") {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			key, secret, ok := strings.Cut(entry, ":")
			key, secret = strings.TrimSpace(key), strings.TrimSpace(secret)
			if !ok || key == "" || secret == "" {
				return nil, fmt.Errorf("%s: %q is not KEY:SECRET", source, entry)
			}
			if _, dup := keys[key]; dup {
				return nil, fmt.Errorf("%s: access key %q is given twice; a key has one secret", source, key)
			}
			if keys == nil {
				keys = map[string]string{}
			}
			keys[key] = secret
		}
	}
	return keys, nil
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
	db, err := engine.Open(engine.Options{Dir: cfg.dir, VerifyChecksums: cfg.verify, S3Dir: cfg.s3Dir})
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
	scheme := "http"
	if cfg.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.tlsCert, cfg.tlsKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("TLS: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
		scheme = "https"
	}
	limits := cfg.limits
	if limits.MaxConns == 0 {
		limits.MaxConns = defaultMaxConns()
	}
	opts := []server.Option{server.WithLogger(log), server.WithLimits(limits)}
	if cfg.cors != nil {
		opts = append(opts, server.WithCORS(cfg.cors))
	}
	if cfg.keys != nil {
		opts = append(opts, server.WithAuth(cfg.keys))
	}
	opts = append(opts, adminOptions(cfg, db, log)...)
	srv := server.New(db, opts...)
	storage := "in memory"
	if cfg.dir != "" {
		storage = cfg.dir
	}
	log.Info("ddb serving DynamoDB API", "addr", ln.Addr().String(), "data", storage, "tls", cfg.tlsCert != "",
		"signatures", cfg.keys != nil, "max_conns", limits.MaxConns)
	fmt.Fprintf(stdout, "listening on %s://%s\n", scheme, ln.Addr())
	if cfg.console {
		var stopConsole func()
		ln, stopConsole = mountConsole(ln, db, srv, log, stdout, scheme, cfg.keys != nil)
		defer stopConsole()
	}

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	var failed error
	select {
	case err := <-done:
		return err // the listener failed
	case <-ctx.Done():
	case <-db.Failed():
		// The storage engine cannot go on; stop cleanly so that the next
		// start recovers the acknowledged writes, or says what is damaged.
		failed = fmt.Errorf("storage failed: %w", db.Err())
		log.Error("shutting down: the database cannot take writes any more", "err", db.Err())
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
	return failed
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
