package ddb

import "errors"

// openEngine will open the embedded engine once package engine builds.
func openEngine(dir string, opts []Option) (*DB, error) {
	return nil, errors.New("ddb: Open: the embedded engine is not wired in yet")
}
