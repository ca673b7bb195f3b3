package proc

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// outputLimit is how much of a child's combined output a Process keeps.
const outputLimit = 64 << 10

// stopGrace is how long Stop waits after SIGTERM before it sends SIGKILL.
const stopGrace = 10 * time.Second

// Process is a running child process.
type Process struct {
	cmd    *exec.Cmd
	out    *tailBuffer
	exited chan struct{} // closed once the child has been reaped
}

// Start launches cmd in a process group of its own, capturing its combined
// stdout and stderr (the last 64 KiB, see Output). cmd's Stdout, Stderr and
// SysProcAttr must be unset. The caller must Stop the process.
//
// The child is started from a goroutine locked to its OS thread, which then
// waits for it: on Linux the child gets SIGKILL when the thread that started
// it ends, so that thread lives exactly as long as the child.
func Start(cmd *exec.Cmd) (*Process, error) {
	if cmd.Stdout != nil || cmd.Stderr != nil || cmd.SysProcAttr != nil {
		return nil, errors.New("proc: Start needs a command without Stdout, Stderr and SysProcAttr")
	}
	p := &Process{cmd: cmd, out: &tailBuffer{max: outputLimit}, exited: make(chan struct{})}
	cmd.Stdout = p.out
	cmd.Stderr = p.out
	cmd.SysProcAttr = sysProcAttr()
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
		return nil, fmt.Errorf("proc: start %s: %w", cmd.Path, err)
	}
	return p, nil
}

// PID returns the child's process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Output returns the end of what the child has written so far.
func (p *Process) Output() string { return p.out.String() }

// Exited returns a channel that is closed once the child has ended.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Ended reports whether the child has ended.
func (p *Process) Ended() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// Stop terminates the child's process group, politely (SIGTERM) first and
// with SIGKILL after a grace period, and waits until the child has exited.
// Stopping a process that has already ended does nothing.
func (p *Process) Stop() error {
	select {
	case <-p.exited:
		return nil
	default:
	}
	pgid := p.PID() // the child leads its own group
	if err := syscall.Kill(-pgid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("proc: stop %d: %w", pgid, err)
	}
	select {
	case <-p.exited:
		return nil
	case <-time.After(stopGrace):
	}
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("proc: kill %d: %w", pgid, err)
	}
	<-p.exited
	return nil
}

// ErrExited reports that a child ended while it was awaited.
var ErrExited = errors.New("proc: the process exited")

// WaitReady calls probe every interval until it succeeds and returns nil; it
// returns ErrExited (joined with the last probe error) if p ends first, or
// ctx's error if ctx ends first. A nil p stands for a server this process did
// not start: only ctx bounds the wait.
func WaitReady(ctx context.Context, p *Process, interval time.Duration, probe func(context.Context) error) error {
	var exited <-chan struct{} // nil: never ready
	if p != nil {
		exited = p.exited
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		err := probe(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), err)
		case <-exited:
			return errors.Join(ErrExited, err)
		case <-tick.C:
		}
	}
}
