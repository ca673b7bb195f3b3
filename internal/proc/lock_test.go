package proc

import (
	"net"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestLockFileExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := LockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	acquired := make(chan func())
	go func() {
		u, err := LockFile(path)
		if err != nil {
			t.Error(err)
		}
		acquired <- u
	}()
	select {
	case <-acquired:
		t.Fatal("second LockFile did not wait for the first to unlock")
	case <-time.After(50 * time.Millisecond):
	}
	unlock()
	select {
	case u := <-acquired:
		u()
	case <-time.After(5 * time.Second):
		t.Fatal("second LockFile still blocked after unlock")
	}
}

func TestFreePortIsBindable(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("FreePort %d is not bindable: %v", port, err)
	}
	l.Close()
}

func TestCacheRootHonoursEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(CacheDirEnv, dir)
	got, err := CacheRoot()
	if err != nil || got != dir {
		t.Errorf("CacheRoot = %q, %v; want %q", got, err, dir)
	}
	t.Setenv(CacheDirEnv, "")
	if got, err := CacheRoot(); err != nil || !filepath.IsAbs(got) {
		t.Errorf("default CacheRoot = %q, %v; want an absolute path", got, err)
	}
}
