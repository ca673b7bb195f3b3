package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// Clock is a DB's clock: table timestamps (CreationDateTime and the like),
// status delays, time to live, stream records, stream retention (24 hours),
// shard rollover and shard iterator expiry (15 minutes) all read it. It
// runs with its source (Options.Now, or the system clock) and can be moved
// forward at run time, so that a test sees a day pass in milliseconds:
//
//	db.Clock().Advance(25 * time.Hour) // items whose TTL passed are now gone
//
// Moving it runs the time-to-live sweep (unless Options.TTLSweepInterval
// disables it) and the stream retention sweep before returning, so what
// the new time expires is already gone. The clock never goes back: every
// timestamp DynamoDB reports only grows, and stream lineage relies on it.
// A move is durable: a database reopened from disk runs as far ahead of
// its source as it was when closed. It is safe for concurrent use.
type Clock struct {
	db     *DB
	source func() time.Time
	offset atomic.Int64 // nanoseconds added to source
	mu     sync.Mutex   // serializes moves
}

// ErrClockBackwards is the error of moving a Clock back in time.
var ErrClockBackwards = errors.New("engine: the clock cannot go back in time")

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	return c.source().Add(time.Duration(c.offset.Load()))
}

// Advance moves the clock forward by d, then runs the sweeps of what the
// new time expires. Advance(0) runs them at the current time.
func (c *Clock) Advance(d time.Duration) error {
	if d < 0 {
		return ErrClockBackwards
	}
	c.mu.Lock()
	err := c.setOffset(c.offset.Load() + int64(d))
	c.mu.Unlock()
	if err != nil {
		return err
	}
	c.db.sweep()
	return nil
}

// Set moves the clock forward to t, from which it runs on, then runs the
// sweeps of what the new time expires. A t before the clock's time is an
// error (ErrClockBackwards).
func (c *Clock) Set(t time.Time) error {
	c.mu.Lock()
	base := c.source()
	now := base.Add(time.Duration(c.offset.Load()))
	if t.Before(now) {
		c.mu.Unlock()
		return ErrClockBackwards
	}
	err := c.setOffset(int64(t.Sub(base)))
	c.mu.Unlock()
	if err != nil {
		return err
	}
	c.db.sweep()
	return nil
}

// setOffset durably records offset, then runs the clock with it. Callers
// hold c.mu.
func (c *Clock) setOffset(offset int64) error {
	if err := c.db.store.Write([]storage.Op{{Key: clockKey, Value: binary.BigEndian.AppendUint64(nil, uint64(offset))}}); err != nil {
		return fmt.Errorf("engine: cannot record the clock's move: %w", err)
	}
	c.offset.Store(offset)
	return nil
}

// loadClock restores the offset a move of the clock recorded.
func (db *DB) loadClock() error {
	v, ok, err := db.store.Get(clockKey)
	if err != nil || !ok {
		return err
	}
	if len(v) != 8 {
		return fmt.Errorf("engine: corrupt clock record of %d bytes", len(v))
	}
	db.clock.offset.Store(int64(binary.BigEndian.Uint64(v)))
	return nil
}

// Clock returns the database's clock.
func (db *DB) Clock() *Clock { return &db.clock }

// now reads the engine's clock.
func (db *DB) now() time.Time { return db.clock.Now() }

// sweep deletes what the clock's time has expired: the items whose time to
// live has passed (all of them, not one sweep's worth), the stream data
// past retention, and the point-in-time recovery records and system
// backups past theirs.
func (db *DB) sweep() {
	now := db.now()
	if db.opts.TTLSweepInterval >= 0 {
		db.expireAll(now)
	}
	db.trimStreams(now)
	db.sweepRecovery(now)
}

// every runs sweep in the background every interval, with the engine's
// time, until the database closes.
func (db *DB) every(interval time.Duration, sweep func(now time.Time)) {
	db.bg.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-db.life.Done():
				return
			case <-tick.C:
				sweep(db.now())
			}
		}
	})
}
