package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/clienttest"
)

// versioned is an item of the stream durability test: each writer puts
// increasing versions of its own keys.
type versioned struct {
	PK string `ddb:"pk,hash"`
	V  int    `ddb:"v"`
}

// versionLog records, per key, the versions whose put was acknowledged and
// those that got no answer.
type versionLog struct {
	mu      sync.Mutex
	acked   map[string]map[int]bool
	unknown map[string]map[int]bool
	errs    []error
	acks    atomic.Int64
}

func (l *versionLog) record(key string, v int, err error) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	var api smithy.APIError
	switch {
	case err == nil:
		l.acked[key][v] = true
		l.acks.Add(1)
		return true
	case errors.As(err, &api):
		l.errs = append(l.errs, err)
	default:
		l.unknown[key][v] = true
	}
	return false
}

// TestKillKeepsStreamRecordsOfAcknowledgedWrites kills ddb serve under
// writers while a consumer reads the stream, restarts it, and reads the
// whole stream: it holds exactly one record per acknowledged write (and
// perhaps the unanswered ones), each key's versions in order, and every
// record the consumer saw before the crash.
func TestKillKeepsStreamRecordsOfAcknowledgedWrites(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	dir := t.TempDir()
	server := clienttest.Serve(t, bin, "--data", dir)
	ctx := context.Background()
	_, err := server.Client().CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(durableTable),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
		StreamSpecification:  &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage},
	})
	if err != nil {
		t.Fatal(err)
	}

	const writers, keysPerWriter = 6, 4
	l := &versionLog{acked: map[string]map[int]bool{}, unknown: map[string]map[int]bool{}}
	var wg sync.WaitGroup
	for w := range writers {
		for k := range keysPerWriter {
			key := fmt.Sprintf("w%d/k%d", w, k)
			l.acked[key], l.unknown[key] = map[int]bool{}, map[int]bool{}
		}
		wg.Go(func() {
			client := server.Client()
			for v := 1; ; v++ {
				key := fmt.Sprintf("w%d/k%d", w, v%keysPerWriter)
				_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(durableTable),
					Item: map[string]types.AttributeValue{"pk": av.S(key), "v": av.N(fmt.Sprint(v))}})
				if !l.record(key, v, err) {
					return
				}
			}
		})
	}
	// A consumer reads the stream while the writers run.
	seen := map[string]versioned{} // by sequence number
	var seenMu sync.Mutex
	readerCtx, stopReader := context.WithCancel(ctx)
	var reader sync.WaitGroup
	reader.Go(func() {
		db, err := ddb.Open(readerCtx, server.Endpoint)
		if err != nil {
			t.Error(err)
			return
		}
		table, _ := ddb.NewTable[versioned](db, durableTable)
		for c, err := range table.Changes(readerCtx, ddb.Position{}, ddb.PollInterval(5*time.Millisecond)) {
			if err != nil {
				return // the server was killed
			}
			seenMu.Lock()
			seen[c.Sequence] = *c.New
			seenMu.Unlock()
		}
	})

	start := time.Now()
	for l.acks.Load() < 300 || time.Since(start) < 700*time.Millisecond {
		if time.Since(start) > 20*time.Second {
			t.Errorf("only %d writes acknowledged", l.acks.Load())
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	server.Kill(t)
	wg.Wait()
	stopReader()
	reader.Wait()
	for _, err := range l.errs {
		t.Errorf("write failed with an answer: %v", err)
	}

	restarted := clienttest.Serve(t, bin, "--data", dir)
	db, err := ddb.Open(ctx, restarted.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	table, _ := ddb.NewTable[versioned](db, durableTable)
	got := map[string][]int{}
	bySeq := map[string]versioned{}
	for c, err := range table.Changes(ctx, ddb.Position{}, ddb.UntilCaughtUp()) {
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := bySeq[c.Sequence]; dup {
			t.Errorf("sequence number %s read twice", c.Sequence)
		}
		bySeq[c.Sequence] = *c.New
		got[c.New.PK] = append(got[c.New.PK], c.New.V)
	}
	records := 0
	for key, versions := range got {
		records += len(versions)
		for i, v := range versions {
			if i > 0 && v <= versions[i-1] {
				t.Errorf("%s: version %d after %d", key, v, versions[i-1])
			}
			if !l.acked[key][v] && !l.unknown[key][v] {
				t.Errorf("%s: record of version %d, which was never written", key, v)
			}
		}
	}
	for key, acked := range l.acked {
		have := map[int]bool{}
		for _, v := range got[key] {
			have[v] = true
		}
		for v := range acked {
			if !have[v] {
				t.Errorf("%s: acknowledged version %d has no record", key, v)
			}
		}
	}
	for seq, item := range seen {
		if bySeq[seq] != item {
			t.Errorf("record %s seen before the crash as %+v, after it as %+v", seq, item, bySeq[seq])
		}
	}
	t.Logf("%d writes acknowledged; %d records after restart; the consumer saw %d before the crash", l.acks.Load(), records, len(seen))
}
