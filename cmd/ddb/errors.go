package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"

	"github.com/aws/smithy-go"
)

// Exit statuses: a command that failed, a command line that is wrong, a
// command stopped by an interrupt (128 + SIGINT, as shells report it), and
// one whose output pipe closed (128 + SIGPIPE, the status of a process
// SIGPIPE ends, as it ends one writing to a closed standard output).
const (
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
	exitBrokenPipe  = 141
)

// usageError is a mistake in the command line itself: an unknown command
// or flag, a missing argument, a flag value that cannot be parsed. main
// exits with status 2 for it.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usageError.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitCode returns the exit status for an error a command returned.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.Is(err, errOutputClosed):
		return exitBrokenPipe
	}
	return exitFailed
}

// shortError is an error whose message is a short rewording of the error
// it wraps, which stays reachable with errors.Is and errors.As.
type shortError struct {
	msg string
	err error
}

func (e *shortError) Error() string { return e.msg }
func (e *shortError) Unwrap() error { return e.err }

// callError rewords an error of a call to a database in one short line:
// DynamoDB's error code and message, or the network failure, instead of
// the SDK's chain of operation, attempt and request id. op names what
// failed, such as "get orders".
func callError(op string, err error) error {
	if err == nil {
		return nil
	}
	var api smithy.APIError
	var opErr *net.OpError
	var msg string
	switch {
	case errors.Is(err, context.Canceled):
		msg = "interrupted"
	case errors.As(err, &api) && api.ErrorCode() == "ResourceNotFoundException":
		msg = "no such table (" + apiErrorText(api) + ")"
	case errors.As(err, &api):
		msg = apiErrorText(api)
	case errors.As(err, &opErr) && opErr.Op == "dial":
		msg = "cannot reach " + opErr.Addr.String()
		if errors.Is(err, syscall.ECONNREFUSED) {
			msg += ": connection refused (is the server running?)"
		} else if opErr.Err != nil {
			msg += ": " + opErr.Err.Error()
		}
	default:
		msg = strings.TrimPrefix(err.Error(), "ddb: ")
	}
	return &shortError{op + ": " + msg, err}
}

// apiErrorText returns DynamoDB's error code and message: "Code: message".
func apiErrorText(api smithy.APIError) string {
	return api.ErrorCode() + ": " + api.ErrorMessage()
}
