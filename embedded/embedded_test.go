package embedded_test

import (
	"strings"
	"testing"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded"
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
	}
	for _, tt := range tests {
		db, err := ddb.Open(t.Context(), tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("Open(%q) = %v, %v; want an error containing %q", tt.url, db, err, tt.message)
		}
	}
}
