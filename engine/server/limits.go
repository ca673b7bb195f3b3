package server

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// Limits bounds what the connection loop (Serve) gives each client, so that
// no client, slow or hostile, can hold the server's connections,
// descriptors or memory. A zero field takes its default (DefaultLimits).
type Limits struct {
	// IdleTimeout closes a connection that has waited this long for its
	// next request (or for its first one).
	IdleTimeout time.Duration
	// HeaderTimeout bounds the time from a request's first byte to the end
	// of its headers, against clients that trickle them (slowloris).
	HeaderTimeout time.Duration
	// BodyTimeout bounds the time to read a request's body once its
	// headers are in.
	BodyTimeout time.Duration
	// MaxConns bounds the connections served at once. A new connection
	// over the limit closes the connection idle the longest, if it has
	// waited a second or more for a request, and is otherwise answered 503
	// and closed.
	MaxConns int
	// MaxBodyBytes bounds the bytes of request bodies held at once across
	// connections, with what decoding them takes (a body decompressed, and
	// the input decoded from its JSON). A request that does not fit is
	// answered 503 (which SDKs retry) and its connection closed; one that
	// could not fit even alone, 413.
	MaxBodyBytes int64
}

// DefaultLimits are the limits of a Server built without WithLimits.
//
//   - IdleTimeout 2 minutes: longer than the idle timeouts of SDK connection
//     pools (90 s for Go's), so that clients, not the server, retire idle
//     connections and none is closed under a request being sent.
//   - HeaderTimeout 30 s and BodyTimeout 2 minutes: a 16 MB body at 1
//     Mbit/s.
//   - MaxConns 1024, and never more than the process's descriptor limit
//     leaves once the database has its own (see cmd/ddb).
//   - MaxBodyBytes 256 MB: 16 requests of the largest size at once.
var DefaultLimits = Limits{
	IdleTimeout:   2 * time.Minute,
	HeaderTimeout: 30 * time.Second,
	BodyTimeout:   2 * time.Minute,
	MaxConns:      1024,
	MaxBodyBytes:  256 << 20,
}

// withDefaults returns l with its zero fields set from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.IdleTimeout > 0 {
		d.IdleTimeout = l.IdleTimeout
	}
	if l.HeaderTimeout > 0 {
		d.HeaderTimeout = l.HeaderTimeout
	}
	if l.BodyTimeout > 0 {
		d.BodyTimeout = l.BodyTimeout
	}
	if l.MaxConns > 0 {
		d.MaxConns = l.MaxConns
	}
	if l.MaxBodyBytes > 0 {
		d.MaxBodyBytes = l.MaxBodyBytes
	}
	return d
}

// WithLimits sets the limits of the connection loop; zero fields keep their
// defaults (DefaultLimits).
func WithLimits(l Limits) Option {
	return func(s *Server) { s.limits = l.withDefaults() }
}

// A reserveFunc takes n bytes of the server's budget (Limits.MaxBodyBytes)
// for the request being served: it fails with errBusy when they do not fit
// now, with errBodyTooLarge when the request would not fit even alone. The
// nil reserveFunc takes nothing and never fails.
type reserveFunc func(n int) error

// take takes n bytes with f, if f is not nil.
func (f reserveFunc) take(n int) error {
	if f == nil {
		return nil
	}
	return f(n)
}

// byteBudget counts the bytes of request bodies held at once.
type byteBudget struct {
	used atomic.Int64
	max  int64
}

// take reserves n bytes and reports whether they fit.
func (b *byteBudget) take(n int64) bool {
	if b.used.Add(n) <= b.max {
		return true
	}
	b.used.Add(-n)
	return false
}

// give returns n bytes taken earlier.
func (b *byteBudget) give(n int64) { b.used.Add(-n) }

// busyBody is the answer to a request refused for the server's limits:
// AWS's ServiceUnavailable ("The request has failed due to a temporary
// failure of the server"), with status 503, which SDKs retry.
var busyBody = func() []byte {
	e := encoder{}
	e.encodeError(apierr.New(apierr.CodeServiceUnavailable, "The request has failed due to a temporary failure of the server."))
	return e.buf
}()

// setBusy makes out the answer to a request refused for the server's
// limits.
func setBusy(out *reply) {
	out.set(http.StatusServiceUnavailable, contentTypeJSON10, busyBody)
}
