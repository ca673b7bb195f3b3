package engine

import (
	"context"

	"github.com/aws/smithy-go"
)

// The engine honours its callers' contexts as aws-sdk-go-v2's client does.
// An operation whose context has ended fails with the error the client
// returns for it, a *smithy.OperationError naming the service and the
// operation and wrapping ctx.Err() ("operation error DynamoDB: PutItem,
// context canceled"), so that errors.Is(err, context.Canceled) and
// errors.Is(err, context.DeadlineExceeded) hold, whichever backend served
// the call.
//
// Every operation checks its context before anything else, and long work
// checks it again between units: rows of a Query or Scan page, items of a
// batch or transaction, and while waiting for an item's lock. A write checks
// it a last time just before it commits; once the commit has begun the
// write completes and reports success. So an operation that fails for its
// context has changed nothing.

// call is one operation in progress: its context, its name as the SDK
// names operations in errors, and the items of a batch that fault rules
// leave unprocessed.
type call struct {
	ctx  context.Context
	op   string
	skip []bool // by target (see targets); nil when none
}

// check returns nil while the call's context is live, and the SDK's error
// for a call whose context ended once it has.
func (c call) check() error { return ended(c.ctx, "DynamoDB", c.op) }

// begin starts operation op with input in under ctx: it fails if ctx has
// already ended or the database is closed (ErrClosed), then offers the
// call to the fault rules (see inject).
func (db *DB) begin(ctx context.Context, op string, in any) (call, error) {
	c := call{ctx: ctx, op: op}
	if db.closed.Load() {
		return c, &smithy.OperationError{ServiceID: "DynamoDB", OperationName: op, Err: ErrClosed}
	}
	if err := c.check(); err != nil || db.faults.n.Load() == 0 {
		return c, err
	}
	return c, db.inject(&c, in)
}

// orEmpty returns in, or a new zero input when in is nil. aws-sdk-go-v2's
// clients send a nil input as an empty one, so every operation starts with
// it: a nil input then gets the answer (or the validation error) DynamoDB
// gives for an empty request.
func orEmpty[T any](in *T) *T {
	if in == nil {
		return new(T)
	}
	return in
}

// skipped reports whether fault rules leave target i of a batch unprocessed.
func (c call) skipped(i int) bool { return i < len(c.skip) && c.skip[i] }

// beginStreams starts operation op of DynamoDB Streams under ctx; it fails
// if ctx has already ended. The Streams operations read at most one page
// of records, so they check their context only at the start.
func beginStreams(ctx context.Context, op string) error {
	return ended(ctx, "DynamoDB Streams", op)
}

// ended returns nil while ctx is live, and once it has ended the error the
// SDK's client of service returns for a call of op.
func ended(ctx context.Context, service, op string) error {
	if err := ctx.Err(); err != nil {
		return &smithy.OperationError{ServiceID: service, OperationName: op, Err: err}
	}
	return nil
}

// checkEvery is how many rows a Query or Scan page or a TTL sweep reads
// between two checks of its context.
const checkEvery = 256
