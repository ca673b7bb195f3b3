package server

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/private/requestcompression"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

func gzipped(parts ...string) []byte {
	var b bytes.Buffer
	for _, p := range parts { // concatenated members
		w := gzip.NewWriter(&b)
		io.WriteString(w, p)
		w.Close()
	}
	return b.Bytes()
}

func deflated(parts ...string) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		w := zlib.NewWriter(&b)
		io.WriteString(w, p)
		w.Close()
	}
	return b.Bytes()
}

// plainClient sends requests as they are: no Accept-Encoding added, no
// answer decompressed.
var plainClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// rawPost sends a GetItem request with a body and extra headers and
// returns the answer, its body read as sent.
func rawPost(t *testing.T, url string, body []byte, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", targetPrefix+"GetItem")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	req.Header.Set("Authorization", testAuth)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := plainClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, got
}

// Request bodies may be sent gzipped or deflated (zlib), as DynamoDB
// accepts them; the backend receives the decoded request.
func TestCompressedRequests(t *testing.T) {
	const body = `{"TableName":"compressed"}`
	tests := []struct {
		name, encoding string
		body           []byte
	}{
		{"gzip", "gzip", gzipped(body)},
		{"x-gzip", "x-gzip", gzipped(body)},
		{"case", "GZip", gzipped(body)},
		{"deflate", "deflate", deflated(body)},
		{"gzip members concatenated", "gzip", gzipped(body[:10], body[10:])},
		{"identity", "identity", []byte(body)},
		{"two codings, in the order applied", "deflate, gzip", gzipped(string(deflated(body)))},
		{"identity among codings", "gzip,identity", gzipped(body)},
	}
	for name, start := range transports {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				f := &fake{out: &dynamodb.GetItemOutput{}}
				url := start(t, New(f))
				resp, got := rawPost(t, url, tt.body, "Content-Encoding", tt.encoding)
				if resp.StatusCode != http.StatusOK || string(got) != "{}" {
					t.Fatalf("status %d, body %s", resp.StatusCode, got)
				}
				if in, _ := f.in.(*dynamodb.GetItemInput); in == nil || *in.TableName != "compressed" {
					t.Fatalf("backend received %#v", f.in)
				}
			})
		}
	}
}

// A body that cannot be decoded is answered as DynamoDB answers it: an
// internal server error (500), and the operation is not run. A decoded
// body over DynamoDB's request limit is answered 413, however small it was
// sent, and decoding stops at the limit.
func TestCompressedRequestErrors(t *testing.T) {
	const body = `{"TableName":"compressed"}`
	internal := func(msg string) string {
		return `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"The request body could not be decoded: ` + msg + `"}`
	}
	badChecksum := deflated(body)
	badChecksum[len(badChecksum)-1] ^= 0xff
	bomb := gzipped(`{"TableName":"t","Key":{"pk":{"S":"` + strings.Repeat(" ", MaxRequestBytes) + `"}}}`)
	tests := []struct {
		name, encoding string
		body           []byte
		status         int
		want           string
	}{
		{"empty gzip", "gzip", nil, 500, internal("gzip: the data ends early")},
		{"empty deflate", "deflate", nil, 500, internal("deflate: the data ends early")},
		{"truncated gzip", "gzip", gzipped(body)[:20], 500, internal("gzip: the data ends early")},
		{"gzip without its trailer", "gzip", func() []byte { b := gzipped(body); return b[:len(b)-1] }(), 500, internal("gzip: the data ends early")},
		{"truncated deflate", "deflate", deflated(body)[:10], 500, internal("deflate: the data ends early")},
		{"not gzip", "gzip", []byte(body), 500, internal("gzip: invalid header")},
		{"not deflate", "deflate", []byte(body), 500, internal("deflate: invalid header")},
		{"data after gzip", "gzip", append(gzipped(body), "not a gzip member"...), 500, internal("gzip: invalid header")},
		{"deflate streams concatenated", "deflate", deflated(body[:10], body[10:]), 500, internal("deflate: data after the end of the stream")},
		{"bad checksum", "deflate", badChecksum, 500, internal("deflate: invalid checksum")},
		{"unknown coding", "br", []byte(body), 500, internal(`unsupported Content-Encoding \"br\"`)},
		{"unknown coding among others", "gzip, garbage", gzipped(body), 500, internal(`unsupported Content-Encoding \"garbage\"`)},
		{"over the request limit once decoded", "gzip", bomb, 413, ""},
	}
	for _, tt := range tests {
		for name, start := range transports {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				f := &fake{out: &dynamodb.GetItemOutput{}}
				url := start(t, New(f, WithLogger(slog.New(slog.DiscardHandler))))
				resp, got := rawPost(t, url, tt.body, "Content-Encoding", tt.encoding)
				if resp.StatusCode != tt.status || string(got) != tt.want {
					t.Errorf("status %d, body %s; want %d, %s", resp.StatusCode, got, tt.status, tt.want)
				}
				if f.in != nil {
					t.Errorf("the backend was called with %#v", f.in)
				}
			})
		}
	}
	if len(bomb) > 64<<10 {
		t.Fatalf("the test's bomb is %d bytes compressed", len(bomb))
	}
}

// Decoding a compressed body never holds more than the limit: a body that
// decompresses to 16 times the limit costs about twice the limit's memory.
func TestDecodeContentBounded(t *testing.T) {
	member := gzipped(string(make([]byte, 1<<20))) // a megabyte of zeros in about a kilobyte
	bomb := bytes.Repeat(member, 16*MaxRequestBytes>>20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := call{body: bomb, contentEncoding: "gzip"}
	_, err := decodeContent(&c, nil, MaxRequestBytes, nil)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errBodyTooLarge) {
		t.Fatalf("decoding %d MB: %v, want errBodyTooLarge", 16*MaxRequestBytes>>20, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*MaxRequestBytes {
		t.Errorf("decoding allocated %d MB for a limit of %d MB", alloc>>20, MaxRequestBytes>>20)
	}
}

// A decoded body counts against the server's body budget as it grows: over
// what is free, the request is answered 503 (which SDKs retry); over the
// whole budget, which it could never fit in, 413.
func TestDecodeContentBudget(t *testing.T) {
	f := &fake{out: &dynamodb.GetItemOutput{}}
	s := New(f, WithLimits(Limits{MaxBodyBytes: 1 << 20}), WithLogger(slog.New(slog.DiscardHandler)))
	url := startLoop(t, s)
	tooLarge := gzipped(`{"TableName":"t","Key":{"pk":{"S":"` + strings.Repeat("x", 2<<20) + `"}}}`)
	if resp, got := rawPost(t, url, tooLarge, "Content-Encoding", "gzip"); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body decoding to twice the budget: status %d, body %s; want 413", resp.StatusCode, got)
	}
	// A client holds half the budget with a body it has announced.
	holder := dial(t, url)
	io.WriteString(holder, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n"+
		"Content-Type: application/x-amz-json-1.0\r\nContent-Length: "+strconv.Itoa(512<<10)+"\r\n\r\n{")
	for s.bodies.used.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	busy := gzipped(`{"TableName":"t","Key":{"pk":{"S":"` + strings.Repeat("x", 600<<10) + `"}}}`)
	resp, got := rawPost(t, url, busy, "Content-Encoding", "gzip")
	if resp.StatusCode != http.StatusServiceUnavailable || !bytes.Contains(got, []byte("ServiceUnavailable")) {
		t.Errorf("a body decoding to more than is free: status %d, body %s; want 503 ServiceUnavailable", resp.StatusCode, got)
	}
	if f.in != nil {
		t.Errorf("the backend was called")
	}
	holder.Close()
	for deadline := time.Now().Add(5 * time.Second); s.bodies.used.Load() != 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d bytes of the budget still held", s.bodies.used.Load())
		}
	}
}

// Answers of 4 KB or more are gzipped for a client that accepts gzip, with
// x-amz-crc32 over the bytes sent (the compressed ones), as DynamoDB does
// and as the SDKs check; smaller answers, and answers to other clients, are
// sent as they are.
func TestCompressedAnswers(t *testing.T) {
	big := av.Item{"pk": av.S("a"), "v": av.S(strings.Repeat("abcdefgh", 1000))}
	small := av.Item{"pk": av.S("a")}
	tests := []struct {
		name, accept string
		item         av.Item
		gzipped      bool
	}{
		{"large, gzip accepted", "gzip", big, true},
		{"large, among others", "deflate, gzip;q=0.5, br", big, true},
		{"large, any coding", "*", big, true},
		{"large, x-gzip", "x-gzip", big, true},
		{"large, not asked", "", big, false},
		{"large, identity", "identity", big, false},
		{"large, gzip refused", "gzip;q=0, *", big, false},
		{"large, any but gzip", "*, gzip;q=0", big, false},
		{"small", "gzip", small, false},
	}
	for _, tt := range tests {
		for name, start := range transports {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				f := &fake{out: &dynamodb.GetItemOutput{Item: tt.item}}
				url := start(t, New(f))
				_, plain := rawPost(t, url, []byte(`{"TableName":"t"}`))
				resp, got := rawPost(t, url, []byte(`{"TableName":"t"}`), "Accept-Encoding", tt.accept)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d: %s", resp.StatusCode, got)
				}
				if crc := strconv.FormatUint(uint64(crc32.ChecksumIEEE(got)), 10); resp.Header.Get("x-amz-crc32") != crc {
					t.Errorf("x-amz-crc32 %s, want %s, the CRC of the bytes sent", resp.Header.Get("x-amz-crc32"), crc)
				}
				if resp.Header.Get("Content-Length") != strconv.Itoa(len(got)) {
					t.Errorf("Content-Length %s for %d bytes", resp.Header.Get("Content-Length"), len(got))
				}
				encoding := resp.Header.Get("Content-Encoding")
				if !tt.gzipped {
					if encoding != "" || len(got) != len(plain) {
						t.Fatalf("Content-Encoding %q, body %.80s; want the plain answer", encoding, got)
					}
					if diff := cmp.Diff(canonicalJSON(t, plain), canonicalJSON(t, got)); diff != "" {
						t.Errorf("answer differs from the plain one:\n%s", diff)
					}
					return
				}
				if encoding != "gzip" {
					t.Fatalf("Content-Encoding %q, want gzip", encoding)
				}
				zr, err := gzip.NewReader(bytes.NewReader(got))
				if err != nil {
					t.Fatal(err)
				}
				unzipped, err := io.ReadAll(zr)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(canonicalJSON(t, plain), canonicalJSON(t, unzipped)); diff != "" {
					t.Errorf("decompressed answer differs from the plain one:\n%s", diff)
				}
				if len(got) >= len(plain) {
					t.Errorf("compressed to %d bytes from %d", len(got), len(plain))
				}
			})
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for accept, want := range map[string]bool{
		"":                      false,
		"gzip":                  true,
		"GZIP":                  true,
		"x-gzip":                true,
		"identity":              false,
		"deflate, br":           false,
		"gzip;q=0":              false,
		"gzip; q=0.000":         false,
		"gzip;q=0.1":            true,
		"gzip;q=abc":            false,
		"*":                     true,
		"*;q=0":                 false,
		"*, gzip;q=0":           false,
		"gzip;q=0, *":           false,
		"br;q=1.0, gzip;q=0.8":  true,
		" gzip , deflate ":      true,
		"identity;q=1, *;q=0.5": true,
	} {
		if got := acceptsGzip(accept); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", accept, got, want)
		}
	}
}

// FuzzDecodeContent decodes arbitrary bytes as gzip and deflate bodies:
// decoding never panics, never holds more than the limit, and fails only
// with an error of the protocol; what a compressor wrote decodes back.
func FuzzDecodeContent(f *testing.F) {
	f.Add(gzipped(`{"TableName":"t"}`), "gzip")
	f.Add(deflated(`{"TableName":"t"}`), "deflate")
	f.Add(gzipped(`{"a":`, `1}`), "gzip")
	f.Add(gzipped(string(deflated("x"))), "deflate, gzip")
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, "gzip")
	f.Fuzz(func(t *testing.T, data []byte, encoding string) {
		const limit = 1 << 10
		c := call{body: data, contentEncoding: encoding}
		reserved := 0
		buf, err := decodeContent(&c, nil, limit, func(n int) error { reserved += n; return nil })
		if len(buf) > limit+1 || reserved > 2*limit+(4<<10) {
			t.Fatalf("decoded %d bytes, reserved %d, over the %d-byte limit", len(buf), reserved, limit)
		}
		var api interface{ ErrorCode() string }
		if err != nil && !errors.Is(err, errBodyTooLarge) && !errors.As(err, &api) {
			t.Fatalf("error %v is neither an API error nor errBodyTooLarge", err)
		}
		if err == nil && len(c.body) <= limit {
			// What decodes must be what a compressor of the decoded bytes
			// would send, decoded again.
			again := call{body: gzipped(string(c.body)), contentEncoding: "gzip"}
			if _, err := decodeContent(&again, nil, limit, nil); err != nil || !bytes.Equal(again.body, c.body) {
				t.Fatalf("round trip: %v", err)
			}
		}
	})
}

// recordingLogger keeps what the SDK logs: it warns, rather than fails,
// when an answer's x-amz-crc32 does not match its bytes.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(c)+": "+fmt.Sprintf(format, v...))
}

// countingTransport counts the requests sent with a gzipped body.
type countingTransport struct{ n *atomic.Int64 }

func (c countingTransport) Do(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Content-Encoding") == "gzip" {
		c.n.Add(1)
	}
	return http.DefaultClient.Do(req)
}

// aws-sdk-go-v2 with request compression (the SDK's gzip middleware, which
// DynamoDB's model does not turn on by itself) and compressed answers
// (EnableAcceptEncodingGzip) reads and writes the engine through the
// server, signatures verified over the compressed bodies, and finds every
// answer's checksum right.
func TestSDKCompression(t *testing.T) {
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := &recordingLogger{}
	var compressed, sentCompressed atomic.Int64
	client := dynamodb.New(dynamodb.Options{
		HTTPClient:               countingTransport{&sentCompressed},
		BaseEndpoint:             aws.String(startLoop(t, New(db, WithAuth(map[string]string{"AKID": "SECRET"})))),
		Region:                   "us-east-1",
		Credentials:              credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RetryMaxAttempts:         1,
		EnableAcceptEncodingGzip: true,
		Logger:                   log,
		APIOptions: []func(*middleware.Stack) error{
			sdkrace.Fix,
			func(s *middleware.Stack) error {
				return requestcompression.AddRequestCompression(s, false, 0, []string{requestcompression.GZIP})
			},
			func(s *middleware.Stack) error { // counts the answers sent gzipped
				return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("count", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
					out, md, err := next.HandleDeserialize(ctx, in)
					if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp.Header.Get("Content-Encoding") == "gzip" {
						compressed.Add(1)
					}
					return out, md, err
				}), middleware.After)
			},
		},
	})
	ctx := context.Background()
	if _, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("compressed"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	}); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(41, 42))
	items := map[string]av.Item{}
	for i := range 20 {
		item := av.Random(r, 6, 2)
		item["pk"] = av.S(strconv.Itoa(i))
		item["big"] = av.S(strings.Repeat("compressible ", 100*i)) // up to 25 KB
		items[strconv.Itoa(i)] = item
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("compressed"), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	for pk, want := range items {
		out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("compressed"), Key: av.Item{"pk": av.S(pk)}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("compressed"), Key: av.Item{"pk": av.S(pk)}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got.Item, out.Item, ignoreUnexported); diff != "" || len(out.Item) != len(want) {
			t.Fatalf("item %s through the server differs from the engine's (-engine +server):\n%s", pk, diff)
		}
	}
	scan, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("compressed")})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	if len(scan.Items) != len(items) {
		t.Fatalf("scan: %d items, want %d", len(scan.Items), len(items))
	}
	if sentCompressed.Load() < int64(2*len(items)) {
		t.Errorf("%d requests were sent gzipped; want all", sentCompressed.Load())
	}
	if compressed.Load() < 10 {
		t.Errorf("%d answers came gzipped; want the large ones (10 or more)", compressed.Load())
	}
	for _, line := range log.lines {
		t.Errorf("the SDK logged: %s", line)
	}
}
