package wire

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// errorResponse is a canned error answer.
type errorResponse struct {
	status int
	header map[string]string
	body   string
}

// quickRetries makes a client retry at once, without a token bucket, so
// that tests of retryable errors run fast and alike for both clients.
func quickRetries(o *dynamodb.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = 3
		so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		so.RateLimiter = ratelimit.None
	})
}

// modeledErrorBody returns the body DynamoDB sends for err, a random
// instance of one of its modeled errors.
func modeledErrorBody(name string, err smithy.Serializable) string {
	w := &writer{first: true}
	w.open('{')
	w.key("__type")
	w.stringValue("com.amazonaws.dynamodb.v20120810#" + name)
	err.(interface{ SerializeMembers(smithy.ShapeSerializer) }).SerializeMembers(&shapeWriter{w: w, objects: []bool{true}})
	w.close('}')
	return string(w.buf)
}

// TestErrorsMatchSDK feeds error responses, every error DynamoDB models
// (every member filled) and the other shapes error bodies take, to the
// SDK's client and to ours, and compares the errors: the message, the
// wrapping (operation, HTTP status, request id, attempts), and the API
// error itself with its members.
func TestErrorsMatchSDK(t *testing.T) {
	var cases []errorResponse
	var names []string
	for id, entry := range dynamodb.TypeRegistry.Entries {
		if _, ok := entry.New().(error); !ok {
			continue
		}
		names = append(names, id[strings.IndexByte(id, '#')+1:])
	}
	slices.Sort(names)
	for i, name := range names {
		entry, _ := dynamodb.TypeRegistry.LookupEntry("com.amazonaws.dynamodb#" + name)
		v := newFiller(uint64(i), true).value(reflect.TypeOf(entry.New()).Elem())
		cases = append(cases, errorResponse{status: 400, body: modeledErrorBody(name, v.Addr().Interface().(smithy.Serializable))})
	}
	cases = append(cases,
		errorResponse{status: 400, body: `{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid"}`},
		errorResponse{status: 400, body: `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","Message":"Requested resource not found"}`},
		errorResponse{status: 400, body: `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"pk":{"S":"a"},"n":{"N":"1"}}}`},
		errorResponse{status: 400, body: `{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]","CancellationReasons":[{"Code":"ConditionalCheckFailed","Item":{"pk":{"S":"a"}},"Message":"The conditional request failed"},{"Code":"None"}]}`},
		errorResponse{status: 400, header: map[string]string{"X-Amzn-ErrorType": "ConditionalCheckFailedException:http://internal.amazon.com/coral/com.amazonaws.dynamodb.v20120810/"}, body: `{}`},
		errorResponse{status: 400, body: `{"code":"ThrottlingException","message":"Rate exceeded"}`},
		errorResponse{status: 400, body: `{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down","ThrottlingReasons":[{"reason":"TableReadProvisionedThroughputExceeded","resource":"arn:aws:dynamodb:us-east-1:1:table/t"}]}`},
		errorResponse{status: 400, body: `{"__type":"com.amazon.coral.service#UnrecognizedClientException","MESSAGE":"The security token included in the request is invalid."}`},
		errorResponse{status: 400, body: `{"__type":"com.amazon.coral.service#SerializationException"}`},
		errorResponse{status: 500, body: ``},
		errorResponse{status: 503, body: `{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Throughput exceeds the current capacity"}`},
		errorResponse{status: 500, body: `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}`},
		errorResponse{status: 413, body: `{"__type":"com.amazon.coral.service#RequestEntityTooLarge","message":null}`},
	)
	var current atomic.Pointer[errorResponse]
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		c := current.Load()
		for k, v := range c.header {
			w.Header().Set(k, v)
		}
		writeJSON(w, c.status, c.body)
	})
	sdk, lean := clients(srv.URL, quickRetries)
	input := &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}}
	for _, c := range cases {
		current.Store(&c)
		before := srv.count()
		_, want := sdk.GetItem(t.Context(), input)
		sdkAttempts := srv.count() - before
		_, got := lean.GetItem(t.Context(), input)
		if attempts := srv.count() - before - sdkAttempts; attempts != sdkAttempts {
			t.Errorf("%s: %d attempts, the SDK makes %d", c.body, attempts, sdkAttempts)
		}
		if want == nil || got == nil {
			t.Fatalf("%s: errors %v, %v", c.body, want, got)
		}
		if got.Error() != want.Error() {
			t.Errorf("error:\n got  %v\n want %v", got, want)
		}
		var wantAPI, gotAPI smithy.APIError
		if !errors.As(want, &wantAPI) || !errors.As(got, &gotAPI) {
			t.Fatalf("%s: no API error in %v / %v", c.body, want, got)
		}
		if diff := cmp.Diff(wantAPI, gotAPI, sdkCmp); diff != "" {
			t.Errorf("%s: API error (-sdk +lean):\n%s", c.body, diff)
		}
		var wantResp, gotResp *awshttp.ResponseError
		if !errors.As(want, &wantResp) || !errors.As(got, &gotResp) {
			t.Fatalf("%s: no response error in %v / %v", c.body, want, got)
		}
		if gotResp.HTTPStatusCode() != wantResp.HTTPStatusCode() || gotResp.ServiceRequestID() != wantResp.ServiceRequestID() {
			t.Errorf("%s: status %d, request id %q; want %d, %q", c.body, gotResp.HTTPStatusCode(), gotResp.ServiceRequestID(), wantResp.HTTPStatusCode(), wantResp.ServiceRequestID())
		}
	}
}

// TestErrorBodyMalformed checks that an error response whose body is not
// JSON fails as the SDK's client fails: a deserialization error inside the
// response error, not an API error, retried for its status (502).
func TestErrorBodyMalformed(t *testing.T) {
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 502, "<html>Bad Gateway</html>") })
	sdk, lean := clients(srv.URL, quickRetries)
	input := &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}}
	for _, api := range []interface {
		GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	}{sdk, lean} {
		before := srv.count()
		_, err := api.GetItem(t.Context(), input)
		var de *smithy.DeserializationError
		var resp *awshttp.ResponseError
		var apiErr smithy.APIError
		if !errors.As(err, &de) || !errors.As(err, &resp) || resp.HTTPStatusCode() != 502 || errors.As(err, &apiErr) {
			t.Errorf("%T: %v (%T), want a deserialization error in a response error", api, err, err)
		}
		if n := srv.count() - before; n != 3 {
			t.Errorf("%T: %d attempts, want 3", api, n)
		}
	}
}
