package testbackend

import (
	"testing"

	"github.com/ddbkit/ddb/engine"
)

// engineAPI opens a fresh in-memory engine that is closed when t ends; it
// serves both the DynamoDB and the Streams API.
func engineAPI(t testing.TB) *engine.DB {
	t.Helper()
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatalf("engine.Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("engine Close: %v", err)
		}
	})
	return db
}
