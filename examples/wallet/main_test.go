package main

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"
)

var walletLine = regexp.MustCompile(`^\{user_id: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}, balance: 100\}\n$`)

// TestRunTwice runs the example twice against one durable database: the
// second run finds the table and says so.
func TestRunTwice(t *testing.T) {
	var logs bytes.Buffer
	defaultLogger := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(defaultLogger) })

	url := "file://" + t.TempDir()
	for i := range 2 {
		var out bytes.Buffer
		if err := run(t.Context(), url, &out); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		if !walletLine.MatchString(out.String()) {
			t.Errorf("run %d printed %q", i+1, out.String())
		}
	}
	if got := strings.Count(logs.String(), "user_wallet table already exists."); got != 1 {
		t.Errorf("logged %q; want the table to exist once", logs.String())
	}
}
