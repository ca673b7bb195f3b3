package storage

import (
	"bytes"
	"encoding/binary"
	"sync"
	"sync/atomic"

	"github.com/google/btree"
)

// entry is one key-value pair of the in-memory B-tree: kv holds the key's
// klen bytes followed by the value, in one allocation with one pointer for
// the garbage collector to follow. An entry's bytes are never modified once
// inserted (a write replaces the whole entry), so readers may hand them out.
//
// head holds the key's first 16 bytes, big-endian and zero-padded, so that
// most comparisons in a tree descent read only the node's own array instead
// of following a pointer to another cache line. Keys that differ within
// their first 16 bytes compare as their heads do (a zero pad sorts a shorter
// key first, as bytes.Compare does); only keys with equal heads compare whole.
type entry struct {
	head [2]uint64
	kv   []byte
	klen int
}

// probe returns an entry to search the tree for key.
func probe(key []byte) entry {
	var pad [16]byte
	copy(pad[:], key)
	return entry{
		head: [2]uint64{binary.BigEndian.Uint64(pad[:8]), binary.BigEndian.Uint64(pad[8:])},
		kv:   key,
		klen: len(key),
	}
}

// newEntry returns an entry holding copies of key and value.
func newEntry(key, value []byte) entry {
	kv := make([]byte, len(key)+len(value))
	copy(kv[copy(kv, key):], value)
	e := probe(kv[:len(key)])
	e.kv = kv
	return e
}

// key returns the entry's key, capped so that appending to it cannot
// overwrite the value.
func (e entry) key() []byte { return e.kv[:e.klen:e.klen] }

func (e entry) value() []byte { return e.kv[e.klen:] }

func entryLess(a, b entry) bool {
	if a.head != b.head {
		return a.head[0] < b.head[0] || a.head[0] == b.head[0] && a.head[1] < b.head[1]
	}
	return bytes.Compare(a.key(), b.key()) < 0
}

// memoryDegree is the B-tree degree: nodes hold up to 2*degree-1 entries.
const memoryDegree = 32

// memory is the in-memory Store. Writes change one B-tree in place under an
// exclusive lock, and Get reads it under a shared lock: neither copies
// anything but the entry's bytes. A Scan must not hold the lock for as long
// as its callback runs, so it reads a snapshot instead: an O(1) copy-on-write
// clone of the tree, taken on the first Scan after a write and shared by the
// scans that follow until the next write. Only a write that follows a
// snapshot pays for copying, and only the nodes on its path that the
// snapshot still shares. See docs/decisions/memory-store-in-place.md.
type memory struct {
	mu     sync.RWMutex
	tree   *btree.BTreeG[entry] // the live tree; guarded by mu
	snap   *btree.BTreeG[entry] // a read-only clone of tree, or nil; guarded by mu
	closed atomic.Bool

	checkpoints memoryCheckpoints
}

// NewMemory returns an empty in-memory Store.
func NewMemory() Store {
	return &memory{tree: btree.NewG(memoryDegree, entryLess)}
}

// snapshot returns a read-only tree holding the current contents, or
// ErrClosed.
func (m *memory) snapshot() (*btree.BTreeG[entry], error) {
	if m.closed.Load() {
		return nil, ErrClosed
	}
	m.mu.RLock()
	s := m.snap
	m.mu.RUnlock()
	if s != nil {
		return s, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.snap == nil {
		m.snap = m.tree.Clone() // Clone changes tree's copy-on-write context: exclusive
	}
	return m.snap, nil
}

func (m *memory) Get(key []byte) ([]byte, bool, error) {
	if m.closed.Load() {
		return nil, false, ErrClosed
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.tree.Get(probe(key))
	if !ok {
		return nil, false, nil
	}
	return bytes.Clone(e.value()), true, nil
}

func (m *memory) Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) error {
	t, err := m.snapshot()
	if err != nil {
		return err
	}
	scanTree(t, start, end, reverse, fn)
	return nil
}

// scanTree calls fn for each entry of t in [start, end) (nil end: no upper
// bound), in ascending or descending order, until fn returns false. t must
// not change while it runs.
func scanTree(t *btree.BTreeG[entry], start, end []byte, reverse bool, fn func(key, value []byte) bool) {
	if reverse {
		visit := func(e entry) bool {
			if bytes.Compare(e.key(), start) < 0 {
				return false
			}
			if end != nil && bytes.Equal(e.key(), end) {
				return true // DescendLessOrEqual includes end; the range excludes it
			}
			return fn(e.key(), e.value())
		}
		if end == nil {
			t.Descend(visit)
		} else {
			t.DescendLessOrEqual(probe(end), visit)
		}
		return
	}
	visit := func(e entry) bool { return fn(e.key(), e.value()) }
	if end == nil {
		t.AscendGreaterOrEqual(probe(start), visit)
	} else {
		t.AscendRange(probe(start), probe(end), visit)
	}
}

func (m *memory) Write(ops []Op) error {
	if m.closed.Load() {
		return ErrClosed
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, op := range ops {
		if op.Delete {
			m.tree.Delete(probe(op.Key))
			continue
		}
		m.tree.ReplaceOrInsert(newEntry(op.Key, op.Value))
	}
	m.snap = nil
	return nil
}

// Apply is Write: a memory store has nothing to make durable.
func (m *memory) Apply(ops []Op) (Pending, error) {
	if err := m.Write(ops); err != nil {
		return nil, err
	}
	return Durable, nil
}

func (m *memory) Close() error {
	if m.closed.Swap(true) {
		return ErrClosed
	}
	return nil
}
