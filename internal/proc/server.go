package proc

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// portAttempts bounds how often StartServer retries when the port it chose
// was taken by another process before the server could bind it.
const portAttempts = 5

// StartServer starts a DynamoDB endpoint (an emulator or `ddb serve`) on a
// free loopback port and waits until it answers Ping, probing every interval
// until ctx ends. command(port) builds the command that serves on port; it is
// run by Start. If the port was taken between FreePort and the server
// binding it (the server exits saying that its address is already in use,
// or, where the kernel tells, another program answers on it first),
// StartServer tries again on another port, a few times. It returns the
// process and the server's base URL, such as http://127.0.0.1:41234; on
// failure the server has been stopped and the error ends with its output.
func StartServer(ctx context.Context, interval time.Duration, command func(port int) *exec.Cmd) (*Process, string, error) {
	for attempt := 1; ; attempt++ {
		port, err := FreePort()
		if err != nil {
			return nil, "", fmt.Errorf("proc: pick a port: %w", err)
		}
		cmd := command(port)
		p, err := Start(cmd)
		if err != nil {
			return nil, "", err
		}
		endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
		err = WaitReady(ctx, p, interval, func(ctx context.Context) error { return Ping(ctx, endpoint) })
		if err == nil && foreignListener(p.PID(), port) {
			err = errForeignListener
		}
		if err == nil {
			return p, endpoint, nil
		}
		p.Stop()
		if (errors.Is(err, errForeignListener) || errors.Is(err, ErrExited) && addressInUse(p.Output())) && attempt < portAttempts {
			continue
		}
		return nil, "", fmt.Errorf("proc: %s on port %d: %w\n--- output ---\n%s", filepath.Base(cmd.Path), port, err, p.Output())
	}
}

// errForeignListener reports that another program answered on the port
// chosen for a server: it took the port first, so the server cannot bind it
// and would exit, or has exited, saying that its address is in use.
var errForeignListener = errors.New("another program listens on the port")

// addressInUse reports whether a server's output says that it could not
// bind its port because another process holds it, as Java
// ("java.net.BindException: Address already in use"), Node.js ("listen
// EADDRINUSE") and Go ("bind: address already in use") word it.
func addressInUse(output string) bool {
	return strings.Contains(strings.ToLower(output), "address already in use") || strings.Contains(output, "EADDRINUSE")
}
