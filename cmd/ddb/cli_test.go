package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/clienttest"
	"github.com/ddbkit/ddb/internal/proc"
)

// The command tests run command lines in-process, as main does, against
// each kind of database a URL names: mem:// (one engine that every command
// line of a test shares, as a server would), file://DIR (opened by each
// command line, as the real command does) and http:// (a ddb serve child
// process).

// backends are the kinds of database the command tests run against.
var backends = []string{"mem", "file", "http"}

// cli runs command lines against one database.
type cli struct {
	t    testing.TB
	url  string
	mem  *engine.DB // for mem://
	term terminal   // what the standard streams are
	env  map[string]string
}

// binDir holds the ddb command built for the tests that run it as a
// process; TestMain removes it.
var binDir string

// ddbBinary builds the ddb command once.
var ddbBinary = sync.OnceValues(func() (string, error) {
	var err error
	if binDir, err = os.MkdirTemp("", "ddb-cli-test-"); err != nil {
		return "", err
	}
	bin := filepath.Join(binDir, "ddb")
	return bin, proc.BuildCommand(context.Background(), "./cmd/ddb", bin)
})

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// newCLI returns a cli on a new, empty database of the kind backend names.
func newCLI(t testing.TB, backend string) *cli {
	t.Helper()
	c := &cli{t: t, term: terminal{width: 100}, env: map[string]string{}}
	switch backend {
	case "mem":
		db, err := engine.Open(engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		c.mem, c.url = db, "mem://"
	case "file":
		c.url = "file://" + t.TempDir()
	case "http":
		bin := testBinary(t)
		c.url = clienttest.Serve(t, bin).Endpoint
	default:
		t.Fatalf("unknown backend %q", backend)
	}
	return c
}

// testBinary returns the ddb command, built once.
func testBinary(t testing.TB) string {
	t.Helper()
	bin, err := ddbBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// result is what a command line did.
type result struct {
	stdout, stderr string
	err            error
	code           int    // the exit status main would give
	line           string // the line main would print for err
}

// run runs a command line with --url added and no input.
func (c *cli) run(args ...string) result {
	c.t.Helper()
	return c.runInput("", args...)
}

// runInput runs a command line with stdin as input, and --url added
// unless it has one (or is a copy, which names its URLs itself).
func (c *cli) runInput(stdin string, args ...string) result {
	c.t.Helper()
	if !slices.Contains(args, "--url") && args[0] != "copy" {
		args = append(args, "--url", c.url)
	}
	return c.exec(context.Background(), stdin, args...)
}

// exec runs a command line as it is.
func (c *cli) exec(ctx context.Context, stdin string, args ...string) result {
	c.t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr, term: c.term,
		getenv: func(k string) string { return c.env[k] }}
	a.open = a.openURL
	if c.mem != nil {
		a.open = func(ctx context.Context, rawURL string, create bool) (*ddb.DB, error) {
			if rawURL == "mem://" {
				return ddb.New(c.mem), nil // Close leaves the shared engine open
			}
			return a.openURL(ctx, rawURL, create)
		}
	}
	err := a.run(ctx, args)
	r := result{stdout: stdout.String(), stderr: stderr.String(), err: err, code: exitCode(err)}
	if err != nil {
		r.line = "ddb: " + oneLine(err.Error())
	}
	return r
}

// ok runs a command line that must succeed and returns its output.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.err != nil {
		c.t.Fatalf("ddb %s: %s", strings.Join(args, " "), r.line)
	}
	return r.stdout
}

// fails runs a command line that must fail with exit status code, and
// checks that it reports one line holding want and prints nothing else.
func (c *cli) fails(code int, want string, args ...string) {
	c.t.Helper()
	c.failsInput("", code, want, args...)
}

// failsInput is fails with stdin as input.
func (c *cli) failsInput(stdin string, code int, want string, args ...string) {
	c.t.Helper()
	c.check(c.runInput(stdin, args...), code, want, args)
}

// failsBare is fails for a command line without --url.
func (c *cli) failsBare(code int, want string, args ...string) {
	c.t.Helper()
	c.check(c.exec(context.Background(), "", args...), code, want, args)
}

// check checks that a command line failed with exit status code and one
// line holding want, and printed nothing else.
func (c *cli) check(r result, code int, want string, args []string) {
	c.t.Helper()
	switch {
	case r.err == nil:
		c.t.Errorf("ddb %s: succeeded, want exit %d with %q", strings.Join(args, " "), code, want)
	case r.code != code || !strings.Contains(r.line, want):
		c.t.Errorf("ddb %s: exit %d, %q; want exit %d with %q", strings.Join(args, " "), r.code, r.line, code, want)
	case r.stdout != "" || r.stderr != "":
		c.t.Errorf("ddb %s: printed %q and %q besides the error; want nothing", strings.Join(args, " "), r.stdout, r.stderr)
	}
}

// lines returns the non-empty lines of text.
func lines(text string) []string {
	var out []string
	for l := range strings.Lines(text) {
		if l = strings.TrimRight(l, "\n"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// forEachBackend runs test against each backend, in parallel subtests.
func forEachBackend(t *testing.T, test func(t *testing.T, c *cli)) {
	for _, b := range backends {
		t.Run(b, func(t *testing.T) {
			test(t, newCLI(t, b))
		})
	}
}
