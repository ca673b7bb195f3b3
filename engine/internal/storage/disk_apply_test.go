package storage

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// heldLogs is a file system whose write-ahead log syncs can be held: a
// sync that starts while they are held reports that it started and waits
// until they are released. It counts the syncs of logs.
type heldLogs struct {
	vfs.FS
	syncs   atomic.Int64
	held    atomic.Pointer[chan struct{}] // closed by release
	started chan struct{}                 // receives when a held sync starts
}

func newHeldLogs() *heldLogs {
	return &heldLogs{FS: vfs.Default, started: make(chan struct{}, 16)}
}

func (fs *heldLogs) hold() {
	ch := make(chan struct{})
	fs.held.Store(&ch)
}

func (fs *heldLogs) release() {
	if ch := fs.held.Swap(nil); ch != nil {
		close(*ch)
	}
}

func (fs *heldLogs) Create(name string, category vfs.DiskWriteCategory) (vfs.File, error) {
	f, err := fs.FS.Create(name, category)
	return fs.wrap(name, f), err
}

func (fs *heldLogs) ReuseForWrite(oldname, newname string, category vfs.DiskWriteCategory) (vfs.File, error) {
	f, err := fs.FS.ReuseForWrite(oldname, newname, category)
	return fs.wrap(newname, f), err
}

func (fs *heldLogs) wrap(name string, f vfs.File) vfs.File {
	if f == nil || !strings.HasSuffix(name, ".log") {
		return f
	}
	return &heldLog{File: f, fs: fs}
}

type heldLog struct {
	vfs.File
	fs *heldLogs
}

func (f *heldLog) Sync() error     { f.wait(); return f.File.Sync() }
func (f *heldLog) SyncData() error { f.wait(); return f.File.SyncData() }

func (f *heldLog) wait() {
	f.fs.syncs.Add(1)
	if ch := f.fs.held.Load(); ch != nil {
		f.fs.started <- struct{}{}
		<-*ch
	}
}

// TestApplySharesTheLogSync applies writes to a disk store while the log's
// sync of the first is held: each is visible as soon as Apply returns, none
// is durable (Wait has not returned) until the sync ends, and the eight
// that queued behind the first share one more sync.
func TestApplySharesTheLogSync(t *testing.T) {
	fs := newHeldLogs()
	s, err := OpenDisk(t.TempDir(), DiskOptions{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	defer fs.release()

	fs.hold()
	first, err := s.Apply([]Op{put("k0", "v0")})
	if err != nil {
		t.Fatal(err)
	}
	<-fs.started // the sync of k0's log write
	const queued = 8
	pending := []Pending{first}
	for i := 1; i <= queued; i++ {
		p, err := s.Apply([]Op{put(fmt.Sprintf("k%d", i), "v")})
		if err != nil {
			t.Fatal(err)
		}
		pending = append(pending, p)
	}
	for i := range pending {
		if _, ok, err := s.Get(fmt.Appendf(nil, "k%d", i)); err != nil || !ok {
			t.Errorf("k%d is not visible once applied: %v, %v", i, ok, err)
		}
	}
	durable := make(chan error, len(pending))
	for _, p := range pending {
		go func() { durable <- p.Wait() }()
	}
	select {
	case err := <-durable:
		t.Fatalf("a write was durable while the log's sync was held: Wait returned %v", err)
	default:
	}
	before := fs.syncs.Load()
	fs.release()
	for range pending {
		if err := <-durable; err != nil {
			t.Fatal(err)
		}
	}
	// The held sync ends (it was counted before), then one more covers the
	// writes that queued behind it.
	if syncs := fs.syncs.Load() - before; syncs != 1 {
		t.Errorf("%d writes queued behind a sync took %d more syncs, want 1", queued, syncs)
	}
	if err := first.Wait(); err != nil {
		t.Errorf("a second Wait: %v", err)
	}
}

// TestApplyOnMemory: a memory store's writes are durable once applied.
func TestApplyOnMemory(t *testing.T) {
	s := NewMemory()
	defer s.Close()
	p, err := s.Apply([]Op{put("k", "v")})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Get([]byte("k")); err != nil || !ok || string(v) != "v" {
		t.Errorf("Get = %q, %v, %v", v, ok, err)
	}
}
