package server

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/sdkrace"
)

// fakeStreams is a fake Backend that serves the Streams API too.
type fakeStreams struct{ fake }

func (f *fakeStreams) ListStreams(_ context.Context, in *dynamodbstreams.ListStreamsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.ListStreamsOutput, error) {
	return answer[dynamodbstreams.ListStreamsOutput](&f.fake, in)
}
func (f *fakeStreams) DescribeStream(_ context.Context, in *dynamodbstreams.DescribeStreamInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error) {
	return answer[dynamodbstreams.DescribeStreamOutput](&f.fake, in)
}
func (f *fakeStreams) GetShardIterator(_ context.Context, in *dynamodbstreams.GetShardIteratorInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error) {
	return answer[dynamodbstreams.GetShardIteratorOutput](&f.fake, in)
}
func (f *fakeStreams) GetRecords(_ context.Context, in *dynamodbstreams.GetRecordsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error) {
	return answer[dynamodbstreams.GetRecordsOutput](&f.fake, in)
}

// newStreamsClient serves b on the connection loop and returns an SDK
// Streams client for it.
func newStreamsClient(t *testing.T, b Backend) *dynamodbstreams.Client {
	t.Helper()
	return dynamodbstreams.New(dynamodbstreams.Options{
		APIOptions:       sdkrace.Options(),
		BaseEndpoint:     aws.String(startLoop(t, New(b))),
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
	})
}

// TestStreamsSDKRoundTrip sends every Streams operation, every member set,
// through the SDK's Streams client and the server: the backend receives the
// client's input, and the client the backend's output (records included,
// whose members have lower-case names on the wire).
func TestStreamsSDKRoundTrip(t *testing.T) {
	f := &fakeStreams{}
	client := reflect.ValueOf(newStreamsClient(t, f))
	for name := range streamOperations {
		t.Run(name, func(t *testing.T) { roundTrip(t, &f.fake, client.MethodByName(name)) })
	}
}

// TestStreamsSDKErrors checks that the Streams client reads the Streams
// errors back as their types, and that a backend without the Streams API
// answers UnknownOperationException.
func TestStreamsSDKErrors(t *testing.T) {
	f := &fakeStreams{}
	client := newStreamsClient(t, f)
	in := &dynamodbstreams.GetRecordsInput{ShardIterator: aws.String("it")}
	for _, want := range []error{
		&streamtypes.ExpiredIteratorException{Message: aws.String("Iterator expired")},
		&streamtypes.TrimmedDataAccessException{Message: aws.String("trimmed")},
		&streamtypes.ResourceNotFoundException{Message: aws.String("Shard does not exist")},
	} {
		f.err = want
		_, err := client.GetRecords(context.Background(), in)
		got := reflect.New(reflect.TypeOf(want))
		if !errors.As(err, got.Interface()) {
			t.Fatalf("got %v, want a %T", err, want)
		}
		if diff := cmp.Diff(want, got.Elem().Interface(), ignoreUnexported); diff != "" {
			t.Errorf("error differs (-backend +client):\n%s", diff)
		}
	}
	_, err := newStreamsClient(t, &fake{}).GetRecords(context.Background(), in)
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "UnknownOperationException" {
		t.Errorf("Streams call to a backend without them: %v, want UnknownOperationException", err)
	}
}
