package engine

import (
	"slices"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// lockStripes is how many item locks there are.
const lockStripes = 1024

// itemLocks serializes the writes to each item: a write holds the lock of
// its item's row key across read, condition check and commit, so
// conditional writes and read-modify-write updates never lose an update.
// Items share a fixed set of locks by hash (striping), which bounds memory.
// The item counts are kept per stripe too (stats.go).
//
// A write releases its locks once its commit is applied, before the commit
// is durable, and then waits for it (group commit: the writes waiting
// together share one fsync). The next holder of a lock may so read a
// commit that is not durable yet. Whatever it writes follows that commit
// in the log, so its own commit is durable only once the one it read is;
// if it writes nothing (a failed condition, a read), it waits for the
// commit it may have read before it answers. Either way nothing is
// answered that a crash could take back. See
// docs/decisions/group-commit.md.
//
// Each lock is a channel of capacity one, held while it holds a value, so
// that a caller waiting for it stops waiting when its context ends.
type itemLocks struct {
	locks [lockStripes]chan struct{}
	// last holds the latest commit made under each lock; last[s] is
	// guarded by lock s.
	last [lockStripes]storage.Pending
}

// init makes the locks, all unlocked.
func (l *itemLocks) init() {
	for i := range l.locks {
		l.locks[i] = make(chan struct{}, 1)
	}
}

// lockStripe returns the stripe of the item stored under rowKey.
func lockStripe(rowKey []byte) int {
	return int(hash32(rowKey) % lockStripes)
}

// acquire takes the lock of stripe s, waiting at most until c's context
// ends.
func (l *itemLocks) acquire(c call, s int) error {
	select {
	case l.locks[s] <- struct{}{}:
		return nil
	default:
	}
	select {
	case l.locks[s] <- struct{}{}:
		return nil
	case <-c.ctx.Done():
		return c.check()
	}
}

// hold is the set of item locks one write holds, from lock or lockAll to
// release.
type hold struct {
	l       *itemLocks
	stripe  int   // the one stripe held, when stripes is nil
	stripes []int // the stripes held, in order
}

// held returns the stripes h holds.
func (h *hold) held() []int {
	if h.stripes != nil {
		return h.stripes
	}
	return []int{h.stripe}
}

// lock takes the lock of the item stored under rowKey, or returns the
// call's error if its context ends first.
func (l *itemLocks) lock(c call, rowKey []byte) (hold, error) {
	h := hold{l: l, stripe: lockStripe(rowKey)}
	return h, l.acquire(c, h.stripe)
}

// lockAll takes the locks of every item stored under rowKeys, each once and
// in stripe order, so that two transactions locking overlapping sets of
// items cannot deadlock. It returns the call's error, holding none, if its
// context ends first.
func (l *itemLocks) lockAll(c call, rowKeys [][]byte) (hold, error) {
	stripes := make([]int, len(rowKeys))
	for i, k := range rowKeys {
		stripes[i] = lockStripe(k)
	}
	slices.Sort(stripes)
	stripes = slices.Compact(stripes)
	for i, s := range stripes {
		if err := l.acquire(c, s); err != nil {
			for _, held := range stripes[:i] {
				<-l.locks[held]
			}
			return hold{}, err
		}
	}
	return hold{l: l, stripes: stripes}, nil
}

// release releases h's locks after its holder committed p (nil when it
// wrote nothing), then waits until what the holder answers is durable: p,
// which follows in the log every commit the holder may have read, or
// else the latest commit made under each of the locks.
func (h *hold) release(p storage.Pending) error {
	var buf [1]storage.Pending
	read := buf[:0]
	for _, s := range h.held() {
		if p != nil {
			h.l.last[s] = p
		} else if q := h.l.last[s]; q != nil {
			read = append(read, q)
		}
		<-h.l.locks[s]
	}
	if p != nil {
		return p.Wait()
	}
	for _, q := range read {
		if err := q.Wait(); err != nil {
			return err
		}
	}
	return nil
}
