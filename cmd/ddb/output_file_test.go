//go:build unix

package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// writeText returns a writeFile callback that writes text.
func writeText(text string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	}
}

// readText returns the text of the file at path.
func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteFileThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "sub", "target.jsonl")
	os.Mkdir(filepath.Dir(target), 0o755)
	os.WriteFile(target, []byte("old\n"), 0o644)
	link := filepath.Join(dir, "link.jsonl")
	os.Symlink("sub/target.jsonl", link)
	if err := writeFile(link, nil, writeText("new\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if got := readText(t, target); got != "new\n" {
		t.Errorf("the link's target holds %q", got)
	}
	// A link to a file yet to be written.
	os.Symlink("sub/new.jsonl", filepath.Join(dir, "dangling"))
	if err := writeFile(filepath.Join(dir, "dangling"), nil, writeText("x")); err != nil {
		t.Fatal(err)
	}
	if got := readText(t, filepath.Join(dir, "sub", "new.jsonl")); got != "x" {
		t.Errorf("a dangling link's target holds %q", got)
	}
}

func TestWriteFileFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := writeFile(fifo, nil, writeText("items\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	buf := make([]byte, 100)
	if n, _ := r.Read(buf); string(buf[:n]) != "items\n" {
		t.Errorf("the FIFO's reader read %q", buf[:n])
	}
}

func TestWriteFileDescriptor(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	err = writeFile("/dev/fd/"+strconv.Itoa(int(w.Fd())), nil, writeText("piped\n"))
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(r); string(got) != "piped\n" {
		t.Errorf("the pipe carried %q", got)
	}
}

func TestWriteFileMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	created := filepath.Join(dir, "new.csv")
	if err := writeFile(created, nil, writeText("a")); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dir, "kept.csv")
	os.WriteFile(kept, nil, 0o640)
	os.Chmod(kept, 0o640)
	if err := writeFile(kept, nil, writeText("b")); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{created: 0o644, kept: 0o640} {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), fi.Mode().Perm(), want)
		}
	}
}

func TestWriteFileFailureLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	os.WriteFile(filepath.Join(sub, "x"), nil, 0o600)
	if err := writeFile(sub+"/", nil, writeText("a")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("export to a directory: %v", err)
	}
	boom := errors.New("boom")
	if err := writeFile(filepath.Join(dir, "f"), nil, func(io.Writer) error { return boom }); err != boom {
		t.Errorf("a failed write: %v", err)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*", ".*")); len(names) != 0 {
		t.Errorf("left behind: %q", names)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".*")); len(names) != 0 {
		t.Errorf("left behind: %q", names)
	}
}

// TestWriteFileClosedPipe checks that a write to a pipe nobody reads any
// more ends quietly, as one to standard output does; it used to fail with
// "write /dev/fd/N: broken pipe" and exit 1.
func TestWriteFileClosedPipe(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r.Close()
	err = writeFile("/dev/fd/"+strconv.Itoa(int(w.Fd())), nil, writeText("nobody reads this\n"))
	if !errors.Is(err, errOutputClosed) || exitCode(err) != exitBrokenPipe {
		t.Errorf("writeFile to a closed pipe: %v (exit %d), want errOutputClosed (exit %d)", err, exitCode(err), exitBrokenPipe)
	}
}
