package engine

import (
	"slices"
)

// itemLocks serializes the writes to each item: a write holds the lock of
// its item's row key across read, condition check and write, so conditional
// writes and read-modify-write updates never lose an update. Items share a
// fixed set of locks by hash (striping), which bounds memory. The item
// counts are kept per stripe too (stats.go).
//
// Each lock is a channel of capacity one, held while it holds a value, so
// that a caller waiting for it stops waiting when its context ends.
type itemLocks [1024]chan struct{}

// init makes the locks, all unlocked.
func (l *itemLocks) init() {
	for i := range l {
		l[i] = make(chan struct{}, 1)
	}
}

// lockStripe returns the stripe of the item stored under rowKey.
func lockStripe(rowKey []byte) int {
	return int(hash32(rowKey) % uint32(len(itemLocks{})))
}

// acquire takes the lock of stripe s, waiting at most until c's context
// ends.
func (l *itemLocks) acquire(c call, s int) error {
	select {
	case l[s] <- struct{}{}:
		return nil
	default:
	}
	select {
	case l[s] <- struct{}{}:
		return nil
	case <-c.ctx.Done():
		return c.check()
	}
}

// release releases the lock of stripe s.
func (l *itemLocks) release(s int) { <-l[s] }

// lock takes the lock of the item stored under rowKey and returns its
// stripe, to release, or the call's error if its context ends first.
func (l *itemLocks) lock(c call, rowKey []byte) (stripe int, err error) {
	s := lockStripe(rowKey)
	return s, l.acquire(c, s)
}

// lockAll takes the locks of every item stored under rowKeys, each once and
// in stripe order, so that two transactions locking overlapping sets of
// items cannot deadlock. It returns the function that releases them, or the
// call's error, holding none, if its context ends first.
func (l *itemLocks) lockAll(c call, rowKeys [][]byte) (unlock func(), err error) {
	stripes := make([]int, len(rowKeys))
	for i, k := range rowKeys {
		stripes[i] = lockStripe(k)
	}
	slices.Sort(stripes)
	stripes = slices.Compact(stripes)
	for i, s := range stripes {
		if err := l.acquire(c, s); err != nil {
			for _, held := range stripes[:i] {
				l.release(held)
			}
			return nil, err
		}
	}
	return func() {
		for _, s := range stripes {
			l.release(s)
		}
	}, nil
}
