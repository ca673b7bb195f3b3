package wire

import (
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sdkCmp compares the SDK's values: every field, the unexported markers
// included, except the response metadata, which the SDK's client fills
// with its middleware's records and this client leaves empty.
var sdkCmp = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmpopts.IgnoreTypes(middleware.Metadata{}),
	cmpopts.EquateNaNs(),
}

// encodeShape returns the JSON the protocol carries v as, written with the
// SDK's generated serializer.
func encodeShape(v smithy.Serializable) string {
	w := &writer{first: true}
	v.Serialize(&shapeWriter{w: w})
	return string(w.buf)
}

// TestResponsesMatchSDK feeds random responses of every operation, every
// member of every output type filled in some of them, to the SDK's client
// and to ours, and compares what they decode.
func TestResponsesMatchSDK(t *testing.T) {
	var body atomic.Pointer[string]
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 200, *body.Load()) })
	for _, pair := range clientPairs(srv.URL) {
		for _, m := range pair.methods() {
			testResponseMatchesSDK(t, &body, pair, m)
		}
	}
}

// testResponseMatchesSDK runs the response comparison of one operation.
func testResponseMatchesSDK(t *testing.T, body *atomic.Pointer[string], pair clientPair, m reflect.Method) {
	sdk, lean := pair.sdk, pair.lean
	inType, outType := m.Type.In(1).Elem(), m.Type.Out(0).Elem()
	in := newFiller(1, true).value(inType).Addr() // a valid input, every member set
	t.Run(m.Name, func(t *testing.T) {
		for seed := range uint64(30) {
			sent := newFiller(seed, seed%3 == 0).value(outType).Addr().Interface().(smithy.Serializable)
			text := encodeShape(sent)
			body.Store(&text)
			want, err := callAPI(sdk, m.Name, in)
			if err != nil {
				t.Fatalf("seed %d: SDK: %v", seed, err)
			}
			got, err := callAPI(lean, m.Name, in)
			if err != nil {
				t.Fatalf("seed %d: %v\nbody: %s", seed, err, text)
			}
			if diff := cmp.Diff(want.Interface(), got.Interface(), sdkCmp); diff != "" {
				t.Fatalf("seed %d: output (-sdk +lean):\n%s\nbody: %s", seed, diff, text)
			}
			// The body says what was sent: a check of the test itself.
			if diff := cmp.Diff(sent, want.Interface(), sdkCmp); diff != "" {
				t.Fatalf("seed %d: the SDK does not read back what was sent (-sent +read):\n%s", seed, diff)
			}
		}
	})
}
