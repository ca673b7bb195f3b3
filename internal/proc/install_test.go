package proc

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hasMarker is the completeness check of the installations in these tests.
func hasMarker(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "marker"))
	return err == nil
}

func TestInstallDirBuildsOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "v1")
	var builds atomic.Int32
	build := func(staging string) error {
		builds.Add(1)
		return os.WriteFile(filepath.Join(staging, "marker"), nil, 0o644)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = InstallDir(dir, hasMarker, build) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("InstallDir %d: %v", i, err)
		}
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds, want 1", n)
	}
	if !hasMarker(dir) {
		t.Error("the installation is not in place")
	}
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"v1", "v1.lock"}, names); diff != "" {
		t.Errorf("cache directory (-want +got):\n%s", diff)
	}
}

func TestInstallDirFailedBuildLeavesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "v1")
	failed := errors.New("no network")
	err := InstallDir(dir, hasMarker, func(staging string) error {
		os.WriteFile(filepath.Join(staging, "marker"), nil, 0o644)
		return failed
	})
	if !errors.Is(err, failed) {
		t.Errorf("InstallDir = %v, want the build's error", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build left %s: %v", dir, err)
	}
}
