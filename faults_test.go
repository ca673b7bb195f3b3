package ddb_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// fastRetryer is the SDK's standard retryer (which retries throttling and
// 5xx answers) with the given attempts, a millisecond apart, so that tests
// of recovery take no time.
func fastRetryer(attempts int) aws.Retryer {
	return retry.AddWithMaxBackoffDelay(retry.AddWithMaxAttempts(retry.NewStandard(), attempts), time.Millisecond)
}

// addFault adds a fault rule or fails the test.
func addFault(t *testing.T, b testbackend.FaultBackend, r engine.Rule) {
	t.Helper()
	if _, err := b.Faults.Add(r); err != nil {
		t.Fatal(err)
	}
}

// docsNamed returns the Docs of folder f named 0..n-1, and their keys.
func docsNamed(f string, n int) ([]Doc, []ddb.ItemKey) {
	docs := make([]Doc, n)
	keys := make([]ddb.ItemKey, n)
	for i := range n {
		docs[i] = Doc{Folder: f, Name: fmt.Sprintf("%03d", i), Body: "body " + fmt.Sprint(i)}
		keys[i] = ddb.Key(f, docs[i].Name)
	}
	return docs, keys
}

// TestBatchesRecoverFromFaults injects throttling, 500s and partial batches
// and checks that batches recover: the library resends what DynamoDB left
// unprocessed, and the client's retryer (the SDK's over HTTP, the engine's
// in process) retries the errors.
func TestBatchesRecoverFromFaults(t *testing.T) {
	for _, b := range testbackend.Faulty(t, fastRetryer(5)) {
		t.Run(b.Name, func(t *testing.T) {
			docs := newDocs(t, b.DB())
			t.Cleanup(b.Faults.Clear) // before the table is deleted
			table := docs.Name()
			want, keys := docsNamed("f", 60) // three BatchWriteItem requests

			// Items of the first request stay unprocessed for three calls
			// (one of them in the second request's place), the second call
			// is throttled, and a seeded third of the calls fail with a 500.
			addFault(t, b, engine.Rule{Operation: "BatchWriteItem", Table: table,
				Key: map[string]types.AttributeValue{"name": &types.AttributeValueMemberS{Value: "003"}},
				To:  3, Fault: engine.Fault{Unprocessed: true}})
			addFault(t, b, engine.Rule{Operation: "BatchWriteItem", From: 2, To: 2, Fault: engine.Fault{Error: engine.CodeProvisionedThroughputExceeded}})
			addFault(t, b, engine.Rule{Operation: "BatchWriteItem", Probability: 0.3, Seed: 2, Fault: engine.Fault{Error: engine.CodeInternalServerError}})
			if err := docs.BatchWrite().Put(want...).Run(t.Context()); err != nil {
				t.Fatalf("BatchWrite: %v", err)
			}

			// Half the keys stay unprocessed for two calls, and the first
			// call is throttled.
			addFault(t, b, engine.Rule{Operation: "BatchGetItem", Table: table,
				Key: map[string]types.AttributeValue{"folder": &types.AttributeValueMemberS{Value: "f"}, "name": &types.AttributeValueMemberS{Value: "010"}},
				To:  2, Fault: engine.Fault{Unprocessed: true}})
			addFault(t, b, engine.Rule{Operation: "BatchGetItem", To: 1, Fault: engine.Fault{Error: engine.CodeThrottling}})
			got, err := docs.BatchGet(t.Context(), keys)
			if err != nil {
				t.Fatalf("BatchGet: %v", err)
			}
			slices.SortFunc(got, func(a, b Doc) int { return strings.Compare(a.Name, b.Name) })
			if !slices.Equal(want, got) {
				t.Errorf("BatchGet read %d docs, want the %d written", len(got), len(want))
			}

			// Every rule fired, so the recovery above was real.
			for _, r := range b.Faults.List() {
				if r.Hits == 0 {
					t.Errorf("rule %d (%s, %+v) never fired", r.ID, r.Operation, r.Fault)
				}
			}
		})
	}
}

// TestBatchWriteStalledItem checks that a batch with an item DynamoDB never
// processes fails, having written the others: resent alone, the item is a
// batch none of which is processed, which DynamoDB throttles, until the
// client's retries are spent.
func TestBatchWriteStalledItem(t *testing.T) {
	for _, b := range testbackend.Faulty(t, fastRetryer(5)) {
		t.Run(b.Name, func(t *testing.T) {
			docs := newDocs(t, b.DB())
			t.Cleanup(b.Faults.Clear)
			want, keys := docsNamed("g", 3)
			addFault(t, b, engine.Rule{Operation: "BatchWriteItem",
				Key: map[string]types.AttributeValue{"name": &types.AttributeValueMemberS{Value: "001"}}, Fault: engine.Fault{Unprocessed: true}})
			err := docs.BatchWrite().Put(want...).Run(t.Context())
			var ptee *types.ProvisionedThroughputExceededException
			if !errors.As(err, &ptee) {
				t.Fatalf("BatchWrite with an item never processed: %v, want ProvisionedThroughputExceededException", err)
			}
			b.Faults.Clear()
			got, err := docs.BatchGet(t.Context(), keys)
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(got, func(a, b Doc) int { return strings.Compare(a.Name, b.Name) })
			if wantDocs := []Doc{want[0], want[2]}; !slices.Equal(wantDocs, got) {
				t.Errorf("after the failed batch: %v, want %v", got, wantDocs)
			}
		})
	}
}

// TestWritesRecoverFromThrottling checks single-item calls through throttling
// and 500s, and that an error outlasting the retries reaches the caller as
// the SDK reports it.
func TestWritesRecoverFromThrottling(t *testing.T) {
	for _, b := range testbackend.Faulty(t, fastRetryer(3)) {
		t.Run(b.Name, func(t *testing.T) {
			docs := newDocs(t, b.DB())
			t.Cleanup(b.Faults.Clear)
			addFault(t, b, engine.Rule{Operation: "PutItem", To: 1, Fault: engine.Fault{Error: engine.CodeRequestLimitExceeded}})
			addFault(t, b, engine.Rule{Operation: "PutItem", To: 1, Fault: engine.Fault{Error: engine.CodeInternalServerError}})
			doc := Doc{Folder: "h", Name: "a"}
			if err := docs.Put(t.Context(), doc); err != nil {
				t.Fatalf("Put through a throttle and a 500: %v", err)
			}
			b.Faults.Clear()
			addFault(t, b, engine.Rule{Operation: "GetItem", Fault: engine.Fault{Error: engine.CodeProvisionedThroughputExceeded}})
			_, err := docs.Get(t.Context(), ddb.Key("h", "a"))
			var ptee *types.ProvisionedThroughputExceededException
			var spent *retry.MaxAttemptsError
			if !errors.As(err, &ptee) || !errors.As(err, &spent) || spent.Attempt != 3 {
				t.Errorf("Get throttled on every attempt: %v, want ProvisionedThroughputExceededException after 3 attempts", err)
			}
		})
	}
}
