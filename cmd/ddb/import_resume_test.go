package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/itemio"
	"github.com/ddbkit/ddb/internal/proc"
)

// writeOrders writes n orders as JSON lines to a file, and returns its
// path.
func writeOrders(t testing.TB, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"customer": "c%d", "id": %d, "total": %d}`+"\n", i%97, i, i)
	}
	path := filepath.Join(dir, "orders.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkOrders checks that the table holds exactly the orders 0 to n-1,
// each once, by key.
func checkOrders(t testing.TB, api ddb.API, n int) {
	t.Helper()
	seen := make([]bool, n)
	count := 0
	in := &dynamodb.ScanInput{TableName: ptr("orders")}
	for {
		out, err := api.Scan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range out.Items {
			var o struct {
				ID int `ddb:"id"`
			}
			if err := ddb.Unmarshal(item, &o); err != nil {
				t.Fatal(err)
			}
			if o.ID < 0 || o.ID >= n || seen[o.ID] {
				t.Fatalf("order %d: unexpected or seen twice", o.ID)
			}
			seen[o.ID] = true
			count++
		}
		if in.ExclusiveStartKey = out.LastEvaluatedKey; in.ExclusiveStartKey == nil {
			break
		}
	}
	if count != n {
		for i, ok := range seen {
			if !ok {
				t.Fatalf("%d of %d orders; order %d is missing", count, n, i)
			}
		}
	}
}

func ptr(s string) *string { return &s }

// interrupting is an engine whose BatchWriteItem calls ctx's cancel after
// a number of calls, as Ctrl-C would in the middle of an import.
type interrupting struct {
	*engine.DB
	calls, after atomic.Int64
	cancel       context.CancelFunc
}

func (e *interrupting) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	if e.calls.Add(1) == e.after.Load() {
		e.cancel()
	}
	return e.DB.BatchWriteItem(ctx, in, opts...)
}

// runOn runs the command args on the database api (standing for mem://),
// as c's terminal.
func (c *cli) runOn(ctx context.Context, api ddb.API, args ...string) result {
	var stdout, stderr strings.Builder
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, term: c.term, getenv: func(string) string { return "" }}
	a.open = func(context.Context, string, bool) (*ddb.DB, error) { return ddb.New(api), nil }
	err := a.run(ctx, append(args, "--url", "mem://"))
	r := result{stdout: stdout.String(), stderr: stderr.String(), err: err, code: exitCode(err)}
	if err != nil {
		r.line = oneLine(err.Error())
	}
	return r
}

// TestImportResume interrupts an import, checks that the checkpoint left
// never counts a row that is not written, and runs the same command again:
// every item is then in the table exactly once. A file changed before the
// checkpoint's position is refused, unless --restart.
func TestImportResume(t *testing.T) {
	const n = 20000
	c := newCLI(t, "mem")
	ordersTable(c)
	e := &interrupting{DB: c.mem}
	dir := t.TempDir()
	path := writeOrders(t, dir, n)
	cpPath := path + checkpointSuffix

	run := func(ctx context.Context, args ...string) result { return c.runOn(ctx, e, args...) }
	interrupted := func(after int64) *checkpoint {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		e.calls.Store(0)
		e.after.Store(after)
		e.cancel = cancel
		r := run(ctx, "import", "orders", path, "--workers", "3")
		if r.code != exitInterrupted || !strings.Contains(r.line, "interrupted (the first") || !strings.Contains(r.line, "run the same command again to continue") {
			t.Fatalf("interrupted import: exit %d, %q", r.code, r.line)
		}
		cp, err := readCheckpoint(cpPath)
		if err != nil || cp == nil {
			t.Fatalf("no checkpoint after an interruption: %v", err)
		}
		if cp.Rows <= 0 || cp.Rows >= n {
			t.Fatalf("checkpoint at row %d of %d", cp.Rows, n)
		}
		// Every row the checkpoint counts is in the table.
		for i := range cp.Rows {
			out, err := c.mem.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: ptr("orders"), Key: ddb.Item{
				"customer": must(ddb.MarshalValue(fmt.Sprintf("c%d", i%97))), "id": must(ddb.MarshalValue(i))}})
			if err != nil || out.Item == nil {
				t.Fatalf("row %d is counted by the checkpoint but not written (%v)", i+1, err)
			}
		}
		return cp
	}

	first := interrupted(40)
	second := interrupted(30) // resumes, and is interrupted again
	if second.Rows <= first.Rows {
		t.Errorf("second checkpoint at row %d, not after the first's %d", second.Rows, first.Rows)
	}
	if r := run(context.Background(), "import", "orders", path); r.err != nil {
		t.Fatalf("resumed import: %s", r.line)
	}
	if _, err := os.Stat(cpPath); !os.IsNotExist(err) {
		t.Errorf("checkpoint left after the import completed: %v", err)
	}
	checkOrders(t, c.mem, n)

	// A file that changed before the checkpoint's row is not resumed.
	interrupted(20)
	text, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(text), `"total": 5}`, `"total": 6}`, 1)), 0o600)
	if r := run(context.Background(), "import", "orders", path); r.code != exitFailed || !strings.Contains(r.line, "no longer begins with the") {
		t.Errorf("import of a changed file: exit %d, %q", r.code, r.line)
	}
	// Nor is it resumed into another table or from another URL.
	cp, _ := readCheckpoint(cpPath)
	cp.Table = "other"
	cp.save(cpPath)
	if r := run(context.Background(), "import", "orders", path); r.code != exitFailed || !strings.Contains(r.line, "is of an import of json into table other") {
		t.Errorf("import with another table's checkpoint: exit %d, %q", r.code, r.line)
	}
	if r := run(context.Background(), "import", "orders", path, "--restart"); r.err != nil {
		t.Fatalf("import --restart: %s", r.line)
	}
	checkOrders(t, c.mem, n)
}

// TestImportResumeAfterBadRow fixes the row that stopped an import and runs
// the same command again: it continues after the rows written.
func TestImportResumeAfterBadRow(t *testing.T) {
	c := newCLI(t, "file")
	ordersTable(c)
	path := writeOrders(t, t.TempDir(), 3000)
	text, _ := os.ReadFile(path)
	bad := strings.Replace(string(text), `{"customer": "c59", "id": 2775, "total": 2775}`, `{"customer": "c59", "id": 2775, "total": }`, 1)
	os.WriteFile(path, []byte(bad), 0o600)
	r := c.run("import", "orders", path)
	if r.code != exitFailed || !strings.Contains(r.line, "row 2776 (line 2776)") {
		t.Fatalf("import of a bad row: exit %d, %q", r.code, r.line)
	}
	os.WriteFile(path, text, 0o600)
	c.term.stderr = true
	r = c.run("import", "orders", path)
	if r.err != nil || !strings.Contains(r.stderr, "Resuming after row ") {
		t.Fatalf("import after the fix: %v, stderr %q", r.line, r.stderr)
	}
	db, err := engine.Open(engine.Options{Dir: strings.TrimPrefix(c.url, "file://")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkOrders(t, db, 3000)
}

// TestImportResumeAfterKill kills a real "ddb import" with SIGKILL in the
// middle, as a crash would, runs it again to completion, and checks that
// every item is in the table once.
func TestImportResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the ddb command")
	}
	const n = 120000
	bin := testBinary(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	url := "file://" + data
	path := writeOrders(t, dir, n)
	c := &cli{t: t, url: url, env: map[string]string{}}
	c.ok("tables", "create", "orders", "--hash", "customer:S", "--range", "id:N")

	p, err := proc.Start(exec.Command(bin, "import", "orders", path, "--url", url))
	if err != nil {
		t.Fatal(err)
	}
	var rows int64
	deadline := time.Now().Add(2 * time.Minute)
	for rows == 0 {
		select {
		case <-p.Exited():
			t.Fatalf("the import ended before it could be killed (this machine imported %d items in under a checkpoint interval):\n%s", n, p.Output())
		case <-time.After(5 * time.Millisecond):
		}
		if cp, _ := readCheckpoint(path + checkpointSuffix); cp != nil {
			rows = cp.Rows
		}
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint within 2 minutes")
		}
	}
	syscall.Kill(p.PID(), syscall.SIGKILL)
	<-p.Exited()
	t.Logf("killed after a checkpoint at row %d of %d", rows, n)

	out, err := exec.Command(bin, "import", "orders", path, "--url", url).CombinedOutput()
	if err != nil {
		t.Fatalf("import after the kill: %v\n%s", err, out)
	}
	db, err := engine.Open(engine.Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkOrders(t, db, n)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// BenchmarkSkipRows measures what resuming an import costs per row before
// its checkpoint: reading the row and hashing its item.
func BenchmarkSkipRows(b *testing.B) {
	path := writeOrders(b, b.TempDir(), 100000)
	c := newCLI(b, "mem")
	ordersTable(c)
	info, err := describeTable(b.Context(), c.mem, "orders")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		imp := &importer{info: info, format: itemio.JSON, checkpoint: path + checkpointSuffix}
		imp.input = &countingReader{r: f}
		imp.reader = itemio.NewJSONReader(imp.input)
		imp.a = &app{}
		if _, err := imp.skip(&checkpoint{Rows: 100000, Digest: "wrong"}, path); err == nil {
			b.Fatal("a wrong digest was accepted")
		}
		f.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100000, "ns/row")
}

// throttling is an engine whose first BatchWriteItem calls fail as
// DynamoDB fails a batch it throttles as a whole.
type throttling struct {
	*engine.DB
	left atomic.Int64
}

func (e *throttling) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	if e.left.Add(-1) >= 0 {
		return nil, &types.ProvisionedThroughputExceededException{Message: ptr("The level of configured provisioned throughput for the table was exceeded.")}
	}
	return e.DB.BatchWriteItem(ctx, in, opts...)
}

// TestImportOutlastsThrottling throttles an import's first batches as a
// whole, more times in a row than a client retries: the import waits and
// sends them again, and writes every row.
func TestImportOutlastsThrottling(t *testing.T) {
	const n = 100
	c := newCLI(t, "mem")
	ordersTable(c)
	e := &throttling{DB: c.mem}
	e.left.Store(6)
	path := writeOrders(t, t.TempDir(), n)
	if r := c.runOn(context.Background(), e, "import", "orders", path, "--workers", "1"); r.err != nil {
		t.Fatalf("import throttled 6 times: %s", r.line)
	}
	checkOrders(t, c.mem, n)
}
