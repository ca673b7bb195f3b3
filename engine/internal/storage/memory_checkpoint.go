package storage

import (
	"fmt"
	"sync"

	"github.com/google/btree"
)

// memoryCheckpoints are the checkpoints of a memory store: one tree each,
// holding the entries of its spans. The entries are the live tree's own
// (an entry's bytes are never modified, a write replaces the whole entry),
// so a checkpoint copies no keys or values, only the tree that indexes
// them.
type memoryCheckpoints struct {
	mu    sync.Mutex
	trees map[string]*btree.BTreeG[entry]
}

// Checkpoint takes the snapshot scans read (an O(1) copy-on-write clone of
// the tree, taken between two Writes) and builds the checkpoint's tree from
// its spans, holding no lock while it does.
func (m *memory) Checkpoint(name string, spans []Span) error {
	if err := checkName(name); err != nil {
		return err
	}
	snap, err := m.snapshot()
	if err != nil {
		return err
	}
	cp := btree.NewG(memoryDegree, entryLess)
	add := func(e entry) bool {
		cp.ReplaceOrInsert(e)
		return true
	}
	for _, s := range spans {
		if s.End == nil {
			snap.AscendGreaterOrEqual(probe(s.Start), add)
		} else {
			snap.AscendRange(probe(s.Start), probe(s.End), add)
		}
	}
	c := &m.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.trees[name] != nil {
		return fmt.Errorf("storage: checkpoint %q exists", name)
	}
	if c.trees == nil {
		c.trees = map[string]*btree.BTreeG[entry]{}
	}
	c.trees[name] = cp
	return nil
}

func (m *memory) OpenCheckpoint(name string) (Reader, error) {
	if m.closed.Load() {
		return nil, ErrClosed
	}
	c := &m.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.trees[name]
	if t == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoCheckpoint, name)
	}
	return memoryReader{t}, nil
}

func (m *memory) DeleteCheckpoint(name string) error {
	if m.closed.Load() {
		return ErrClosed
	}
	c := &m.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.trees, name)
	return nil
}

func (m *memory) Checkpoints() ([]string, error) {
	if m.closed.Load() {
		return nil, ErrClosed
	}
	c := &m.checkpoints
	c.mu.Lock()
	defer c.mu.Unlock()
	names := make([]string, 0, len(c.trees))
	for name := range c.trees {
		names = append(names, name)
	}
	return names, nil
}

// memoryReader reads a memory checkpoint: a tree no one changes.
type memoryReader struct {
	t *btree.BTreeG[entry]
}

func (r memoryReader) Get(key []byte) ([]byte, bool, error) {
	e, ok := r.t.Get(probe(key))
	if !ok {
		return nil, false, nil
	}
	return append([]byte(nil), e.value()...), true, nil
}

func (r memoryReader) Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) error {
	scanTree(r.t, start, end, reverse, fn)
	return nil
}

func (memoryReader) Close() error { return nil }
