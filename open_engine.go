package ddb

import (
	"fmt"

	"github.com/ddbkit/ddb/engine"
)

// openEngine opens the embedded engine, in memory when dir is "" and durably
// in dir otherwise, and returns a DB that closes it on Close.
func openEngine(dir string, opts []Option) (*DB, error) {
	e, err := engine.Open(engine.Options{Dir: dir})
	if err != nil {
		return nil, fmt.Errorf("ddb: Open embedded engine: %w", err)
	}
	db := New(e, opts...)
	db.closer = e
	return db, nil
}
