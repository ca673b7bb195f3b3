package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Serve accepts connections on ln and answers the HTTP/1.1 requests on them
// with its own connection loop, which costs far less CPU per request than
// net/http's server (see docs/decisions/server-connection-loop.md). It
// returns http.ErrServerClosed after Shutdown, or the listener's error.
// Serve may be called on several listeners at once.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		return http.ErrServerClosed
	}
	s.listeners[ln] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, ln)
		s.mu.Unlock()
	}()
	var delay time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return http.ErrServerClosed
			}
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			// Out of file descriptors and the like: wait and try again,
			// as net/http does.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			s.log.Warn("ddb server: accept failed; retrying", "err", err, "delay", delay)
			time.Sleep(delay)
			continue
		}
		delay = 0
		c := newConn(s, nc)
		switch s.track(c) {
		case trackClosing:
			nc.Close()
			return http.ErrServerClosed
		case trackFull:
			go c.refuse()
		default:
			go c.serve()
		}
	}
}

// Shutdown stops the server gracefully: it closes the listeners and the
// idle connections, lets every request in flight finish and be answered
// (with "Connection: close"), and returns once every connection is closed.
// If ctx ends first, it closes the remaining connections and returns ctx's
// error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing.Store(true)
	for ln := range s.listeners {
		ln.Close()
	}
	for c := range s.conns {
		if c.idle {
			c.kill()
		}
	}
	s.checkDrained()
	s.mu.Unlock()
	select {
	case <-s.drained:
		return nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	for c := range s.conns {
		c.kill()
	}
	s.mu.Unlock()
	return ctx.Err()
}

// What track did with a new connection.
const (
	tracked      = iota
	trackClosing // the server is shutting down
	trackFull    // MaxConns connections are busy
)

// evictIdleAfter is how long a connection must have waited for a request
// before a new connection over MaxConns may close it. One that waited less
// may have its request in flight, or already received and not yet read
// (a connection just accepted is marked idle before its first read):
// closing it would reset the client with no answer, which SDKs retry only
// within their retry quota, while the 503 given to the new connection
// instead is always retried. A client sends its request as soon as it has
// connected, and on a pooled connection either at once or after a pause
// of its own; a second is far beyond the first and, for the second, makes
// the client sending at the very moment it is closed unlikely.
const evictIdleAfter = time.Second

// track registers a new connection, unless the server is shutting down or
// has MaxConns connections already and none of them has been idle for
// evictIdleAfter; at the limit, it closes the connection idle the longest
// to make room.
func (s *Server) track(c *conn) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing.Load() {
		return trackClosing
	}
	if len(s.conns) >= s.limits.MaxConns {
		var oldest *conn
		evictable := time.Now().Add(-evictIdleAfter)
		for o := range s.conns {
			if o.idle && !o.killed && !o.idleSince.After(evictable) && (oldest == nil || o.idleSince.Before(oldest.idleSince)) {
				oldest = o
			}
		}
		if oldest == nil {
			return trackFull
		}
		oldest.kill()
		delete(s.conns, oldest)
	}
	s.conns[c] = struct{}{}
	return tracked
}

// untrack forgets a closed connection; the last one to go after Shutdown
// releases it.
func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	s.checkDrained()
}

// checkDrained closes s.drained once the server is shutting down and has no
// connection left. s.mu must be held.
func (s *Server) checkDrained() {
	if !s.closing.Load() || len(s.conns) > 0 {
		return
	}
	select {
	case <-s.drained:
	default:
		close(s.drained)
	}
}

// setIdle marks c as waiting for a request (idle) or serving one. It reports
// false when c must stop instead: going idle during Shutdown, or Shutdown
// closed it while it was idle (its next request, if any, is not served).
func (s *Server) setIdle(c *conn, idle bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.killed || (idle && s.closing.Load()) {
		return false
	}
	c.idle = idle
	if idle {
		c.idleSince = time.Now()
	}
	return true
}
