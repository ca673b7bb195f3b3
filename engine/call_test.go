package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
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
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// cancelAt is a context that cancels itself at the n-th call of its Err
// method: it ends a call's context at the n-th point where the engine
// checks it, deterministically.
type cancelAt struct {
	context.Context
	cancel context.CancelFunc
	n      int32
	calls  atomic.Int32
}

func newCancelAt(t *testing.T, n int) *cancelAt {
	inner, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	return &cancelAt{Context: inner, cancel: cancel, n: int32(n)}
}

func (c *cancelAt) Err() error {
	if c.calls.Add(1) == c.n {
		c.cancel()
	}
	return c.Context.Err()
}

// waitForLockWaiter returns once some goroutine is blocked waiting for an
// item's lock: parked in itemLocks.acquire, as the stacks of all goroutines
// show.
func waitForLockWaiter(t *testing.T) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		n := runtime.Stack(buf, true)
		for _, g := range bytes.Split(buf[:n], []byte("\n\n")) {
			if bytes.Contains(g, []byte(" [select")) && bytes.Contains(g, []byte("engine.(*itemLocks).acquire(")) {
				return
			}
		}
	}
	t.Fatal("no goroutine waits for an item's lock")
}

// checkEnded fails the test unless err is the error aws-sdk-go-v2's
// DynamoDB client returns for a call of op whose context ended with want.
func checkEnded(t *testing.T, op string, err, want error) {
	t.Helper()
	checkServiceEnded(t, "DynamoDB", op, err, want)
}

// checkServiceEnded is checkEnded for the client of service.
func checkServiceEnded(t *testing.T, service, op string, err, want error) {
	t.Helper()
	var oe *smithy.OperationError
	if !errors.As(err, &oe) || oe.ServiceID != service || oe.OperationName != op || !errors.Is(err, want) {
		t.Errorf("%s: error %v (%T), want the SDK's operation error wrapping %v", op, err, err, want)
		return
	}
	if got, want := err.Error(), "operation error "+service+": "+op+", "+want.Error(); got != want {
		t.Errorf("%s: error %q, want %q", op, got, want)
	}
}

// TestEveryOperationChecksItsContext calls every operation of DB (every
// method shaped like a method of *dynamodb.Client or
// *dynamodbstreams.Client) with an ended context and an empty input: each
// fails with the SDK's error for an ended context before it looks at its
// input.
func TestEveryOperationChecksItsContext(t *testing.T) {
	db := openMemory(t)
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	expired, stop := context.WithDeadline(ctx, time.Unix(1, 0))
	defer stop()
	ended := []struct {
		ctx  context.Context
		want error
	}{{canceled, context.Canceled}, {expired, context.DeadlineExceeded}}

	ctxType := reflect.TypeFor[context.Context]()
	v := reflect.ValueOf(db)
	ops := 0
	for i := range v.NumMethod() {
		m := v.Type().Method(i)
		if m.Type.NumIn() != 4 || m.Type.In(1) != ctxType || !m.Type.IsVariadic() {
			continue
		}
		ops++
		service := "DynamoDB"
		if strings.HasSuffix(m.Type.In(2).Elem().PkgPath(), "/dynamodbstreams") {
			service = "DynamoDB Streams"
		}
		for _, e := range ended {
			out := v.Method(i).Call([]reflect.Value{reflect.ValueOf(e.ctx), reflect.New(m.Type.In(2).Elem())})
			if !out[0].IsNil() {
				t.Errorf("%s returned an output with an ended context", m.Name)
			}
			err, _ := out[1].Interface().(error)
			checkServiceEnded(t, service, m.Name, err, e.want)
		}
	}
	if ops < 26 {
		t.Errorf("found %d operations, want at least 26", ops)
	}
}

// TestEveryOperationTakesANilInput calls every operation of DB (every
// method taking a context and an input of the DynamoDB or DynamoDB
// Streams client, the JSON and encoded variants included) with a nil
// input: like the SDK's clients, each answers as for an empty input,
// without panicking.
func TestEveryOperationTakesANilInput(t *testing.T) {
	db := openMemory(t)
	ctxType := reflect.TypeFor[context.Context]()
	v := reflect.ValueOf(db)
	ops := 0
	for i := range v.NumMethod() {
		m := v.Type().Method(i)
		if m.Type.NumIn() < 3 || m.Type.In(1) != ctxType || m.Type.In(2).Kind() != reflect.Pointer ||
			!strings.HasPrefix(m.Type.In(2).Elem().PkgPath(), "github.com/aws/aws-sdk-go-v2/service/dynamodb") {
			continue
		}
		ops++
		call := func(in reflect.Value) (errText string) {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s panicked: %v", m.Name, p)
				}
			}()
			args := []reflect.Value{reflect.ValueOf(ctx), in}
			for j := 3; j < m.Type.NumIn() && !(m.Type.IsVariadic() && j == m.Type.NumIn()-1); j++ {
				args = append(args, reflect.Zero(m.Type.In(j)))
			}
			out := v.Method(i).Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			return fmt.Sprintf("%T %v", err, err)
		}
		nilIn := call(reflect.Zero(m.Type.In(2)))
		if empty := call(reflect.New(m.Type.In(2).Elem())); nilIn != empty {
			t.Errorf("%s with a nil input: %s, with an empty one: %s", m.Name, nilIn, empty)
		}
	}
	if ops < 54 {
		t.Errorf("found %d operations, want at least 54", ops)
	}
	if out, err := db.ListTables(ctx, nil); err != nil || out == nil {
		t.Errorf("ListTables(nil) = %v, %v", out, err)
	}
	var ae smithy.APIError
	if _, err := db.GetItem(ctx, nil); !errors.As(err, &ae) || ae.ErrorCode() != "ValidationException" {
		t.Errorf("GetItem(nil) = %v, want a ValidationException", err)
	}
}

// populate makes the table the context tests run on: contextTable, with an
// LSI and a GSI, holding contextItems items in partition "p", sort keys 0
// to contextItems-1 (more than twice checkEvery), tagged k=v.
const (
	contextTable = "ctx_t"
	contextItems = 600
)

func populate(t *testing.T, db *DB) {
	t.Helper()
	mustCreate(t, db, indexedTableInput(contextTable))
	var writes []types.WriteRequest
	for i := range contextItems {
		writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: contextItem(i, "a")}})
		if len(writes) == maxBatchWrites || i == contextItems-1 {
			if _, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{contextTable: writes}}); err != nil {
				t.Fatal(err)
			}
			writes = nil
		}
	}
	if _, err := db.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: tableARN(t, db), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}); err != nil {
		t.Fatal(err)
	}
}

// contextItem is item i of contextTable with attribute a set to a.
func contextItem(i int, a string) item {
	return item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i)), "l": av.S(a), "g": av.S(a), "a": av.S(a)}
}

// contextKey is the key of item i of contextTable.
func contextKey(i int) item { return item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i))} }

func tableARN(t *testing.T, db *DB) *string {
	t.Helper()
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(contextTable)})
	if err != nil {
		t.Fatal(err)
	}
	return d.Table.TableArn
}

// contents returns the names of the tables and every key and value the
// database stores: what a call that changes nothing leaves as it was.
func contents(t *testing.T, db *DB) []string {
	t.Helper()
	list, err := db.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatal(err)
	}
	out := list.TableNames
	if err := db.store.Scan(nil, nil, false, func(k, v []byte) bool {
		out = append(out, fmt.Sprintf("%x=%x", k, v))
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// contextCase is one operation on contextTable.
type contextCase struct {
	op    string
	write bool
	// checks is how many times the call checks its context: ending it at
	// any of those points makes the call fail.
	checks int
	run    func(ctx context.Context, db *DB, arn *string) (any, error)
}

// contextCases are the operations whose cancellation is tested at each
// point where they check their context.
var contextCases = []contextCase{
	{"PutItem", true, 2, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(contextTable), Item: contextItem(contextItems, "new")})
	}},
	{"UpdateItem", true, 2, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(contextTable), Key: contextKey(1),
			UpdateExpression: aws.String("SET g = :v, a = :v"), ExpressionAttributeValues: item{":v": av.S("new")}})
	}},
	{"DeleteItem", true, 2, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(contextTable), Key: contextKey(1)})
	}},
	// Entry, each of the 25 items, commit.
	{"BatchWriteItem", true, 27, func(ctx context.Context, db *DB, _ *string) (any, error) {
		var writes []types.WriteRequest
		for i := range 20 {
			writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: contextItem(i, "new")}})
		}
		for i := range 5 {
			writes = append(writes, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: contextKey(100 + i)}})
		}
		return db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{contextTable: writes}})
	}},
	// Entry, each of the 10 actions, commit.
	{"TransactWriteItems", true, 12, func(ctx context.Context, db *DB, _ *string) (any, error) {
		var actions []types.TransactWriteItem
		for i := range 4 {
			actions = append(actions, types.TransactWriteItem{Put: &types.Put{TableName: aws.String(contextTable), Item: contextItem(contextItems+i, "new")}})
		}
		for i := range 3 {
			actions = append(actions, types.TransactWriteItem{Update: &types.Update{TableName: aws.String(contextTable), Key: contextKey(i),
				UpdateExpression: aws.String("SET a = :v"), ExpressionAttributeValues: item{":v": av.S("new")}}})
		}
		for i := range 2 {
			actions = append(actions, types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(contextTable), Key: contextKey(10 + i)}})
		}
		actions = append(actions, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String(contextTable), Key: contextKey(20),
			ConditionExpression: aws.String("attribute_exists(pk)")}})
		return db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: actions})
	}},
	{"CreateTable", true, 1, func(ctx context.Context, db *DB, _ *string) (any, error) {
		in := indexedTableInput(contextTable + "2")
		return db.CreateTable(ctx, in)
	}},
	{"DeleteTable", true, 1, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(contextTable)})
	}},
	{"UpdateTable", true, 1, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(contextTable), AttributeDefinitions: defs("a", "S"),
			GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
				IndexName: aws.String("gsi2"), KeySchema: keySchema("a"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			}}}})
	}},
	{"UpdateTimeToLive", true, 1, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(contextTable),
			TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}})
	}},
	{"TagResource", true, 1, func(ctx context.Context, db *DB, arn *string) (any, error) {
		return db.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: arn, Tags: []types.Tag{{Key: aws.String("k2"), Value: aws.String("v")}}})
	}},
	{"UntagResource", true, 1, func(ctx context.Context, db *DB, arn *string) (any, error) {
		return db.UntagResource(ctx, &dynamodb.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"k"}})
	}},
	{"GetItem", false, 1, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(contextTable), Key: contextKey(1)})
	}},
	// Entry, then every checkEvery rows of the page.
	{"Query", false, 3, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(contextTable), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: item{":p": av.S("p")}})
	}},
	// Entry, then every checkEvery rows of the local index read, with the
	// table items fetched for them.
	{"Query", false, 3, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(contextTable), IndexName: aws.String("lsi1"), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: item{":p": av.S("p")}, Select: types.SelectAllAttributes})
	}},
	{"Scan", false, 3, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(contextTable), Select: types.SelectCount})
	}},
	// Entry, each of the 100 keys.
	{"BatchGetItem", false, 101, func(ctx context.Context, db *DB, _ *string) (any, error) {
		var keys []map[string]types.AttributeValue
		for i := range 100 {
			keys = append(keys, contextKey(i))
		}
		return db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{contextTable: {Keys: keys}}})
	}},
	// Entry, each of the 10 items.
	{"TransactGetItems", false, 11, func(ctx context.Context, db *DB, _ *string) (any, error) {
		var gets []types.TransactGetItem
		for i := range 10 {
			gets = append(gets, types.TransactGetItem{Get: &types.Get{TableName: aws.String(contextTable), Key: contextKey(i)}})
		}
		return db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: gets})
	}},
}

// contextCaseOf returns the first of contextCases for op.
func contextCaseOf(op string) contextCase {
	for _, tc := range contextCases {
		if tc.op == op {
			return tc
		}
	}
	panic("no context case for " + op)
}

// inEachMode runs test on a database populated in memory and one on disk.
func inEachMode(t *testing.T, test func(t *testing.T, db *DB)) {
	for _, mode := range []string{"memory", "disk"} {
		t.Run(mode, func(t *testing.T) {
			opts := Options{TTLSweepInterval: -1}
			if mode == "disk" {
				opts.Dir = t.TempDir()
			}
			db, err := Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			populate(t, db)
			test(t, db)
		})
	}
}

// TestEndedContextChangesNothing runs each operation with a context already
// canceled, in memory and on disk: it fails with context.Canceled and leaves
// the database as it was.
func TestEndedContextChangesNothing(t *testing.T) {
	inEachMode(t, func(t *testing.T, db *DB) {
		arn := tableARN(t, db)
		before := contents(t, db)
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		for _, tc := range contextCases {
			out, err := tc.run(canceled, db, arn)
			if !reflect.ValueOf(out).IsNil() {
				t.Errorf("%s returned an output", tc.op)
			}
			checkEnded(t, tc.op, err, context.Canceled)
		}
		if diff := cmp.Diff(before, contents(t, db)); diff != "" {
			t.Errorf("calls with a canceled context changed the database (-before +after):\n%s", diff)
		}
	})
}

// TestCancellationAtEveryCheck ends each operation's context at each point
// where the operation checks it, in turn, until the operation completes: a
// call that fails, fails with context.Canceled and has changed nothing; a
// read that succeeds returns what it returns uncanceled.
func TestCancellationAtEveryCheck(t *testing.T) {
	reads := openMemory(t)
	populate(t, reads)
	readsARN := tableARN(t, reads)
	for _, tc := range contextCases {
		t.Run(tc.op, func(t *testing.T) {
			var want any
			if !tc.write {
				var err error
				if want, err = tc.run(ctx, reads, readsARN); err != nil {
					t.Fatal(err)
				}
			}
			for n := 1; ; n++ {
				db, arn := reads, readsARN
				if tc.write {
					db = openMemory(t)
					populate(t, db)
					arn = tableARN(t, db)
				}
				before := contents(t, db)
				out, err := tc.run(newCancelAt(t, n), db, arn)
				if err != nil {
					checkEnded(t, tc.op, err, context.Canceled)
					if diff := cmp.Diff(before, contents(t, db)); diff != "" {
						t.Fatalf("canceled at check %d: the failed call changed the database (-before +after):\n%s", n, diff)
					}
					if n > 200 {
						t.Fatalf("still failing at check %d", n)
					}
					continue
				}
				if n <= tc.checks {
					t.Errorf("canceled at check %d of %d: the call succeeded", n, tc.checks)
				}
				if !tc.write {
					if diff := cmp.Diff(want, out, cmpAV); diff != "" {
						t.Errorf("canceled at check %d, after the call's last check: output differs (-want +got):\n%s", n, diff)
					}
				} else if cmp.Equal(before, contents(t, db)) {
					t.Errorf("canceled at check %d, after the call's last check: the call succeeded and wrote nothing", n)
				}
				break
			}
		})
	}
}

// holdItem takes the lock of item i of contextTable until the test ends or
// the returned function is called.
func holdItem(t *testing.T, db *DB, i int) (release func()) {
	t.Helper()
	db.mu.RLock()
	tbl := db.tables[contextTable]
	db.mu.RUnlock()
	h, err := db.locks.lock(call{ctx: ctx, op: "test"}, tbl.rowKey(contextKey(i)))
	if err != nil {
		t.Fatal(err)
	}
	release = sync.OnceFunc(func() {
		if err := h.release(nil); err != nil {
			t.Error(err)
		}
	})
	t.Cleanup(release)
	return release
}

// TestLockWaitEndsWithContext blocks each write (and TransactGetItems) on
// the lock of an item it names, held by the test, then ends its context:
// the call stops waiting, fails with the context's error and writes
// nothing, and the lock works as before once released.
func TestLockWaitEndsWithContext(t *testing.T) {
	inEachMode(t, testLockWait)
}

func testLockWait(t *testing.T, db *DB) {
	arn := tableARN(t, db)
	before := contents(t, db)
	for _, tc := range contextCases {
		switch tc.op {
		case "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems":
		default:
			continue
		}
		t.Run(tc.op, func(t *testing.T) {
			held := 1 // an item every call but PutItem names
			if tc.op == "PutItem" {
				held = contextItems
			}
			checkLockWait(t, db, arn, tc, held)
			if diff := cmp.Diff(before, contents(t, db)); diff != "" {
				t.Errorf("the canceled call changed the database (-before +after):\n%s", diff)
			}
		})
	}

	// A deadline ends the wait too, with context.DeadlineExceeded.
	release := holdItem(t, db, 1)
	deadline, stop := context.WithTimeout(ctx, 10*time.Millisecond)
	defer stop()
	_, err := db.UpdateItem(deadline, &dynamodb.UpdateItemInput{TableName: aws.String(contextTable), Key: contextKey(1),
		UpdateExpression: aws.String("SET a = :v"), ExpressionAttributeValues: item{":v": av.S("new")}})
	checkEnded(t, "UpdateItem", err, context.DeadlineExceeded)
	release()
	if diff := cmp.Diff(before, contents(t, db)); diff != "" {
		t.Errorf("the expired call changed the database (-before +after):\n%s", diff)
	}
	// Released, the locks serve calls as before.
	for _, tc := range contextCases[:5] {
		if _, err := tc.run(ctx, db, arn); err != nil {
			t.Errorf("%s after the canceled calls: %v", tc.op, err)
		}
	}
}

// checkLockWait runs tc while the test holds the lock of item held, which
// tc names, and ends its context once it waits for the lock: the call
// fails with context.Canceled.
func checkLockWait(t *testing.T, db *DB, arn *string, tc contextCase, held int) {
	t.Helper()
	release := holdItem(t, db, held)
	defer release()
	canceled, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := tc.run(canceled, db, arn)
		done <- err
	}()
	waitForLockWaiter(t)
	cancel()
	checkEnded(t, tc.op, <-done, context.Canceled)
}

// closeBounded closes db, failing the test if Close does not return in a
// minute: a Close waiting on work that never ends would hang the test.
func closeBounded(t *testing.T, db *DB) {
	t.Helper()
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Close did not return")
	}
}

// TestCloseStopsBackfill closes the database while an index backfill waits
// for the lock of an item: Close stops it, and the next Open resumes it to
// completion.
func TestCloseStopsBackfill(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir, TTLSweepInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	populate(t, db)
	release := holdItem(t, db, 0)
	if _, err := contextCaseOf("UpdateTable").run(ctx, db, nil); err != nil { // creates gsi2
		t.Fatal(err)
	}
	waitForLockWaiter(t)
	closeBounded(t, db)
	release()

	db, err = Open(Options{Dir: dir, TTLSweepInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(contextTable)})
		if err != nil {
			t.Fatal(err)
		}
		g := findGSI(d.Table, "gsi2")
		if g.IndexStatus == types.IndexStatusActive {
			if *g.ItemCount != contextItems {
				t.Errorf("resumed index holds %d items, want %d", *g.ItemCount, contextItems)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the resumed index never became ACTIVE")
		}
	}
}

// TestCloseStopsTTLSweep closes the database while the TTL sweep waits for
// the lock of an expired item: Close stops the sweep.
func TestCloseStopsTTLSweep(t *testing.T) {
	db, err := Open(Options{TTLSweepInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	populate(t, db)
	expired := contextItem(3, "a")
	expired["exp"] = av.N(strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10))
	mustPut(t, db, contextTable, expired)
	release := holdItem(t, db, 3)
	if _, err := contextCaseOf("UpdateTimeToLive").run(ctx, db, nil); err != nil { // on exp
		t.Fatal(err)
	}
	waitForLockWaiter(t)
	closeBounded(t, db)
	release()
}
