package wire

import (
	"errors"
	"reflect"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// uuidPattern matches the idempotency tokens both clients generate.
var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestRequestsMatchSDK sends the same random inputs, every member of every
// input type filled in some of them, through the SDK's client and ours,
// and compares what a server receives: the operation, the body (as parsed
// JSON), the content type, and a signature that the SDK's signer
// recomputes from the received request.
func TestRequestsMatchSDK(t *testing.T) {
	srv := newFakeServer(t, nil)
	creds := aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey, SessionToken: testToken}
	for _, pair := range clientPairs(srv.URL) {
		for _, m := range pair.methods() {
			testRequestMatchesSDK(t, srv, pair, m, creds)
		}
	}
}

// testRequestMatchesSDK runs the request comparison of one operation.
func testRequestMatchesSDK(t *testing.T, srv *fakeServer, pair clientPair, m reflect.Method, creds aws.Credentials) {
	sdk, lean := pair.sdk, pair.lean
	inType := m.Type.In(1).Elem()
	t.Run(m.Name, func(t *testing.T) {
		valid := 0
		for seed := uint64(0); valid < 30 && seed < 500; seed++ {
			full := seed%4 == 0
			want, ok := sendOne(t, srv, sdk, m.Name, newFiller(seed, full).value(inType))
			if !ok {
				continue // an input the SDK refuses: a required member is missing
			}
			valid++
			got, _ := sendOne(t, srv, lean, m.Name, newFiller(seed, full).value(inType))
			if err := verifySignature(got, creds); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			for _, h := range []string{"X-Amz-Target", "Content-Type", "X-Amz-Security-Token"} {
				if g, w := got.header.Get(h), want.header.Get(h); g != w {
					t.Errorf("seed %d: %s = %q, want %q", seed, h, g, w)
				}
			}
			// The SDK's DynamoDB client asks for identity encoding (its
			// checksum is of the uncompressed body); its Streams client lets
			// net/http ask for gzip and decompress. This client always asks
			// for identity, which is what it reads.
			if g := got.header.Get("Accept-Encoding"); g != "identity" {
				t.Errorf("seed %d: Accept-Encoding = %q, want identity", seed, g)
			}
			if got.method != want.method || got.path != want.path {
				t.Errorf("seed %d: %s %s, want %s %s", seed, got.method, got.path, want.method, want.path)
			}
			gotBody, wantBody := parseJSON(t, got.body), parseJSON(t, want.body)
			dropTokens(t, gotBody, wantBody)
			if diff := cmp.Diff(wantBody, gotBody); diff != "" {
				t.Fatalf("seed %d: body (-sdk +lean):\n%s\nsdk:  %s\nlean: %s", seed, diff, want.body, got.body)
			}
		}
		if valid < 30 {
			t.Errorf("only %d inputs the SDK accepts", valid)
		}
	})
}

// sendOne calls operation name with in (a value of its input type) and
// returns what the server received; ok is false if the client refused the
// input before sending it, as the SDK's refuses inputs that lack required
// members.
func sendOne(t *testing.T, srv *fakeServer, api any, name string, in reflect.Value) (_ captured, ok bool) {
	t.Helper()
	p := reflect.New(in.Type())
	p.Elem().Set(in)
	if _, err := callAPI(api, name, p); err != nil {
		var invalid smithy.InvalidParamsError
		if errors.As(err, &invalid) {
			return captured{}, false
		}
		t.Fatalf("%T %s: %v", api, name, err)
	}
	return srv.last(t), true
}

// dropTokens removes from both bodies the idempotency tokens the clients
// generated themselves (random, so different), after checking that both
// did.
func dropTokens(t *testing.T, got, want any) {
	t.Helper()
	g, _ := got.(map[string]any)
	w, _ := want.(map[string]any)
	gt, _ := g["ClientRequestToken"].(string)
	wt, _ := w["ClientRequestToken"].(string)
	if gt == wt || !uuidPattern.MatchString(wt) {
		return // the input's own token, or none
	}
	if !uuidPattern.MatchString(gt) {
		t.Errorf("ClientRequestToken %q: the SDK generates a UUID (%q)", gt, wt)
	}
	delete(g, "ClientRequestToken")
	delete(w, "ClientRequestToken")
}
