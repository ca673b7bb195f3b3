package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2/record"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Pebble's replay of the write-ahead log stops at the first damaged record
// of the last log and keeps what came before, because a crash may leave a
// torn record there, which was never acknowledged. The sync offsets that
// diskFormat writes into the log let it tell damage followed by synced
// records from such a tail, but a log cut short leaves nothing to tell by.
// So the store also records, outside the log, how far its current log was
// synced: the walMark. A log found shorter than its mark, or whose records
// cannot be read as far as it, has lost writes that were acknowledged, and
// the store refuses to open.

// walMarkFile is the name of the walMark's file in the store's directory.
const walMarkFile = "ddb-wal-synced"

// walMarkInterval is how often the mark is brought up to date while writes
// go on. Damage confined to the writes of the last interval before a crash
// looks like a torn tail and is not detected.
const walMarkInterval = 100 * time.Millisecond

// walMarkMagic starts the mark's file.
var walMarkMagic = []byte("ddbwal1\n")

// walMark says that the log file named log (a base name in the store's
// directory) was synced up to offset bytes.
type walMark struct {
	log    string
	offset int64
}

// encode returns the mark's file contents: the magic, the offset, the
// name's length and the name, and a CRC-32C of all that.
func (m walMark) encode() []byte {
	b := append([]byte(nil), walMarkMagic...)
	b = binary.LittleEndian.AppendUint64(b, uint64(m.offset))
	b = append(b, byte(len(m.log)))
	b = append(b, m.log...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// decodeWALMark decodes a mark's file contents.
func decodeWALMark(b []byte) (walMark, bool) {
	n := len(walMarkMagic)
	if len(b) < n+8+1+4 || !bytes.Equal(b[:n], walMarkMagic) {
		return walMark{}, false
	}
	nameLen := int(b[n+8])
	end := n + 8 + 1 + nameLen
	if len(b) < end+4 || binary.LittleEndian.Uint32(b[end:]) != crc32.Checksum(b[:end], castagnoli) {
		return walMark{}, false
	}
	return walMark{log: string(b[n+9 : end]), offset: int64(binary.LittleEndian.Uint64(b[n:]))}, true
}

// readWALMark reads the mark of the store in dir; a store without one (new,
// or written before marks existed) has the zero mark. A mark that fails its
// checksum (a write torn by a power failure) is ignored with a warning.
func readWALMark(fs vfs.FS, dir string) (walMark, error) {
	f, err := fs.Open(fs.PathJoin(dir, walMarkFile))
	if errors.Is(err, os.ErrNotExist) {
		return walMark{}, nil
	}
	if err != nil {
		return walMark{}, fmt.Errorf("storage: open %s: %w", dir, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return walMark{}, fmt.Errorf("storage: open %s: %w", dir, err)
	}
	m, ok := decodeWALMark(b)
	if !ok {
		slog.Warn("storage: ignoring an unreadable record of the synced log length", "file", fs.PathJoin(dir, walMarkFile))
	}
	return m, nil
}

// check returns an ErrCorrupt error if the marked log lost writes that
// were acknowledged: it is shorter than its synced length, or its records
// cannot be read as far as that length. A log that no longer exists was
// flushed and deleted (or reused under a new name) after the mark was
// written.
//
// Pebble tells damage followed by synced records from a torn tail only
// where the damage is before the log's last 32 KiB block; damage within
// that block ends its replay there, silently, and the acknowledged writes
// after it would be lost. Reading the log here, before Pebble replays it,
// finds both.
func (m walMark) check(fs vfs.FS, dir string) error {
	if m.log == "" {
		return nil
	}
	path := fs.PathJoin(dir, m.log)
	f, err := fs.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", dir, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", dir, err)
	}
	if info.Size() < m.offset {
		return fmt.Errorf("%w: the write-ahead log %s is %d bytes long, but its first %d bytes held acknowledged writes: "+
			"it was cut short, and opening the store would lose those writes (if the directory is a copy taken while "+
			"the store was open, remove %s from it to open what the copy holds)", ErrCorrupt, path, info.Size(), m.offset, walMarkFile)
	}
	readable, err := readableLength(f, logNumber(m.log))
	if err != nil && readable < m.offset {
		return fmt.Errorf("%w: the write-ahead log %s can be read only to byte %d (%v), but its first %d bytes held "+
			"acknowledged writes: opening the store would lose those after the damage", ErrCorrupt, path, readable, err, m.offset)
	}
	return nil
}

// readableLength reads the log number num from r and returns where its last
// whole record ends, with the error that stopped the reading there: nil at
// the log's end, else a damaged or torn record (the ends of logs that were
// not closed, after a crash, look the same).
func readableLength(r io.Reader, num uint64) (int64, error) {
	logs := newLogReader(record.NewReader, r, num)
	for {
		end := logs.Offset()
		rec, err := logs.Next()
		if err == nil {
			_, err = io.Copy(io.Discard, rec)
		}
		if errors.Is(err, io.EOF) {
			return end, nil
		}
		if err != nil {
			return end, err
		}
	}
}

// newLogReader calls Pebble's record.NewReader, whose log number type is
// internal to Pebble, with the number num.
func newLogReader[N ~uint64](newReader func(io.Reader, N) *record.Reader, r io.Reader, num uint64) *record.Reader {
	return newReader(r, N(num))
}

// walTracker is the file system Pebble opens the store with: it passes
// everything through, and follows how far the write-ahead logs are synced
// so that persist can record it in the mark.
type walTracker struct {
	vfs.FS
	dir string

	mu   sync.Mutex
	mark walMark // the newest log's synced length

	persistMu sync.Mutex // serializes persistNow
	persisted walMark    // what the mark's file holds
}

func newWALTracker(fs vfs.FS, dir string, persisted walMark) *walTracker {
	return &walTracker{FS: fs, dir: dir, mark: persisted, persisted: persisted}
}

// Create wraps the logs Pebble creates.
func (t *walTracker) Create(name string, category vfs.DiskWriteCategory) (vfs.File, error) {
	f, err := t.FS.Create(name, category)
	return t.wrap(name, f, 0), err
}

// ReuseForWrite wraps the logs Pebble recycles. Pebble writes a recycled
// log from its start, over the old log's bytes.
func (t *walTracker) ReuseForWrite(oldname, newname string, category vfs.DiskWriteCategory) (vfs.File, error) {
	f, err := t.FS.ReuseForWrite(oldname, newname, category)
	var size int64
	if err == nil {
		if info, statErr := f.Stat(); statErr == nil {
			size = info.Size()
		}
	}
	return t.wrap(newname, f, size), err
}

// wrap returns f, wrapped in a walFile if it is a write-ahead log of the
// store; size is the file's length.
func (t *walTracker) wrap(name string, f vfs.File, size int64) vfs.File {
	if f == nil || !strings.HasSuffix(name, ".log") || t.FS.PathDir(name) != t.dir {
		return f
	}
	return &walFile{File: f, t: t, log: t.FS.PathBase(name), end: size}
}

// synced records that log was synced up to offset. Pebble numbers its logs
// in the order it creates them; the newest log wins.
func (t *walTracker) synced(log string, offset int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	newer, current := logNumber(log), logNumber(t.mark.log)
	if newer > current || (newer == current && offset > t.mark.offset) {
		t.mark = walMark{log: log, offset: offset}
	}
}

// logNumber returns the number of the log file named name ("000123.log"),
// or 0.
func logNumber(name string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimSuffix(name, ".log"), 10, 64)
	return n
}

// create makes the mark's file if it does not exist yet, so that persist
// only ever rewrites it in place.
func (t *walTracker) create() error {
	path := t.FS.PathJoin(t.dir, walMarkFile)
	if _, err := t.FS.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f, err := t.FS.Create(path, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	_, err = f.Write(t.persisted.encode())
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		return err
	}
	dir, err := t.FS.OpenDir(t.dir)
	if err != nil {
		return err
	}
	return errors.Join(dir.Sync(), dir.Close())
}

// persist writes the mark every walMarkInterval while it changes, until
// stop is closed.
func (t *walTracker) persist(stop <-chan struct{}) {
	tick := time.NewTicker(walMarkInterval)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		if err := t.persistNow(); err != nil {
			slog.Warn("storage: cannot record the synced log length", "dir", t.dir, "err", err)
		}
	}
}

// persistNow writes the mark to its file and syncs it, if it changed.
func (t *walTracker) persistNow() error {
	t.persistMu.Lock()
	defer t.persistMu.Unlock()
	t.mu.Lock()
	m := t.mark
	t.mu.Unlock()
	if m == t.persisted {
		return nil
	}
	f, err := t.FS.OpenReadWrite(t.FS.PathJoin(t.dir, walMarkFile), vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	// The mark is rewritten in place: one short write within one disk
	// block, which needs no new space on a full disk, and whose checksum
	// exposes a torn write.
	_, err = f.WriteAt(m.encode(), 0)
	err = errors.Join(err, f.Sync(), f.Close())
	if err == nil {
		t.persisted = m
	}
	return err
}

// walFile is a write-ahead log that reports its syncs to its tracker and
// writes zeros ahead of Pebble's writes.
//
// A sync of a file that has grown since the last one must also make its new
// length and blocks durable: on ext4 a journal commit, which made each sync
// of a growing log cost half as much again in time and CPU as one that
// overwrites blocks already written (docs/decisions/wal-zero-fill.md). So
// whenever Pebble is about to write past the file's end, the log is first
// extended with zeros, by as much as it holds already (between
// walExtendMin and walExtendMax), and Pebble's writes then overwrite
// them: one sync in many pays for the growth. Pebble's replay reads zeros
// after the last record as the end of the log, as it does in the logs it
// recycles.
type walFile struct {
	vfs.File
	t   *walTracker
	log string

	// end is how long the file is: what Pebble wrote and the zeros after
	// it. Only Write, which Pebble calls from one goroutine, uses it.
	end int64
	// noExtend is set once writing zeros failed: the log grows with
	// Pebble's writes from then on.
	noExtend bool

	mu      sync.Mutex
	written int64 // bytes written so far
}

// The bounds of one extension of a log by zeros. Extending by what the
// file holds keeps a short log short (a store that takes a few writes
// writes few zeros) and its zeros never more than its data plus
// walExtendMin.
const (
	walExtendMin = 4 << 10
	walExtendMax = 1 << 20
)

// walZeros is what a log is extended with, in pieces of its length.
var walZeros = make([]byte, 64<<10)

func (f *walFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	at := f.written
	f.mu.Unlock()
	f.extend(at, at+int64(len(p)))
	n, err := f.File.Write(p)
	f.mu.Lock()
	f.written += int64(n)
	f.mu.Unlock()
	return n, err
}

// extend writes zeros from the file's end, or from at if Pebble has written
// beyond it, until the file is longer than need, if it is not already.
// Nothing Pebble wrote is at or after at. Zeros are an optimisation: if
// they cannot be written (a full disk, a file system without WriteAt),
// Pebble's own write goes ahead and reports what it meets.
func (f *walFile) extend(at, need int64) {
	if need <= f.end || f.noExtend {
		return
	}
	from := max(f.end, at)
	to := max(from+min(max(from, walExtendMin), walExtendMax), need)
	for off := from; off < to; {
		n, err := f.File.WriteAt(walZeros[:min(int64(len(walZeros)), to-off)], off)
		off += int64(n)
		f.end = off
		if err != nil {
			f.noExtend = true
			return
		}
	}
}

// Sync and SyncData report the length written before they started, which
// they made durable.
//
// A log that was removed (the data directory deleted under the store)
// stays open and writable, and its syncs succeed, but what they make
// durable is lost at the next open. So a sync that finds its log without a
// name in the file system (one fstat, about 1 µs against the sync's tens
// of microseconds, shared by every write of a group commit) fails: the
// writes waiting for it are not acknowledged, and the store fails.
func (f *walFile) Sync() error { return f.sync(f.File.Sync) }

func (f *walFile) SyncData() error { return f.sync(f.File.SyncData) }

func (f *walFile) sync(sync func() error) error {
	f.mu.Lock()
	n := f.written
	f.mu.Unlock()
	if err := sync(); err != nil {
		return err
	}
	if unlinked(f.File) {
		return fmt.Errorf("storage: the write-ahead log %s was removed from %s (was the data directory deleted?): "+
			"writes to it would be lost", f.log, f.t.dir)
	}
	f.t.synced(f.log, n)
	return nil
}
