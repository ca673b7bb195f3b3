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
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
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
func quickRetries(o *dynamodb.Options) { o.Retryer = quickRetryer() }

// quickRetryer retries three times at once, without a token bucket.
func quickRetryer() aws.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = 3
		so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		so.RateLimiter = ratelimit.None
	})
}

// modeledErrorBody returns the body DynamoDB sends for err, a random
// instance of one of its modeled errors, of type typ.
func modeledErrorBody(typ string, err smithy.Serializable) string {
	w := &writer{first: true}
	w.open('{')
	w.key("__type")
	w.stringValue(typ)
	err.(interface{ SerializeMembers(smithy.ShapeSerializer) }).SerializeMembers(&shapeWriter{w: w, objects: []bool{true}})
	w.close('}')
	return string(w.buf)
}

// modeledErrors returns a body for every error registry models, every
// member filled, as the service sends it (namespace is its __type prefix).
func modeledErrors(registry *smithy.TypeRegistry, namespace string) []errorResponse {
	var ids []string
	for id, entry := range registry.Entries {
		if _, ok := entry.New().(error); ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var cases []errorResponse
	for i, id := range ids {
		entry, _ := registry.LookupEntry(id)
		name := id[strings.IndexByte(id, '#')+1:]
		v := newFiller(uint64(i), true).value(reflect.TypeOf(entry.New()).Elem())
		cases = append(cases, errorResponse{status: 400, body: modeledErrorBody(namespace+name, v.Addr().Interface().(smithy.Serializable))})
	}
	return cases
}

// TestErrorsMatchSDK feeds error responses, every error DynamoDB and its
// Streams API model (every member filled) and the other shapes error bodies
// take, to the SDK's clients and to ours, and compares the errors: the
// message, the wrapping (operation, HTTP status, request id, attempts),
// and the API error itself with its members.
func TestErrorsMatchSDK(t *testing.T) {
	cases := append(modeledErrors(dynamodb.TypeRegistry, "com.amazonaws.dynamodb.v20120810#"),
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
	streamCases := append(modeledErrors(dynamodbstreams.TypeRegistry, "com.amazonaws.dynamodb.v20120810#"),
		errorResponse{status: 400, body: `{"__type":"com.amazonaws.dynamodb.v20120810#ExpiredIteratorException","message":"Iterator expired"}`},
		errorResponse{status: 400, body: `{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid ShardIterator"}`},
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
	get := &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}}
	sdkStreams, leanStreams := streamsClients(srv.URL, func(o *dynamodbstreams.Options) { o.Retryer = quickRetryer() })
	records := &dynamodbstreams.GetRecordsInput{ShardIterator: aws.String("it")}
	tests := []struct {
		cases     []errorResponse
		sdk, lean func() error
	}{
		{cases, func() error { _, err := sdk.GetItem(t.Context(), get); return err }, func() error { _, err := lean.GetItem(t.Context(), get); return err }},
		{streamCases, func() error { _, err := sdkStreams.GetRecords(t.Context(), records); return err }, func() error { _, err := leanStreams.GetRecords(t.Context(), records); return err }},
	}
	for _, tt := range tests {
		for _, c := range tt.cases {
			current.Store(&c)
			compareErrors(t, srv, c.body, tt.sdk, tt.lean)
		}
	}
}

// compareErrors makes a call that fails with both clients and compares the
// errors and the attempts made.
func compareErrors(t *testing.T, srv *fakeServer, label string, sdk, lean func() error) {
	t.Helper()
	before := srv.count()
	want := sdk()
	sdkAttempts := srv.count() - before
	got := lean()
	if attempts := srv.count() - before - sdkAttempts; attempts != sdkAttempts {
		t.Errorf("%s: %d attempts, the SDK makes %d", label, attempts, sdkAttempts)
	}
	if want == nil || got == nil {
		t.Fatalf("%s: errors %v, %v", label, want, got)
	}
	if got.Error() != want.Error() {
		t.Errorf("error:\n got  %v\n want %v", got, want)
	}
	var wantAPI, gotAPI smithy.APIError
	if !errors.As(want, &wantAPI) || !errors.As(got, &gotAPI) {
		t.Fatalf("%s: no API error in %v / %v", label, want, got)
	}
	if diff := cmp.Diff(wantAPI, gotAPI, sdkCmp); diff != "" {
		t.Errorf("%s: API error (-sdk +lean):\n%s", label, diff)
	}
	var wantResp, gotResp *awshttp.ResponseError
	if !errors.As(want, &wantResp) || !errors.As(got, &gotResp) {
		t.Fatalf("%s: no response error in %v / %v", label, want, got)
	}
	if gotResp.HTTPStatusCode() != wantResp.HTTPStatusCode() || gotResp.ServiceRequestID() != wantResp.ServiceRequestID() {
		t.Errorf("%s: status %d, request id %q; want %d, %q", label, gotResp.HTTPStatusCode(), gotResp.ServiceRequestID(), wantResp.HTTPStatusCode(), wantResp.ServiceRequestID())
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
