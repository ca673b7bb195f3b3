package engine

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// changeHandlers are the functions registered with OnChange, and the lock
// that makes one goroutine at a time run them.
type changeHandlers struct {
	mu   sync.Mutex // serializes changes to list
	list atomic.Pointer[[]*changeHandler]

	running sync.Mutex
}

// changeHandler is one registered function and how far it has got: the
// stream it reads and the next sequence number to hand it.
type changeHandler struct {
	table string
	fn    func(streamtypes.Record)
	// s and next change only under handlers.running; writers read them to
	// see whether the handlers are behind.
	s       atomic.Pointer[stream]
	next    atomic.Uint64
	stopped atomic.Bool
}

// OnChange registers fn to run for every change committed to the named
// table's stream (by its name or its ARN) from now on, with the record
// GetRecords would return. The table must have a stream enabled (its view
// type decides the images the records carry); when the stream is disabled
// and enabled again, fn follows the new stream.
//
// Handlers run synchronously: the call that commits a change runs the
// handlers, after it has released the item's locks and before it returns,
// for its change and any committed before it — unless another goroutine is
// running handlers at that moment, which then runs them too before it
// stops. So with a single writer, a write has been handled when it returns.
// Handlers never run concurrently; each gets its table's records in commit
// order. A handler may write to the database (as a stream-triggered
// function does): its changes are handled after it returns, before the
// outermost write returns. A panic in a handler propagates to the writer.
//
// The returned stop function removes fn; it may be called from a handler.
func (db *DB) OnChange(table string, fn func(streamtypes.Record)) (stop func(), err error) {
	if table, err = resolveTable(table); err != nil {
		return nil, err
	}
	db.mu.RLock()
	t := db.tables[table]
	db.mu.RUnlock()
	if t == nil {
		return nil, tableNotFound(table)
	}
	s := t.stream.Load()
	if s == nil {
		return nil, apierr.Validation("Table has no stream enabled: TableName: " + table)
	}
	h := &changeHandler{table: table, fn: fn}
	h.s.Store(s)
	h.next.Store(s.visible.Load())
	hs := &db.handlers
	hs.mu.Lock()
	defer hs.mu.Unlock()
	var list []*changeHandler
	if l := hs.list.Load(); l != nil {
		list = slices.Clone(*l)
	}
	list = append(list, h)
	hs.list.Store(&list)
	return func() {
		h.stopped.Store(true)
		hs.mu.Lock()
		defer hs.mu.Unlock()
		list := slices.DeleteFunc(slices.Clone(*hs.list.Load()), func(x *changeHandler) bool { return x == h })
		hs.list.Store(&list)
	}, nil
}

// deliver runs the handlers after a write that recorded changes.
func (db *DB) deliver(w *rowWrites) {
	if !w.recorded {
		return
	}
	if l := db.handlers.list.Load(); l == nil || len(*l) == 0 {
		return
	}
	for db.runHandlers() && db.handlersBehind() {
	}
}

// WaitChanges returns once every handler registered with OnChange has been
// handed every change committed before the call (and every change of a
// write still committing when it was called). A write returns after its
// own change was handled when it is the only writer; with concurrent
// writers, a write can return while another goroutine is still running the
// handlers for it, and a test that wrote concurrently calls WaitChanges
// before it looks at what its handlers did. A handler must not call it
// (the handlers' runner would wait for itself).
func (db *DB) WaitChanges() {
	hs := &db.handlers
	l := hs.list.Load()
	if l == nil || len(*l) == 0 {
		return
	}
	// Every sequence number handed out before the call must be handled;
	// those of writes still committing become visible once they settle.
	type goal struct {
		h    *changeHandler
		s    *stream
		upTo uint64
	}
	hs.running.Lock()
	goals := make([]goal, 0, len(*l))
	for _, h := range *l {
		s := h.s.Load()
		s.mu.Lock()
		goals = append(goals, goal{h, s, s.next})
		s.mu.Unlock()
	}
	for pause := 10 * time.Microsecond; ; pause = min(2*pause, time.Millisecond) {
		db.catchUpAll()
		done := true
		for _, g := range goals {
			// A stopped handler, or one moved to a newer stream, is done
			// with this one.
			if !g.h.stopped.Load() && g.h.s.Load() == g.s && g.h.next.Load() < g.upTo {
				done = false
			}
		}
		hs.running.Unlock()
		if done {
			return
		}
		time.Sleep(pause)
		hs.running.Lock()
	}
}

// runHandlers hands every handler the records committed since its last
// call, until none is left, unless another goroutine is doing so; it
// reports whether it ran.
func (db *DB) runHandlers() bool {
	hs := &db.handlers
	if !hs.running.TryLock() {
		return false
	}
	defer hs.running.Unlock()
	db.catchUpAll()
	return true
}

// catchUpAll hands every handler the records committed since its last
// call, until none is left. Callers hold handlers.running.
func (db *DB) catchUpAll() {
	for progress := true; progress; {
		progress = false
		for _, h := range *db.handlers.list.Load() {
			if db.catchUp(h) {
				progress = true
			}
		}
	}
}

// handlersBehind reports whether some handler has records to run, which a
// writer that found the handlers running may have left (the goroutine
// running them may have finished its last pass before the record was
// visible).
func (db *DB) handlersBehind() bool {
	for _, h := range *db.handlers.list.Load() {
		if !h.stopped.Load() && h.next.Load() < h.s.Load().visible.Load() {
			return true
		}
	}
	return false
}

// catchUp hands h the records it has not had, and moves it to its table's
// new stream once the old one is disabled and fully handled. It reports
// whether it did anything. Callers hold handlers.running.
func (db *DB) catchUp(h *changeHandler) bool {
	if h.stopped.Load() {
		return false
	}
	did := false
	s := h.s.Load()
	if visible := s.visible.Load(); h.next.Load() < visible {
		err := db.readRecords(s.meta.ID, h.next.Load(), visible, func(r *storedRecord) bool {
			h.next.Store(r.seq + 1)
			h.fn(apiRecord(&s.meta, r))
			return !h.stopped.Load()
		})
		if err == nil && !h.stopped.Load() {
			h.next.Store(visible)
		}
		did = true
	}
	s.mu.Lock()
	disabled := !s.enabled()
	s.mu.Unlock()
	if !disabled || h.next.Load() < s.visible.Load() {
		return did
	}
	db.mu.RLock()
	t := db.tables[h.table]
	db.mu.RUnlock()
	if t == nil {
		return did
	}
	if ns := t.stream.Load(); ns != nil && ns != s {
		h.s.Store(ns)
		h.next.Store(0)
		return true
	}
	return did
}
