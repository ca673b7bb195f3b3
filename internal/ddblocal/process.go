package ddblocal

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// portAttempts bounds how often launch retries when the chosen port was taken
// by someone else between choosing it and the emulator binding it.
const portAttempts = 5

// launch starts the emulator unpacked in dir and waits until it answers.
func launch(ctx context.Context, dir string) (*Instance, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("ddblocal: java (17 or later) is needed to run DynamoDB Local but is not on PATH: install a JRE, or set %s to a running DynamoDB Local: %w", EndpointEnv, err)
	}
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("ddblocal: pick a port: %w", err)
		}
		p, err := startProcess(java, dir, port)
		if err != nil {
			return nil, fmt.Errorf("ddblocal: run %s: %w", java, err)
		}
		inst := newInstance("http://127.0.0.1:"+strconv.Itoa(port), p)
		waitCtx, cancel := context.WithTimeout(ctx, startTimeout)
		err = inst.waitReady(waitCtx, p.exited)
		cancel()
		if err == nil {
			return inst, nil
		}
		p.stop()
		if errors.Is(err, errExited) && p.portTaken() && attempt < portAttempts {
			continue
		}
		return nil, fmt.Errorf("ddblocal: start DynamoDB Local on port %d: %w\n--- emulator output ---\n%s", port, err, p.out.String())
	}
}

// freePort returns a TCP port that was free on the loopback interface a
// moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// process is a running emulator.
type process struct {
	cmd    *exec.Cmd
	out    *tailBuffer
	exited chan struct{} // closed once the process has been reaped
}

// startProcess launches java in its own process group. The child is started
// from a goroutine locked to its OS thread, which then waits for the child:
// on Linux the child is killed when its parent thread ends (see
// sysProcAttr), so the thread must live exactly as long as the child, and the
// whole test process dying (a panic, a timeout, kill -9) takes java with it.
func startProcess(java, dir string, port int) (*process, error) {
	p := &process{out: &tailBuffer{max: 64 << 10}, exited: make(chan struct{})}
	cmd := exec.Command(java,
		"-Djava.library.path="+filepath.Join(dir, libDir),
		"-XX:+UseSerialGC",
		"-jar", filepath.Join(dir, jarName),
		"-inMemory", "-sharedDb", "-disableTelemetry",
		"-port", strconv.Itoa(port))
	cmd.Dir = dir
	cmd.Stdout = p.out
	cmd.Stderr = p.out
	cmd.SysProcAttr = sysProcAttr()
	p.cmd = cmd
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread exits with this goroutine
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		cmd.Wait()
		close(p.exited)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

// stop terminates the emulator's process group, politely first, and waits
// until it has exited.
func (p *process) stop() error {
	pgid := p.cmd.Process.Pid // Setpgid makes the child its group's leader
	select {
	case <-p.exited:
		return nil
	default:
	}
	if err := syscall.Kill(-pgid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("ddblocal: stop DynamoDB Local: %w", err)
	}
	select {
	case <-p.exited:
		return nil
	case <-time.After(10 * time.Second):
	}
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("ddblocal: kill DynamoDB Local: %w", err)
	}
	<-p.exited
	return nil
}

// portTaken reports whether the emulator failed because its port was in use.
func (p *process) portTaken() bool {
	out := p.out.String()
	return strings.Contains(out, "Address already in use") || strings.Contains(out, "BindException")
}

// tailBuffer is an io.Writer that keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

// Write appends b, dropping the oldest bytes beyond the limit.
func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// String returns the kept output.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
