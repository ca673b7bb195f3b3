// Package wire is the library's own client for DynamoDB and its Streams
// API, what ddb.Open uses for http://, https:// and aws:// URLs. Client and
// StreamsClient have the exact method signatures of aws-sdk-go-v2's
// *dynamodb.Client and *dynamodbstreams.Client, take the SDK's option
// structs, and return the SDK's output types and errors, wrapped as the
// SDK wraps them (*smithy.OperationError around an *awshttp.ResponseError
// around a typed error or a *smithy.GenericAPIError), so that code written
// for the SDK's clients, the library's error mapping included, works with
// them unchanged.
//
// What must not be written again is the SDK's: credentials come from the
// options' provider, requests are signed by the options' SigV4 signer,
// endpoints come from the options' endpoint resolver (regions, FIPS,
// dual-stack, account endpoints), retries follow the options' retryer (for
// DynamoDB by default the SDK's standard retryer with four attempts and
// its token bucket), idempotency tokens come from the options' provider.
// What costs most in the SDK's client per call is written here: the JSON of
// the data-plane requests and of the item-bearing members of their
// responses by hand (request_bodies.go, response_bodies.go, straight from
// and into the SDK's structs); every other shape through the SDK's own
// generated serializers and deserializers, driven by this package's JSON
// reader and writer (shape_reader.go, shape_writer.go); and the HTTP/1.1
// exchange on connections of its own (http1.go), with net/http only for
// endpoints reached through a proxy and for HTTP clients the options name.
// docs/decisions/lean-client.md has the reasons and the measurements.
//
// One generic path (invoke, in call.go) runs every operation; an operation
// is a description (operation) of how its request is written and its
// response read. Adding an operation is a variable and a method (api.go,
// streams.go), with the SDK's generated code until a hand-written writer
// or reader is worth its upkeep.
//
// The differential tests check the client against the SDK's: the same
// random inputs (every member of every input type filled) produce the same
// request bodies and valid signatures; the same responses and errors
// (every member of every output and error type) decode to equal values;
// endpoints, retries, clock skew correction, timeouts and cancellation
// behave alike.
package wire
