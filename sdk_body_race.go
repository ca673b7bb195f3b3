package ddb

import (
	"github.com/aws/smithy-go/middleware"

	"github.com/ddbkit/ddb/internal/sdkrace"
)

// FixSDKBodyRace is an API option for aws-sdk-go-v2 clients that keeps a
// fast server's answer from being cut off by the client itself. Add it to
// the clients you build and give to New:
//
//	cfg.APIOptions = append(cfg.APIOptions, ddb.FixSDKBodyRace)
//	db := ddb.New(dynamodb.NewFromConfig(cfg))
//
// smithy-go closes a request's body while net/http may still be checking
// it for extra bytes; the closed body's WriteTo answers io.EOF, net/http
// closes the connection, and the answer being read fails with "use of
// closed network connection". It shows when answers arrive within
// microseconds, as from ddb serve or DynamoDB Local on the same machine.
// The option hides WriteTo from request bodies. The clients Open builds
// have it already.
func FixSDKBodyRace(stack *middleware.Stack) error { return sdkrace.Fix(stack) }
