package storage

import (
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// Backoff of compactions after a failure: Pebble retries a failed
// compaction as soon as it ends (its own TODO: "count consecutive
// compaction errors and backoff"), which on a full disk rewrote the same
// tables tens of times a second. The scheduler below starts none for
// compactionBackoffMin after a failure, doubling up to compactionBackoffMax
// while they keep failing.
const (
	compactionBackoffMin = 250 * time.Millisecond
	compactionBackoffMax = 8 * time.Second
)

// noSpaceForgotten is how long after a compaction failed for lack of space
// Pebble must have had no compaction to run for the failure to no longer
// refuse writes (see spaceGuard). Pebble does not pick the L1-L6 tables of
// a failed compaction again for 30 s; until it does, nothing waiting does
// not mean that nothing needs compacting.
const noSpaceForgotten = time.Minute

// compactionScheduler is the store's pebble.CompactionScheduler: Pebble's
// default (as many compactions at once as Pebble asks for, offered again
// every 100 ms) plus a pause after a failed compaction. It also tells the
// space guard when compactions fail for lack of space, and when one
// succeeds again.
type compactionScheduler struct {
	mu           sync.Mutex
	db           pebble.DBForCompaction
	running      int
	unregistered bool
	failures     int       // consecutive failed compactions
	pauseUntil   time.Time // no compaction starts before
	// noSpace is set while the last compaction failed for lack of space,
	// until one succeeds or, noSpaceForgotten after the failure, Pebble
	// has none to run.
	noSpace   bool
	lastError time.Time // when the last compaction failed
	// noSpaceFailures counts the compactions that failed for lack of
	// space, to tell one from the next.
	noSpaceFailures uint64
	stop            chan struct{} // closed by Unregister
	stopOnce        sync.Once
	exited          chan struct{} // closed when the granter returns
	poke            chan struct{}
}

var _ pebble.CompactionScheduler = (*compactionScheduler)(nil)

func newCompactionScheduler() *compactionScheduler {
	return &compactionScheduler{stop: make(chan struct{}), poke: make(chan struct{}, 1)}
}

// Register starts the goroutine offering compactions to db.
func (s *compactionScheduler) Register(_ int, db pebble.DBForCompaction) {
	s.db = db
	s.exited = make(chan struct{})
	go func() {
		defer close(s.exited)
		s.granter()
	}()
}

// Unregister stops offering compactions and returns once the scheduler
// will not call db again, as Pebble requires. The store also calls it when
// Pebble fails to open, which does not.
func (s *compactionScheduler) Unregister() {
	s.mu.Lock()
	s.unregistered = true
	s.mu.Unlock()
	s.stopOnce.Do(func() { close(s.stop) })
	if s.exited != nil {
		<-s.exited
	}
}

// TrySchedule lets a compaction Pebble picked start, unless compactions
// are paused or as many run as Pebble allows.
func (s *compactionScheduler) TrySchedule() (bool, pebble.CompactionGrantHandle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unregistered || time.Now().Before(s.pauseUntil) || s.db.GetAllowedWithoutPermission() <= s.running {
		return false, nil
	}
	s.running++
	return true, grantHandle{s}
}

// UpdateGetAllowedWithoutPermission is called with Pebble's mutex held: it
// only wakes the granter.
func (s *compactionScheduler) UpdateGetAllowedWithoutPermission() { s.wake() }

func (s *compactionScheduler) wake() {
	select {
	case s.poke <- struct{}{}:
	default:
	}
}

// ended records the outcome of a compaction (Pebble's CompactionEnd, which
// precedes the grant's Done): a failure pauses compactions, a success ends
// the pause and the lack of space.
func (s *compactionScheduler) ended(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if errors.Is(err, pebble.ErrCancelledCompaction) {
		return // stopped by Pebble, neither failed nor done
	}
	if err == nil {
		s.failures = 0
		s.pauseUntil = time.Time{}
		s.noSpace = false
		return
	}
	s.noSpace = isNoSpace(err)
	s.lastError = time.Now()
	if s.noSpace {
		s.noSpaceFailures++
	}
	s.failures++
	pause := compactionBackoffMax
	if s.failures < 16 {
		pause = min(compactionBackoffMax, compactionBackoffMin<<(s.failures-1))
	}
	s.pauseUntil = time.Now().Add(pause)
}

// granter offers Pebble's waiting compactions the room there is, every
// 100 ms and whenever woken, as Pebble's own scheduler does.
func (s *compactionScheduler) granter() {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		case <-s.poke:
		}
		s.grant()
	}
}

// grant starts waiting compactions while Pebble allows more. It holds no
// lock while calling Pebble, which takes its own mutex and may call
// TrySchedule.
func (s *compactionScheduler) grant() {
	for {
		s.mu.Lock()
		ok := !s.unregistered && !time.Now().Before(s.pauseUntil) && s.db.GetAllowedWithoutPermission() > s.running
		s.mu.Unlock()
		if !ok {
			return
		}
		if waiting, _ := s.db.GetWaitingCompaction(); !waiting {
			s.mu.Lock()
			if s.running == 0 && time.Since(s.lastError) >= noSpaceForgotten {
				s.noSpace = false // nothing is left to compact
			}
			s.mu.Unlock()
			return
		}
		s.mu.Lock()
		s.running++
		s.mu.Unlock()
		if !s.db.Schedule(grantHandle{s}) {
			s.done()
			return
		}
	}
}

// lacksSpace reports whether compactions are failing for lack of space,
// and which failure (a number that changes with each) says so.
func (s *compactionScheduler) lacksSpace() (bool, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.noSpace, s.noSpaceFailures
}

// retryNow ends the pause after the failure numbered failure (see
// lacksSpace), if it is still the last: space was freed, and the
// compaction may fit now.
func (s *compactionScheduler) retryNow(failure uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noSpace && s.noSpaceFailures == failure {
		s.pauseUntil = time.Time{}
		s.wake()
	}
}

func (s *compactionScheduler) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running--
}

// grantHandle is the permission of one compaction to run.
type grantHandle struct{ s *compactionScheduler }

func (grantHandle) Started()                                          {}
func (grantHandle) MeasureCPU(pebble.CompactionGoroutineKind)         {}
func (grantHandle) CumulativeStats(pebble.CompactionGrantHandleStats) {}

// Done ends the compaction's permission and offers the room it leaves.
func (h grantHandle) Done() {
	h.s.done()
	h.s.wake()
}

// isNoSpace reports whether err is the file system running out of space.
func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || err != nil && strings.Contains(err.Error(), "no space left on device")
}

// backgroundLog logs the errors of Pebble's background work (flushes and
// compactions, which Pebble retries): the first of a kind with its cause,
// then how many more there were, at most once a minute (on the next error
// of the kind, or the next compaction that succeeds), so that a failure
// repeating many times a second (a full disk) does not flood the log, which
// may be on the very disk that is full. Errors are logged by their message:
// without the stack traces Pebble's errors carry (which slog prints for an
// error value).
type backgroundLog struct {
	dir string
	mu  sync.Mutex
	// kinds counts the errors of each kind since their last line.
	kinds map[string]*backgroundErrors
}

type backgroundErrors struct {
	logged time.Time // the last line about this kind
	count  int       // errors since then
	last   string    // the last message
}

// backgroundSummaryEvery is how often a repeating background error is
// summarised.
const backgroundSummaryEvery = time.Minute

// fileNumbers matches the numbers that tell one retry of a failed flush or
// compaction from the next (file and job numbers).
var fileNumbers = regexp.MustCompile(`[0-9]+`)

// report logs err, or counts it if an error of its kind was logged less
// than a minute ago.
func (l *backgroundLog) report(err error) {
	msg := err.Error()
	kind := fileNumbers.ReplaceAllString(msg, "N")
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.kinds == nil {
		l.kinds = make(map[string]*backgroundErrors)
	}
	k := l.kinds[kind]
	if k == nil || k.count == 0 && now.Sub(k.logged) >= backgroundSummaryEvery {
		l.kinds[kind] = &backgroundErrors{logged: now}
		slog.Warn("storage: background error (retried; repeats are counted once a minute)", "dir", l.dir, "err", msg)
		return
	}
	k.count++
	k.last = msg
	l.summarize(k, now, "")
}

// recovered is called when a compaction succeeds: the errors of each kind
// not logged yet are summarised, if its last line is a minute old (errors
// alternating with successes are not logged more often than that).
func (l *backgroundLog) recovered() {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range l.kinds {
		l.summarize(k, now, "a compaction succeeded since")
	}
}

// summarize logs how many errors of kind k there were since its last line,
// if there were any and that line is a minute old.
func (l *backgroundLog) summarize(k *backgroundErrors, now time.Time, note string) {
	if k.count == 0 || now.Sub(k.logged) < backgroundSummaryEvery {
		return
	}
	attrs := []any{"dir", l.dir, "times", k.count, "since", k.logged.Format(time.RFC3339), "err", k.last}
	if note != "" {
		attrs = append(attrs, "note", note)
	}
	slog.Warn("storage: background error repeated", attrs...)
	k.logged, k.count = now, 0
}
