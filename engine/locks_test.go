package engine

import (
	"errors"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/av"
)

// heldStore is a memory store whose commits become durable when the test
// says so: while it is held, the Pending of every commit waits, as a disk
// store's waits for its fsync. It counts commits and waiters.
type heldStore struct {
	storage.Store
	applied atomic.Int64 // commits applied
	waiting atomic.Int64 // Waits in progress

	mu   sync.Mutex
	gate chan struct{} // closed while commits are durable at once
}

func newHeldStore() *heldStore {
	s := &heldStore{Store: storage.NewMemory(), gate: make(chan struct{})}
	close(s.gate)
	return s
}

// openHeld opens a DB on a heldStore, closed at the end of the test.
func openHeld(t *testing.T) (*DB, *heldStore) {
	t.Helper()
	s := newHeldStore()
	db, err := open(s, Options{TTLSweepInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.release()
		db.Close()
	})
	return db, s
}

// hold makes the commits that follow wait until release.
func (s *heldStore) hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate = make(chan struct{})
}

// release makes every commit durable.
func (s *heldStore) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.gate:
	default:
		close(s.gate)
	}
}

func (s *heldStore) Apply(ops []storage.Op) (storage.Pending, error) {
	if _, err := s.Store.Apply(ops); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applied.Add(1)
	return heldPending{s, s.gate}, nil
}

func (s *heldStore) Write(ops []storage.Op) error {
	p, err := s.Apply(ops)
	if err != nil {
		return err
	}
	return p.Wait()
}

type heldPending struct {
	s    *heldStore
	gate chan struct{}
}

func (p heldPending) Wait() error {
	p.s.waiting.Add(1)
	defer p.s.waiting.Add(-1)
	<-p.gate
	return nil
}

// holdsWithin reports whether cond holds within 10 seconds, failing the
// test if not.
func holdsWithin(t *testing.T, what string, cond func() bool) bool {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("%s: not within 10s", what)
			return false
		}
	}
	return true
}

func createCounters(t *testing.T, db *DB) {
	t.Helper()
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("counters"), AttributeDefinitions: defs("pk", "S"),
		KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest,
	})
}

// TestWritersOfOneItemShareTheWaitForDurability updates one item from 8
// goroutines while commits are not durable: each update applies after the
// one before it (the item's lock is not held while a commit waits for its
// fsync), none answers before its commit is durable, and once they are,
// each has seen the one before it.
func TestWritersOfOneItemShareTheWaitForDurability(t *testing.T) {
	db, s := openHeld(t)
	createCounters(t, db)
	const writers = 8
	s.hold()
	before := s.applied.Load()
	var answered atomic.Int64
	values := make([]int, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			defer answered.Add(1)
			out, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName: aws.String("counters"), Key: item{"pk": av.S("c")},
				UpdateExpression:          aws.String("ADD n :one"),
				ExpressionAttributeValues: item{":one": av.N("1")},
				ReturnValues:              types.ReturnValueUpdatedNew,
			})
			if err != nil {
				t.Error(err)
				return
			}
			values[w], _ = strconv.Atoi(out.Attributes["n"].(*types.AttributeValueMemberN).Value)
		})
	}
	applied := holdsWithin(t, "8 updates of one item applied while the first waits to be durable", func() bool {
		return s.applied.Load()-before == writers
	})
	if n := answered.Load(); applied && n != 0 {
		t.Errorf("%d updates answered before their commits were durable", n)
	}
	s.release()
	wg.Wait()
	slices.Sort(values)
	if want := []int{1, 2, 3, 4, 5, 6, 7, 8}; !slices.Equal(values, want) {
		t.Errorf("updates returned n = %v, want %v", values, want)
	}
}

// TestAnswersReadFromUndurableCommitsWait makes calls that write nothing
// but answer from an item whose last commit is not durable yet (a failed
// condition, a transaction's cancellation, TransactGetItems): each waits
// for that commit before it answers.
func TestAnswersReadFromUndurableCommitsWait(t *testing.T) {
	key := item{"pk": av.S("c")}
	calls := []struct {
		name     string
		call     func(db *DB) error
		wantCode string // "" for none
	}{
		{"PutItem condition", func(db *DB) error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("counters"), Item: key,
				ConditionExpression: aws.String("attribute_not_exists(pk)")})
			return err
		}, "ConditionalCheckFailedException"},
		{"TransactWriteItems cancellation", func(db *DB) error {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{ConditionCheck: &types.ConditionCheck{TableName: aws.String("counters"), Key: key, ConditionExpression: aws.String("attribute_not_exists(pk)")}},
				{Put: &types.Put{TableName: aws.String("counters"), Item: item{"pk": av.S("other")}}},
			}})
			return err
		}, "TransactionCanceledException"},
		{"TransactGetItems", func(db *DB) error {
			out, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
				{Get: &types.Get{TableName: aws.String("counters"), Key: key}},
			}})
			if err == nil && out.Responses[0].Item == nil {
				err = errors.New("TransactGetItems did not see the item")
			}
			return err
		}, ""},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			db, s := openHeld(t)
			createCounters(t, db)
			s.hold()
			put := make(chan error, 1)
			go func() {
				_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("counters"), Item: key})
				put <- err
			}()
			if !holdsWithin(t, "the put waits to be durable", func() bool { return s.waiting.Load() == 1 }) {
				return
			}
			answer := make(chan error, 1)
			go func() { answer <- tc.call(db) }()
			if holdsWithin(t, "the call waits for the put to be durable", func() bool { return s.waiting.Load() == 2 }) {
				select {
				case err := <-answer:
					t.Errorf("answered before the put it read was durable: %v", err)
				default:
				}
			}
			s.release()
			if err := <-put; err != nil {
				t.Fatal(err)
			}
			err := <-answer
			var api smithy.APIError
			switch {
			case tc.wantCode == "" && err != nil:
				t.Fatal(err)
			case tc.wantCode != "" && (!errors.As(err, &api) || api.ErrorCode() != tc.wantCode):
				t.Fatalf("got %v, want a %s", err, tc.wantCode)
			}
		})
	}
}

// TestBackfillCommitsRowsInBatches adds a global index to a table of 1,000
// items: the backfill commits a scan batch of index rows at a time, not
// one commit per item.
func TestBackfillCommitsRowsInBatches(t *testing.T) {
	db, s := openHeld(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("filled"), AttributeDefinitions: defs("pk", "S"),
		KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest,
	})
	const items = 1000
	for i := range items {
		mustPut(t, db, "filled", item{"pk": av.S(strconv.Itoa(i)), "g": av.N(strconv.Itoa(i % 10))})
	}
	before := s.applied.Load()
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName: aws.String("filled"), AttributeDefinitions: defs("g", "N"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName: aws.String("byg"), KeySchema: keySchema("g"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}}},
	}); err != nil {
		t.Fatal(err)
	}
	if !holdsWithin(t, "the index becomes ACTIVE", func() bool {
		d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("filled")})
		return err == nil && d.Table.GlobalSecondaryIndexes[0].IndexStatus == types.IndexStatusActive
	}) {
		return
	}
	// The index rows in ceil(1000/backfillBatch) commits, and the table's
	// description twice (CREATING, then ACTIVE).
	if got, want := s.applied.Load()-before, int64((items+backfillBatch-1)/backfillBatch+2); got != want {
		t.Errorf("adding an index to %d items took %d commits, want %d", items, got, want)
	}
	out, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("filled"), IndexName: aws.String("byg"),
		KeyConditionExpression: aws.String("g = :g"), ExpressionAttributeValues: item{":g": av.N("3")}, Select: types.SelectCount})
	if err != nil {
		t.Fatal(err)
	}
	if out.Count != items/10 {
		t.Errorf("the index holds %d items with g = 3, want %d", out.Count, items/10)
	}
}
