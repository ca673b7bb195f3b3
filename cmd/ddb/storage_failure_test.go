package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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

// These tests run the real ddb binary on a data directory that fills up or
// gets damaged, and check that the server answers or stops with a clear
// error rather than hanging or losing acknowledged writes silently.

// mountTmpfs mounts a tmpfs of size bytes on a new directory for the test,
// or skips the test when that is not possible (it needs root).
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs (mount -t tmpfs); run the tests as root to exercise a full disk")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (a container without CAP_SYS_ADMIN?): %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "--lazy", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// put writes item pk with an incompressible payload of about n bytes.
func put(client *dynamodb.Client, pk string, n int) error {
	raw := make([]byte, n*3/4)
	rand.Read(raw)
	_, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(durableTable),
		Item: map[string]types.AttributeValue{"pk": av.S(pk), "payload": av.S(base64.StdEncoding.EncodeToString(raw))}})
	return err
}

// scanKeys returns the keys of the durability table's items.
func scanKeys(t *testing.T, client *dynamodb.Client) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	p := dynamodb.NewScanPaginator(client, &dynamodb.ScanInput{TableName: aws.String(durableTable),
		ProjectionExpression: aws.String("pk"), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			got[item["pk"].(*types.AttributeValueMemberS).Value] = true
		}
	}
	return got
}

// TestFullDiskAnswersErrorsUntilSpaceIsFreed fills a 30 MB tmpfs with
// writes: once it is nearly full, every write must be answered with
// InternalServerError naming the full disk (a connection that closes
// without an answer, or a write that hangs, fails the test), reads must go
// on, writes must succeed again once space is freed, SIGTERM must stop the
// server promptly, and every acknowledged write must be there after a
// restart.
func TestFullDiskAnswersErrorsUntilSpaceIsFreed(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	disk := mountTmpfs(t, 30<<20)
	// The ballast is what the test frees later; it leaves the server about
	// 20 MB.
	ballast := filepath.Join(disk, "ballast")
	if err := os.WriteFile(ballast, make([]byte, 8<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(disk, "data")
	server := clienttest.Serve(t, bin, "--data", dir)
	client := server.Client()
	createDurableTable(t, client)

	// Four writers of 20 KB items until every writer has been refused.
	var (
		mu    sync.Mutex
		acked []string
		full  []error
	)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; i < 5000; i++ {
				pk := fmt.Sprintf("w%d/%05d", w, i)
				err := put(client, pk, 20<<10)
				mu.Lock()
				if err == nil {
					acked = append(acked, pk)
				} else {
					full = append(full, err)
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	waitOrFail(t, "the writers on a filling disk", 120*time.Second, wg.Wait)
	t.Logf("%d writes acknowledged before the disk filled", len(acked))
	if len(acked) < 100 || len(full) != 4 {
		t.Fatalf("%d writes acknowledged, %d refused: want many, then 4", len(acked), len(full))
	}
	for _, err := range full {
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != "InternalServerError" || !strings.Contains(api.ErrorMessage(), "disk is full") {
			t.Errorf("write on a full disk: %v, want InternalServerError naming the full disk", err)
		}
	}

	// Pebble frees space by itself (obsolete logs and tables); from now on
	// a filler takes whatever it frees, as another program filling the
	// disk would. Reads must work, writes of every kind must be refused
	// with an answer.
	stopFilling := fill(t, filepath.Join(disk, "filler"))
	for _, pk := range []string{acked[0], acked[len(acked)-1]} {
		out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(durableTable),
			Key: map[string]types.AttributeValue{"pk": av.S(pk)}, ConsistentRead: aws.Bool(true)})
		if err != nil || out.Item == nil {
			t.Errorf("GetItem %s on a full disk: %v, %v", pk, out, err)
		}
	}
	if got := scanKeys(t, client); len(got) < len(acked) {
		t.Errorf("Scan on a full disk: %d items, want at least the %d acknowledged", len(got), len(acked))
	}
	refused := map[string]func() error{
		"PutItem": func() error { return put(client, "one-more", 10) },
		"DeleteItem": func() error {
			_, err := client.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String(durableTable),
				Key: map[string]types.AttributeValue{"pk": av.S(acked[0])}})
			return err
		},
		"CreateTable": func() error {
			_, err := client.CreateTable(context.Background(), &dynamodb.CreateTableInput{TableName: aws.String("another"),
				AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
				KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
				BillingMode:          types.BillingModePayPerRequest})
			return err
		},
	}
	for name, call := range refused {
		var err error
		waitOrFail(t, name+" on a full disk", 10*time.Second, func() { err = call() })
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != "InternalServerError" {
			t.Errorf("%s on a full disk: %v, want InternalServerError", name, err)
		}
	}

	// Freeing space lets writes through again.
	stopFilling()
	if err := errors.Join(os.Remove(ballast), os.Remove(filepath.Join(disk, "filler"))); err != nil {
		t.Fatal(err)
	}
	// Writes refused because compactions failed for lack of space resume
	// once a compaction succeeds, which the freed space starts at once.
	for deadline := time.Now().Add(10 * time.Second); ; {
		err := put(client, "after-freeing", 20<<10)
		if err == nil {
			break
		}
		var api smithy.APIError
		if !errors.As(err, &api) || !strings.Contains(api.ErrorMessage(), "compactions cannot run") || time.Now().After(deadline) {
			t.Fatalf("PutItem once space was freed: %v\n%s", err, server.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	acked = append(acked, "after-freeing")

	server.Terminate(t, 15*time.Second)
	if out := server.Output(); !strings.Contains(out, "msg=stopped") {
		t.Errorf("ddb serve did not stop cleanly:\n%s", out)
	}
	restarted := clienttest.Serve(t, bin, "--data", dir)
	got := scanKeys(t, restarted.Client())
	for _, pk := range acked {
		if !got[pk] {
			t.Errorf("acknowledged item %s is missing after the restart", pk)
		}
	}
}

// fill appends to the file at path whatever space its file system has, every
// few milliseconds, until the function it returns is called.
func fill(t *testing.T, path string) (stop func()) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	chunk := make([]byte, 64<<10)
	go func() {
		defer close(stopped)
		for {
			for _, err := f.Write(chunk); err == nil; _, err = f.Write(chunk) {
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		f.Close()
	}
}

// waitOrFail runs f and fails the test if it has not returned within
// timeout.
func waitOrFail(t *testing.T, what string, timeout time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Fatalf("%s did not return within %v: the server hangs", what, timeout)
	}
}

// serveExit runs `ddb serve --port 0 args...`, which must exit by itself
// within a minute, and returns its output and exit error.
func serveExit(t *testing.T, bin string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append([]string{"serve", "--port", "0"}, args...)...).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("ddb serve %s did not exit within a minute:\n%s", strings.Join(args, " "), out)
	}
	return string(out), err
}

// loadAndStop starts a server on dir, writes n items of about 1 KB, and
// stops it with stop (which kills or terminates it). It returns the
// acknowledged items.
func loadAndStop(t *testing.T, bin, dir string, n int, stop func(*clienttest.Server)) []string {
	t.Helper()
	server := clienttest.Serve(t, bin, "--data", dir)
	client := server.Client()
	createDurableTable(t, client)
	var acked []string
	for i := range n {
		pk := fmt.Sprintf("item/%05d", i)
		if err := put(client, pk, 1000); err != nil {
			t.Fatal(err)
		}
		acked = append(acked, pk)
	}
	stop(server)
	return acked
}

// flipBytes inverts 16 bytes of the file at path, starting at offset.
func flipBytes(t *testing.T, path string, offset int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := offset; i < offset+16 && i < len(b); i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// largestFile returns the largest file of dir whose name matches pattern.
func largestFile(t *testing.T, dir, pattern string) (path string, size int) {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range matches {
		info, err := os.Stat(m)
		if err != nil {
			t.Fatal(err)
		}
		if int(info.Size()) > size {
			path, size = m, int(info.Size())
		}
	}
	if size == 0 {
		t.Fatalf("no file %s with data in %s", pattern, dir)
	}
	return path, size
}

// TestDamagedTableStopsTheServer flips 16 bytes in the middle of the table
// file of a stopped server's 4,000 items. Restarted, the server must not
// drop the damaged block's items silently (Pebble v1 compacted them away
// at start-up): with --verify-checksums=open it refuses to start, by
// default it stops on its own once the background check finds the damage,
// both times with an error naming the file, which must still be there.
func TestDamagedTableStopsTheServer(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	dir := t.TempDir()
	loadAndStop(t, bin, dir, 4000, func(s *clienttest.Server) { s.Terminate(t, 30*time.Second) })
	table, size := largestFile(t, dir, "*.sst")
	flipBytes(t, table, size/2)
	damaged, err := os.ReadFile(table)
	if err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"--verify-checksums", "open"}, nil} {
		t.Run(strings.Join(append([]string{"flags"}, args...), " "), func(t *testing.T) {
			out, err := serveExit(t, bin, append([]string{"--data", dir}, args...)...)
			if err == nil {
				t.Fatalf("ddb serve exited with status 0 on a damaged table:\n%s", out)
			}
			if !strings.Contains(out, table) || !strings.Contains(out, "checksum") {
				t.Errorf("ddb serve's output does not name the damaged file %s:\n%s", table, out)
			}
			if args == nil && !strings.Contains(out, "msg=stopped") {
				t.Errorf("ddb serve did not stop cleanly:\n%s", out)
			}
			if now, err := os.ReadFile(table); err != nil || !slices.Equal(now, damaged) {
				t.Errorf("the damaged table was changed or removed: %v", err)
			}
		})
	}
}

// TestDamagedLogRefusesToStart kills a server with SIGKILL after writes
// that are only in its write-ahead log, damages the log, and checks that
// the restarted server refuses to start with an error naming the log,
// rather than starting without the acknowledged writes after the damage.
func TestDamagedLogRefusesToStart(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, path string, size int)
	}{
		{"16 bytes flipped in the middle", func(t *testing.T, path string, size int) { flipBytes(t, path, size/2) }},
		{"cut to half its length", func(t *testing.T, path string, size int) {
			if err := os.Truncate(path, int64(size/2)); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			loadAndStop(t, bin, dir, 300, func(s *clienttest.Server) {
				time.Sleep(300 * time.Millisecond) // past the interval at which the synced length is recorded
				s.Kill(t)
			})
			log, size := largestFile(t, dir, "*.log")
			tt.damage(t, log, size)
			out, err := serveExit(t, bin, "--data", dir)
			if err == nil {
				t.Fatalf("ddb serve exited with status 0 on a damaged log:\n%s", out)
			}
			if strings.Contains(out, "listening on") {
				t.Errorf("ddb serve started on a damaged log:\n%s", out)
			}
			if !strings.Contains(out, log) {
				t.Errorf("ddb serve's output does not name the damaged log %s:\n%s", log, out)
			}
		})
	}
}

// TestRemovedDataDirectoryFailsTheStoreAndStopsTheServer removes the data directory of a
// running server while a client writes 20 KB items: the server used to
// acknowledge writes into the removed files, then die with a panic and a
// goroutine dump when Pebble started its next log. It must refuse the
// writes and stop in its orderly way, with an error saying why.
func TestRemovedDataDirectoryFailsTheStoreAndStopsTheServer(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	dir := filepath.Join(t.TempDir(), "data")
	server := clienttest.Serve(t, bin, "--data", dir)
	client := server.Client()
	createDurableTable(t, client)
	for i := range 10 {
		if err := put(client, fmt.Sprintf("before/%d", i), 1000); err != nil {
			t.Fatal(err)
		}
	}
	// The server may create a file between RemoveAll's listing and its
	// removal of the directory ("directory not empty"): remove again.
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	acked := 0
	for i := 0; i < 2000; i++ { // 40 MB: past a rotation of the log
		if err := put(client, fmt.Sprintf("after/%05d", i), 20<<10); err != nil {
			break
		}
		acked++
	}
	select {
	case <-server.Exited():
	case <-time.After(30 * time.Second):
		t.Fatalf("ddb serve still running 30s after its data directory was removed:\n%s", server.Output())
	}
	out := server.Output()
	if acked > 0 { // written to a log without a name: lost on restart
		t.Errorf("%d writes acknowledged after the data directory was removed, want 0", acked)
	}
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
		t.Errorf("ddb serve crashed:\n%s", out)
	}
	if !strings.Contains(out, "storage failed") || !strings.Contains(out, "msg=stopped") {
		t.Errorf("ddb serve did not stop in its orderly way with the storage failure:\n%s", out)
	}
}
