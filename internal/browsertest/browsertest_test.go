package browsertest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestArtifactDir(t *testing.T) {
	root := t.TempDir()
	t.Setenv(EnvArtifacts, root)
	dir := artifactDir(t)
	if want := filepath.Join(root, "TestArtifactDir"); dir != want {
		t.Errorf("artifactDir = %q, want %q", dir, want)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("the directory was not made: %v", err)
	}
	t.Setenv(EnvArtifacts, "")
	if dir := artifactDir(t); filepath.Dir(filepath.Dir(dir)) != os.TempDir() {
		t.Errorf("without %s the artifacts go to %q, want a directory under %s", EnvArtifacts, dir, os.TempDir())
	}
}

// TestScreenshot starts Chromium on a blank page and saves a screenshot.
func TestScreenshot(t *testing.T) {
	t.Setenv(EnvArtifacts, t.TempDir())
	b := New(t)
	b.Screenshot("blank page")
	files, _ := filepath.Glob(filepath.Join(b.ArtifactDir(), "01-blank_page.png"))
	if len(files) != 1 {
		t.Errorf("no screenshot in %s", b.ArtifactDir())
	}
}
