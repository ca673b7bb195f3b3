package engine

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// inject offers call c, with input in, to the fault rules: it waits the
// delay they add, fails with their error, or notes the batch items they
// leave unprocessed. With Options.Retryer it retries the errors the
// retryer retries, as the SDK's client does, each attempt a new call for
// the rules.
func (db *DB) inject(c *call, in any) error {
	release := func(error) error { return nil }
	for attempt := 1; ; attempt++ {
		f := db.faults.fire(c.op, in)
		if f.delay > 0 {
			if err := c.wait(f.delay); err != nil {
				return err
			}
		}
		release(f.err)
		if f.err == nil {
			c.skip = f.skip
			return nil
		}
		r := db.opts.Retryer
		if r == nil {
			return f.err
		}
		seen := wireError{f.err}
		switch {
		case !r.IsErrorRetryable(seen):
			return f.err
		case attempt >= r.MaxAttempts():
			if attempt == 1 {
				return f.err
			}
			return &retry.MaxAttemptsError{Attempt: attempt, Err: f.err}
		}
		delay, err := r.RetryDelay(attempt, seen)
		if err != nil {
			return f.err
		}
		if release, err = r.GetRetryToken(c.ctx, seen); err != nil {
			return f.err
		}
		if err := c.wait(delay); err != nil {
			return err
		}
		dynamo.RecordRetry(c.ctx) // the library's hooks count the client's retries
	}
}

// wait pauses the call for d; it fails with the SDK's error if the call's
// context ends first.
func (c *call) wait(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-c.ctx.Done():
		return c.check()
	}
}

// wireError is an error as the SDK's client reads it off the wire: with
// the HTTP status of the response, which its retryer looks at (500 for
// server faults, 400 for the others).
type wireError struct{ error }

func (e wireError) Unwrap() error { return e.error }

// HTTPStatusCode returns the status DynamoDB answers the error with.
func (e wireError) HTTPStatusCode() int {
	var ae smithy.APIError
	if errors.As(e.error, &ae) && ae.ErrorFault() == smithy.FaultServer {
		return 500
	}
	return 400
}
