package ddb

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// ErrUnprocessed reports batch items DynamoDB still left unprocessed
// (throttled, or over a response size limit) after the retries.
var ErrUnprocessed = errors.New("ddb: batch items left unprocessed")

// retryPolicy bounds the retries of a batch's unprocessed items: up to
// attempts consecutive responses that processed nothing, each retry waiting
// a random time below base doubled per such response, capped at max (the
// "full jitter" backoff AWS recommends).
type retryPolicy struct {
	attempts  int
	base, max time.Duration
}

// defaultRetry is the policy of every DB.
var defaultRetry = retryPolicy{attempts: 8, base: 50 * time.Millisecond, max: 5 * time.Second}

// backoff paces the retries of one batch.
type backoff struct {
	policy  retryPolicy
	stalled int // consecutive responses that processed nothing
}

// wait pauses before resending the items a response left unprocessed;
// progressed tells whether it processed any (which restarts the count).
// It fails once the attempts are spent and with ctx's error when ctx ends.
func (b *backoff) wait(ctx context.Context, progressed bool) error {
	if progressed {
		b.stalled = 0
	}
	b.stalled++
	if b.stalled > b.policy.attempts {
		return fmt.Errorf("no progress after %d retries", b.policy.attempts)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	ceiling := min(b.policy.base<<(b.stalled-1), b.policy.max)
	return sleep(ctx, rand.N(ceiling)+1)
}
