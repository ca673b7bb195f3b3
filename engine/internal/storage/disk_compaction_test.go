package storage

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
)

// fakeCompactionDB is a DBForCompaction allowing one compaction at a time.
type fakeCompactionDB struct{}

func (fakeCompactionDB) GetAllowedWithoutPermission() int { return 1 }
func (fakeCompactionDB) GetWaitingCompaction() (bool, pebble.WaitingCompaction) {
	return false, pebble.WaitingCompaction{}
}
func (fakeCompactionDB) Schedule(pebble.CompactionGrantHandle) bool { return false }

// TestCompactionsPauseAfterAFailure checks the backoff Pebble lacks: after a
// failed compaction none starts for a while, unless a reserve's worth of
// space is freed, and one that fails for lack of space makes the guard
// refuse writes until a compaction succeeds.
func TestCompactionsPauseAfterAFailure(t *testing.T) {
	s := newCompactionScheduler()
	s.db = fakeCompactionDB{}
	ok, h := s.TrySchedule()
	if !ok {
		t.Fatal("TrySchedule refused the first compaction")
	}
	enospc := fmt.Errorf("write 000012.sst: %w", syscall.ENOSPC)
	s.ended(enospc)
	h.Done()
	if ok, _ := s.TrySchedule(); ok {
		t.Error("a compaction started right after one failed")
	}
	fs := newFullDisk()
	fs.avail.Store(100 << 20)
	g := spaceGuard{fs: fs, dir: t.TempDir(), reserve: 4 << 20, compactions: s}
	err := g.check()
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "compactions cannot run") {
		t.Errorf("check while compactions lack space: %v, want ErrDiskFull naming the compactions", err)
	}
	fs.avail.Store(103 << 20) // less than a reserve freed: still paused
	if g.check() == nil {
		t.Error("check passed before a compaction succeeded")
	}
	if ok, _ := s.TrySchedule(); ok {
		t.Error("a compaction started before its pause ended, with little space freed")
	}
	fs.avail.Store(104 << 20) // a reserve freed: the compaction is retried
	if g.check() == nil {
		t.Error("check passed before a compaction succeeded")
	}
	ok, h = s.TrySchedule()
	if !ok {
		t.Error("no compaction may start once space was freed")
	}
	s.ended(enospc)
	h.Done()
	if ok, _ := s.TrySchedule(); ok {
		t.Error("a compaction started right after the retry failed")
	}
	// Space freed since the refusal lets writes go on while L0 is far
	// from Pebble's stall.
	l0 := 12 - l0Margin
	g.l0Stall, g.l0Sublevels = 12, func() int { return l0 }
	if g.check() == nil {
		t.Error("check passed with no space freed since the last failure")
	}
	fs.avail.Store(108 << 20)
	if g.check() == nil {
		t.Errorf("check passed with %d L0 sublevels, %d short of the stall", l0, l0Margin)
	}
	l0--
	if err := g.check(); err != nil {
		t.Errorf("check with space freed and L0 far from the stall: %v", err)
	}
	s.ended(nil)
	if ok, _ := s.TrySchedule(); !ok {
		t.Error("no compaction may start after one succeeded")
	}
	if err := g.check(); err != nil {
		t.Errorf("check after a compaction succeeded: %v", err)
	}
	s.ended(errors.New("some other failure"))
	if err := g.check(); err != nil {
		t.Errorf("check after a compaction failed for another reason: %v", err)
	}
}

// TestLackOfSpaceForgottenWithNothingToCompact checks that a compaction
// that failed for lack of space refuses writes until Pebble has had
// nothing to compact for a while after it, not forever.
func TestLackOfSpaceForgottenWithNothingToCompact(t *testing.T) {
	s := newCompactionScheduler()
	s.db = fakeCompactionDB{} // nothing waiting
	s.ended(fmt.Errorf("write 000012.sst: %w", syscall.ENOSPC))
	s.pauseUntil = time.Time{}
	s.grant()
	if short, _ := s.lacksSpace(); !short {
		t.Error("the lack of space was forgotten right after the failure")
	}
	s.lastError = s.lastError.Add(-noSpaceForgotten)
	s.grant()
	if short, _ := s.lacksSpace(); short {
		t.Errorf("the lack of space is remembered %v after the failure with nothing to compact", noSpaceForgotten)
	}
}

// TestCompactionSchedulerUnregisters checks that Unregister stops the
// granter (Pebble requires that the scheduler no longer call the DB once it
// returns), and may be called again by a store whose open failed.
func TestCompactionSchedulerUnregisters(t *testing.T) {
	s := newCompactionScheduler()
	s.Register(2, fakeCompactionDB{})
	within(t, "Unregister", func() error { s.Unregister(); return nil })
	within(t, "a second Unregister", func() error { s.Unregister(); return nil })
	if ok, _ := s.TrySchedule(); ok {
		t.Error("TrySchedule granted a compaction after Unregister")
	}
	within(t, "Unregister before Register", func() error { newCompactionScheduler().Unregister(); return nil })
}

// TestBackgroundErrorsAreNotFlooded checks that a background error
// repeated many times a second is logged once, without a stack trace.
func TestBackgroundErrorsAreNotFlooded(t *testing.T) {
	var buf bytes.Buffer
	old, out, flags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer func() { // slog.SetDefault redirected the log package too
		slog.SetDefault(old)
		log.SetOutput(out)
		log.SetFlags(flags)
	}()
	l := backgroundLog{dir: "d"}
	for i := range 1000 {
		// Pebble's errors print their stack trace with %+v, as slog does.
		l.report(withStack{fmt.Errorf("write %06d.sst: %w", i, syscall.ENOSPC)})
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Errorf("1000 background errors logged %d lines, want 1:\n%s", n, buf.String())
	}
	if strings.Contains(buf.String(), "stack") || !strings.Contains(buf.String(), "no space left on device") {
		t.Errorf("logged %q, want the cause without a stack trace", buf.String())
	}
	// Errors alternating with successful compactions: still one line.
	for i := range 100 {
		l.recovered()
		l.report(withStack{fmt.Errorf("write %06d.sst: %w", i, syscall.ENOSPC)})
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Errorf("errors alternating with successes logged %d lines, want 1:\n%s", n, buf.String())
	}
	// A minute later, the next success summarises them.
	for _, k := range l.kinds {
		k.logged = k.logged.Add(-backgroundSummaryEvery)
	}
	l.recovered()
	if !strings.Contains(buf.String(), "times=1099") {
		t.Errorf("logged %q, want the count of the errors not logged", buf.String())
	}
}

// withStack is an error that prints a stack trace with %+v.
type withStack struct{ error }

func (e withStack) Format(f fmt.State, verb rune) {
	fmt.Fprint(f, e.Error())
	if f.Flag('+') {
		fmt.Fprint(f, "\n(1) attached stack trace")
	}
}

// compactionsOutOfSpace is a file system of 64 MB (so that the store's
// memtables are 1 MiB) whose compactions fail with ENOSPC while flushes
// and logs are written: a disk with room for the writes but not for
// rewriting the tables they land on.
type compactionsOutOfSpace struct {
	*errorfs.FS
	full atomic.Bool
}

func newCompactionsOutOfSpace() *compactionsOutOfSpace {
	fs := &compactionsOutOfSpace{}
	fs.FS = errorfs.Wrap(vfs.Default, errorfs.InjectorFunc(func(op errorfs.Op) error {
		if !fs.full.Load() || !strings.HasSuffix(op.Path, ".sst") || op.Kind.ReadOrWrite() != errorfs.OpIsWrite {
			return nil
		}
		// Only compactions: their goroutine runs DB.compact1 (flushes run
		// DB.flush1).
		buf := make([]byte, 64<<10)
		if !bytes.Contains(buf[:runtime.Stack(buf, false)], []byte("(*DB).compact1(")) {
			return nil
		}
		return fmt.Errorf("write %s: %w", op.Path, syscall.ENOSPC)
	}))
	return fs
}

func (fs *compactionsOutOfSpace) GetDiskUsage(path string) (vfs.DiskUsage, error) {
	u, err := fs.FS.GetDiskUsage(path)
	u.TotalBytes = 64 << 20
	return u, err
}

// TestWritesRefusedWhileCompactionsLackSpace reproduces the tester's hang:
// with every compaction failing for lack of space while flushes succeed,
// L0 grew until Pebble stalled a commit for a compaction that never came,
// and that commit held every later write. Writes must instead be refused
// with ErrDiskFull within a few seconds each, and succeed again once
// compactions fit.
func TestWritesRefusedWhileCompactionsLackSpace(t *testing.T) {
	fs := newCompactionsOutOfSpace()
	st, err := OpenDisk(t.TempDir(), DiskOptions{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	value := string(make([]byte, 32<<10))
	batch := func(i int) []Op {
		ops := make([]Op, 8)
		for j := range ops {
			ops[j] = put(fmt.Sprintf("k%08d", (i*8+j)*7919%1000003), value)
		}
		return ops
	}
	fs.full.Store(true)
	// 64 MB of writes: 64 flushes of 1 MiB, far past the 12 L0 sublevels
	// at which Pebble stalls.
	var refusal error
	for i := 0; refusal == nil && i < 64<<20/(8*32<<10); i++ {
		err := within(t, fmt.Sprintf("write %d with compactions out of space", i), func() error { return st.Write(batch(i)) })
		switch {
		case errors.Is(err, ErrDiskFull):
			refusal = err
		case err != nil:
			t.Fatalf("write %d: %v, want success or ErrDiskFull", i, err)
		}
	}
	if refusal == nil || !strings.Contains(refusal.Error(), "compactions cannot run") {
		t.Fatalf("writes with compactions out of space: %v, want ErrDiskFull naming the compactions", refusal)
	}
	fs.full.Store(false)
	for i := 0; ; i++ {
		err := within(t, "write once compactions fit", func() error { return st.Write(batch(i)) })
		if err == nil {
			break
		}
		if !errors.Is(err, ErrDiskFull) || i == 200 {
			t.Fatalf("write once compactions fit: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := st.Close(); err != nil {
		t.Error(err)
	}
}
