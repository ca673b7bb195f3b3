package dynalite

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ddbkit/ddb/internal/proc"
)

// startTimeout bounds how long Start waits for the emulator to answer.
const startTimeout = time.Minute

// readyInterval is how often Start probes the starting emulator.
const readyInterval = 10 * time.Millisecond

// Instance is a running dynalite. It is safe for concurrent use.
type Instance struct {
	endpoint string
	p        *proc.Process
}

// Start installs dynalite if needed (see Install), launches it with `node`
// on a free loopback port with its in-memory store and tables that become
// active at once, and waits until it answers. The caller must Close it; it
// also dies with the process that started it.
func Start(ctx context.Context) (*Instance, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("dynalite: node (20 or later) is needed but is not on PATH: %w", err)
	}
	dir, err := Install(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	p, endpoint, err := proc.StartServer(ctx, readyInterval, func(port int) *exec.Cmd {
		cmd := exec.Command(node, filepath.Join(dir, cliPath),
			"--host", "127.0.0.1", "--port", strconv.Itoa(port),
			"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
		cmd.Dir = dir
		return cmd
	})
	if err != nil {
		return nil, fmt.Errorf("dynalite: %w", err)
	}
	return &Instance{endpoint: endpoint, p: p}, nil
}

// Endpoint returns the instance's base URL, such as http://127.0.0.1:41234.
func (i *Instance) Endpoint() string { return i.endpoint }

// PID returns the id of the node process serving the instance, whose CPU
// time a benchmark can read.
func (i *Instance) PID() int { return i.p.PID() }

// Exited reports whether the emulator's process has ended, by Close or on
// its own (see Output for what it printed).
func (i *Instance) Exited() bool { return i.p.Ended() }

// Output returns the end of what the emulator printed.
func (i *Instance) Output() string { return i.p.Output() }

// Close stops the emulator and waits for it to exit. It may be called more
// than once.
func (i *Instance) Close() error { return i.p.Stop() }
