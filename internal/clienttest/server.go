// Package clienttest runs the ddb binary as a separate server process and
// drives it with real clients: aws-sdk-go-v2 for the crash-durability tests
// of cmd/ddb, and the AWS CLI, boto3 and the JavaScript SDK v3 for this
// package's own tests, which check that every client works against
// `ddb serve` unchanged.
//
// The tests of other clients than the Go SDK run only when DDB_TEST_CLIENTS=1
// (scripts/test sets it and installs the AWS CLI and boto3 from Debian when
// they are missing); the JavaScript SDK is installed on first use with npm
// into the cache directory shared with the other downloaded peers (see
// InstallJSSDK).
package clienttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/proc"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

// Region is the region clients sign their requests for.
const Region = "us-east-1"

// startTimeout bounds how long a server may take to print its address.
const startTimeout = 30 * time.Second

// BuildDDB compiles ./cmd/ddb into a temporary directory of t and returns the
// binary's path.
func BuildDDB(t testing.TB) string {
	t.Helper()
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		t.Fatalf("find the module root: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "ddb")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/ddb")
	cmd.Dir = strings.TrimSpace(string(root))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/ddb: %v\n%s", err, out)
	}
	return bin
}

// Server is a running `ddb serve` process.
type Server struct {
	// Endpoint is the server's base URL, such as http://127.0.0.1:41234.
	Endpoint string
	p        *proc.Process
}

// Serve starts `bin serve --port 0` with the extra arguments (for example
// "--data", dir) and waits until it listens. The process is killed when the
// test ends if it is still running.
func Serve(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	p, err := proc.Start(exec.Command(bin, append([]string{"serve", "--port", "0"}, args...)...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop() })
	deadline := time.Now().Add(startTimeout)
	for {
		out := p.Output()
		if _, rest, ok := strings.Cut(out, "listening on "); ok {
			if line, _, ok := strings.Cut(rest, "\n"); ok {
				return &Server{Endpoint: line, p: p}
			}
		}
		select {
		case <-p.Exited():
			t.Fatalf("ddb serve exited before listening:\n%s", out)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("ddb serve did not listen within %v:\n%s", startTimeout, out)
		}
	}
}

// PID returns the server's process id.
func (s *Server) PID() int { return s.p.PID() }

// Output returns the end of what the server has written to stdout and
// stderr.
func (s *Server) Output() string { return s.p.Output() }

// Exited returns a channel that is closed when the server has exited.
func (s *Server) Exited() <-chan struct{} { return s.p.Exited() }

// Kill ends the server with SIGKILL, as a crash would, and waits for it.
func (s *Server) Kill(t testing.TB) {
	t.Helper()
	if err := syscall.Kill(s.p.PID(), syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		t.Fatal(err)
	}
	<-s.p.Exited()
}

// Terminate sends SIGTERM, which asks the server to finish the requests in
// flight and stop, and waits until it has exited; it fails the test if the
// server takes longer than timeout.
func (s *Server) Terminate(t testing.TB, timeout time.Duration) {
	t.Helper()
	if err := syscall.Kill(s.p.PID(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.p.Exited():
	case <-time.After(timeout):
		t.Fatalf("ddb serve still running %v after SIGTERM:\n%s", timeout, s.Output())
	}
}

// Client returns an aws-sdk-go-v2 client for the server that makes exactly
// one attempt per call, so that a test knows which calls reached the server.
func (s *Server) Client() *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		APIOptions:       sdkrace.Options(),
		BaseEndpoint:     aws.String(s.Endpoint),
		Region:           Region,
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDCLIENTTEST", "secret", ""),
		RetryMaxAttempts: 1,
	})
}

// Run runs a client program with a clean AWS environment (dummy credentials,
// Region, no shared config files) plus env, and returns what it wrote to
// stdout and to stderr.
func Run(ctx context.Context, env []string, name string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(cleanEnv(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err = cmd.Run(); err != nil {
		err = fmt.Errorf("%s %s: %w", filepath.Base(name), strings.Join(args, " "), err)
	}
	return out.String(), errOut.String(), err
}
