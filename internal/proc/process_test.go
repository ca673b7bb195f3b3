package proc

import (
	"context"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStartOutputAndStopWholeGroup(t *testing.T) {
	// The shell starts a grandchild and reports its pid; Stop must end both.
	p, err := Start(exec.Command("sh", "-c", "sleep 60 & echo child $!; echo ready; wait"))
	if err != nil {
		t.Fatal(err)
	}
	var grandchild int
	err = WaitReady(context.Background(), p, 5*time.Millisecond, func(context.Context) error {
		out := p.Output()
		if !strings.Contains(out, "ready") {
			return errors.New("not ready")
		}
		grandchild, err = strconv.Atoi(strings.Fields(strings.TrimPrefix(out, "child "))[0])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.PID() <= 0 {
		t.Errorf("PID = %d", p.PID())
	}
	if p.Ended() {
		t.Error("Ended before Stop")
	}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Exited():
	default:
		t.Error("Exited not closed after Stop")
	}
	if !p.Ended() {
		t.Error("not Ended after Stop")
	}
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(grandchild, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("grandchild %d survived Stop", grandchild)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStartRejectsConfiguredCommand(t *testing.T) {
	cmd := exec.Command("true")
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	if _, err := Start(cmd); err == nil {
		t.Error("Start accepted a command with its own SysProcAttr")
	}
	if _, err := Start(exec.Command("/nonexistent/binary")); err == nil {
		t.Error("Start of a missing binary succeeded")
	}
}

func TestWaitReady(t *testing.T) {
	p, err := Start(exec.Command("sleep", "60"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	calls := 0
	err = WaitReady(context.Background(), p, time.Millisecond, func(context.Context) error {
		if calls++; calls < 3 {
			return errors.New("not yet")
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("WaitReady = %v after %d probes, want nil after 3", err, calls)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	notYet := errors.New("not yet")
	err = WaitReady(ctx, p, time.Millisecond, func(context.Context) error { return notYet })
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, notYet) {
		t.Errorf("WaitReady past the deadline = %v", err)
	}
	err = WaitReady(ctx, nil, time.Millisecond, func(context.Context) error { return notYet })
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, notYet) {
		t.Errorf("WaitReady without a process past the deadline = %v", err)
	}

	dead, err := Start(exec.Command("sh", "-c", "exit 3"))
	if err != nil {
		t.Fatal(err)
	}
	err = WaitReady(context.Background(), dead, time.Millisecond, func(context.Context) error { return notYet })
	if !errors.Is(err, ErrExited) {
		t.Errorf("WaitReady on an exited process = %v, want ErrExited", err)
	}
}

func TestTailBufferKeepsTheEnd(t *testing.T) {
	b := &tailBuffer{max: 5}
	b.Write([]byte("abc"))
	b.Write([]byte("defg"))
	if got := b.String(); got != "cdefg" {
		t.Errorf("tail = %q, want cdefg", got)
	}
}
