package storage

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/cockroachdb/pebble/v2"
)

// pebbleLogger routes Pebble's informational chatter to slog at debug level
// and turns its fatal errors into a failure of the store.
type pebbleLogger struct{ fail *failure }

func (pebbleLogger) Infof(format string, args ...any) {
	slog.Debug("pebble: " + fmt.Sprintf(format, args...))
}

func (pebbleLogger) Errorf(format string, args ...any) {
	slog.Error("pebble: " + fmt.Sprintf(format, args...))
}

// Fatalf reports an error Pebble cannot recover from. Pebble's contract is
// that Fatalf does not return, and it may be called with Pebble's mutexes
// held or, as in its rotation of the write-ahead log, released where a
// deferred Unlock expects them held: a panic unwinding through Pebble's
// frames may run that Unlock and kill the process with an unrecoverable
// "unlock of unlocked mutex". So Fatalf never unwinds: it marks the store
// failed, logs the error and parks its goroutine for good. A store call
// that can reach Fatalf on its own goroutine runs it on another
// (failure.run) and is released by the failure; acknowledged writes are in
// the synced log, which the next open replays.
//
// Pebble formats some errors with %+v, which adds their stack traces and
// details to the message; the failure reports the message alone.
func (l pebbleLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(strings.ReplaceAll(format, "%+v", "%v"), args...)
	if !strings.HasPrefix(msg, "pebble") {
		msg = "pebble: " + msg
	}
	l.fail.fatal(&fatalError{msg: msg})
	select {} // Pebble's state is unknown from here: nothing of it may run on
}

// failure records the first error a disk store failed with.
type failure struct {
	mu     sync.Mutex
	first  error
	ch     chan struct{} // closed by set; made on demand
	parked chan struct{} // closed by the first Fatalf; made on demand
}

// set records err as the failure, unless one is recorded already.
func (f *failure) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.first != nil {
		return
	}
	f.first = fmt.Errorf("%w: %w", ErrFailed, err)
	if f.ch == nil {
		f.ch = make(chan struct{})
	}
	close(f.ch)
}

// err returns the recorded failure, or nil.
func (f *failure) err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.first
}

// done returns the channel closed by the failure.
func (f *failure) done() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ch == nil {
		f.ch = make(chan struct{})
	}
	return f.ch
}

// check returns err, or the recorded failure when err is Pebble's
// corruption error (whose DataCorruption event recorded it).
func (f *failure) check(err error) error {
	if err == nil {
		return nil
	}
	if pebble.IsCorruptionError(err) {
		f.set(err)
		if ferr := f.err(); ferr != nil {
			return ferr
		}
	}
	return err
}

// fatal records err, reported by Pebble's Fatalf, as the failure (unless
// one is recorded already), logs it, and tells the calls waiting in run
// that Pebble will not return to them.
func (f *failure) fatal(err *fatalError) {
	f.set(err)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.parked == nil {
		f.parked = make(chan struct{})
	}
	select {
	case <-f.parked:
		slog.Warn("storage: another fatal error after the store failed", "err", err.msg)
	default:
		slog.Error("storage: fatal error", "err", err.msg)
		close(f.parked)
	}
}

// fatalDone returns the channel closed by the first Fatalf: from then on a
// goroutine of Pebble is parked, perhaps holding Pebble's locks, and any
// call into Pebble may wait for good.
func (f *failure) fatalDone() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.parked == nil {
		f.parked = make(chan struct{})
	}
	return f.parked
}

// run calls fn, a call into Pebble that may reach Fatalf on its own
// goroutine, on another goroutine, and returns its error, or the failure
// as soon as a Fatalf parks a goroutine (fn's or any other), leaving fn to
// wait for good. Once that happened it does not call fn at all.
//
// Pebble reaches Fatalf on a caller's goroutine from its commit pipeline
// (a write that starts the next log), Flush and Checkpoint; its reads do
// only in its invariants builds, so reads call it directly.
func (f *failure) run(fn func() error) error {
	parked := f.fatalDone()
	select {
	case <-parked:
		return f.err()
	default:
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-parked:
		select {
		case err := <-done: // fn returned too: its result is the truth
			return err
		default:
			return f.err()
		}
	}
}

// fatalError is the error Pebble reported through Fatalf.
type fatalError struct{ msg string }

func (e *fatalError) Error() string { return e.msg }
