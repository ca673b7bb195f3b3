package embedded_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded"
	"github.com/ddbkit/ddb/engine"
)

func TestOpen(t *testing.T) {
	type row struct {
		ID string `ddb:"id,hash"`
	}
	dir := t.TempDir()
	for i, url := range []string{"mem://", "file://" + dir, "file://" + dir, "MEM://"} {
		db, err := ddb.Open(t.Context(), url)
		if err != nil {
			t.Fatalf("Open(%q): %v", url, err)
		}
		rows, err := ddb.NewTable[row](db, "rows")
		if err != nil {
			t.Fatal(err)
		}
		exists, err := rows.Exists(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		// The second file:// open finds the table the first one created.
		if want := i == 2; exists != want {
			t.Errorf("Open(%q): table exists = %v, want %v", url, exists, want)
		}
		if err := rows.Create(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	held, err := ddb.Open(t.Context(), "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	tests := []struct{ url, message string }{
		{"file://", "file URL without a path"},
		{"file://" + dir, dir}, // one process, one engine per directory
		{"file://" + dir + "/q?mode=ro", "file URLs take no options"},
		{"file://" + dir + "/bad%zz", "invalid URL escape"},
	}
	for _, tt := range tests {
		db, err := ddb.Open(t.Context(), tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("Open(%q) = %v, %v; want an error containing %q", tt.url, db, err, tt.message)
		}
	}
}

// TestDriftSurvivesReopen checks that a file:// table created from one
// declaration and reopened under a changed one reports the changes, and
// that values given for time fields are encoded as the fields are.
func TestDriftSurvivesReopen(t *testing.T) {
	type v1 struct {
		User string    `ddb:"user,hash"`
		At   time.Time `ddb:"at,range,unixmilli"`
	}
	type v2 struct {
		User    string    `ddb:"user,hash"`
		At      time.Time `ddb:"at,range,unixmilli"`
		Status  string    `ddb:"status,gsi=by_status"`
		Expires time.Time `ddb:"expires,unixtime"`
	}
	dir := t.TempDir()
	at := time.Date(2030, 1, 1, 0, 0, 0, 5_000_000, time.UTC)
	db, err := ddb.Open(t.Context(), "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := ddb.NewTable[v1](db, "logins")
	if err := first.Create(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := first.Put(t.Context(), v1{"ann", at}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = ddb.Open(t.Context(), "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	second, _ := ddb.NewTable[v2](db, "logins", ddb.WithTTL("expires"), ddb.StrictSchema())
	err = second.Create(t.Context())
	var drift *ddb.SchemaDriftError
	if !errors.As(err, &drift) || len(drift.Differences) != 2 ||
		drift.Differences[0].Kind != ddb.DiffIndexMissing || drift.Differences[1].Kind != ddb.DiffTTL {
		t.Fatalf("Create under a changed declaration: %v", err)
	}
	err = second.Update(t.Context(), ddb.Key("ann", at), ddb.Set("expires", at.Add(time.Hour)), ddb.IfExists())
	if err != nil {
		t.Fatalf("Update by a unixmilli key given as a time: %v", err)
	}
	got, err := second.Get(t.Context(), ddb.Key("ann", at))
	if err != nil || !got.Expires.Equal(at.Add(time.Hour).Truncate(time.Second)) {
		t.Errorf("Get = %+v, %v", got, err)
	}
}

// TestOpenDecodesFileURLs checks that a file URL's path is percent-decoded
// as a URL's path is: %20 is a space in the directory's name.
func TestOpenDecodesFileURLs(t *testing.T) {
	dir := t.TempDir()
	db, err := ddb.Open(t.Context(), "file://"+dir+"/my%20data")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(filepath.Join(dir, "my data")); err != nil {
		t.Errorf("the directory of file://.../my%%20data: %v", err)
	}
}

// TestOpenRetriesInjectedFaults checks that an engine opened by URL
// retries a fault it injects as the SDK's client retries a server's, so
// that a throttled call succeeds in process as it does over HTTP.
func TestOpenRetriesInjectedFaults(t *testing.T) {
	type row struct {
		ID string `ddb:"id,hash"`
	}
	db, err := ddb.Open(t.Context(), "mem://")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, _ := ddb.NewTable[row](db, "rows")
	if err := rows.Create(t.Context()); err != nil {
		t.Fatal(err)
	}
	faults := db.API().(*engine.DB).Faults()
	if _, err := faults.Add(engine.Rule{Operation: "PutItem", From: 1, To: 1, Fault: engine.Fault{Error: "ThrottlingException"}}); err != nil {
		t.Fatal(err)
	}
	if err := rows.Put(t.Context(), row{ID: "a"}); err != nil {
		t.Errorf("Put throttled once: %v, want it retried", err)
	}
}
