package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/clienttest"
)

// The durability tests run the real ddb binary on a data directory, load it
// with concurrent writers of every kind (PutItem, conditional UpdateItem
// counters, BatchWriteItem, TransactWriteItems) that record each
// acknowledged write, stop the server in the middle (kill -9, or SIGTERM),
// start it again on the same directory and check what survived.

const durableTable = "durability"

// Counters the writers increment: counterKeys by UpdateItem, txCounter by
// every transaction.
var counterKeys = []string{"counter/0", "counter/1", "counter/2"}

const txCounter = "counter/tx"

// writeLog records the outcome of every write the writers sent.
type writeLog struct {
	mu sync.Mutex
	// acked holds the items whose write was acknowledged, by key, with the
	// value of their "v" attribute.
	acked map[string]string
	// unknown holds the items whose write failed without an answer, which
	// may or may not have been applied.
	unknown map[string]bool
	// counted and uncertain hold, per counter, the increments that were
	// acknowledged and those that failed without an answer.
	counted, uncertain map[string]int
	// txs holds the item pairs of every transaction sent.
	txs [][2]string
	// errs holds unexpected errors: answers from the server that are errors.
	errs []error
	acks atomic.Int64
}

func newWriteLog() *writeLog {
	return &writeLog{acked: map[string]string{}, unknown: map[string]bool{}, counted: map[string]int{}, uncertain: map[string]int{}}
}

// record notes the outcome of one write of items (with their values) that
// increments counters. It returns false if the writer should stop: the
// server did not answer.
func (l *writeLog) record(err error, items map[string]string, counters ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	var api smithy.APIError
	switch {
	case err == nil:
		for k, v := range items {
			l.acked[k] = v
		}
		for _, c := range counters {
			l.counted[c]++
		}
		l.acks.Add(1)
		return true
	case errors.As(err, &api):
		l.errs = append(l.errs, err)
		return false
	}
	for k := range items {
		l.unknown[k] = true
	}
	for _, c := range counters {
		l.uncertain[c]++
	}
	return false
}

// runWriters starts perKind writers of each kind against client, which write
// until a call fails; wait waits for all of them.
func runWriters(client *dynamodb.Client, l *writeLog, perKind int) (wait func()) {
	ctx := context.Background()
	table := aws.String(durableTable)
	var wg sync.WaitGroup
	writer := func(kind string, w int, write func(i int, id string) bool) {
		wg.Go(func() {
			for i := 0; ; i++ {
				if !write(i, fmt.Sprintf("%s/%d/%d", kind, w, i)) {
					return
				}
			}
		})
	}
	for w := range perKind {
		writer("put", w, func(i int, id string) bool {
			_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: table,
				Item: map[string]types.AttributeValue{"pk": av.S(id), "v": av.Int(i)}})
			return l.record(err, map[string]string{id: strconv.Itoa(i)})
		})
		writer("counter", w, func(i int, _ string) bool {
			key := counterKeys[(w+i)%len(counterKeys)]
			_, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: table,
				Key:                       map[string]types.AttributeValue{"pk": av.S(key)},
				UpdateExpression:          aws.String("ADD c :one"),
				ConditionExpression:       aws.String("attribute_not_exists(c) OR c < :limit"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":one": av.Int(1), ":limit": av.Int(1 << 30)}})
			return l.record(err, nil, key)
		})
		writer("batch", w, func(i int, id string) bool {
			items := map[string]string{}
			var reqs []types.WriteRequest
			for k := range 25 {
				key := fmt.Sprintf("%s/%d", id, k)
				items[key] = strconv.Itoa(k)
				reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{
					Item: map[string]types.AttributeValue{"pk": av.S(key), "v": av.Int(k)}}})
			}
			out, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
				RequestItems: map[string][]types.WriteRequest{durableTable: reqs}})
			if err == nil && len(out.UnprocessedItems) > 0 {
				err = fmt.Errorf("unprocessed items: %v", out.UnprocessedItems)
			}
			return l.record(err, items)
		})
		writer("tx", w, func(i int, id string) bool {
			a, b := id+"/a", id+"/b"
			l.mu.Lock()
			l.txs = append(l.txs, [2]string{a, b})
			l.mu.Unlock()
			_, err := client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: table, Item: map[string]types.AttributeValue{"pk": av.S(a), "v": av.Int(i)},
					ConditionExpression: aws.String("attribute_not_exists(pk)")}},
				{Put: &types.Put{TableName: table, Item: map[string]types.AttributeValue{"pk": av.S(b), "v": av.Int(i)}}},
				{Update: &types.Update{TableName: table, Key: map[string]types.AttributeValue{"pk": av.S(txCounter)},
					UpdateExpression: aws.String("ADD c :one"), ExpressionAttributeValues: map[string]types.AttributeValue{":one": av.Int(1)}}},
			}})
			return l.record(err, map[string]string{a: strconv.Itoa(i), b: strconv.Itoa(i)}, txCounter)
		})
	}
	return wg.Wait
}

// createDurableTable creates the table the writers use.
func createDurableTable(t *testing.T, client *dynamodb.Client) {
	t.Helper()
	_, err := client.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String(durableTable),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
}

// loadUntil writes to server until at least minAcks writes were
// acknowledged and minTime has passed, then calls stop (which ends the
// server) and waits for the writers, who stop at their first failed call.
func loadUntil(t *testing.T, server *clienttest.Server, l *writeLog, stop func()) {
	t.Helper()
	const minAcks, minTime, maxTime = 300, 700 * time.Millisecond, 20 * time.Second
	wait := runWriters(server.Client(), l, 2)
	start := time.Now()
	for l.acks.Load() < minAcks || time.Since(start) < minTime {
		if time.Since(start) > maxTime {
			t.Errorf("only %d writes acknowledged in %v", l.acks.Load(), maxTime)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	wait()
	for _, err := range l.errs {
		t.Errorf("write failed with an answer: %v", err)
	}
	t.Logf("%d writes acknowledged; %d items and %d counter increments unknown", l.acks.Load(), len(l.unknown), sum(l.uncertain))
}

func sum(m map[string]int) int {
	total := 0
	for _, v := range m {
		total += v
	}
	return total
}

// scanAll returns every item of the durability table: the "v" attribute of
// items, and the "c" attribute of counters.
func scanAll(t *testing.T, client *dynamodb.Client) map[string]string {
	t.Helper()
	got := map[string]string{}
	p := dynamodb.NewScanPaginator(client, &dynamodb.ScanInput{TableName: aws.String(durableTable), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			pk := item["pk"].(*types.AttributeValueMemberS).Value
			for _, name := range []string{"v", "c"} {
				if v, ok := item[name].(*types.AttributeValueMemberN); ok {
					got[pk] = v.Value
				}
			}
		}
	}
	return got
}

// check compares the table after a restart with the log. exact says that
// every write was either acknowledged or not applied at all (a graceful
// stop); otherwise unanswered writes may or may not be there.
func (l *writeLog) check(t *testing.T, got map[string]string, exact bool) {
	t.Helper()
	for k, v := range l.acked {
		if got[k] != v {
			t.Errorf("acknowledged item %s: v = %q after restart, want %q", k, got[k], v)
		}
	}
	counters := append([]string{txCounter}, counterKeys...)
	for k := range got {
		if _, ok := l.acked[k]; !ok && !l.unknown[k] && !strings.HasPrefix(k, "counter/") {
			t.Errorf("item %s is in the table but was never written", k)
		} else if exact && !ok && !strings.HasPrefix(k, "counter/") {
			t.Errorf("item %s is in the table but its write got no answer", k)
		}
	}
	for _, c := range counters {
		value, _ := strconv.Atoi(got[c])
		lo, hi := l.counted[c], l.counted[c]+l.uncertain[c]
		if exact {
			hi = lo
		}
		if value < lo || value > hi {
			t.Errorf("counter %s = %d after restart, want %d..%d", c, value, lo, hi)
		}
	}
	for _, tx := range l.txs {
		_, a := got[tx[0]]
		_, b := got[tx[1]]
		if a != b {
			t.Errorf("transaction half applied: %s present %v, %s present %v", tx[0], a, tx[1], b)
		}
	}
}

func TestKillDuringWritesKeepsAcknowledgedWrites(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	dir := t.TempDir()
	server := clienttest.Serve(t, bin, "--data", dir)
	createDurableTable(t, server.Client())
	l := newWriteLog()
	loadUntil(t, server, l, func() { server.Kill(t) })

	restarted := clienttest.Serve(t, bin, "--data", dir)
	l.check(t, scanAll(t, restarted.Client()), false)
}

func TestTerminateDuringWritesFinishesRequestsInFlight(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	dir := t.TempDir()
	server := clienttest.Serve(t, bin, "--data", dir)
	createDurableTable(t, server.Client())
	l := newWriteLog()
	loadUntil(t, server, l, func() { server.Terminate(t, 30*time.Second) })
	if out := server.Output(); !strings.Contains(out, "msg=stopped") {
		t.Errorf("ddb serve did not stop cleanly:\n%s", out)
	}

	restarted := clienttest.Serve(t, bin, "--data", dir)
	l.check(t, scanAll(t, restarted.Client()), true)
}

// TestRetryAfterKillIsIdempotent kills ddb serve after a transaction with
// a ClientRequestToken is answered, as a crash before the answer reaches
// the client would, and retries it on the restarted server: the token
// holds (AWS: "multiple identical calls have the same effect as one single
// call" for 10 minutes), so the counter is incremented once, and the token
// reused with other parameters is refused.
func TestRetryAfterKillIsIdempotent(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	dir := t.TempDir()
	server := clienttest.Serve(t, bin, "--data", dir)
	createDurableTable(t, server.Client())
	ctx := context.Background()
	in := &dynamodb.TransactWriteItemsInput{
		ClientRequestToken: aws.String("retried-after-a-crash"),
		TransactItems: []types.TransactWriteItem{{Update: &types.Update{TableName: aws.String(durableTable),
			Key: map[string]types.AttributeValue{"pk": av.S(txCounter)}, UpdateExpression: aws.String("ADD n :one"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":one": av.N("1")}}}},
	}
	if _, err := server.Client().TransactWriteItems(ctx, in); err != nil {
		t.Fatal(err)
	}
	server.Kill(t)

	client := clienttest.Serve(t, bin, "--data", dir).Client()
	if _, err := client.TransactWriteItems(ctx, in); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	got, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(durableTable),
		Key: map[string]types.AttributeValue{"pk": av.S(txCounter)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := got.Item["n"].(*types.AttributeValueMemberN); n == nil || n.Value != "1" {
		t.Errorf("counter after the retry = %v, want 1", got.Item["n"])
	}
	other := *in
	other.TransactItems = []types.TransactWriteItem{{Delete: &types.Delete{TableName: aws.String(durableTable),
		Key: map[string]types.AttributeValue{"pk": av.S(txCounter)}}}}
	if _, err := client.TransactWriteItems(ctx, &other); !errors.As(err, new(*types.IdempotentParameterMismatchException)) {
		t.Errorf("the token reused with other parameters: %v, want IdempotentParameterMismatchException", err)
	}
}
