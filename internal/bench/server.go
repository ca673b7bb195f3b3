package bench

import (
	"context"
	"fmt"
	"os/exec"
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
	exited  func() bool
	output  func() string
}

// Close stops the server and waits for it to exit.
func (s *Server) Close() error { return s.stop() }

// Ended explains a failed call: once the server's process has ended, it
// says so with the end of what the process printed; while it runs, it is "".
func (s *Server) Ended() string {
	if !s.exited() {
		return ""
	}
	return "; " + s.Name + " has exited, the end of its output:\n" + s.output()
}

// serverStartTimeout bounds how long `ddb serve` may take to answer.
const serverStartTimeout = 2 * time.Minute

// StartDDB runs `binary serve` on a free port, in memory when dir is "" and
// durably in dir otherwise.
func StartDDB(ctx context.Context, binary, dir string) (*Server, error) {
	out, err := exec.CommandContext(ctx, binary, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", binary, err)
	}
	args := []string{"serve", "--in-memory"}
	name := "ddb serve (memory)"
	if dir != "" {
		args = []string{"serve", "--data", dir}
		name = "ddb serve (disk)"
	}
	ctx, cancel := context.WithTimeout(ctx, serverStartTimeout)
	defer cancel()
	start := time.Now()
	p, endpoint, err := proc.StartServer(ctx, time.Millisecond, func(port int) *exec.Cmd {
		return exec.Command(binary, append(args, "--port", strconv.Itoa(port))...)
	})
	if err != nil {
		return nil, err
	}
	took := time.Since(start)
	return &Server{Name: name, Version: strings.TrimSpace(string(out)), Endpoint: endpoint, PID: p.PID(), Started: took,
		stop: p.Stop, exited: p.Ended, output: p.Output}, nil
}

// localVersion finds the version DynamoDB Local prints when it starts.
var localVersion = regexp.MustCompile(`Version:\s*(\S+)`)

// StartDynamoDBLocal runs DynamoDB Local in memory on a free port with the
// JVM's default settings, as its users run it (see ddblocal.Launch; the jar
// is downloaded once into the shared cache, before the start-up is timed).
func StartDynamoDBLocal(ctx context.Context) (*Server, error) {
	if _, err := ddblocal.Install(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	inst, err := ddblocal.Launch(ctx)
	if err != nil {
		return nil, err
	}
	took := time.Since(start)
	version := "DynamoDB Local"
	if m := localVersion.FindStringSubmatch(inst.Output()); m != nil {
		version += " " + m[1]
	}
	version += fmt.Sprintf(" (npm %s@%s, %s)", ddblocal.PackageName, ddblocal.PackageVersion, toolVersion(ctx, "java", "-version"))
	return &Server{Name: "DynamoDB Local", Version: version, Endpoint: inst.Endpoint(), PID: inst.PID(), Started: took,
		stop: inst.Close, exited: inst.Exited, output: inst.Output}, nil
}

// StartDynalite runs dynalite in memory (see package dynalite; it is
// installed once into the shared cache, before the start-up is timed).
func StartDynalite(ctx context.Context) (*Server, error) {
	if _, err := dynalite.Install(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	inst, err := dynalite.Start(ctx)
	if err != nil {
		return nil, err
	}
	version := fmt.Sprintf("dynalite %s (node %s)", dynalite.PackageVersion, toolVersion(ctx, "node", "--version"))
	return &Server{Name: "dynalite", Version: version, Endpoint: inst.Endpoint(), PID: inst.PID(), Started: time.Since(start),
		stop: inst.Close, exited: inst.Exited, output: inst.Output}, nil
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
