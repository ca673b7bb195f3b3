//go:build !unix

package storage

import "github.com/cockroachdb/pebble/v2/vfs"

// unlinked reports whether the open file f has no name left in the file
// system; it cannot tell here, and reports false.
func unlinked(vfs.File) bool { return false }
