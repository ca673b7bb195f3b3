package ddblocal

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ddbkit/ddb/internal/proc"
)

// startTimeout bounds how long Launch waits for the emulator to answer.
const startTimeout = 2 * time.Minute

// portAttempts bounds how often Launch retries when the chosen port was taken
// by someone else between choosing it and the emulator binding it.
const portAttempts = 5

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
	for attempt := 1; ; attempt++ {
		port, err := proc.FreePort()
		if err != nil {
			return nil, fmt.Errorf("ddblocal: pick a port: %w", err)
		}
		args := append([]string{"-Djava.library.path=" + filepath.Join(dir, libDir)}, jvmFlags...)
		args = append(args, "-jar", filepath.Join(dir, jarName), "-inMemory", "-sharedDb", "-disableTelemetry", "-port", strconv.Itoa(port))
		cmd := exec.Command(java, args...)
		cmd.Dir = dir
		p, err := proc.Start(cmd)
		if err != nil {
			return nil, fmt.Errorf("ddblocal: %w", err)
		}
		inst := newInstance("http://127.0.0.1:"+strconv.Itoa(port), p)
		waitCtx, cancel := context.WithTimeout(ctx, startTimeout)
		err = inst.waitReady(waitCtx)
		cancel()
		if err == nil {
			return inst, nil
		}
		p.Stop()
		if errors.Is(err, proc.ErrExited) && portTaken(p.Output()) && attempt < portAttempts {
			continue
		}
		return nil, fmt.Errorf("ddblocal: start DynamoDB Local on port %d: %w\n--- emulator output ---\n%s", port, err, p.Output())
	}
}

// portTaken reports whether the emulator's output says that it failed because
// its port was in use.
func portTaken(output string) bool {
	return strings.Contains(output, "Address already in use") || strings.Contains(output, "BindException")
}
