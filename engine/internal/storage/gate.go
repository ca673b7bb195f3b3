package storage

import "sync"

// gate admits calls to a store until it is closed, and lets Close wait for the
// calls in flight. Unlike an RWMutex it never blocks enter, so a Scan callback
// may call Get while Close is waiting (that Get just fails with ErrClosed).
type gate struct {
	mu      sync.Mutex
	active  int
	closed  bool
	drained chan struct{} // made by close while calls are in flight, closed by the last exit
}

// enter admits one call, or returns ErrClosed. An admitted call must exit.
func (g *gate) enter() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return ErrClosed
	}
	g.active++
	return nil
}

// exit ends a call admitted by enter.
func (g *gate) exit() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active--
	if g.active == 0 && g.drained != nil {
		close(g.drained)
	}
}

// close refuses new calls and waits until none is in flight. It returns
// ErrClosed if the gate was already closed.
func (g *gate) close() error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return ErrClosed
	}
	g.closed = true
	if g.active == 0 {
		g.mu.Unlock()
		return nil
	}
	g.drained = make(chan struct{})
	drained := g.drained
	g.mu.Unlock()
	<-drained
	return nil
}
