// Package sdkrace removes a race of aws-sdk-go-v2 clients that cuts off a
// fast server's answers (see Fix). The library exports it as
// ddb.FixSDKBodyRace; the repository's tests put it on every SDK client
// they build.
package sdkrace

import (
	"context"
	"io"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Fix is an API option for aws-sdk-go-v2 clients that keeps a fast
// server's answer from being cut off by the client itself.
//
// The race it removes: smithy-go closes a request's body as soon as the
// response headers arrive, while net/http's connection writer may still be
// checking the body for bytes beyond its Content-Length. smithy-go's closed
// body answers that check with io.EOF from WriteTo, which net/http takes for
// a failed write: it closes the connection, and the response body, still
// being read, fails with "use of closed network connection" (or the SDK logs
// "failed to discard remaining HTTP response body"). It shows only when the
// answer arrives within microseconds of the request, as from ddb serve or
// DynamoDB Local on the same machine, and more often with large answers.
// The option hides WriteTo from the request body, so that net/http reads it
// with Read, which a closed body answers with a plain end of stream.
func Fix(stack *middleware.Stack) error {
	return stack.Build.Add(middleware.BuildMiddlewareFunc("ddb.FixSDKBodyRace", hideWriteTo), middleware.After)
}

// Options is Fix as the APIOptions of a client's options.
func Options() []func(*middleware.Stack) error {
	return []func(*middleware.Stack) error{Fix}
}

// hideWriteTo replaces a request stream that has a WriteTo method by one
// that has only Read and Seek.
func hideWriteTo(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		if s, ok := req.GetStream().(io.ReadSeeker); ok {
			if _, writesTo := s.(io.WriterTo); writesTo {
				r, err := req.SetStream(readSeekerOnly{s})
				if err != nil {
					return middleware.BuildOutput{}, middleware.Metadata{}, err
				}
				in.Request = r
			}
		}
	}
	return next.HandleBuild(ctx, in)
}

// readSeekerOnly hides every method of a stream but Read and Seek.
type readSeekerOnly struct{ io.ReadSeeker }
