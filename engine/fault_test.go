package engine

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// openFaults opens an in-memory DB with tables "aaa" and "bbb" (hash key pk,
// range key sk) and the given options.
func openFaults(t *testing.T, opts Options) *DB {
	t.Helper()
	db, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, name := range []string{"aaa", "bbb"} {
		mustCreate(t, db, &dynamodb.CreateTableInput{
			TableName: aws.String(name), AttributeDefinitions: defs("pk", "S", "sk", "N"), KeySchema: keySchema("pk", "sk"),
			BillingMode: types.BillingModePayPerRequest,
		})
	}
	return db
}

// addRule adds a fault rule or fails the test.
func addRule(t *testing.T, db *DB, r Rule) int {
	t.Helper()
	id, err := db.Faults().Add(r)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func key(pk string, sk int) item { return item{"pk": av.S(pk), "sk": av.N(fmt.Sprint(sk))} }

func putInput(table, pk string, sk int) *dynamodb.PutItemInput {
	return &dynamodb.PutItemInput{TableName: aws.String(table), Item: key(pk, sk)}
}

func TestFaultErrors(t *testing.T) {
	const (
		msgPTEE    = "ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."
		msgCancel  = "TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]"
		msgOngoing = "TransactionConflictException: Transaction is ongoing for the item"
	)
	tests := []struct {
		name   string
		rule   Rule
		call   func(db *DB) error
		want   string
		status int // over the wire
		target any // the SDK error type it is
	}{
		{"provisioned throughput", Rule{Fault: Fault{Error: CodeProvisionedThroughputExceeded}},
			func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 1)); return err },
			msgPTEE, 400, new(*types.ProvisionedThroughputExceededException)},
		{"throttling of an item operation", Rule{Fault: Fault{Error: CodeThrottling}},
			func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 1)); return err },
			"ThrottlingException: Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html.",
			400, new(*types.ThrottlingException)},
		{"throttling of a statement", Rule{Operation: "ExecuteStatement", Fault: Fault{Error: CodeThrottling}},
			func(db *DB) error {
				_, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`INSERT INTO aaa VALUE {'pk': 'x', 'sk': 1}`)})
				return err
			},
			"ThrottlingException: Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html.",
			400, new(*types.ThrottlingException)},
		{"throttling of a control operation", Rule{Operation: "DescribeTable", Fault: Fault{Error: CodeThrottling}},
			func(db *DB) error {
				_, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("aaa")})
				return err
			},
			"ThrottlingException: Rate of requests exceeds the allowed throughput.", 400, new(*types.ThrottlingException)},
		{"account limit", Rule{Fault: Fault{Error: CodeRequestLimitExceeded}},
			func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 1)); return err },
			"RequestLimitExceeded: Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase",
			400, new(*types.RequestLimitExceeded)},
		{"internal server error", Rule{Fault: Fault{Error: CodeInternalServerError}},
			func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 1)); return err },
			"InternalServerError: Internal server error", 500, new(*types.InternalServerError)},
		{"own message", Rule{Fault: Fault{Error: CodeInternalServerError, Message: "disk on fire"}},
			func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 1)); return err },
			"InternalServerError: disk on fire", 500, new(*types.InternalServerError)},
		{"conflict on a put", Rule{Key: key("x", 1), Fault: Fault{Error: CodeTransactionConflict}},
			func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 1)); return err },
			msgOngoing, 400, new(*types.TransactionConflictException)},
		{"conflict on an update", Rule{Key: key("x", 1), Fault: Fault{Error: CodeTransactionConflict}},
			func(db *DB) error {
				_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("aaa"), Key: key("x", 1),
					UpdateExpression: aws.String("SET v = :v"), ExpressionAttributeValues: item{":v": av.N("1")}})
				return err
			},
			msgOngoing, 400, new(*types.TransactionConflictException)},
		{"conflict on a delete", Rule{Key: key("x", 1), Fault: Fault{Error: CodeTransactionConflict}},
			func(db *DB) error {
				_, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("aaa"), Key: key("x", 1)})
				return err
			},
			msgOngoing, 400, new(*types.TransactionConflictException)},
		{"conflict in a write transaction", Rule{Key: key("x", 1), Fault: Fault{Error: CodeTransactionConflict}},
			func(db *DB) error {
				_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
					{Put: &types.Put{TableName: aws.String("aaa"), Item: key("y", 1)}},
					{Delete: &types.Delete{TableName: aws.String("aaa"), Key: key("x", 1)}},
				}})
				return err
			},
			msgCancel, 400, new(*types.TransactionCanceledException)},
		{"conflict in a read transaction", Rule{Table: "bbb", Fault: Fault{Error: CodeTransactionConflict}},
			func(db *DB) error {
				_, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
					{Get: &types.Get{TableName: aws.String("aaa"), Key: key("y", 1)}},
					{Get: &types.Get{TableName: aws.String("bbb"), Key: key("y", 1)}},
				}})
				return err
			},
			msgCancel, 400, new(*types.TransactionCanceledException)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openFaults(t, Options{})
			addRule(t, db, tt.rule)
			err := tt.call(db)
			if got := errText(err); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
			if !errors.As(err, tt.target) {
				t.Errorf("error %T is not a %T", err, tt.target)
			}
			if got := (wireError{err}).HTTPStatusCode(); got != tt.status {
				t.Errorf("HTTP status %d, want %d", got, tt.status)
			}
			// The call changed nothing.
			db.Faults().Clear()
			for _, table := range []string{"aaa", "bbb"} {
				out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table)})
				if err != nil || len(out.Items) != 0 {
					t.Errorf("table %s after the failed call: %v, %v", table, out.Items, err)
				}
			}
		})
	}
}

func TestFaultCancellationReasons(t *testing.T) {
	db := openFaults(t, Options{})
	addRule(t, db, Rule{Operation: "TransactWriteItems", Key: item{"pk": av.S("x")}, Fault: Fault{Error: CodeTransactionConflict}})
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("aaa"), Item: key("x", 1)}},
		{Put: &types.Put{TableName: aws.String("aaa"), Item: key("y", 1)}},
		{ConditionCheck: &types.ConditionCheck{TableName: aws.String("bbb"), Key: key("x", 2), ConditionExpression: aws.String("attribute_not_exists(pk)")}},
	}})
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("error %v, want TransactionCanceledException", err)
	}
	conflict := types.CancellationReason{Code: aws.String("TransactionConflict"), Message: aws.String("Transaction is ongoing for the item")}
	want := []types.CancellationReason{conflict, {Code: aws.String("None")}, conflict}
	if diff := cmp.Diff(want, tce.CancellationReasons, cmp.AllowUnexported(types.CancellationReason{})); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
}

// outcomes makes n PutItem calls on table "aaa" and returns which failed.
func outcomes(t *testing.T, db *DB, n int) []bool {
	t.Helper()
	failed := make([]bool, n)
	for i := range failed {
		_, err := db.PutItem(ctx, putInput("aaa", "x", i))
		failed[i] = err != nil
	}
	return failed
}

func TestFaultCallNumbers(t *testing.T) {
	tests := []struct {
		name     string
		from, to int
		want     string // failed calls of 5, as x and .
	}{
		{"every call", 0, 0, "xxxxx"},
		{"the third", 3, 3, "..x.."},
		{"second to fourth", 2, 4, ".xxx."},
		{"fourth on", 4, 0, "...xx"},
		{"first two", 0, 2, "xx..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openFaults(t, Options{})
			addRule(t, db, Rule{Operation: "PutItem", From: tt.from, To: tt.to, Fault: Fault{Error: CodeThrottling}})
			if got := render(outcomes(t, db, 5)); got != tt.want {
				t.Errorf("failed calls %s, want %s", got, tt.want)
			}
			st := db.Faults().List()[0]
			if hits := strings.Count(tt.want, "x"); st.Calls != 5 || st.Hits != hits {
				t.Errorf("calls %d hits %d, want 5 and %d", st.Calls, st.Hits, hits)
			}
		})
	}
}

func TestFaultMatching(t *testing.T) {
	calls := []struct {
		name string
		call func(db *DB) error
	}{
		{"put a/x/1", func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 1)); return err }},
		{"put a/x/2", func(db *DB) error { _, err := db.PutItem(ctx, putInput("aaa", "x", 2)); return err }},
		{"put b/x/1", func(db *DB) error { _, err := db.PutItem(ctx, putInput("bbb", "x", 1)); return err }},
		{"get a/y/1", func(db *DB) error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("aaa"), Key: key("y", 1)})
			return err
		}},
		{"batch b/y/1, a/x/1", func(db *DB) error {
			_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
				"bbb": {{PutRequest: &types.PutRequest{Item: key("y", 1)}}},
				"aaa": {{DeleteRequest: &types.DeleteRequest{Key: key("x", 1)}}},
			}})
			return err
		}},
		{"query a", func(db *DB) error {
			_, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("aaa"), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: item{":p": av.S("x")}})
			return err
		}},
		{"describe b", func(db *DB) error {
			_, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("bbb")})
			return err
		}},
		{"list tables", func(db *DB) error { _, err := db.ListTables(ctx, &dynamodb.ListTablesInput{}); return err }},
		{"tag b", func(db *DB) error {
			_, err := db.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String("arn:aws:dynamodb:ddblocal:000000000000:table/bbb")})
			return err
		}},
	}
	tests := []struct {
		name string
		rule Rule
		want []string // the calls that fail
	}{
		{"operation", Rule{Operation: "PutItem"}, []string{"put a/x/1", "put a/x/2", "put b/x/1"}},
		{"table", Rule{Table: "bbb"}, []string{"put b/x/1", "batch b/y/1, a/x/1", "describe b", "tag b"}},
		{"key", Rule{Key: key("x", 1)}, []string{"put a/x/1", "put b/x/1", "batch b/y/1, a/x/1"}},
		{"partition key", Rule{Key: item{"pk": av.S("x")}}, []string{"put a/x/1", "put a/x/2", "put b/x/1", "batch b/y/1, a/x/1"}},
		{"number by value", Rule{Key: item{"sk": av.N("2.0")}}, []string{"put a/x/2"}},
		{"table and key", Rule{Table: "aaa", Key: item{"pk": av.S("y")}}, []string{"get a/y/1"}},
		{"key in another table", Rule{Table: "aaa", Key: key("y", 1)}, []string{"get a/y/1"}},
		{"everything", Rule{}, []string{"put a/x/1", "put a/x/2", "put b/x/1", "get a/y/1", "batch b/y/1, a/x/1", "query a", "describe b", "list tables", "tag b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openFaults(t, Options{})
			tt.rule.Fault = Fault{Error: CodeInternalServerError}
			addRule(t, db, tt.rule)
			var got []string
			for _, c := range calls {
				if err := c.call(db); err != nil {
					got = append(got, c.name)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("failed calls (-want +got):\n%s", diff)
			}
			if st := db.Faults().List()[0]; st.Calls != len(tt.want) || st.Hits != len(tt.want) {
				t.Errorf("calls %d hits %d, want %d", st.Calls, st.Hits, len(tt.want))
			}
		})
	}
}

func TestFaultProbabilityIsSeeded(t *testing.T) {
	run := func(seed uint64) []bool {
		db := openFaults(t, Options{})
		addRule(t, db, Rule{Operation: "PutItem", Probability: 0.3, Seed: seed, Fault: Fault{Error: CodeThrottling}})
		return outcomes(t, db, 200)
	}
	a, b, other := run(42), run(42), run(43)
	if !cmp.Equal(a, b) {
		t.Error("two runs with seed 42 differ")
	}
	if cmp.Equal(a, other) {
		t.Error("seeds 42 and 43 give the same sequence")
	}
	n := 0
	for _, f := range a {
		if f {
			n++
		}
	}
	if n < 30 || n > 90 {
		t.Errorf("%d of 200 calls failed at probability 0.3", n)
	}
}

func TestFaultRulesInOrder(t *testing.T) {
	db := openFaults(t, Options{})
	first := addRule(t, db, Rule{Operation: "PutItem", From: 2, To: 2, Fault: Fault{Error: CodeThrottling}})
	second := addRule(t, db, Rule{Operation: "PutItem", Fault: Fault{Error: CodeInternalServerError}, From: 2})
	var codes []string
	for i := range 3 {
		_, err := db.PutItem(ctx, putInput("aaa", "x", i))
		var api smithy.APIError
		if errors.As(err, &api) {
			codes = append(codes, api.ErrorCode())
		} else {
			codes = append(codes, "")
		}
	}
	// The first rule fails call 2, which the second never sees: its second
	// call is the third.
	if diff := cmp.Diff([]string{"", "ThrottlingException", "InternalServerError"}, codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	want := []RuleStatus{
		{ID: first, Rule: Rule{Operation: "PutItem", From: 2, To: 2, Fault: Fault{Error: CodeThrottling}}, Calls: 3, Hits: 1},
		{ID: second, Rule: Rule{Operation: "PutItem", From: 2, Fault: Fault{Error: CodeInternalServerError}}, Calls: 2, Hits: 1},
	}
	if diff := cmp.Diff(want, db.Faults().List()); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if !db.Faults().Remove(first) || db.Faults().Remove(first) {
		t.Error("Remove: want true, then false")
	}
	if got := len(db.Faults().List()); got != 1 {
		t.Errorf("%d rules after Remove, want 1", got)
	}
	db.Faults().Clear()
	if got := outcomes(t, db, 3); render(got) != "..." {
		t.Errorf("after Clear: %s", render(got))
	}
}

// render renders failures as x and successes as dots.
func render(failed []bool) string {
	var b strings.Builder
	for _, f := range failed {
		b.WriteString(map[bool]string{true: "x", false: "."}[f])
	}
	return b.String()
}

func TestFaultUnprocessedItems(t *testing.T) {
	db := openFaults(t, Options{})
	addRule(t, db, Rule{Operation: "BatchWriteItem", Key: item{"pk": av.S("skip")}, Fault: Fault{Unprocessed: true}})
	requests := map[string][]types.WriteRequest{
		"aaa": {
			{PutRequest: &types.PutRequest{Item: item{"pk": av.S("keep"), "sk": av.N("1"), "v": av.S("x")}}},
			{PutRequest: &types.PutRequest{Item: item{"pk": av.S("skip"), "sk": av.N("1"), "v": av.S("x")}}},
		},
		"bbb": {
			{DeleteRequest: &types.DeleteRequest{Key: key("skip", 2)}},
			{PutRequest: &types.PutRequest{Item: key("keep", 2)}},
		},
	}
	put(t, db, "bbb", key("skip", 2))
	out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: requests, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]types.WriteRequest{"aaa": requests["aaa"][1:], "bbb": requests["bbb"][:1]}
	if diff := cmp.Diff(want, out.UnprocessedItems, avCmp, cmp.AllowUnexported(types.WriteRequest{}, types.PutRequest{}, types.DeleteRequest{})); diff != "" {
		t.Errorf("UnprocessedItems (-want +got):\n%s", diff)
	}
	units := 0.0
	for _, c := range out.ConsumedCapacity {
		units += *c.CapacityUnits
	}
	if units != 2 {
		t.Errorf("consumed %v write units, want 2 (the processed items)", units)
	}
	for _, c := range []struct {
		table string
		key   item
		there bool
	}{{"aaa", key("keep", 1), true}, {"aaa", key("skip", 1), false}, {"bbb", key("skip", 2), true}, {"bbb", key("keep", 2), true}} {
		if got := get(t, db, c.table, c.key) != nil; got != c.there {
			t.Errorf("%s %v present = %v, want %v", c.table, c.key, got, c.there)
		}
	}

	// A batch none of whose items would be processed is throttled, as
	// DynamoDB does, and writes nothing.
	_, err = db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"aaa": requests["aaa"][1:]}})
	var ptee *types.ProvisionedThroughputExceededException
	if !errors.As(err, &ptee) {
		t.Errorf("all items unprocessed: %v, want ProvisionedThroughputExceededException", err)
	}
	if get(t, db, "aaa", key("skip", 1)) != nil {
		t.Error("the throttled batch wrote its item")
	}
}

func TestFaultUnprocessedKeys(t *testing.T) {
	db := openFaults(t, Options{})
	for _, pk := range []string{"p", "q", "r"} {
		put(t, db, "aaa", item{"pk": av.S(pk), "sk": av.N("1"), "v": av.S(pk + "!")})
	}
	addRule(t, db, Rule{Table: "aaa", Key: item{"pk": av.S("q")}, From: 2, To: 2, Fault: Fault{Unprocessed: true}})
	req := types.KeysAndAttributes{
		Keys:                     []map[string]types.AttributeValue{key("p", 1), key("q", 1), key("r", 1)},
		ProjectionExpression:     aws.String("#v"),
		ExpressionAttributeNames: map[string]string{"#v": "v"},
		ConsistentRead:           aws.Bool(true),
	}
	in := &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"aaa": req}}
	for call := 1; call <= 3; call++ {
		out, err := db.BatchGetItem(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		wantItems := []item{{"v": av.S("p!")}, {"v": av.S("q!")}, {"v": av.S("r!")}}
		wantLeft := map[string]types.KeysAndAttributes{}
		if call == 2 {
			wantItems = []item{{"v": av.S("p!")}, {"v": av.S("r!")}}
			left := req
			left.Keys = req.Keys[1:2]
			wantLeft["aaa"] = left
		}
		if diff := cmp.Diff(wantItems, out.Responses["aaa"], avCmp); diff != "" {
			t.Errorf("call %d: items (-want +got):\n%s", call, diff)
		}
		if diff := cmp.Diff(wantLeft, out.UnprocessedKeys, avCmp, cmp.AllowUnexported(types.KeysAndAttributes{})); diff != "" {
			t.Errorf("call %d: UnprocessedKeys (-want +got):\n%s", call, diff)
		}
	}
}

func TestFaultDelay(t *testing.T) {
	db := openFaults(t, Options{})
	addRule(t, db, Rule{Operation: "PutItem", Fault: Fault{Delay: time.Hour}})
	c, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	_, err := db.PutItem(c, putInput("aaa", "x", 1))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "operation error DynamoDB: PutItem") {
		t.Errorf("delayed past its deadline: %v", err)
	}
	if get(t, db, "aaa", key("x", 1)) != nil {
		t.Error("the call that timed out wrote its item")
	}

	// Ranged delays are drawn from the seed, within the range.
	draw := func(seed uint64) []time.Duration {
		var f Faults
		if _, err := f.Add(Rule{Seed: seed, Fault: Fault{Delay: time.Millisecond, MaxDelay: 5 * time.Millisecond}}); err != nil {
			t.Fatal(err)
		}
		var ds []time.Duration
		for range 50 {
			d := f.fire("GetItem", &dynamodb.GetItemInput{}).delay
			if d < time.Millisecond || d > 5*time.Millisecond {
				t.Errorf("delay %v out of [1ms, 5ms]", d)
			}
			ds = append(ds, d)
		}
		return ds
	}
	if a, b := draw(7), draw(7); !cmp.Equal(a, b) {
		t.Error("two draws with seed 7 differ")
	}
	if a, b := draw(7), draw(8); cmp.Equal(a, b) {
		t.Error("seeds 7 and 8 draw the same delays")
	}
}

func TestFaultRuleErrors(t *testing.T) {
	tests := []struct {
		rule Rule
		want string
	}{
		{Rule{Operation: "PutItems", Fault: Fault{Error: CodeThrottling}}, `unknown operation "PutItems"`},
		{Rule{Operation: "GetRecords", Fault: Fault{Error: CodeThrottling}}, `unknown operation "GetRecords"`},
		{Rule{From: 3, To: 2, Fault: Fault{Error: CodeThrottling}}, "calls 3..2"},
		{Rule{From: -1, Fault: Fault{Error: CodeThrottling}}, "calls -1..0"},
		{Rule{Probability: 1.5, Fault: Fault{Error: CodeThrottling}}, "probability 1.5"},
		{Rule{}, "no error, unprocessed items or delay"},
		{Rule{Fault: Fault{Error: "SlowDown"}}, `unknown error "SlowDown"`},
		{Rule{Fault: Fault{Message: "x"}}, "a message without an error"},
		{Rule{Fault: Fault{Error: CodeThrottling, Unprocessed: true}}, "not both"},
		{Rule{Fault: Fault{Delay: 2 * time.Second, MaxDelay: time.Second}}, "delay 2s..1s"},
		{Rule{Operation: "PutItem", Fault: Fault{Unprocessed: true}}, "unprocessed items does not apply to PutItem"},
		{Rule{Operation: "GetItem", Fault: Fault{Error: CodeTransactionConflict}}, "TransactionConflictException does not apply to GetItem"},
	}
	var f Faults
	for _, tt := range tests {
		if _, err := f.Add(tt.rule); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Add(%+v) = %v, want an error containing %q", tt.rule, err, tt.want)
		}
	}
	if len(f.List()) != 0 {
		t.Error("a rejected rule was added")
	}
}

func TestFaultRetryer(t *testing.T) {
	tests := []struct {
		name      string
		fault     Fault
		to        int
		wantErr   string
		wantCalls int
	}{
		{"throttled twice, then served", Fault{Error: CodeProvisionedThroughputExceeded}, 2, "", 3},
		{"500 twice, then served", Fault{Error: CodeInternalServerError}, 2, "", 3},
		{"account limit twice, then served", Fault{Error: CodeRequestLimitExceeded}, 2, "", 3},
		{"throttled past the attempts", Fault{Error: CodeThrottling}, 0, "exceeded maximum number of attempts, 3", 3},
		{"conflicts are not retried", Fault{Error: CodeTransactionConflict}, 0, "Transaction is ongoing for the item", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The SDK's standard retryer, waiting a millisecond between attempts.
			db := openFaults(t, Options{Retryer: retry.AddWithMaxBackoffDelay(retry.NewStandard(), time.Millisecond)})
			addRule(t, db, Rule{Operation: "PutItem", To: tt.to, Fault: tt.fault})
			_, err := db.PutItem(ctx, putInput("aaa", "x", 1))
			if got := fmt.Sprint(err); (tt.wantErr == "") != (err == nil) || !strings.Contains(got, tt.wantErr) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
			var api smithy.APIError
			if err != nil && (!errors.As(err, &api) || api.ErrorCode() != tt.fault.Error) {
				t.Errorf("error %v does not unwrap to %s", err, tt.fault.Error)
			}
			if got := db.Faults().List()[0].Calls; got != tt.wantCalls {
				t.Errorf("%d calls, want %d", got, tt.wantCalls)
			}
			if present := get(t, db, "aaa", key("x", 1)) != nil; present != (err == nil) {
				t.Errorf("item present = %v after error %v", present, err)
			}
		})
	}
}

func TestFaultRetryWaitHonoursContext(t *testing.T) {
	slow := retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Hour, nil })
	})
	db := openFaults(t, Options{Retryer: slow})
	addRule(t, db, Rule{Fault: Fault{Error: CodeThrottling}})
	c, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := db.PutItem(c, putInput("aaa", "x", 1)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("retry wait past the deadline: %v", err)
	}
}

// TestOperationsListed checks the list of operations fault rules may name
// against the DB's methods: every method that takes a context and its
// operation's dynamodb input, and nothing else, in sorted order.
func TestOperationsListed(t *testing.T) {
	ctxType := reflect.TypeFor[context.Context]()
	pkg := reflect.TypeFor[dynamodb.GetItemInput]().PkgPath()
	var want []string
	for m := range reflect.TypeFor[*DB]().Methods() {
		if m.Type.NumIn() < 3 || m.Type.In(1) != ctxType || m.Type.In(2).Kind() != reflect.Pointer {
			continue
		}
		if in := m.Type.In(2).Elem(); in.PkgPath() == pkg && in.Name() == m.Name+"Input" {
			want = append(want, m.Name)
		}
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, operations); diff != "" {
		t.Errorf("operations differ from the DB's methods (-methods +list):\n%s", diff)
	}
}
