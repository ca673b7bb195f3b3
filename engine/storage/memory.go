package storage

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/google/btree"
)

// entry is one key-value pair of the in-memory B-tree. Entries reachable from
// a published tree are never modified, so readers may hand out their slices.
type entry struct {
	key, value []byte
}

func entryLess(a, b entry) bool { return bytes.Compare(a.key, b.key) < 0 }

// memoryDegree is the B-tree degree: nodes hold up to 2*degree-1 entries.
const memoryDegree = 32

// memory is the in-memory Store. Readers never lock: each Write builds a
// copy-on-write clone of the current tree (Clone is O(1); only the nodes on the
// paths the write touches are copied) and publishes it atomically, so a Get or
// Scan works on an immutable snapshot however long it runs, and a multi-op
// Write becomes visible all at once.
type memory struct {
	writeMu sync.Mutex // serializes writers
	tree    atomic.Pointer[btree.BTreeG[entry]]
	closed  atomic.Bool
}

// NewMemory returns an empty in-memory Store.
func NewMemory() Store {
	m := &memory{}
	m.tree.Store(btree.NewG(memoryDegree, entryLess))
	return m
}

// snapshot returns the current immutable tree, or ErrClosed.
func (m *memory) snapshot() (*btree.BTreeG[entry], error) {
	if m.closed.Load() {
		return nil, ErrClosed
	}
	return m.tree.Load(), nil
}

func (m *memory) Get(key []byte) ([]byte, bool, error) {
	t, err := m.snapshot()
	if err != nil {
		return nil, false, err
	}
	e, ok := t.Get(entry{key: key})
	if !ok {
		return nil, false, nil
	}
	return bytes.Clone(e.value), true, nil
}

func (m *memory) Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) error {
	t, err := m.snapshot()
	if err != nil {
		return err
	}
	if reverse {
		visit := func(e entry) bool {
			if bytes.Compare(e.key, start) < 0 {
				return false
			}
			if end != nil && bytes.Equal(e.key, end) {
				return true // DescendLessOrEqual includes end; the range excludes it
			}
			return fn(e.key, e.value)
		}
		if end == nil {
			t.Descend(visit)
		} else {
			t.DescendLessOrEqual(entry{key: end}, visit)
		}
		return nil
	}
	visit := func(e entry) bool { return fn(e.key, e.value) }
	if end == nil {
		t.AscendGreaterOrEqual(entry{key: start}, visit)
	} else {
		t.AscendRange(entry{key: start}, entry{key: end}, visit)
	}
	return nil
}

func (m *memory) Write(ops []Op) error {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	if m.closed.Load() {
		return ErrClosed
	}
	t := m.tree.Load().Clone()
	for _, op := range ops {
		if op.Delete {
			t.Delete(entry{key: op.Key})
			continue
		}
		t.ReplaceOrInsert(entry{key: bytes.Clone(op.Key), value: bytes.Clone(op.Value)})
	}
	m.tree.Store(t)
	return nil
}

func (m *memory) Close() error {
	if m.closed.Swap(true) {
		return ErrClosed
	}
	return nil
}
