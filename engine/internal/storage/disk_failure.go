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

// Fatalf reports an error Pebble cannot recover from. Pebble expects it not
// to return: it marks the store failed and panics with a *fatalError, which
// the store's own methods recover as that error. On Pebble's background
// goroutines nothing recovers it and the process stops; acknowledged writes
// are in the synced log.
func (l pebbleLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !strings.HasPrefix(msg, "pebble") {
		msg = "pebble: " + msg
	}
	err := &fatalError{msg: msg}
	slog.Error("storage: fatal error", "err", err.msg)
	l.fail.set(err)
	panic(err)
}

// failure records the first error a disk store failed with.
type failure struct {
	mu    sync.Mutex
	first error
	ch    chan struct{} // closed by set; made on demand
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

// recover, deferred by a store method, turns a *fatalError panic into that
// method's error; any other panic goes on.
func (f *failure) recover(err *error) {
	p := recover()
	if p == nil {
		return
	}
	fe, ok := p.(*fatalError)
	if !ok {
		panic(p)
	}
	f.set(fe) // already done by Fatalf; the first failure stays
	*err = f.err()
}

// fatalError is the panic value of pebbleLogger.Fatalf.
type fatalError struct{ msg string }

func (e *fatalError) Error() string { return e.msg }
