package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// A disk store keeps each checkpoint as a Pebble checkpoint in a directory
// of its own, checkpointsDir/NAME in the store's directory: Pebble
// hard-links the table files that overlap the checkpoint's spans, copies its
// manifest and write-ahead logs, and the directory opens as a read-only
// Pebble database. A checkpoint is made under NAME.tmp and renamed when
// complete, so a crash leaves no half-made checkpoint under its name; open
// removes what such a crash left.

// checkpointsDir is the directory of a disk store's checkpoints, in the
// store's directory.
const checkpointsDir = "checkpoints"

// spansFile names the file, in a checkpoint's directory, that records the
// checkpoint's spans: Pebble may surface keys outside them (from its logs
// and from table files that only partly overlap), which reads leave out.
const spansFile = "ddb-spans.json"

// tmpSuffix ends the name of a checkpoint's directory while it is made.
const tmpSuffix = ".tmp"

// diskCheckpoints tracks the open checkpoints of a disk store, so that
// readers of one checkpoint share one read-only Pebble database, and a
// deleted checkpoint's directory goes when its last reader closes.
type diskCheckpoints struct {
	mu   sync.Mutex
	open map[string]*openCheckpoint
}

// openCheckpoint is a checkpoint opened by one or more readers.
type openCheckpoint struct {
	name    string
	db      *pebble.DB
	spans   []Span
	fail    failure
	refs    int  // guarded by diskCheckpoints.mu
	deleted bool // guarded by diskCheckpoints.mu
	closed  bool // by the store's Close; guarded by diskCheckpoints.mu
}

// fs returns the file system the store's files live on.
func (d *disk) fs() vfs.FS { return d.wal.FS }

func (d *disk) checkpointPath(name string) string {
	return d.fs().PathJoin(d.dir, checkpointsDir, name)
}

// removeUnfinishedCheckpoints deletes the directories of checkpoints a
// crash interrupted.
func (d *disk) removeUnfinishedCheckpoints() error {
	fs := d.fs()
	names, err := fs.List(fs.PathJoin(d.dir, checkpointsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, n := range names {
		if strings.HasSuffix(n, tmpSuffix) {
			if err := fs.RemoveAll(d.checkpointPath(n)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *disk) Checkpoint(name string, spans []Span) (err error) {
	if err := checkName(name); err != nil {
		return err
	}
	if err := d.gate.enter(); err != nil {
		return err
	}
	defer d.gate.exit()
	if err := d.fail.err(); err != nil {
		return err
	}
	if err := d.space.check(); err != nil {
		return err
	}
	fs := d.fs()
	final := d.checkpointPath(name)
	if _, err := fs.Stat(final); err == nil {
		return fmt.Errorf("storage: checkpoint %q exists", name)
	}
	tmp := final + tmpSuffix
	if err := fs.RemoveAll(tmp); err != nil {
		return err
	}
	ps := make([]pebble.CheckpointSpan, len(spans))
	for i, s := range spans {
		ps[i] = pebble.CheckpointSpan{Start: s.Start, End: s.End}
		if s.End == nil {
			ps[i].End = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
		}
	}
	// Flushing first leaves the checkpoint nearly no log to copy: its
	// data is in table files, which it shares with the store.
	err = d.fail.run(func() error {
		if err := d.db.Flush(); err != nil {
			return err
		}
		return d.db.Checkpoint(tmp, pebble.WithRestrictToSpans(ps))
	})
	if err != nil {
		return d.fail.check(err)
	}
	if err := writeSpans(fs, fs.PathJoin(tmp, spansFile), spans); err != nil {
		return errors.Join(err, fs.RemoveAll(tmp))
	}
	if err := fs.Rename(tmp, final); err != nil {
		return errors.Join(err, fs.RemoveAll(tmp))
	}
	return syncDir(fs, fs.PathJoin(d.dir, checkpointsDir))
}

// writeSpans records a checkpoint's spans in the file at path, synced.
func writeSpans(fs vfs.FS, path string, spans []Span) error {
	b, err := json.Marshal(spans)
	if err != nil {
		return err
	}
	f, err := fs.Create(path, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	return errors.Join(err, f.Sync(), f.Close())
}

// readSpans reads the spans recorded by writeSpans.
func readSpans(fs vfs.FS, path string) ([]Span, error) {
	f, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	var spans []Span
	if err := json.Unmarshal(b, &spans); err != nil {
		return nil, fmt.Errorf("storage: %s: %w", path, err)
	}
	return spans, nil
}

// syncDir makes the entries of the directory at path durable.
func syncDir(fs vfs.FS, path string) error {
	dir, err := fs.OpenDir(path)
	if err != nil {
		return err
	}
	return errors.Join(dir.Sync(), dir.Close())
}

func (d *disk) OpenCheckpoint(name string) (Reader, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if err := d.gate.enter(); err != nil {
		return nil, err
	}
	defer d.gate.exit()
	c := &d.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	if oc := c.open[name]; oc != nil {
		if oc.deleted {
			return nil, fmt.Errorf("%w: %s", ErrNoCheckpoint, name)
		}
		oc.refs++
		return &diskReader{d: d, oc: oc}, nil
	}
	fs := d.fs()
	path := d.checkpointPath(name)
	spans, err := readSpans(fs, fs.PathJoin(path, spansFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoCheckpoint, name)
	}
	if err != nil {
		return nil, err
	}
	oc := &openCheckpoint{name: name, spans: spans, refs: 1}
	db, err := pebble.Open(path, withPrefixes(&pebble.Options{
		FS:       fs,
		ReadOnly: true,
		Logger:   pebbleLogger{fail: &oc.fail},
	}))
	if err != nil {
		return nil, fmt.Errorf("storage: open checkpoint %s: %w", name, err)
	}
	oc.db = db
	if c.open == nil {
		c.open = map[string]*openCheckpoint{}
	}
	c.open[name] = oc
	return &diskReader{d: d, oc: oc}, nil
}

func (d *disk) DeleteCheckpoint(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	if err := d.gate.enter(); err != nil {
		return err
	}
	defer d.gate.exit()
	c := &d.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	if oc := c.open[name]; oc != nil {
		oc.deleted = true // the last reader's Close removes it
		return nil
	}
	return d.removeCheckpoint(name)
}

// removeCheckpoint deletes a checkpoint's directory: first its spans file,
// which makes it unreadable at once, then the rest.
func (d *disk) removeCheckpoint(name string) error {
	fs := d.fs()
	path := d.checkpointPath(name)
	if err := fs.Remove(fs.PathJoin(path, spansFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return fs.RemoveAll(path)
}

func (d *disk) Checkpoints() ([]string, error) {
	if err := d.gate.enter(); err != nil {
		return nil, err
	}
	defer d.gate.exit()
	fs := d.fs()
	names, err := fs.List(fs.PathJoin(d.dir, checkpointsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c := &d.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, n := range names {
		if strings.HasSuffix(n, tmpSuffix) || (c.open[n] != nil && c.open[n].deleted) {
			continue
		}
		if _, err := fs.Stat(fs.PathJoin(d.checkpointPath(n), spansFile)); err == nil {
			out = append(out, n)
		}
	}
	return out, nil
}

// closeCheckpoints closes the checkpoints readers left open when the store
// closes.
func (d *disk) closeCheckpoints() error {
	c := &d.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for name, oc := range c.open {
		oc.closed = true
		errs = append(errs, oc.db.Close())
		if oc.deleted {
			errs = append(errs, d.removeCheckpoint(name))
		}
	}
	c.open = nil
	return errors.Join(errs...)
}

// diskReader is one reader of an open checkpoint.
type diskReader struct {
	d      *disk
	oc     *openCheckpoint
	closed sync.Once
}

func (r *diskReader) Get(key []byte) (value []byte, ok bool, err error) {
	if !inSpans(r.oc.spans, key) {
		return nil, false, nil
	}
	if err := r.d.gate.enter(); err != nil {
		return nil, false, err
	}
	defer r.d.gate.exit()
	v, closer, err := r.oc.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v = bytes.Clone(v)
	return v, true, closer.Close()
}

func (r *diskReader) Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) (err error) {
	if err := r.d.gate.enter(); err != nil {
		return err
	}
	defer r.d.gate.exit()
	for _, s := range clampSpans(r.oc.spans, start, end, reverse) {
		if more, err := scanDB(r.oc.db, s.Start, s.End, reverse, fn); err != nil || !more {
			return err
		}
	}
	return nil
}

// Close releases the reader; the last reader of a checkpoint closes its
// database, and removes it if it was deleted meanwhile.
func (r *diskReader) Close() error {
	var err error
	r.closed.Do(func() {
		c := &r.d.checkpoints
		c.mu.Lock()
		defer c.mu.Unlock()
		oc := r.oc
		if oc.refs--; oc.refs > 0 || oc.closed {
			return
		}
		if c.open[oc.name] == oc {
			delete(c.open, oc.name)
		}
		err = oc.db.Close()
		if oc.deleted {
			err = errors.Join(err, r.d.removeCheckpoint(oc.name))
		}
	})
	return err
}

// clampSpans returns the intersections of [start, end) (nil end: no upper
// bound) with spans, which are disjoint, in the order a scan visits them.
func clampSpans(spans []Span, start, end []byte, reverse bool) []Span {
	var out []Span
	for _, s := range spans {
		lo, hi := s.Start, s.End
		if bytes.Compare(start, lo) > 0 {
			lo = start
		}
		if end != nil && (hi == nil || bytes.Compare(end, hi) < 0) {
			hi = end
		}
		if hi == nil || bytes.Compare(lo, hi) < 0 {
			out = append(out, Span{lo, hi})
		}
	}
	slices.SortFunc(out, func(a, b Span) int {
		if reverse {
			return bytes.Compare(b.Start, a.Start)
		}
		return bytes.Compare(a.Start, b.Start)
	})
	return out
}
