package storage

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// fakeCompactionDB is a DBForCompaction allowing one compaction at a time.
type fakeCompactionDB struct{}

func (fakeCompactionDB) GetAllowedWithoutPermission() int { return 1 }
func (fakeCompactionDB) GetWaitingCompaction() (bool, pebble.WaitingCompaction) {
	return false, pebble.WaitingCompaction{}
}
func (fakeCompactionDB) Schedule(pebble.CompactionGrantHandle) bool { return false }

// TestCompactionsPauseAfterAFailure checks the backoff Pebble lacks: after a
// failed compaction none starts for a while, and one that fails for lack
// of space makes the guard refuse writes until a compaction succeeds.
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
	g := spaceGuard{fs: vfs.Default, dir: t.TempDir(), reserve: 1, compactions: s}
	err := g.check()
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "compactions cannot run") {
		t.Errorf("check while compactions lack space: %v, want ErrDiskFull naming the compactions", err)
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

// TestBackgroundErrorsAreNotFlooded checks that a background error
// repeated many times a second is logged once, without a stack trace.
func TestBackgroundErrorsAreNotFlooded(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer slog.SetDefault(old)
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
	l.recovered("compaction")
	if !strings.Contains(buf.String(), "unlogged_errors=999") {
		t.Errorf("logged %q, want the count of unlogged errors on recovery", buf.String())
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
