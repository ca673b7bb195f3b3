// Package difftest is the differential test suite: scenarios, written as
// data, that run the same sequence of requests against the embedded engine
// and against DynamoDB Local (the reference) and require the same normalized
// answers, errors included, step by step.
//
// With DDB_TEST_LOCAL=1 (the full suite) every step is compared. Without it
// the scenarios run against the engine alone, which must not panic and must
// meet each step's declared outcome (success or an error code).
package difftest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Scenario is a named sequence of requests, run from scratch on every
// backend. Table names in its requests are the scenario's own: each run gets
// a private namespace (see Step.RawNames).
type Scenario struct {
	Name  string
	Steps []Step
}

// Step is one request and its declared outcome.
type Step struct {
	// Name says what the step checks; failures quote it.
	Name string
	// In is the request, an SDK input such as *dynamodb.PutItemInput.
	In any
	// Err is the error code (such as "ValidationException") every backend
	// must return, or "" if the request must succeed.
	Err string
	// Message, if set, is the exact error message every backend must return.
	Message string
	// RawNames sends the request's table names as written, outside the
	// scenario's namespace: for steps about invalid table names.
	RawNames bool
	// LocalDiffers, if set, is why DynamoDB Local's answer to this step is
	// known to differ from DynamoDB's. The step is then not compared with
	// DynamoDB Local; the engine must meet Err and Message, which describe
	// DynamoDB.
	LocalDiffers string
	// LocalRacy says that DynamoDB Local's answer depends on when the step
	// runs, so that two runs of it need not agree: the library's client is
	// then not compared with the SDK's on DynamoDB Local.
	LocalRacy bool
	// Want, if set, is the SDK output (such as *dynamodb.GetItemOutput) the
	// step must answer on every backend it is checked on: it pins
	// DynamoDB's documented answer where LocalDiffers keeps DynamoDB Local
	// out of the comparison.
	Want any
	// Pending, if set, names a known difference of the engine that its
	// owner has yet to fix (say who and what). The step still runs, but
	// its failures are logged instead of failing the test, so that the gap
	// stays visible while the suite stays green.
	Pending string
	// Unordered compares the Items of the answer regardless of their
	// order: for PartiQL statements that scan, whose order DynamoDB does
	// not define. A Paged Scan that is Unordered is compared by its items
	// and totals alone: when its items differ in size, its pages end where
	// each backend's own order puts the 1 MB limit.
	Unordered bool
	// Compare says the step has no declared outcome: its answer is only
	// compared with DynamoDB Local's, and the library's client's with the
	// SDK's. Without DynamoDB Local the engine must then just not panic.
	// It is for generated steps, whose outcome nobody worked out by hand;
	// Err, Message and Want are then ignored.
	Compare bool
	// Paged follows a Query's or Scan's LastEvaluatedKey (reading every
	// segment of a parallel Scan), or an ExecuteStatement's NextToken, to
	// the last page, since each backend's keys and tokens are its own, and
	// compares the pages (see run.pages).
	Paged bool
	// Unkept names fields of the answer, at any depth, that DynamoDB Local
	// does not keep as DynamoDB does (say why where it is set): the
	// comparison with DynamoDB Local leaves them out, the others are
	// compared.
	Unkept []string
}

// Run runs the scenarios as parallel subtests of t.
func Run(t *testing.T, scenarios []Scenario) {
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			runScenario(t, sc)
		})
	}
}

// run is one scenario's execution on one backend.
type run struct {
	backend testbackend.Backend
	ns      namespace
}

func runScenario(t *testing.T, sc Scenario) {
	var runs []run
	for _, b := range testbackend.All(t) {
		r := run{backend: b, ns: newNamespace()}
		t.Cleanup(func() { r.dropTables(t) })
		runs = append(runs, r)
	}
	for i, step := range sc.Steps {
		label := fmt.Sprintf("step %d (%s)", i+1, step.Name)
		fail := t.Errorf
		if step.Pending != "" {
			fail = func(format string, args ...any) {
				t.Logf("pending (%s): "+format, append([]any{step.Pending}, args...)...)
			}
		}
		results := make(map[string]any, len(runs))
		for _, r := range runs {
			res := r.do(t, label, step)
			if testbackend.IsLocal(r.backend.Name) {
				res = asDynamoDB(step.In, res)
			}
			results[r.backend.Name] = res
			if testbackend.IsLocal(r.backend.Name) && step.LocalDiffers != "" {
				continue
			}
			if problem := step.check(r.ns, res); problem != "" {
				fail("%s on %s: %s\nrequest: %s\nresult: %s", label, r.backend.Name, problem, render(r.ns.output(step.In)), render(res))
			}
		}
		// The library's own client must get what the SDK's gets from the
		// same kind of server, except where the SDK's client refuses to
		// send a request (see clientRefusal).
		for sdk, lean := range map[string]string{testbackend.Engine: testbackend.EngineLean, testbackend.Local: testbackend.LocalLean} {
			want, ok1 := results[sdk]
			got, ok2 := results[lean]
			if refused(want) || sdk == testbackend.Local && step.LocalRacy {
				continue
			}
			if diff := cmp.Diff(want, got); ok1 && ok2 && diff != "" {
				fail("%s: %s differs from %s (-%s +%s):\n%s\nrequest: %s", label, lean, sdk, sdk, lean, diff, render(runs[0].ns.output(step.In)))
			}
		}
		want, haveLocal := results[testbackend.Local]
		got, haveEngine := results[testbackend.Engine]
		if haveLocal && step.Compare && localFailure(want) {
			// DynamoDB answers no generated request with an
			// InternalFailure: DynamoDB Local fails on its own.
			t.Logf("%s: DynamoDB Local failed; not compared\nrequest: %s", label, render(runs[0].ns.output(step.In)))
			continue
		}
		if haveLocal && haveEngine && step.LocalDiffers == "" {
			got = asLocalTransaction(step.In, got)
			if diff := cmp.Diff(without(want, step.Unkept), without(got, step.Unkept)); diff != "" {
				fail("%s: engine differs from DynamoDB Local (-dynamodb-local +engine):\n%s\nrequest: %s", label, diff, render(runs[0].ns.output(step.In)))
			}
		}
	}
}

// localFailure reports whether a normalized result holds an
// InternalFailure, DynamoDB's answer to its own failures.
func localFailure(res any) bool {
	return strings.Contains(render(res), `"code": "InternalFailure"`)
}

// refused reports whether a normalized result is the SDK client's refusal
// to send a request.
func refused(res any) bool {
	m, _ := res.(map[string]any)
	e, _ := m["error"].(string)
	return strings.HasPrefix(e, clientRefusal)
}

// do sends the step's request to the run's backend and returns the
// normalized result; a panic in the backend becomes a test failure.
func (r run) do(t *testing.T, label string, step Step) (res any) {
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s: %s panicked: %v\n%s", label, r.backend.Name, p, debug.Stack())
			res = map[string]any{"panic": fmt.Sprint(p)}
		}
	}()
	ctx := context.Background()
	if s, ok := step.In.(script); ok {
		return s.play(ctx, r)
	}
	in := r.ns.request(step.In, step.RawNames)
	if step.Paged {
		return r.pages(ctx, step, in)
	}
	out, err := call(ctx, r.backend.API, in)
	res = r.result(ctx, step, in, out, err)
	if step.Unordered {
		if m, ok := res.(map[string]any); ok && m["Items"] != nil {
			m["Items"] = sortLists(m["Items"])
		}
	}
	return res
}

// script is a step input that is not one request but several, each made
// of the answers before it (as the Streams API's requests name the stream,
// shard and iterator that earlier answers gave): play sends them to the
// run's backend, with the run's namespace, and returns what it recorded,
// normalized.
type script interface {
	play(ctx context.Context, r run) any
}

// result normalizes the answer to the request in, sent for step.
func (r run) result(ctx context.Context, step Step, in, out any, err error) any {
	if err != nil {
		return r.ns.statementPositions(step.In, in, r.ns.errorTree(err))
	}
	return r.ns.output(r.ownTables(ctx, out))
}

// check returns what is wrong with a normalized result given the step's
// declared outcome, or "".
func (s Step) check(ns namespace, res any) string {
	m, _ := res.(map[string]any)
	e, failed := m["error"].(map[string]any)
	switch {
	case s.Compare:
		return ""
	case s.Err == "" && failed:
		return fmt.Sprintf("want success, got %v: %v", e["code"], e["message"])
	case s.Err == "" && m["panic"] != nil:
		return "want success, got a panic"
	case s.Err != "" && !failed:
		return "want " + s.Err + ", got success"
	case s.Err != "" && e["code"] != s.Err:
		return fmt.Sprintf("want %s, got %v: %v", s.Err, e["code"], e["message"])
	case s.Message != "" && e["message"] != s.Message:
		return fmt.Sprintf("want message %q, got %q", s.Message, e["message"])
	case s.Want != nil && !failed:
		if diff := cmp.Diff(ns.output(s.Want), res); diff != "" {
			return "differs from Want (-want +got):\n" + diff
		}
	}
	return ""
}

// ownTables turns a ListTables answer into the one a backend holding only
// the run's namespace would give: it drops the tables of other namespaces,
// which a shared DynamoDB Local also holds, and the LastEvaluatedTableName
// that only they caused (a page that ends on the namespace's last table is
// the last page).
func (r run) ownTables(ctx context.Context, out any) any {
	lt, ok := out.(*dynamodb.ListTablesOutput)
	if !ok {
		return out
	}
	ns := r.ns
	filtered := *lt
	filtered.TableNames = nil
	for _, name := range lt.TableNames {
		if ns.owns(name) {
			filtered.TableNames = append(filtered.TableNames, name)
		}
	}
	if last := lt.LastEvaluatedTableName; last != nil && (!ns.owns(*last) || !r.ownsTableAfter(ctx, *last)) {
		filtered.LastEvaluatedTableName = nil
	}
	return &filtered
}

// ownsTableAfter reports whether the backend lists a table of the run's
// namespace after name.
func (r run) ownsTableAfter(ctx context.Context, name string) bool {
	next, err := r.backend.API.ListTables(ctx, &dynamodb.ListTablesInput{ExclusiveStartTableName: aws.String(name), Limit: aws.Int32(1)})
	return err != nil || len(next.TableNames) > 0 && r.ns.owns(next.TableNames[0])
}

// dropTables deletes every table left in the run's namespace, lifting the
// deletion protection of those that have it.
func (r run) dropTables(t *testing.T) {
	ctx := context.Background()
	out, err := r.backend.API.ListTables(ctx, &dynamodb.ListTablesInput{ExclusiveStartTableName: aws.String(r.ns.prefix)})
	if err != nil {
		t.Errorf("cleanup on %s: ListTables: %v", r.backend.Name, err)
		return
	}
	for _, name := range r.ownTables(ctx, out).(*dynamodb.ListTablesOutput).TableNames {
		_, err := r.backend.API.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
		if err != nil {
			unprotect := &dynamodb.UpdateTableInput{TableName: aws.String(name), DeletionProtectionEnabled: aws.Bool(false)}
			if _, uerr := r.backend.API.UpdateTable(ctx, unprotect); uerr == nil {
				_, err = r.backend.API.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
			}
		}
		if err != nil {
			t.Errorf("cleanup on %s: DeleteTable %s: %v", r.backend.Name, name, err)
		}
	}
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// awaitActive is a pseudo-request: it describes the table until the table
// and every global secondary index are ACTIVE (or a minute has passed) and
// answers the last description. Backends finish asynchronous changes, such
// as building a new index or dropping a deleted one, each at a moment of
// its own; a step that awaits them compares the states reached, not the
// timing. An index still DELETING after a few seconds is let be (see
// dropDeleting).
type awaitActive struct {
	TableName *string
}

// wait polls DescribeTable as awaitActive says.
func (a *awaitActive) wait(ctx context.Context, api ddb.API) (*dynamodb.DescribeTableOutput, error) {
	start := time.Now()
	for {
		out, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: a.TableName})
		if err != nil || settled(out.Table, time.Since(start) > 3*time.Second) || time.Since(start) > time.Minute {
			return out, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settled reports whether a table and all its global secondary indexes are
// ACTIVE, or DELETING for the indexes if deleting is allowed.
func settled(d *types.TableDescription, deleting bool) bool {
	if d.TableStatus != types.TableStatusActive {
		return false
	}
	for _, g := range d.GlobalSecondaryIndexes {
		if g.IndexStatus != types.IndexStatusActive && (!deleting || g.IndexStatus != types.IndexStatusDeleting) {
			return false
		}
	}
	return true
}

// call sends an SDK input to the matching method of api.
func call(ctx context.Context, api ddb.API, in any) (any, error) {
	switch in := in.(type) {
	case *dynamodb.CreateTableInput:
		return api.CreateTable(ctx, in)
	case *dynamodb.DescribeTableInput:
		return api.DescribeTable(ctx, in)
	case *dynamodb.DeleteTableInput:
		return api.DeleteTable(ctx, in)
	case *dynamodb.UpdateTableInput:
		return api.UpdateTable(ctx, in)
	case *dynamodb.ListTablesInput:
		return api.ListTables(ctx, in)
	case *dynamodb.UpdateTimeToLiveInput:
		return api.UpdateTimeToLive(ctx, in)
	case *dynamodb.DescribeTimeToLiveInput:
		return api.DescribeTimeToLive(ctx, in)
	case *dynamodb.GetItemInput:
		return api.GetItem(ctx, in)
	case *dynamodb.PutItemInput:
		return api.PutItem(ctx, in)
	case *dynamodb.UpdateItemInput:
		return api.UpdateItem(ctx, in)
	case *dynamodb.DeleteItemInput:
		return api.DeleteItem(ctx, in)
	case *dynamodb.QueryInput:
		return api.Query(ctx, in)
	case *dynamodb.ScanInput:
		return api.Scan(ctx, in)
	case *dynamodb.BatchGetItemInput:
		return api.BatchGetItem(ctx, in)
	case *dynamodb.BatchWriteItemInput:
		return api.BatchWriteItem(ctx, in)
	case *dynamodb.TransactGetItemsInput:
		return api.TransactGetItems(ctx, in)
	case *dynamodb.TransactWriteItemsInput:
		return api.TransactWriteItems(ctx, in)
	case *dynamodb.ExecuteStatementInput:
		return api.ExecuteStatement(ctx, in)
	case *dynamodb.BatchExecuteStatementInput:
		return api.BatchExecuteStatement(ctx, in)
	case *dynamodb.ExecuteTransactionInput:
		return api.ExecuteTransaction(ctx, in)
	case *dynamodb.TagResourceInput:
		return api.(dynamo.TagAPI).TagResource(ctx, in)
	case *dynamodb.UntagResourceInput:
		return api.(dynamo.TagAPI).UntagResource(ctx, in)
	case *dynamodb.ListTagsOfResourceInput:
		return api.(dynamo.TagAPI).ListTagsOfResource(ctx, in)
	case *awaitActive:
		return in.wait(ctx, api)
	}
	panic(fmt.Sprintf("difftest: no ddb.API method takes %T", in))
}
