package ddblocal

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ddbkit/ddb/internal/proc"
)

// startTimeout bounds how long Launch waits for the emulator to answer.
const startTimeout = 2 * time.Minute

// Launch installs the emulator if needed (see Install), runs it in memory on
// a free loopback port with the given JVM flags (none: the JVM's defaults, as
// DynamoDB Local's users run it), and waits until it answers. It ignores
// DDB_LOCAL_ENDPOINT. The caller must Close the instance; the emulator also
// dies with the process that launched it, even if that process panics or is
// killed.
func Launch(ctx context.Context, jvmFlags ...string) (*Instance, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("ddblocal: java (17 or later) is needed to run DynamoDB Local but is not on PATH: install a JRE, or set %s to a running DynamoDB Local: %w", EndpointEnv, err)
	}
	dir, err := Install(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	p, endpoint, err := proc.StartServer(ctx, readyInterval, func(port int) *exec.Cmd {
		args := append([]string{"-Djava.library.path=" + filepath.Join(dir, libDir)}, jvmFlags...)
		cmd := exec.Command(java, append(args, "-jar", filepath.Join(dir, jarName),
			"-inMemory", "-sharedDb", "-disableTelemetry", "-port", strconv.Itoa(port))...)
		cmd.Dir = dir
		return cmd
	})
	if err != nil {
		return nil, fmt.Errorf("ddblocal: start DynamoDB Local: %w", err)
	}
	return newInstance(endpoint, p), nil
}
