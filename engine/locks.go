package engine

import (
	"slices"
	"sync"
)

// itemLocks serializes the writes to each item: a write holds the lock of
// its item's row key across read, condition check and write, so conditional
// writes and read-modify-write updates never lose an update. Items share a
// fixed set of mutexes by hash (striping), which bounds memory. The item
// counts are kept per stripe too (stats.go).
type itemLocks [1024]sync.Mutex

// lockStripe returns the stripe of the item stored under rowKey.
func lockStripe(rowKey []byte) int {
	return int(hash32(rowKey) % uint32(len(itemLocks{})))
}

// lock locks and returns the mutex of the item stored under rowKey.
func (l *itemLocks) lock(rowKey []byte) *sync.Mutex {
	m := &l[lockStripe(rowKey)]
	m.Lock()
	return m
}

// lockAll locks the mutexes of every item stored under rowKeys, each once
// and in stripe order, so that two transactions locking overlapping sets of
// items cannot deadlock. It returns the function that unlocks them.
func (l *itemLocks) lockAll(rowKeys [][]byte) (unlock func()) {
	stripes := make([]int, len(rowKeys))
	for i, k := range rowKeys {
		stripes[i] = lockStripe(k)
	}
	slices.Sort(stripes)
	stripes = slices.Compact(stripes)
	for _, s := range stripes {
		l[s].Lock()
	}
	return func() {
		for _, s := range stripes {
			l[s].Unlock()
		}
	}
}
