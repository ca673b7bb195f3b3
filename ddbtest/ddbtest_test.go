package ddbtest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/ddbtest"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
	"github.com/ddbkit/ddb/internal/clienttest"
)

type order struct {
	Customer string `ddb:"customer,hash"`
	ID       int    `ddb:"id,range"`
	Status   string `ddb:"status,gsi=by_status"`
}

func TestNewEngine(t *testing.T) {
	if os.Getenv(ddb.EnvURL) != "" {
		t.Skip("checks the default engine")
	}
	db := ddbtest.New(t)
	orders := ddbtest.Table[order](t, db, "orders")
	ddbtest.Seed(t, orders, order{"ann", 1, "open"}, order{"ann", 2, "paid"})
	n, err := orders.Query(t.Context(), ddb.Partition("ann")).Count()
	if err != nil || n != 2 {
		t.Errorf("Count = %d, %v", n, err)
	}
	if ddbtest.Engine(t, db) == nil {
		t.Error("Engine returned nil for the default DB")
	}
	var table *ddb.Table[order]
	t.Run("cleanup", func(t *testing.T) {
		table = ddbtest.Table[order](t, db, "more")
	})
	if ok, err := table.Exists(t.Context()); ok || err != nil {
		t.Errorf("table of a finished subtest: exists %v, %v", ok, err)
	}
}

func TestEngineOptions(t *testing.T) {
	t.Setenv(ddb.EnvURL, "")
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	db := ddbtest.New(t, ddbtest.WithEngine(engine.Options{Now: func() time.Time { return at }}))
	orders := ddbtest.Table[order](t, db, "orders")
	desc, err := orders.Describe(t.Context())
	if err != nil || !desc.CreationDateTime.Equal(at) {
		t.Errorf("table created at %v (%v), want the engine's clock %v", desc.CreationDateTime, err, at)
	}
}

func TestFileURL(t *testing.T) {
	t.Setenv(ddb.EnvURL, "file://")
	db := ddbtest.New(t)
	orders := ddbtest.Table[order](t, db, "orders")
	ddbtest.Seed(t, orders, order{"ann", 1, "open"})
	if _, err := orders.Get(t.Context(), ddb.Key("ann", 1)); err != nil {
		t.Error(err)
	}
}

// serveEngine serves a fresh engine over HTTP until t ends and returns the
// engine and its endpoint.
func serveEngine(t *testing.T) (*engine.DB, string) {
	t.Helper()
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(e)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		if err := srv.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Error(err)
		}
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	return e, "http://" + ln.Addr().String()
}

// TestNamespace checks that a test on an endpoint works under names of its
// own: its tables have its prefix on the server, it lists its own tables
// only, batches and transactions name them as it does, and they are
// deleted when it ends.
func TestNamespace(t *testing.T) {
	e, endpoint := serveEngine(t)
	ctx := t.Context()
	if _, err := e.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("zz-someone-else"), BillingMode: "PAY_PER_REQUEST",
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("k"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("k"), AttributeType: types.ScalarAttributeTypeS}},
	}); err != nil {
		t.Fatal(err)
	}
	t.Setenv(ddb.EnvURL, endpoint)
	t.Run("test", func(t *testing.T) {
		db := ddbtest.New(t)
		orders := ddbtest.Table[order](t, db, "orders")
		archive, err := ddb.NewTable[order](db, "archive") // declared by the code under test
		if err != nil {
			t.Fatal(err)
		}
		if err := archive.Create(ctx); err != nil {
			t.Fatal(err)
		}
		ddbtest.Seed(t, orders, order{"ann", 1, "open"}, order{"ann", 2, "paid"})
		var c ddb.Capacity
		items, err := orders.BatchGet(ctx, []ddb.ItemKey{ddb.Key("ann", 1), ddb.Key("ann", 2)}, ddb.ConsumedCapacity(&c))
		if err != nil || len(items) != 2 {
			t.Errorf("BatchGet = %v, %v", items, err)
		}
		err = ddb.WriteTx().Delete(orders, ddb.Key("ann", 2)).Put(archive, order{"ann", 2, "paid"}).Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var moved order
		if err := ddb.GetTx().Get(archive, ddb.Key("ann", 2), &moved).Run(ctx); err != nil || moved.Status != "paid" {
			t.Errorf("GetTx = %+v, %v", moved, err)
		}
		desc, err := orders.Describe(ctx)
		if err != nil || *desc.TableName != "orders" {
			t.Errorf("Describe: table %v, %v", desc, err)
		}
		list, err := db.API().ListTables(ctx, &dynamodb.ListTablesInput{})
		if err != nil || !slices.Equal(list.TableNames, []string{"archive", "orders"}) {
			t.Errorf("ListTables = %v, %v; want [archive orders]", list, err)
		}
		page, err := db.API().ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(1)})
		if err != nil || !slices.Equal(page.TableNames, []string{"archive"}) || aws.ToString(page.LastEvaluatedTableName) != "archive" {
			t.Errorf("ListTables with Limit 1 = %+v, %v", page, err)
		}
		onServer, err := e.ListTables(ctx, &dynamodb.ListTablesInput{})
		if err != nil {
			t.Fatal(err)
		}
		prefixed := regexp.MustCompile(`^TestNamespace_test-[0-9a-f]{8}\.(archive|orders)$`)
		for _, name := range onServer.TableNames {
			if name != "zz-someone-else" && !prefixed.MatchString(name) {
				t.Errorf("table %q on the server", name)
			}
		}
		if len(onServer.TableNames) != 3 {
			t.Errorf("server tables: %v", onServer.TableNames)
		}
	})
	left, err := e.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil || !slices.Equal(left.TableNames, []string{"zz-someone-else"}) {
		t.Errorf("tables left after the test: %v, %v", left, err)
	}
}

func TestPrefix(t *testing.T) {
	valid := regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)
	long := strings.Repeat("x", 300)
	t.Run("a b/c:d "+long, func(t *testing.T) {
		a, b := ddbtest.Prefix(t), ddbtest.Prefix(t)
		if a == b {
			t.Errorf("Prefix returned %q twice", a)
		}
		if !valid.MatchString(a) || len(a) > 50 || !strings.HasPrefix(a, "TestPrefix_a_b_c_d_xxx") {
			t.Errorf("Prefix = %q", a)
		}
		if name := a + strings.Repeat("t", 205); len(name) > 255 {
			t.Errorf("a table name of 205 characters makes %d", len(name))
		}
	})
}

// TestParallelTestsOnServe runs the fifty parallel tests of
// internal/paralleltest against one `ddb serve --in-memory` started here,
// and checks that they leave no table behind.
func TestParallelTestsOnServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ddb and runs go test")
	}
	if os.Getenv(ddb.EnvURL) != "" {
		t.Skip("runs its own server")
	}
	srv := clienttest.Serve(t, clienttest.BuildDDB(t), "--in-memory")
	cmd := exec.CommandContext(t.Context(), "go", "test", "-count=1", "-parallel", "50", "-v", "./internal/paralleltest")
	cmd.Env = append(os.Environ(), ddb.EnvURL+"="+srv.Endpoint)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Count(string(out), "--- PASS: TestParallel/") != 50 {
		t.Fatalf("go test ./internal/paralleltest with %s=%s: %v\n%s", ddb.EnvURL, srv.Endpoint, err, out)
	}
	db, err := ddb.Open(t.Context(), srv.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	left, err := db.API().ListTables(t.Context(), &dynamodb.ListTablesInput{})
	if err != nil || len(left.TableNames) != 0 {
		t.Errorf("tables left on the server: %v, %v", left, err)
	}
}

// TestExample runs the test the package example shows.
func TestExample(t *testing.T) { testWithdraw(t) }
