package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/smithy-go/logging"
)

// Test credentials, with a session token so that X-Amz-Security-Token is
// signed too.
const (
	testAccessKey = "AKIDEXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testToken     = "session-token"
	testRegion    = "eu-west-3"
)

// A captured request is what a test server received.
type captured struct {
	method, path, host string
	header             http.Header
	body               []byte
}

// A fakeServer answers every request with a canned response and records
// the requests.
type fakeServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []captured
	// respond writes the response to request number n (from 0).
	respond func(w http.ResponseWriter, r *http.Request, n int)
}

// newFakeServer starts a server that answers with respond, or with an empty
// JSON object when respond is nil.
func newFakeServer(t *testing.T, respond func(w http.ResponseWriter, r *http.Request, n int)) *fakeServer {
	t.Helper()
	s := &fakeServer{respond: respond}
	if s.respond == nil {
		s.respond = func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 200, "{}") }
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading request body: %v", err)
		}
		s.mu.Lock()
		n := len(s.requests)
		s.requests = append(s.requests, captured{method: r.Method, path: r.URL.Path, host: r.Host, header: r.Header.Clone(), body: body})
		s.mu.Unlock()
		s.respond(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

// last returns the last request received.
func (s *fakeServer) last(t *testing.T) captured {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		t.Fatal("the server received no request")
	}
	return s.requests[len(s.requests)-1]
}

// count returns the number of requests received.
func (s *fakeServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// writeJSON writes a JSON response with DynamoDB's headers, its CRC32
// included.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-RequestId", "REQ-"+strconv.Itoa(len(body)))
	w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(body))), 10))
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// testOptions are the SDK options both clients of a differential test get.
// The SDK's client needs its retries: on loopback, net/http now and then
// closes a connection under a response it reads (see internal/bench).
func testOptions(endpoint string) dynamodb.Options {
	return dynamodb.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       testRegion,
		Credentials:  credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, testToken),
		Logger:       logging.Nop{},
	}
}

// clients returns the SDK's client and ours, configured alike (each with
// options of its own: a retryer is not shared).
func clients(endpoint string, optFns ...func(*dynamodb.Options)) (sdk *dynamodb.Client, lean *Client) {
	opts := func() dynamodb.Options {
		o := testOptions(endpoint)
		for _, fn := range optFns {
			fn(&o)
		}
		return o
	}
	return dynamodb.New(opts()), New(opts())
}

// streamsClients returns the SDK's Streams client and ours, configured
// alike.
func streamsClients(endpoint string, optFns ...func(*dynamodbstreams.Options)) (sdk *dynamodbstreams.Client, lean *StreamsClient) {
	opts := func() dynamodbstreams.Options {
		o := dynamodbstreams.Options{
			BaseEndpoint: aws.String(endpoint),
			Region:       testRegion,
			Credentials:  credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, testToken),
			Logger:       logging.Nop{},
		}
		for _, fn := range optFns {
			fn(&o)
		}
		return o
	}
	return dynamodbstreams.New(opts()), NewStreams(opts())
}

// A clientPair is the SDK's client of one service and ours.
type clientPair struct {
	sdk, lean any
}

// clientPairs returns the clients of both services, configured alike.
func clientPairs(endpoint string) []clientPair {
	sdk, lean := clients(endpoint)
	sdkStreams, leanStreams := streamsClients(endpoint)
	return []clientPair{{sdk, lean}, {sdkStreams, leanStreams}}
}

// methods returns the operations the differential tests run: every method
// of our client that the SDK's client has too (Client implements dynamo.API
// and StreamsClient dynamo.StreamsAPI, so these include every operation the
// library calls). Their types have no receiver: In(1) is the input.
func (p clientPair) methods() []reflect.Method {
	var methods []reflect.Method
	ours, sdk := reflect.TypeOf(p.lean), reflect.TypeOf(p.sdk)
	for i := range ours.NumMethod() {
		m := ours.Method(i)
		if _, ok := sdk.MethodByName(m.Name); !ok || m.Name == "Options" {
			continue
		}
		ins := make([]reflect.Type, m.Type.NumIn()-1)
		for j := range ins {
			ins[j] = m.Type.In(j + 1)
		}
		m.Type = reflect.FuncOf(ins, []reflect.Type{m.Type.Out(0), m.Type.Out(1)}, true)
		methods = append(methods, m)
	}
	return methods
}

// callAPI calls method name of api with in (a pointer to an input) and
// returns the output pointer and the error.
func callAPI(api any, name string, in reflect.Value) (reflect.Value, error) {
	res := reflect.ValueOf(api).MethodByName(name).Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
	err, _ := res[1].Interface().(error)
	return res[0], err
}

// parseJSON parses a body for comparison, numbers kept as their text.
func parseJSON(t *testing.T, body []byte) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %s: %v", body, err)
	}
	return v
}

// verifySignature recomputes the SigV4 signature of a received request with
// the SDK's signer, over the headers the request says it signed, and
// reports whether it matches.
func verifySignature(req captured, creds aws.Credentials) error {
	auth := req.header.Get("Authorization")
	_, after, ok := strings.Cut(auth, "SignedHeaders=")
	if !ok {
		return fmt.Errorf("no SignedHeaders in %q", auth)
	}
	signedList, _, _ := strings.Cut(after, ",")
	when, err := time.Parse("20060102T150405Z", req.header.Get("X-Amz-Date"))
	if err != nil {
		return fmt.Errorf("X-Amz-Date: %v", err)
	}
	r, _ := http.NewRequest(req.method, "http://"+req.host+req.path, nil)
	r.Header = http.Header{}
	for name := range strings.SplitSeq(signedList, ";") {
		switch name {
		case "host":
		case "content-length":
			r.ContentLength = int64(len(req.body))
		default:
			r.Header[http.CanonicalHeaderKey(name)] = req.header.Values(name)
		}
	}
	hash := sha256Hex(req.body)
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hash, "dynamodb", testRegion, when); err != nil {
		return err
	}
	if got := r.Header.Get("Authorization"); got != auth {
		return fmt.Errorf("signature mismatch:\n got  %s\n want %s", auth, got)
	}
	return nil
}
