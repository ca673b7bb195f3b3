package dynamo

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestRecordRetry(t *testing.T) {
	RecordRetry(t.Context()) // no counter: nothing to count
	var retries atomic.Int32
	ctx := WithRetryCounter(t.Context(), &retries)
	RecordRetry(ctx)
	RecordRetry(context.WithValue(ctx, struct{}{}, 1)) // a context derived from it
	if n := retries.Load(); n != 2 {
		t.Errorf("%d retries counted, want 2", n)
	}
}
