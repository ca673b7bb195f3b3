package server

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

// newSDKClient serves b on the server's connection loop, as `ddb serve`
// does, and returns an SDK client for it.
func newSDKClient(t *testing.T, b Backend) *dynamodb.Client {
	t.Helper()
	return dynamodb.New(dynamodb.Options{
		APIOptions:        sdkrace.Options(),
		BaseEndpoint:      aws.String(startLoop(t, New(b))),
		Region:            "us-east-1",
		Credentials:       credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RetryMaxAttempts:  1,
		EndpointDiscovery: dynamodb.EndpointDiscoveryOptions{EnableEndpointDiscovery: aws.EndpointDiscoveryDisabled},
	})
}

// ignoreUnexported skips unexported struct fields and the SDK's ResultMetadata.
var ignoreUnexported = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	if !ok {
		return false
	}
	name := sf.Name()
	return name == "ResultMetadata" || strings.ToLower(name[:1]) == name[:1]
}, cmp.Ignore())

// TestSDKRoundTrip sends every operation, with every member of its input
// set, through a real SDK client and the server, and checks that the backend
// receives exactly the input the client was given and that the client
// receives exactly the output the backend returned (every member set).
func TestSDKRoundTrip(t *testing.T) {
	f := &fake{}
	client := newSDKClient(t, f)
	names := make([]string, 0, len(operations))
	for name := range operations {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) { roundTrip(t, f, reflect.ValueOf(client).MethodByName(name)) })
	}
}

// roundTrip calls a client method with every member of its input set, the
// fake backend answering with every member of the output set, and checks
// that each side received exactly what the other sent.
func roundTrip(t *testing.T, f *fake, method reflect.Value) {
	t.Helper()
	in := reflect.New(method.Type().In(1).Elem())
	fill(in.Elem(), 0)
	out := reflect.New(method.Type().Out(0).Elem())
	fill(out.Elem(), 0)
	f.out, f.err = out.Interface(), nil

	res := method.Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
	if err, _ := res[1].Interface().(error); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in.Interface(), f.in, ignoreUnexported); diff != "" {
		t.Errorf("backend input differs from the client's (-sent +received):\n%s", diff)
	}
	if diff := cmp.Diff(out.Interface(), res[0].Interface(), ignoreUnexported); diff != "" {
		t.Errorf("client output differs from the backend's (-returned +received):\n%s", diff)
	}
}

// TestSDKErrors checks that the SDK client reads the errors the server
// writes back into the same errors the backend returned.
func TestSDKErrors(t *testing.T) {
	item := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}
	tests := []struct {
		name string
		err  error // returned by the backend
		want error // received by the client, if not err
	}{
		{"condition", &types.ConditionalCheckFailedException{Message: aws.String("The conditional request failed"), Item: item}, nil},
		{"not found", &types.ResourceNotFoundException{Message: aws.String("Requested resource not found")}, nil},
		{"in use", &types.ResourceInUseException{Message: aws.String("Table already exists: t")}, nil},
		{"transaction", &types.TransactionCanceledException{
			Message: aws.String("Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]"),
			CancellationReasons: []types.CancellationReason{
				{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed"), Item: item},
				{Code: aws.String("None")},
			},
		}, nil},
		{"validation", apierr.Validation("Missing the key pk in the item"),
			&smithy.GenericAPIError{Code: "ValidationException", Message: "Missing the key pk in the item"}},
		{"internal", apierr.Internal("Internal server error"),
			&types.InternalServerError{Message: aws.String("Internal server error")}},
	}
	f := &fake{}
	client := newSDKClient(t, f)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.err = tt.err
			_, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("t"), Key: item})
			var got smithy.APIError
			if !errors.As(err, &got) {
				t.Fatalf("got %v, want an API error", err)
			}
			want := tt.want
			if want == nil {
				want = tt.err
			}
			if diff := cmp.Diff(want, got, ignoreUnexported); diff != "" {
				t.Errorf("error differs (-backend +client):\n%s", diff)
			}
		})
	}
}

// TestSDKReadsEveryModeledError checks the JSON shape of every error type
// of the DynamoDB model: with all its members set, the SDK client reads it
// back as the same error.
func TestSDKReadsEveryModeledError(t *testing.T) {
	f := &fake{}
	client := newSDKClient(t, f)
	key := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}
	if len(typedErrors) < 20 {
		t.Fatalf("only %d modeled error types found", len(typedErrors))
	}
	for typ := range typedErrors {
		t.Run(typ.Name(), func(t *testing.T) {
			want := reflect.New(typ)
			fill(want.Elem(), 0)
			f.err = want.Interface().(error)
			_, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("t"), Key: key})
			got := reflect.New(reflect.PointerTo(typ))
			if !errors.As(err, got.Interface()) {
				t.Fatalf("got %T %v, want a %v", errors.Unwrap(err), err, typ)
			}
			if diff := cmp.Diff(f.err, got.Elem().Interface(), ignoreUnexported); diff != "" {
				t.Errorf("error differs (-backend +client):\n%s", diff)
			}
		})
	}
}

// fill sets every exported field of v, recursively, to a non-zero value.
func fill(v reflect.Value, depth int) {
	switch v.Type() {
	case attributeValueType:
		v.Set(reflect.ValueOf(&types.AttributeValueMemberM{Value: sampleItem(1)}))
		return
	case streamAttributeValueType:
		v.Set(reflect.ValueOf(dynamo.ToStreamValue(&types.AttributeValueMemberM{Value: sampleItem(1)})))
		return
	case itemType:
		v.Set(reflect.ValueOf(sampleItem(0)))
		return
	case timeType:
		v.Set(reflect.ValueOf(time.Unix(1795631689, 51e6)))
		return
	case bytesType:
		v.SetBytes([]byte{0, 1, 0xfe, 0xff})
		return
	case resultMetadataType:
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x-" + v.Type().Name() + "-\"é\n")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int32, reflect.Int64:
		v.SetInt(int64(7 + depth))
	case reflect.Float64:
		v.SetFloat(2.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		v.SetMapIndex(reflect.ValueOf("k1").Convert(v.Type().Key()), e)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && v.Type().Field(i).Name != "ErrorCodeOverride" {
				fill(v.Field(i), depth+1)
			}
		}
	}
}

// sampleItem returns an item with an attribute of every data type.
func sampleItem(depth int) map[string]types.AttributeValue {
	m := map[string]types.AttributeValue{
		"S":    &types.AttributeValueMemberS{Value: "a \"quoted\" é \u2028 \x01 string"},
		"N":    &types.AttributeValueMemberN{Value: "-1.5E+3"},
		"B":    &types.AttributeValueMemberB{Value: []byte{0, 1, 2, 0xff}},
		"BOOL": &types.AttributeValueMemberBOOL{Value: true},
		"NULL": &types.AttributeValueMemberNULL{Value: true},
		"SS":   &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
		"NS":   &types.AttributeValueMemberNS{Value: []string{"1", "2.5"}},
		"BS":   &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2, 3}}},
	}
	if depth < 2 {
		m["L"] = &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberS{Value: "x"}, &types.AttributeValueMemberM{Value: sampleItem(depth + 1)}}}
		m["M"] = &types.AttributeValueMemberM{Value: sampleItem(depth + 1)}
	}
	return m
}
