package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/clienttest"
)

// hotCounter is the item every writer of the contended test increments.
const hotCounter = "counter/hot"

// TestKillDuringContendedWritesKeepsEveryIncrement runs 16 writers that
// all increment one counter (each increment answers the value it made)
// and put items of their own, kills the server with SIGKILL, and checks
// the restarted server against the answers: every acknowledged increment
// and item is there, and nothing that was never sent. Writers of one item
// share fsyncs (group commit), each reading the increment before it while
// that is not yet durable; a crash must still keep exactly what was
// acknowledged.
func TestKillDuringContendedWritesKeepsEveryIncrement(t *testing.T) {
	const writers, minAcks, minTime, maxTime = 16, 400, 700 * time.Millisecond, 20 * time.Second
	bin := clienttest.BuildDDB(t)
	dir := t.TempDir()
	server := clienttest.Serve(t, bin, "--data", dir)
	createDurableTable(t, server.Client())

	var (
		mu       sync.Mutex
		values   []int // the counter values acknowledged increments made
		items    = map[string]bool{}
		unknown  int     // increments sent that got no answer
		answered []error // errors the server answered
		acks     int
	)
	client := server.Client()
	table := aws.String(durableTable)
	ctx := context.Background()
	// fate records a call's outcome; it returns false once the server
	// stopped answering.
	fate := func(err error, ok func()) bool {
		mu.Lock()
		defer mu.Unlock()
		var api smithy.APIError
		switch {
		case err == nil:
			ok()
			acks++
			return true
		case errors.As(err, &api):
			answered = append(answered, err)
		}
		return false
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := 0; ; i++ {
				out, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: table,
					Key:                       map[string]types.AttributeValue{"pk": av.S(hotCounter)},
					UpdateExpression:          aws.String("ADD c :one"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":one": av.Int(1)},
					ReturnValues:              types.ReturnValueUpdatedNew})
				if !fate(err, func() {
					n, _ := strconv.Atoi(out.Attributes["c"].(*types.AttributeValueMemberN).Value)
					values = append(values, n)
				}) {
					mu.Lock()
					unknown++
					mu.Unlock()
					return
				}
				id := fmt.Sprintf("hot/%d/%d", w, i)
				_, err = client.PutItem(ctx, &dynamodb.PutItemInput{TableName: table,
					Item: map[string]types.AttributeValue{"pk": av.S(id), "v": av.Int(i)}})
				if !fate(err, func() { items[id] = true }) {
					return
				}
			}
		})
	}
	start := time.Now()
	for {
		mu.Lock()
		n := acks
		mu.Unlock()
		if n >= minAcks && time.Since(start) >= minTime {
			break
		}
		if time.Since(start) > maxTime {
			t.Errorf("only %d writes acknowledged in %v", n, maxTime)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	server.Kill(t)
	wg.Wait()
	for _, err := range answered {
		t.Errorf("write failed with an answer: %v", err)
	}

	restarted := clienttest.Serve(t, bin, "--data", dir)
	got := scanAll(t, restarted.Client())
	slices.Sort(values)
	if dup := slices.Compact(slices.Clone(values)); len(dup) != len(values) {
		t.Errorf("two acknowledged increments answered the same value: %d answers, %d distinct", len(values), len(dup))
	}
	c, _ := strconv.Atoi(got[hotCounter])
	if len(values) > 0 && c < values[len(values)-1] {
		t.Errorf("counter = %d after restart, but an increment to %d was acknowledged", c, values[len(values)-1])
	}
	if c > len(values)+unknown {
		t.Errorf("counter = %d after restart: more than the %d acknowledged and %d unanswered increments", c, len(values), unknown)
	}
	for id := range items {
		if _, ok := got[id]; !ok {
			t.Errorf("acknowledged item %s is missing after restart", id)
		}
	}
	t.Logf("%d increments acknowledged (counter %d after restart, %d unanswered), %d items", len(values), c, unknown, len(items))
}
