package wire

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// getItem is a valid GetItem input.
var getItem = &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}}

// getter is what the SDK's client and ours share for these tests.
type getter interface {
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
}

// failFirst answers the first n requests with status and body, and the
// later ones with an empty success.
func failFirst(n, status int, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, i int) {
		if i%(n+1) < n {
			writeJSON(w, status, body)
			return
		}
		writeJSON(w, 200, "{}")
	}
}

const throttled = `{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}`

// TestRetries checks that both clients make the same attempts, with the
// default retryer (DynamoDB's: four attempts) and with quick ones.
func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		respond  func(http.ResponseWriter, *http.Request, int)
		opts     func(*dynamodb.Options)
		attempts int
		wantErr  string
	}{
		{"throttled twice then served", failFirst(2, 400, throttled), quickRetries, 3, ""},
		{"throttled always", failFirst(100, 400, throttled), quickRetries, 3, "exceeded maximum number of attempts, 3"},
		{"server errors, DynamoDB's four attempts", failFirst(100, 500, `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"boom"}`), func(*dynamodb.Options) {}, 4, "exceeded maximum number of attempts, 4"},
		{"not retryable", failFirst(100, 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"}`), quickRetries, 1, "ResourceNotFoundException: no table"},
		{"one attempt per call option", failFirst(100, 500, `{}`), func(o *dynamodb.Options) { o.RetryMaxAttempts = 1 }, 1, "exceeded maximum number of attempts, 1"},
		{"retry quota spent", failFirst(100, 500, `{}`), func(o *dynamodb.Options) {
			o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
				so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
				so.RateLimiter = ratelimit.NewTokenRateLimit(20) // one retry costs 14
			})
		}, 2, "failed to get rate limit token, retry quota exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeServer(t, tt.respond)
			sdk, lean := clients(srv.URL, tt.opts)
			for _, api := range []getter{sdk, lean} {
				before := srv.count()
				_, err := api.GetItem(t.Context(), getItem)
				if n := srv.count() - before; n != tt.attempts {
					t.Errorf("%T: %d attempts, want %d", api, n, tt.attempts)
				}
				if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
					t.Errorf("%T: error %v, want %q", api, err, tt.wantErr)
				}
			}
		})
	}
}

// TestChecksumMismatchRetried checks that a response whose body does not
// match its X-Amz-Crc32 header is retried, and that a persistent mismatch
// fails with a ChecksumError. (The SDK's client of this version only logs
// the mismatch and returns the damaged response.)
func TestChecksumMismatchRetried(t *testing.T) {
	damaged := func(w http.ResponseWriter) {
		w.Header().Set("X-Amz-Crc32", "12345")
		w.WriteHeader(200)
		w.Write([]byte(`{"Item":{"pk":{"S":"b"}}}`))
	}
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 0 {
			damaged(w)
			return
		}
		writeJSON(w, 200, `{"Item":{"pk":{"S":"a"}}}`)
	})
	_, lean := clients(srv.URL, quickRetries)
	out, err := lean.GetItem(t.Context(), getItem)
	if err != nil || srv.count() != 2 || out.Item["pk"].(*types.AttributeValueMemberS).Value != "a" {
		t.Fatalf("GetItem = %v, %v after %d attempts; want the second answer", out, err, srv.count())
	}

	srv = newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { damaged(w) })
	_, lean = clients(srv.URL, quickRetries)
	_, err = lean.GetItem(t.Context(), getItem)
	var ce *ChecksumError
	if !errors.As(err, &ce) || srv.count() != 3 {
		t.Errorf("GetItem: %v after %d attempts, want a ChecksumError after 3", err, srv.count())
	}

	srv = newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { damaged(w) })
	_, lean = clients(srv.URL, func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true })
	if _, err := lean.GetItem(t.Context(), getItem); err != nil || srv.count() != 1 {
		t.Errorf("checksums disabled: %v after %d attempts, want success at once", err, srv.count())
	}
}

// TestContextEnds checks that a call whose context ends while it waits for
// an answer, or between attempts, fails at once with an error matching the
// context's, as the SDK's does.
func TestContextEnds(t *testing.T) {
	hang := newFakeServer(t, func(_ http.ResponseWriter, r *http.Request, _ int) { <-r.Context().Done() })
	slowRetries := newFakeServer(t, failFirst(100, 500, `{}`))
	tests := []struct {
		name string
		srv  *fakeServer
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"canceled while waiting", hang, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline while waiting", hang, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, context.DeadlineExceeded},
		{"canceled between attempts", slowRetries, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(30*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"canceled before", hang, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sdk, lean := clients(tt.srv.URL, func(o *dynamodb.Options) {
				o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
					so.MaxAttempts = 10
					so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Second, nil })
				})
			})
			for _, api := range []getter{sdk, lean} {
				ctx, cancel := tt.ctx()
				start := time.Now()
				_, err := api.GetItem(ctx, getItem)
				cancel()
				if !errors.Is(err, tt.want) {
					t.Errorf("%T: %v, want an error matching %v", api, err, tt.want)
				}
				if d := time.Since(start); d > 900*time.Millisecond {
					t.Errorf("%T: returned after %v", api, d)
				}
			}
		})
	}
}

// TestClockSkewCorrected checks that a client whose clock is an hour off
// retries a request the server refused for its signing time, signed at the
// server's time, and signs later requests right at once.
func TestClockSkewCorrected(t *testing.T) {
	serverTime := func() time.Time { return time.Now().Add(time.Hour) }
	srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Date", serverTime().UTC().Format(http.TimeFormat))
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if err != nil || signed.Sub(serverTime()).Abs() > 5*time.Minute {
			writeJSON(w, 400, `{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired"}`)
			return
		}
		writeJSON(w, 200, "{}")
	})
	sdk, lean := clients(srv.URL, quickRetries)
	for _, api := range []getter{sdk, lean} {
		before := srv.count()
		if _, err := api.GetItem(t.Context(), getItem); err != nil {
			t.Fatalf("%T: %v", api, err)
		}
		if n := srv.count() - before; n != 2 {
			t.Errorf("%T: %d attempts for the first call, want 2", api, n)
		}
		before = srv.count()
		if _, err := api.GetItem(t.Context(), getItem); err != nil {
			t.Fatalf("%T: %v", api, err)
		}
		if n := srv.count() - before; n != 1 {
			t.Errorf("%T: %d attempts for the second call, want 1", api, n)
		}
	}

	srv = newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Date", serverTime().UTC().Format(http.TimeFormat))
		writeJSON(w, 400, `{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired"}`)
	})
	_, lean = clients(srv.URL, quickRetries, func(o *dynamodb.Options) { o.DisableClockSkewCorrection = true })
	if _, err := lean.GetItem(t.Context(), getItem); err == nil || srv.count() != 1 {
		t.Errorf("skew correction disabled: %v after %d attempts, want a failure at once", err, srv.count())
	}
}

// TestIdempotencyToken checks that TransactWriteItems without a
// ClientRequestToken gets one, kept across retries and set in the input as
// the SDK sets it.
func TestIdempotencyToken(t *testing.T) {
	srv := newFakeServer(t, failFirst(1, 500, `{}`))
	_, lean := clients(srv.URL, quickRetries)
	in := &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String("t"), Item: getItem.Key}}}}
	if _, err := lean.TransactWriteItems(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for _, r := range srv.requests {
		var body struct{ ClientRequestToken string }
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, body.ClientRequestToken)
	}
	if len(tokens) != 2 || tokens[0] != tokens[1] || !uuidPattern.MatchString(tokens[0]) || aws.ToString(in.ClientRequestToken) != tokens[0] {
		t.Errorf("tokens sent %q, input's %q; want one UUID, sent twice and set in the input", tokens, aws.ToString(in.ClientRequestToken))
	}
}

// TestInvalidInputNotSent checks that an attribute value with no data type,
// which the SDK would send as broken JSON, fails before anything is sent.
func TestInvalidInputNotSent(t *testing.T) {
	srv := newFakeServer(t, nil)
	_, lean := clients(srv.URL)
	in := &dynamodb.PutItemInput{TableName: aws.String("t"), Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}, "bad": &types.AttributeValueMemberL{Value: []types.AttributeValue{nil}}}}
	_, err := lean.PutItem(t.Context(), in)
	var se *smithy.SerializationError
	var oe *smithy.OperationError
	if !errors.As(err, &se) || !errors.As(err, &oe) || oe.OperationName != "PutItem" || !strings.Contains(err.Error(), "Item holds an attribute value with no data type") {
		t.Errorf("PutItem: %v, want a serialization error naming Item", err)
	}
	if srv.count() != 0 {
		t.Errorf("%d requests sent", srv.count())
	}
}

// TestAnonymousCredentials checks that requests are sent unsigned without
// credentials, as the SDK sends them.
func TestAnonymousCredentials(t *testing.T) {
	srv := newFakeServer(t, nil)
	sdk, lean := clients(srv.URL, func(o *dynamodb.Options) { o.Credentials = aws.AnonymousCredentials{} })
	for _, api := range []getter{sdk, lean} {
		if _, err := api.GetItem(t.Context(), getItem); err != nil {
			t.Fatal(err)
		}
		if h := srv.last(t).header; h.Get("Authorization") != "" || h.Get("X-Amz-Date") != "" {
			t.Errorf("%T: signed: %v", api, h)
		}
	}
}

// TestCredentialsError checks that a failing credential provider fails the
// call as it fails the SDK's.
func TestCredentialsError(t *testing.T) {
	srv := newFakeServer(t, nil)
	var calls atomic.Int32
	provider := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		calls.Add(1)
		return aws.Credentials{}, errors.New("no credentials here")
	})
	sdk, lean := clients(srv.URL, quickRetries, func(o *dynamodb.Options) { o.Credentials = provider })
	_, want := sdk.GetItem(t.Context(), getItem)
	_, got := lean.GetItem(t.Context(), getItem)
	if got == nil || want == nil || !strings.Contains(got.Error(), "no credentials here") {
		t.Fatalf("errors %v, %v", got, want)
	}
	if got.Error() != want.Error() {
		t.Errorf("error:\n got  %v\n want %v", got, want)
	}
	if srv.count() != 0 {
		t.Errorf("%d requests sent", srv.count())
	}
}

// TestRequestIDOnError checks that the response's request id reaches the
// error.
func TestRequestIDOnError(t *testing.T) {
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Amzn-RequestId", "ABC"+strconv.Itoa(1))
		w.WriteHeader(400)
		w.Write([]byte(`{"__type":"x#ValidationException","message":"m"}`))
	})
	_, lean := clients(srv.URL)
	_, err := lean.GetItem(t.Context(), getItem)
	var re interface{ ServiceRequestID() string }
	if !errors.As(err, &re) || re.ServiceRequestID() != "ABC1" {
		t.Errorf("%v: want request id ABC1", err)
	}
}

// TestRetryAfterHeader checks that X-Amz-Retry-After lengthens the delay
// before the next attempt, as it does for the SDK's client.
func TestRetryAfterHeader(t *testing.T) {
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n%2 == 0 {
			w.Header().Set("X-Amz-Retry-After", "300")
			writeJSON(w, 400, throttled)
			return
		}
		writeJSON(w, 200, "{}")
	})
	sdk, lean := clients(srv.URL, quickRetries)
	for _, api := range []getter{sdk, lean} {
		start := time.Now()
		if _, err := api.GetItem(t.Context(), getItem); err != nil {
			t.Fatalf("%T: %v", api, err)
		}
		if d := time.Since(start); d < 300*time.Millisecond {
			t.Errorf("%T: retried after %v, want the 300 ms the server asked for", api, d)
		}
	}
}
