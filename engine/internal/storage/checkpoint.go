package storage

import (
	"errors"
	"fmt"
)

// A checkpoint is a consistent, read-only copy of some key ranges of a
// store, kept under a name until it is deleted, whatever happens to the
// store's own keys afterwards. Taking one copies no values: the memory store
// keeps the entries its tree already holds, the disk store hard-links
// Pebble's table files and copies only its write-ahead log. A disk store's
// checkpoints survive restarts; a memory store's live as long as the store.
//
// A checkpoint holds exactly the Writes that completed before Checkpoint
// was called, all of the Writes it overlapped or none of each (every Write
// stays atomic), and none of those that started after it returned: for
// every Write it holds, it holds every Write that completed before that one
// started.

// Span is the key range [Start, End) of a checkpoint; a nil End means no
// upper bound.
type Span struct {
	Start, End []byte
}

// Checkpointer is the part of a Store that takes and reads checkpoints.
type Checkpointer interface {
	// Checkpoint saves a copy of the keys in spans under name, which must
	// be a valid checkpoint name (see ValidCheckpointName) not in use.
	// Reads of the checkpoint return the keys of spans only.
	Checkpoint(name string, spans []Span) error

	// OpenCheckpoint opens the named checkpoint for reading, or returns
	// ErrNoCheckpoint. The Reader must be closed.
	OpenCheckpoint(name string) (Reader, error)

	// DeleteCheckpoint removes the named checkpoint; one that does not
	// exist is not an error. Readers already open read on until they are
	// closed.
	DeleteCheckpoint(name string) error

	// Checkpoints returns the names of the checkpoints kept, in no order.
	Checkpoints() ([]string, error)
}

// Reader reads a checkpoint. Its methods behave as Store's; it is safe for
// concurrent use.
type Reader interface {
	Get(key []byte) (value []byte, ok bool, err error)
	Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) error
	Close() error
}

// ErrNoCheckpoint is returned by OpenCheckpoint for a name that no
// checkpoint has.
var ErrNoCheckpoint = errors.New("storage: no such checkpoint")

// ValidCheckpointName reports whether name can name a checkpoint: 1 to 128
// letters, digits, '-' and '_'.
func ValidCheckpointName(name string) bool {
	if name == "" || len(name) > 128 {
		return false
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// checkName returns an error for an invalid checkpoint name.
func checkName(name string) error {
	if !ValidCheckpointName(name) {
		return fmt.Errorf("storage: invalid checkpoint name %q", name)
	}
	return nil
}

// inSpans reports whether key lies in one of spans.
func inSpans(spans []Span, key []byte) bool {
	for _, s := range spans {
		if string(key) >= string(s.Start) && (s.End == nil || string(key) < string(s.End)) {
			return true
		}
	}
	return false
}
