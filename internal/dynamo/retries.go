package dynamo

import (
	"context"
	"sync/atomic"
)

// retriesKey is the context key of a request's retry counter.
type retriesKey struct{}

// WithRetryCounter returns ctx carrying the counter that RecordRetry adds
// to: the library's hooks give one to every request they observe, and
// read how many times the client sent it again.
func WithRetryCounter(ctx context.Context, retries *atomic.Int32) context.Context {
	return context.WithValue(ctx, retriesKey{}, retries)
}

// RecordRetry counts one resend of the request whose context is ctx, when
// ctx carries a retry counter; clients (the engine's in-process retryer,
// HTTP clients) call it once per resend.
func RecordRetry(ctx context.Context) {
	if r, ok := ctx.Value(retriesKey{}).(*atomic.Int32); ok {
		r.Add(1)
	}
}
