package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ddbkit/ddb/internal/ddblocal"
	"github.com/ddbkit/ddb/internal/dynalite"
	"github.com/ddbkit/ddb/internal/proc"
)

// Server is a DynamoDB endpoint running as a separate process, so that its
// CPU time and memory can be read from /proc.
type Server struct {
	Name     string // column title, e.g. "DynamoDB Local"
	Version  string // what the server reports about itself
	Endpoint string
	PID      int
	// Started is how long the process took from launch to its first answer.
	Started time.Duration
	stop    func() error
}

// Close stops the server and waits for it to exit.
func (s *Server) Close() error { return s.stop() }

// serverStartTimeout bounds how long a server may take to answer.
const serverStartTimeout = 2 * time.Minute

// startProcess runs cmd and waits until a ListTables call answers at
// endpoint, returning the time from launch to the first answer.
func startProcess(ctx context.Context, cmd *exec.Cmd, endpoint string) (*proc.Process, time.Duration, error) {
	start := time.Now()
	p, err := proc.Start(cmd)
	if err != nil {
		return nil, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, serverStartTimeout)
	defer cancel()
	err = proc.WaitReady(ctx, p, time.Millisecond, func(ctx context.Context) error { return ping(ctx, endpoint) })
	if err != nil {
		p.Stop()
		return nil, 0, fmt.Errorf("%s did not answer: %w\n--- output ---\n%s", filepath.Base(cmd.Path), err, p.Output())
	}
	return p, time.Since(start), nil
}

// pingClient sends readiness probes; it keeps no connections, so that a
// probe never waits on a connection to a server that has gone.
var pingClient = &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

// ping sends one ListTables request with a minimal (unverified) signature and
// succeeds on HTTP 200. It is much cheaper than an SDK call, so start-up
// times are not inflated by the probe.
func ping(ctx context.Context, endpoint string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", strings.NewReader(`{"Limit":1}`))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	resp, err := pingClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("ListTables: HTTP %s", resp.Status)
	}
	return nil
}

// StartDDB runs `binary serve` on a free port, in memory when dir is "" and
// durably in dir otherwise.
func StartDDB(ctx context.Context, binary, dir string) (*Server, error) {
	out, err := exec.CommandContext(ctx, binary, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", binary, err)
	}
	port, err := proc.FreePort()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--port", strconv.Itoa(port), "--in-memory"}
	name := "ddb serve (memory)"
	if dir != "" {
		args = []string{"serve", "--port", strconv.Itoa(port), "--data", dir}
		name = "ddb serve (disk)"
	}
	endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
	p, took, err := startProcess(ctx, exec.Command(binary, args...), endpoint)
	if err != nil {
		return nil, err
	}
	return &Server{Name: name, Version: strings.TrimSpace(string(out)), Endpoint: endpoint, PID: p.PID(), Started: took, stop: p.Stop}, nil
}

// localVersion finds the version DynamoDB Local prints when it starts.
var localVersion = regexp.MustCompile(`Version:\s*(\S+)`)

// StartDynamoDBLocal runs DynamoDB Local in memory on a free port with the
// JVM's default settings, as its users run it. The jar comes from
// ddblocal.Install (downloaded once into the shared cache).
func StartDynamoDBLocal(ctx context.Context) (*Server, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("java (17 or later) is needed to run DynamoDB Local: %w", err)
	}
	dir, err := ddblocal.Install(ctx)
	if err != nil {
		return nil, err
	}
	port, err := proc.FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(java,
		"-Djava.library.path="+filepath.Join(dir, "DynamoDBLocal_lib"),
		"-jar", filepath.Join(dir, "DynamoDBLocal.jar"),
		"-inMemory", "-sharedDb", "-disableTelemetry", "-port", strconv.Itoa(port))
	cmd.Dir = dir
	endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
	p, took, err := startProcess(ctx, cmd, endpoint)
	if err != nil {
		return nil, err
	}
	version := "DynamoDB Local"
	if m := localVersion.FindStringSubmatch(p.Output()); m != nil {
		version += " " + m[1]
	}
	version += fmt.Sprintf(" (npm %s@%s, %s)", ddblocal.PackageName, ddblocal.PackageVersion, toolVersion(ctx, java, "-version"))
	return &Server{Name: "DynamoDB Local", Version: version, Endpoint: endpoint, PID: p.PID(), Started: took, stop: p.Stop}, nil
}

// StartDynalite runs dynalite in memory (see package dynalite).
func StartDynalite(ctx context.Context) (*Server, error) {
	start := time.Now()
	inst, err := dynalite.Start(ctx)
	if err != nil {
		return nil, err
	}
	version := fmt.Sprintf("dynalite %s (node %s)", dynalite.PackageVersion, toolVersion(ctx, "node", "--version"))
	return &Server{Name: "dynalite", Version: version, Endpoint: inst.Endpoint(), PID: inst.PID(), Started: time.Since(start), stop: inst.Close}, nil
}

// toolVersion returns the first line a tool prints for its version flag, or
// "unknown version".
func toolVersion(ctx context.Context, tool, flag string) string {
	out, err := exec.CommandContext(ctx, tool, flag).CombinedOutput()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if err != nil || line == "" {
		return "unknown version"
	}
	return line
}
