package proc

import (
	"fmt"
	"os"
	"path/filepath"
)

// InstallDir makes sure dir holds a finished installation, as complete(dir)
// tells, and otherwise has build make one: build fills an empty staging
// directory beside dir, which is then renamed to dir, so that a partial
// installation never becomes visible. Callers in this and in other processes
// take turns on the lock file dir+".lock" and check again once they hold it,
// so only the first one builds; the others reuse its result. Errors are
// build's own, or those of the file system without a package prefix, for the
// caller to wrap.
func InstallDir(dir string, complete func(dir string) bool, build func(staging string) error) error {
	if complete(dir) {
		return nil
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create the cache directory: %w", err)
	}
	unlock, err := LockFile(dir + ".lock")
	if err != nil {
		return fmt.Errorf("lock the cache: %w", err)
	}
	defer unlock()
	if complete(dir) { // another caller finished while we waited
		return nil
	}
	staging, err := os.MkdirTemp(parent, filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(staging)
	if err := build(staging); err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil { // leftovers of an interrupted build
		return err
	}
	if err := os.Rename(staging, dir); err != nil {
		return err
	}
	return nil
}
