package ddb

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Hook observes every request a DB sends to DynamoDB: one Start and one
// End per request (each page of a query, each request and resend of a
// batch), around the call, so that a tracing hook can start a span before
// it and end the span after it. Hooks must be safe for concurrent use.
type Hook interface {
	// Start is called before the request is sent, with the fields of call
	// that describe it set. The context it returns is the one the request
	// is sent with and End receives: a tracing hook starts its span there.
	Start(ctx context.Context, call *CallInfo) context.Context
	// End is called once the request has returned, with the outcome
	// fields of call set.
	End(ctx context.Context, call *CallInfo)
}

// HookFunc is a Hook that needs only the end of each request, when every
// field of CallInfo is set.
type HookFunc func(ctx context.Context, call *CallInfo)

// Start returns ctx.
func (f HookFunc) Start(ctx context.Context, _ *CallInfo) context.Context { return ctx }

// End calls f.
func (f HookFunc) End(ctx context.Context, call *CallInfo) { f(ctx, call) }

// CallInfo describes one request to DynamoDB and, at End, its outcome.
type CallInfo struct {
	// Set at Start.
	Operation string    // DynamoDB's name of the operation: "PutItem", "Query", "BatchWriteItem", ...
	Tables    []string  // the tables the request names, sorted (several for batches and transactions; none for ListTables and PartiQL)
	Index     string    // the index a Query or Scan reads, "" for none
	Input     any       // the request, e.g. *dynamodb.PutItemInput; hooks must not change it
	Attempt   int       // 1, then 2, 3, ... for the library's resends of what a batch request left unprocessed
	Start     time.Time // when the request was sent
	// Set at End.
	Output      any                      // the response, e.g. *dynamodb.PutItemOutput; nil on error
	Err         error                    // the error the client returned, nil on success
	Duration    time.Duration            // how long the client took, its retries included
	Retries     int                      // how many times the client resent the request (see RecordRetry)
	Capacity    []types.ConsumedCapacity // the capacity DynamoDB reports the request consumed
	Unprocessed int                      // the writes or keys a batch response left unprocessed
}

// WithHook adds a hook that observes every request the DB sends (see
// Hook). Several hooks each see every request: their Starts run in the
// order given, their Ends in the reverse order. A DB with a hook asks
// DynamoDB for the consumed capacity (TOTAL) of the requests that do not
// ask for it, so that the hook sees it; what the library returns does not
// change. The client's retries are counted through the SDK's retry
// middleware for an aws-sdk-go-v2 client, and through RecordRetry for
// other clients. The requests of Changes to DynamoDB Streams, and those
// sent through DB.API, are not observed.
func WithHook(h Hook) Option {
	return func(db *DB) { db.hooks = append(db.hooks, h) }
}

// callState is what a request's context carries to the client: the
// retries it reports and the attempts the SDK's retry middleware makes.
type callState struct {
	retries  atomic.Int32 // RecordRetry calls
	attempts atomic.Int32 // attempts the SDK's retry middleware made
}

type attemptKey struct{}
type callStateKey struct{}

// withAttempt returns ctx for the library's attempt of a batch request.
func withAttempt(ctx context.Context, attempt int) context.Context {
	if attempt == 1 {
		return ctx
	}
	return context.WithValue(ctx, attemptKey{}, attempt)
}

// RecordRetry tells the hooks of the request ctx belongs to that the
// client is sending it again (after a throttling error, a timeout, a
// dropped connection). A client implementing API calls it with the
// context it was given, once per resend; it does nothing for requests of
// a DB without hooks. The SDK's retries are counted without it, and the
// embedded engine reports the retries of its Options.Retryer.
func RecordRetry(ctx context.Context) { dynamo.RecordRetry(ctx) }

// countAttempts counts the attempts of the SDK's retry middleware in the
// request's callState: it runs once per attempt, inside the retry loop.
var countAttempts = middleware.FinalizeMiddlewareFunc("ddb.CountAttempts",
	func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		if s, ok := ctx.Value(callStateKey{}).(*callState); ok {
			s.attempts.Add(1)
		}
		return next.HandleFinalize(ctx, in)
	})

// addAttemptCounter adds countAttempts after the SDK's retry middleware.
func addAttemptCounter(o *dynamodb.Options) {
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		if err := stack.Finalize.Insert(countAttempts, "Retry", middleware.After); err != nil {
			return stack.Finalize.Add(countAttempts, middleware.After)
		}
		return nil
	})
}

// observed is an API whose requests the hooks see.
type observed struct {
	API
	hooks []Hook
}

// observe sends one request through send, calling the hooks around it.
func observe[In, Out any](o *observed, ctx context.Context, op string, in *In, optFns []func(*dynamodb.Options),
	send func(context.Context, *In, ...func(*dynamodb.Options)) (*Out, error)) (*Out, error) {
	askCapacity(in)
	call := &CallInfo{Operation: op, Input: in, Attempt: 1}
	call.Tables, call.Index = requestTables(in)
	if a, ok := ctx.Value(attemptKey{}).(int); ok {
		call.Attempt = a
	}
	state := &callState{}
	ctx = dynamo.WithRetryCounter(context.WithValue(ctx, callStateKey{}, state), &state.retries)
	ctxs := make([]context.Context, len(o.hooks))
	call.Start = time.Now()
	for i, h := range o.hooks {
		ctx = h.Start(ctx, call)
		ctxs[i] = ctx
	}
	out, err := send(ctx, in, append(optFns[:len(optFns):len(optFns)], addAttemptCounter)...)
	call.Duration = time.Since(call.Start)
	call.Err = err
	call.Retries = int(state.retries.Load() + max(state.attempts.Load()-1, 0))
	if out != nil {
		call.Output = out
		call.Capacity, call.Unprocessed = responseFacts(out)
	}
	for i := len(o.hooks) - 1; i >= 0; i-- {
		o.hooks[i].End(ctxs[i], call)
	}
	return out, err
}
